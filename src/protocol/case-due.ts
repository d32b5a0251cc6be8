/**
 * When things on a case are due, and by how many working days they are overdue: the working lists'
 * ("my cases", "team cases") view of the deadlines transition.ts schedules. A decision is due by
 * the last working day before it is escalated (APPROVAL_ESCALATION_WORKING_DAYS after the request);
 * a visit by its due date (R-VISIT-1); a planned return by its 16-week horizon (R-PLAN-5).
 */
import { CalendarDate, daysBetween, isAfter } from './calendar-date';
import type { CasePolicy } from './case-policy';
import type { Approval, CaseState } from './case-state';
import { rulingFor } from './transition';
import { addWorkingDays, workingDaysBetween } from './working-days';

/** The last working day to decide before the request is escalated. */
export function decisionDueOn(requestedOn: CalendarDate, policy: CasePolicy): CalendarDate {
  return addWorkingDays(requestedOn, Math.max(0, policy.approvalEscalationWorkingDays - 1), policy.extraNonWorkingDays);
}

/** Working days after `due` up to `today` (0 when not overdue; at least 1 once `today` is after it). */
export function workingDaysOverdue(due: CalendarDate, today: CalendarDate, policy: CasePolicy): number {
  if (!isAfter(today, due)) return 0;
  return Math.max(1, workingDaysBetween(due, today, policy.extraNonWorkingDays));
}

/**
 * Past its day, yet no working day lost since: the weekend or bank holiday straight after a decision
 * due on Thu 31 Dec. It is overdue, but "by 1 working day" would not be true, and nothing is
 * escalated before the next working day.
 */
export function noWorkingDayLostYet(kind: DueKind, due: CalendarDate, today: CalendarDate, policy: CasePolicy): boolean {
  return !LATE_IN_CALENDAR_DAYS[kind] && isAfter(today, due) && workingDaysBetween(due, today, policy.extraNonWorkingDays) === 0;
}

export type DueKind = 'decision' | 'visit' | 'planned-horizon';

/**
 * Whether lateness is counted in calendar days: a visit and the 16-week horizon are due in calendar
 * days (R-VISIT-1, R-PLAN-5), so a visit due on Christmas Day is four days late on the Tuesday after,
 * not one working day; a decision is due in working days.
 */
export const LATE_IN_CALENDAR_DAYS: Readonly<Record<DueKind, boolean>> = { decision: false, visit: true, 'planned-horizon': true };

/** How late something due is today (0 when not overdue), in the days its rule counts. */
export function daysOverdue(kind: DueKind, due: CalendarDate, today: CalendarDate, policy: CasePolicy): number {
  if (!LATE_IN_CALENDAR_DAYS[kind]) return workingDaysOverdue(due, today, policy);
  return isAfter(today, due) ? daysBetween(due, today) : 0;
}

export interface CaseDue {
  kind: DueKind;
  due: CalendarDate;
  /** The request, for a decision. */
  approval?: Approval;
  /** The visit's number, for a visit. */
  visitIndex?: number;
}

/** Everything with a date that is still open on the case, soonest first. A closed case has none. */
export function dueOnCase(state: CaseState, policy: CasePolicy, today: CalendarDate): CaseDue[] {
  if (state.stage === 'closed') return [];
  const found: CaseDue[] = [];
  for (const approval of state.approvals) {
    if (approval.decision || approval.cancelledAt) continue;
    found.push({ kind: 'decision', due: decisionDueOn(approval.requestedOn, policy), approval });
  }
  const visit = state.visits.find((v) => !v.doneOn);
  if (visit) found.push({ kind: 'visit', due: visit.due, visitIndex: visit.index });
  // Until the child is home, as its notices come and the case card shows it (R-PLAN-5), whether or not the return is agreed yet.
  if (state.pathway === 'planned' && state.steps.reunification && !state.facts.returnedHomeOn) {
    const horizon = rulingFor(state, today, policy).plannedReturnHorizon;
    if (horizon) found.push({ kind: 'planned-horizon', due: horizon });
  }
  return found.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** The case's next due date, if it has one. */
export function nextDueOn(state: CaseState, policy: CasePolicy, today: CalendarDate): CaseDue | undefined {
  return dueOnCase(state, policy, today)[0];
}
