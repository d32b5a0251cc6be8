/**
 * A case opened for a child already home (R-SIGN-5) starts its visits at once (R-VISIT-1). Those
 * already overdue on the day it opens are marked so there and then, rather than each sending its own
 * overdue notice a minute later (a case opened weeks late sent three or four at once after "No
 * action is needed from you yet"): the team managers' notice of the opening says which are overdue
 * and what comes next, and the social worker's case card shows them.
 */
import { addDays, isOnOrAfter, type CalendarDate } from './calendar-date';
import type { Effect, NoticeData } from './case-effects';
import type { CaseState } from './case-state';
import { visitTaskRecord } from './transition';

/** The opening's effects without the deadlines of visits already overdue, and what the notice says of the visits. */
export function visitsAtOpening(state: CaseState, effects: readonly Effect[], today: CalendarDate): { effects: Effect[]; notice: NoticeData } {
  const home = state.facts.returnedHomeOn;
  if (!home || state.visits.length === 0) return { effects: [...effects], notice: {} };
  const overdue = state.visits.filter((v) => isOnOrAfter(today, addDays(v.due, 1)));
  const gone = new Set(overdue.flatMap((v) => [`${state.caseId}:visit:${v.index}:reminder`, `${state.caseId}:visit:${v.index}:overdue`]));
  for (const visit of overdue) visit.overdue = true;
  // The task rows were made before the visits were marked: each is made again, as it now stands.
  const kept = effects
    .filter((e) => !(e.type === 'schedule-deadline' && gone.has(e.deadlineId)))
    .map((e) => (e.type === 'record' && e.list === 'tasks' ? (visitTaskRecordOf(state, e.key) ?? e) : e));
  const next = state.visits.find((v) => !v.overdue);
  return {
    effects: kept,
    notice: {
      returnedHomeOn: home,
      ...(overdue.length > 0 ? { overdueVisits: overdue.length, firstOverdueDue: overdue[0]!.due } : {}),
      ...(next ? { nextVisitKind: next.kind, nextVisitIndex: next.index, nextVisitDue: next.due } : {}),
    },
  };
}

function visitTaskRecordOf(state: CaseState, key: string): Effect | undefined {
  const visit = state.visits.find((v) => key === `task:${state.caseId}:visit:${v.index}`);
  return visit ? visitTaskRecord(state, visit) : undefined;
}
