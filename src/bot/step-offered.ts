/**
 * Whether a step's form may offer its Record button to this person now: only if their case card
 * would offer the step (the protocol's next steps and the changes, less what they may not take).
 * A form the service refused because the step is not open now (done already, out of order, the
 * case closed, not theirs) is shown without it, since pressing it again could only be refused
 * again; a form refused for a value (a date, a missing answer) keeps it, to correct and send.
 */
import type { CaseState, Person } from '../protocol';
import { availableSteps, dateText } from '../protocol';
import type { S20BotDeps } from './bot-deps';
import type { CardNotice } from './card-builder';
import { isStepId, stepFor } from './case-steps';
import { buttonsFor } from './case-card-for';
import { actionFor } from './case-view';
import { changeActionsFor } from './change-actions';

export async function stepOffered(deps: S20BotDeps, viewer: Person, state: CaseState, step: string, index: string): Promise<boolean> {
  const today = deps.service.now().today;
  const policy = deps.service.policy;
  const keep = await buttonsFor(deps, viewer, state);
  // Any visit not yet recorded, not only the next one the card shows: a visit's reminder opens its own (src/bot/notice-card.ts).
  const visits = state.visits.filter((v) => !v.doneOn).map((v) => ({ title: '', verb: 'openStep' as const, step: 'visit', approvalId: '', index: String(v.index) }));
  const actions = [...availableSteps(state, policy, today).map(actionFor), ...changeActionsFor(state, policy, today), ...visits];
  return actions.some((a) => a.verb === 'openStep' && a.step === step && a.index === index && keep(a));
}

/**
 * Why a step's form opened from a card out of date has no Record button, said plainly: the part
 * was handed over from them, the step is someone else's, the case has moved past it, or the visit
 * is recorded already (by whom, when). Nothing was sent, so nothing is recorded or kept.
 */
export async function notOpenNotice(deps: S20BotDeps, viewer: Person, state: CaseState, step: string, index: string): Promise<CardNotice> {
  const visit = step === 'visit' ? state.visits.find((v) => v.index === Number(index)) : undefined;
  if (visit?.doneOn) {
    const by = visit.recordedBy ? ` by ${visit.recordedBy.name}${visit.onBehalfOf ? ` on behalf of ${visit.onBehalfOf.name}` : ''}` : '';
    return { shown: true, message: `This visit was recorded already, on ${dateText(visit.doneOn)}${by}. Nothing new was recorded.`, rule: '' };
  }
  const why = isStepId(step) ? await deps.service.stepNotOpen(viewer, state, stepFor(step, state).toEvent({}, Number(index) || 0)) : undefined;
  const rule = why?.rule && !why.message.includes(why.rule) ? why.rule : '';
  if (why?.alreadyDone) return { shown: true, message: `Nothing new was recorded. ${why.message}`, rule };
  if (why) return { shown: true, message: `You cannot record this step now. ${why.message} Nothing was recorded.`, rule };
  return { shown: true, message: 'You cannot record this step now: it has been recorded already, or something else on the case comes first. Nothing was recorded.', rule: '' };
}
