/**
 * Visits as they happen (R-VISIT-1): more than the minimum five may be recorded (an extra visit is
 * added when it happens); a visit at which the child was not seen, or there was no access, does not
 * count as the visit due: it is kept as an attempt and escalated to the team manager at once.
 */
import { dateText, type CalendarDate } from './calendar-date';
import type { Effect } from './case-effects';
import type { CaseState, Visit } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import type { VisitRecorded } from './case-events';
import { refuse, type Refusal } from './refusal';
import { notify, ok, role, socialWorkerRecipient, TransitionResult } from './transition';

export const VISIT_OUTCOMES = ['seen', 'not-seen', 'no-access'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export interface VisitAttempt {
  on: CalendarDate;
  outcome: Exclude<VisitOutcome, 'seen'>;
  notes: string;
  by: { id: string; name: string };
  /** Whom a deputy recorded it for (as the visit that counts keeps it). */
  onBehalfOf?: { id: string; name: string };
}

/** An extra visit beyond the minimum: added as it happens, due the day it happened. */
export function extraVisit(state: CaseState, on: CalendarDate): Visit {
  const visit: Visit = { index: state.visits.length, kind: 'weekly-check-in', due: on, doneOn: null, notes: null, recordedBy: null, overdue: false, extra: true };
  state.visits.push(visit);
  return visit;
}

/** A visit that did not count: kept on the visit, and the team manager told today. */
export function visitNotDone(state: CaseState, visit: Visit, event: VisitRecorded, now: Now, policy: CasePolicy): TransitionResult {
  const outcome = event.outcome as VisitAttempt['outcome'];
  // The same attempt sent again (a double tap, the form sent twice) is not a second attempt: the team manager is not told twice.
  const same = (visit.attempts ?? []).find((a) => a.on === event.on && a.outcome === outcome && a.notes.trim() === event.notes.trim() && a.by.id === event.actor.id);
  if (same) {
    const what = outcome === 'no-access' ? 'no access to the home' : 'the child not seen';
    return { ok: false, refusal: refuse('ALREADY_DONE', 'R-VISIT-1', `This visit on ${dateText(event.on)} (${what}, with these notes) is already on the case, and the team manager was told of it then. If there was another attempt that day, record it with notes saying what happened.`) };
  }
  const attempt: VisitAttempt = { on: event.on, outcome, notes: event.notes, by: { id: event.actor.id, name: event.actor.name } };
  if (event.actor.onBehalfOf) attempt.onBehalfOf = event.actor.onBehalfOf;
  visit.attempts = [...(visit.attempts ?? []), attempt];
  const data = { ref: state.ref, on: event.on, due: visit.due, outcome, index: visit.index };
  const effects: Effect[] = [notify('visit-not-done', role('team-manager'), ['R-VISIT-1'], data), notify('visit-not-done', socialWorkerRecipient(state), ['R-VISIT-1'], { ...data, you: true })];
  const what = outcome === 'no-access' ? 'no access' : 'child not seen';
  return ok(state, effects, `Visit on ${event.on}: ${what}; it does not count as the visit due ${visit.due}, and the team manager is told`, now, policy);
}

function visitName(index: number): string {
  return index === 0 ? 'the first home visit' : `weekly check-in ${index}`;
}

/**
 * The minimum visits of R-VISIT-1 are each a visit of their own, in order: one visit recorded as two
 * (the first home visit and check-in 1 on one day) would leave the child seen once where twice is
 * due, so a visit's day must come after the one before it and before the one after it, as recorded.
 */
export function visitDayClash(state: CaseState, visit: Visit, on: CalendarDate): Refusal | null {
  if (visit.extra) return null;
  const done = state.visits.filter((v) => !v.extra && v.doneOn && v.index !== visit.index);
  const before = done.filter((v) => v.index < visit.index && v.doneOn! >= on).at(-1);
  const after = done.find((v) => v.index > visit.index && v.doneOn! <= on);
  const clash = before ?? after;
  if (!clash) return null;
  const name = visitName(visit.index);
  const Name = name[0]!.toUpperCase() + name.slice(1);
  const when = clash.doneOn === on ? 'on that day' : `on ${dateText(clash.doneOn!)}, ${before ? 'after' : 'before'} it`;
  const fix = before ? `Record the day the child was seen again after ${dateText(before.doneOn!)}, or record ${name} once that visit has happened.` : `Check the dates: ${name} comes before ${visitName(clash.index)}.`;
  return refuse('INVALID_DATE', 'R-VISIT-1', `${Name} cannot be recorded for ${dateText(on)}: ${visitName(clash.index)} is recorded ${when}, and each visit of R-VISIT-1 is a visit of its own, after the one before. ${fix} Nothing was recorded.`);
}
