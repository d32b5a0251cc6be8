/**
 * Whether a step's form may offer its Record button to this person now: only if their case card
 * would offer the step (the protocol's next steps and the changes, less what they may not take).
 * A form the service refused because the step is not open now (done already, out of order, the
 * case closed, not theirs) is shown without it, since pressing it again could only be refused
 * again; a form refused for a value (a date, a missing answer) keeps it, to correct and send.
 */
import type { CaseState, Person } from '../protocol';
import { availableSteps } from '../protocol';
import type { S20BotDeps } from './bot-deps';
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
