/**
 * Why a step a card offered is not open to this person now: the card is out of date (the part was
 * handed over from them, the case moved on) or the step was never theirs. Said in the words the
 * protocol and the authority check would refuse it with, before anything is typed into its form;
 * nothing is recorded or kept, since nothing was sent.
 */
import type { CaseEvent, CaseState, Person, RuleId } from '../protocol';
import { stageRefusal, transition } from '../protocol';
import type { ServiceContext } from './case-service-context';
import type { EventInput } from './case-command';
import { notTheirPart } from './handed-over-from';
import { whoMayAct } from './who-may-act';

export interface NotOpen {
  message: string;
  rule: RuleId | null;
  /** The step is on the case already (the IRO informed before): nothing new, rather than nothing. */
  alreadyDone: boolean;
}

/** The reason, or undefined when none of these stands in the way: who they are, the case's stage, the step done already, the case full. */
export async function stepNotOpen(ctx: ServiceContext, person: Person, state: CaseState, event: EventInput): Promise<NotOpen | undefined> {
  const who = whoMayAct(event, state);
  let check;
  try {
    check = await ctx.authority.checkOnCase(person, who.roles, ctx.now().today, state, who.what);
  } catch {
    return undefined;
  }
  if (!check.ok) {
    if (check.code === 'DIRECTORY_UNAVAILABLE') return undefined;
    return { ...notTheirPart(person, state, who.roles, { message: check.message, rule: who.rule }), alreadyDone: false };
  }
  const sent = { ...event, actor: check.actor } as CaseEvent;
  const stage = stageRefusal(state, sent);
  if (stage) return { message: stage.message, rule: stage.rule, alreadyDone: false };
  // Tried on a copy (the machine is pure), only to hear "already done": the form's values are not typed yet, so other refusals say nothing.
  let tried;
  try {
    tried = transition(state, sent, ctx.now(), ctx.policy);
  } catch {
    return undefined;
  }
  if (tried.ok) return undefined;
  // A case that holds all it can (an extra visit past VISITS_LIMIT) is said before anything is typed too.
  if (tried.refusal.code === 'CASE_FULL') return { message: tried.refusal.message, rule: tried.refusal.rule, alreadyDone: false };
  return tried.refusal.code === 'ALREADY_DONE' ? { message: tried.refusal.message, rule: tried.refusal.rule, alreadyDone: true } : undefined;
}
