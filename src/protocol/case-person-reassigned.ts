/**
 * Handing a case over (issue 11): the case's team manager or Head of Service (or their active
 * deputy) names someone else as its social worker, team manager, IRO or Head of Service, with a
 * reason. src/cases has already checked who is asking and that the new person holds that role in
 * the organisation; here the case changes, requests still waiting for that role go to the new
 * person, and both people are told, and the case's social worker, who works with them daily, too.
 */
import type { Actor, CasePeople, Holder, Person } from './case-people';
import { holdersText, identitiesOf, ROLE_NAMES } from './case-people';
import type { NoticeData, Recipient, Effect } from './case-effects';
import type { CaseState, StepRecord } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { refuse } from './refusal';
import { APPROVER_ROLE, dateOf, notify, ok, personText, role, STAGE_RULES, stepBy, type TransitionResult } from './transition';
import { iroNotIndependent, iroTakingAnotherPart } from './iro-independence';
import { flaggedText } from './risk-view';
import { riskViewWaiting } from './risk-view-waiting';
import { pendingWithdrawalRequest } from './withdrawal-request';
import { WITHDRAWAL_REASON_NAMES } from './lifecycle-events';
import { hasVisibleText } from './visible-text';
import { partHolders } from './part-holders';
import { decidersNamed, ESCALATES_TO } from './escalation';

export const HANDOVER_ROLES = ['social-worker', 'team-manager', 'iro', 'head-of-service'] as const;
export type HandoverRole = (typeof HANDOVER_ROLES)[number];

export const HANDOVER_REASON_MAX = 1000;

export interface CasePersonReassigned {
  type: 'CasePersonReassigned';
  actor: Actor;
  role: HandoverRole;
  /** Checked by src/cases against the organisation file: a holder of `role` there. */
  to: Person;
  reason: string;
  /** The case's people as they stand, from src/cases (a case opened before they were kept has none of its own). */
  people: CasePeople;
}

/** One handover, kept on the case: who held the role, who holds it now, who decided, when and why. */
export interface Reassignment extends StepRecord {
  role: HandoverRole;
  from: Holder[];
  to: Person;
  reason: string;
  /** The approval requests still waiting that moved to the new person. */
  approvals: string[];
}

/**
 * The parts this person may hand over on the case: every part, but its social worker (a team
 * manager too, who opened it, say) only their own: handing over the others would choose who
 * agrees, or reviews, their own assessment (R-SIGN-4). `actorIds`: who acts, and for whom.
 */
export function partsToHandOver(state: CaseState, actorIds: readonly string[]): readonly HandoverRole[] {
  return actorIds.includes(state.socialWorker.id) ? ['social-worker'] : HANDOVER_ROLES;
}

const HANDOVER_ROLE_NAMES: Record<HandoverRole, string> = { ...ROLE_NAMES, iro: 'IRO' };
export const handoverRoleName = (r: HandoverRole): string => HANDOVER_ROLE_NAMES[r];

const person = (p: Person): Recipient => ({ kind: 'person', id: p.id, name: p.name });

