/**
 * Fresh copies of an approval request. They began because Outlook refuses the buttons of an
 * actionable message older than a month; the request mail is now for reading only (no buttons:
 * src/bot/mail-request-card.ts), and a fresh copy is a reminder of a request still waiting. Two ways:
 * - renewal: while a request waits, a fresh copy goes to its approver every MAIL_RENEWAL_DAYS
 *   (a deadline the request schedules, fired by the scheduler, cancelled once it is decided);
 * - asked for: the approver types "new copy REF" in Teams and a fresh
 *   copy of each request of that case waiting for their decision comes to them.
 * Each copy is a notice (`approval-request-copy`) that src/cases delivers with the request as a
 * fresh card to read by mail, and a button to open the request in Teams.
 */
import { identitiesOf, type Actor } from './case-people';
import { decisionBarred } from './decision-barred';
import type { Approval, CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { refuse } from './refusal';
import { APPROVER_ROLE, notify, ok, role, STAGE_NAMES, STAGE_RULES, TransitionResult } from './transition';
import { scheduleMailRenewal } from './mail-renewal';
import { nextEscalationOn } from './escalation';
import { isAfter } from './calendar-date';

export { MAIL_RENEWAL_DAYS, mailRenewalId, scheduleMailRenewal } from './mail-renewal';


/** An approver asks for a fresh copy of what waits for them on this case. */
export interface RequestCopyAsked { type: 'RequestCopyAsked'; actor: Actor }


const copyData = (state: CaseState, approval: Approval, why: 'renewal' | 'asked') => ({ ref: state.ref, approvalId: approval.approvalId, stage: approval.stage, requestedOn: approval.requestedOn, why });

/** Whether the request's escalation, repeated every so many working days from its first (escalation.ts), falls today. */
function escalatedToday(approval: Approval, now: Now, policy: CasePolicy): boolean {
  let on = approval.escalatedOn;
  while (on && isAfter(now.today, on)) on = nextEscalationOn(on, policy);
  return on === now.today;
}

/** The renewal fell due: a fresh copy to the approver, and the next renewal, while the request waits. */
export function renewRequestMail(state: CaseState, approvalId: unknown, now: Now, policy: CasePolicy): TransitionResult | undefined {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  if (!approval || approval.decision || approval.cancelledAt) return undefined;
  // An escalation today sends the approver a fresh copy itself (by mail too): one is enough.
  if (escalatedToday(approval, now, policy)) {
    return ok(state, [scheduleMailRenewal(state, approval, now)], `The request for the ${STAGE_NAMES[approval.stage]} is escalated today with a fresh copy, so no other copy was sent`, now, policy);
  }
  return ok(state, [
    notify('approval-request-copy', role(APPROVER_ROLE[approval.stage]), STAGE_RULES[approval.stage], copyData(state, approval, 'renewal')),
    scheduleMailRenewal(state, approval, now),
  ], `A fresh copy of the request for the ${STAGE_NAMES[approval.stage]} was sent (the request mail was nearly a month old)`, now, policy);
}

/**
 * How long a copy someone asked for stands before they may ask for another of the same request.
 * Each copy is a Teams message and a mail from the bot's one mailbox, which Exchange Online lets
 * send 30 messages a minute and reach 10,000 recipients a day: "new copy REF" typed again and
 * again by one person held up, then stopped, every request mail the council's approvers were sent.
 */
export const COPY_ASKED_AGAIN_AFTER_MINUTES = 15;

function askedLately(approval: Approval, personId: string, now: Now): boolean {
  const last = approval.copiesAsked?.[personId];
  return last !== undefined && Date.parse(now.at) - Date.parse(last) < COPY_ASKED_AGAIN_AFTER_MINUTES * 60_000;
}

/** "new copy REF": each request of the case waiting for the asker's decision, sent to them afresh. */
export function requestCopyAsked(state: CaseState, event: RequestCopyAsked, now: Now, policy: CasePolicy): TransitionResult {
  // Not a request they may never decide in person (their own case; both HoS and Director, R-SIGN-4).
  const waiting = state.approvals.filter((a) => !a.decision && !a.cancelledAt && APPROVER_ROLE[a.stage] === event.actor.role && !decisionBarred(state, a, identitiesOf(event.actor)));
  if (waiting.length === 0) {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', null, `Nothing on case ${state.ref} is waiting for your decision, so there is no request to send again. Nothing was recorded.`) };
  }
  const due = waiting.filter((a) => !askedLately(a, event.actor.id, now));
  if (due.length === 0) {
    const minutes = COPY_ASKED_AGAIN_AFTER_MINUTES;
    return { ok: false, refusal: refuse('OUT_OF_ORDER', null, `A new copy of what waits for your decision on case ${state.ref} was sent to you less than ${minutes} minutes ago: it can take a few minutes to arrive, here in Teams and by mail. Nothing was sent again. If it has not come in ${minutes} minutes, type "new copy ${state.ref}" again.`) };
  }
  const to = { kind: 'person' as const, id: event.actor.id, name: event.actor.name };
  const approvals = state.approvals.map((a) => (due.includes(a) ? { ...a, copiesAsked: { ...a.copiesAsked, [event.actor.id]: now.at } } : a));
  return ok({ ...state, approvals }, due.map((a) => notify('approval-request-copy', to, STAGE_RULES[a.stage], copyData(state, a, 'asked'))), `A new copy of the request for the ${due.map((a) => STAGE_NAMES[a.stage]).join(' and the ')} was sent to ${event.actor.name}, who asked for it`, now, policy);
}
