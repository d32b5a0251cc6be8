/**
 * Who an overdue decision is escalated to: up the line, never sideways to every holder. The
 * approver themselves (with their deputies) is told too. An overdue Director decision goes to the
 * Director's deputy (with the Director) and back to the case's Head of Service, who raised it.
 * While it stays undecided, the escalation comes again every APPROVAL_ESCALATION_WORKING_DAYS
 * working days, to the same people, each saying when the next comes: one escalation and then
 * silence left a request nobody decided waiting for ever.
 */
import { holdersText, type CasePeople, type CaseRole } from './case-people';
import type { Approval, ApprovalStage, CaseState } from './case-state';
import type { CalendarDate } from './calendar-date';
import { APPROVER_ROLE } from './approval-stages';
import { decisionBarred } from './decision-barred';
import type { CasePolicy } from './case-policy';
import type { Effect } from './case-effects';
import { addWorkingDays } from './working-days';
import { ROLE_NAMES } from './case-people';
import { decisionDueOn } from './case-due';
import { dateText, isAfter } from './calendar-date';

export const ESCALATES_TO: Record<ApprovalStage, CaseRole> = {
  'team-manager': 'head-of-service',
  'head-of-service': 'director',
  'placement-end': 'director',
  director: 'head-of-service',
};

/** The day a request asked on `requestedOn` is first escalated, if it is still waiting. */
export function firstEscalationOn(requestedOn: CalendarDate, policy: CasePolicy): CalendarDate {
  return addWorkingDays(requestedOn, policy.approvalEscalationWorkingDays, policy.extraNonWorkingDays);
}

/** The day an escalation that fires today is sent again, if the request is still waiting. */
export function nextEscalationOn(today: CalendarDate, policy: CasePolicy): CalendarDate {
  return addWorkingDays(today, policy.approvalEscalationWorkingDays, policy.extraNonWorkingDays);
}

/**
 * The escalation deadline again, for the next time: the same id, so deciding or withdrawing the
 * request cancels it as it cancels the first (transition.ts cancelApprovalDeadlines).
 */
export function escalationAgain(deadlineId: string, data: Readonly<Record<string, string | number | boolean | null>>, times: number, today: CalendarDate, policy: CasePolicy): Effect {
  return { type: 'schedule-deadline', deadlineId, kind: 'approval-escalation', dueOn: nextEscalationOn(today, policy), data: { ...data, times: times + 1 } };
}

const HOLDERS_ON_CASE: Partial<Record<CaseRole, keyof Omit<CasePeople, 'team' | 'service'>>> = { 'team-manager': 'teamManagers', 'head-of-service': 'headsOfService', director: 'director' };

/**
 * Who decides an escalated request, by name, for those it is escalated to ("it waits for Taylor
 * Manager, or their deputy"): the case's named holders of the part, less anyone R-SIGN-4 bars from
 * it. Undefined where the case names none (a part held through a group, a case opened before it named its people).
 */
export function decidersNamed(state: CaseState, approval: Pick<Approval, 'stage'>, joinWith: 'and' | 'or' = 'and'): string | undefined {
  const key = HOLDERS_ON_CASE[APPROVER_ROLE[approval.stage]];
  const named = (key && state.people ? state.people[key] : []).filter((h) => !h.group && !decisionBarred(state, approval, [h.id]));
  return named.length === 0 ? undefined : holdersText(named, joinWith);
}

/**
 * "Thu 31 Dec 2026 (if it is not decided by then, it is escalated to the Head of Service on Mon 4 Jan
 * 2027)": by when a waiting request is to be decided and what follows, for the approver's card, in the
 * same working days as the reminder and escalation (a request already escalated says when it was).
 */
export function decideByText(approval: Pick<Approval, 'stage' | 'requestedOn' | 'escalatedOn'>, today: CalendarDate, policy: CasePolicy): string {
  const due = decisionDueOn(approval.requestedOn, policy);
  const to = `the ${ROLE_NAMES[ESCALATES_TO[approval.stage]]}`;
  if (approval.escalatedOn) return `${dateText(due)}: overdue, and escalated to ${to} on ${dateText(approval.escalatedOn)}`;
  const escalation = dateText(firstEscalationOn(approval.requestedOn, policy));
  if (isAfter(today, due)) return `${dateText(due)}: overdue, and escalated to ${to} on ${escalation} if it is still not decided`;
  return `${dateText(due)} (if it is not decided by then, it is escalated to ${to} on ${escalation})`;
}