export function reassignCasePerson(state: CaseState, event: CasePersonReassigned, now: Now, policy: CasePolicy): TransitionResult {
  const reason = event.reason.trim();
  const roleName = handoverRoleName(event.role);
  if (!hasVisibleText(reason)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Say in a few words why the case is handed over, then hand it over again. Nothing was recorded.') };
  if (reason.length > HANDOVER_REASON_MAX) return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, `The reason is longer than ${HANDOVER_REASON_MAX.toLocaleString('en-GB')} characters: shorten it and hand the case over again. Nothing was recorded.`) };
  if (!partsToHandOver(state, identitiesOf(event.actor)).includes(event.role)) {
    return { ok: false, refusal: refuse('SELF_APPROVAL', 'R-SIGN-4', `You are this case's social worker, so you cannot hand over its ${roleName}'s part: that would choose who agrees, or reviews, your own assessment. Another team manager or the Head of Service does it. You can hand over your own part, the social worker's. Nothing was recorded.`) };
  }
  const people: CasePeople = structuredClone(state.people ?? event.people);
  const from = partHolders(state, people, event.role);
  // Until an IRO is named the IRO manager covers; naming them (they may be an IRO too) is a change.
  const iroManagerCovering = event.role === 'iro' && !state.iro;
  if (!iroManagerCovering && from.length === 1 && !from[0]!.group && from[0]!.id === event.to.id) {
    return { ok: false, refusal: refuse('ALREADY_DONE', null, `${event.to.name} is already this case's ${roleName}. Nothing was changed.`) };
  }
  // Nobody agrees their own assessment: the social worker cannot also be its manager, nor the reverse.
  const managers = [...people.teamManagers, ...people.headsOfService].filter((h) => !h.group).map((h) => h.id);
  if ((event.role === 'team-manager' || event.role === 'head-of-service') && event.to.id === state.socialWorker.id) {
    return { ok: false, refusal: refuse('SELF_APPROVAL', 'R-SIGN-4', `${event.to.name} is this case's social worker, and nobody agrees their own assessment. Nothing was recorded.`) };
  }
  if (event.role === 'social-worker' && managers.includes(event.to.id)) {
    return { ok: false, refusal: refuse('SELF_APPROVAL', 'R-SIGN-4', `${event.to.name} is one of this case's managers, and nobody agrees their own assessment. Nothing was recorded.`) };
  }
  const notIndependent = event.role === 'iro' ? iroNotIndependent(event.to, state.socialWorker, people, 'Choose another IRO. Nothing was recorded.') : iroTakingAnotherPart(state, event.to, roleName);
  if (notIndependent) return { ok: false, refusal: notIndependent };

  const to: Person = { id: event.to.id, name: event.to.name };
  if (event.role === 'social-worker') state.socialWorker = to;
  else if (event.role === 'iro') state.iro = to;
  else if (event.role === 'team-manager') people.teamManagers = [to];
  else people.headsOfService = [to];
  state.people = people;

  // Requests still waiting for this role go to the new person; their deadlines stay (the protocol's clock does not restart).
  const moved = state.approvals.filter((a) => !a.decision && !a.cancelledAt && APPROVER_ROLE[a.stage] === event.role);
  const effects: Effect[] = moved.map((a) => ({ type: 'request-approval', approvalId: a.approvalId, stage: a.stage, to: role(event.role), rules: STAGE_RULES[a.stage] }));
  // The IRO's view waiting is told the new IRO in the notice of the case handed to them, not in a
  // second notice about the same view.
  const iroViewWaiting = event.role === 'iro' && state.stage === 'awaiting-iro-view';

  // What else waits for this part goes to the new holder too: the view on an LPM or ICPC the risk
  // check asked of it (R-UNPL-2), and the social worker's request that the team manager withdraw the case.
  const risk = state.steps.immediateRisk;
  const viewWaiting = riskViewWaiting(state) && risk?.consulted === event.role;
  if (risk && viewWaiting) effects.push(notify('risk-view-needed', role(event.role), ['R-UNPL-2'], { ref: state.ref, consulted: event.role, flagged: flaggedText(risk.flagged) }));
  const withdrawal = event.role === 'team-manager' ? pendingWithdrawalRequest(state) : null;
  if (withdrawal) {
    effects.push(notify('withdrawal-requested', role('team-manager'), ['R-SIGN-4'], { ref: state.ref, by: personText(withdrawal.by, withdrawal.onBehalfOf), grounds: WITHDRAWAL_REASON_NAMES[withdrawal.withdrawal], why: withdrawal.why }));
  }

  const by = personText(event.actor, event.actor.onBehalfOf);
  const fromText = iroManagerCovering ? `${holdersText(from)} (the IRO manager, who covered until an IRO was named)` : holdersText(from);
  // A part two people held, handed to one of them: they hold it now instead of the other, not "instead of" themselves too.
  const others = from.filter((h) => h.group || h.id !== to.id);
  // Requests handed back to someone they were taken from (A to B, then A): their old card is made live again (src/cases).
  const requestsBack = moved.filter((a) => (state.reassignments ?? []).some((r) => r.approvals.includes(a.approvalId) && r.from.some((h) => !h.group && h.id === to.id))).length;
  // An escalated request this part is told to chase (escalation.ts) is the new holder's to chase from now.
  const chased = state.approvals.find((a) => !a.decision && !a.cancelledAt && a.escalatedOn && ESCALATES_TO[a.stage] === event.role && APPROVER_ROLE[a.stage] !== event.role);
  const chase: NoticeData = chased ? { chaseStage: chased.stage, chaseRequestedOn: chased.requestedOn, chaseEscalatedOn: chased.escalatedOn!, chaseDeciders: decidersNamed(state, chased) ?? null } : {};
  const data: NoticeData = { ...chase, ref: state.ref, role: roleName, requestsBack, from: iroManagerCovering || others.length === from.length ? fromText : holdersText(others), to: to.name, by, on: now.today, reason, requestsMoved: moved.length, iroViewWaiting, ...(iroViewWaiting && state.iroView ? { earlierViewOn: dateOf(state.iroView) } : {}), riskViewWaiting: viewWaiting, withdrawalWaiting: withdrawal !== null };
  // Told first: the new holder's notice says the cards "follow", and the outbox sends a case's messages in order.
  const told: Effect[] = [];
  for (const h of from) if (!h.group && h.id !== to.id) told.push(notify('case-handed-over', person(h), [], data));
  told.push(notify('case-taken-over', person(to), [], data));
  // The social worker works with this part daily and would chase the one who held it: told who holds it now
  // (not the manager's reason, which may be about a colleague's leave), unless the part was theirs or they were told above.
  const worker = state.socialWorker;
  if (event.role !== 'social-worker' && worker.id !== to.id && !from.some((h) => !h.group && h.id === worker.id)) {
    told.push(notify('case-part-handed-over', person(worker), [], { ...data, reason: null }));
  }

  // Those up the line chasing an escalated request that moved would otherwise chase the one who no
  // longer holds it: told whom it waits for now (not the one who handed it over, nor the new holder, in src/cases).
  for (const a of moved) {
    if (!a.escalatedOn) continue;
    told.push(notify('escalation-handed-over', role(ESCALATES_TO[a.stage]), STAGE_RULES[a.stage], { ref: state.ref, stage: a.stage, escalatedOn: a.escalatedOn, role: roleName, to: to.name, movedToId: to.id, on: now.today, by, movedById: event.actor.id }));
  }

  const record: Reassignment = { ...stepBy(event.actor, now), role: event.role, from, to, reason, approvals: moved.map((a) => a.approvalId) };
  state.reassignments = [...(state.reassignments ?? []), record];
  const requests = moved.length > 0 ? `; ${moved.length === 1 ? 'the request waiting' : `the ${moved.length} requests waiting`} moved to them` : '';
  return ok(state, [...told, ...effects], `Case handed over: ${roleName} ${fromText} → ${to.name}, by ${by} ("${reason}")${requests}`, now, policy);
}
