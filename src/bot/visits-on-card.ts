/**
 * Which visits the case card lists. Each visit was about 1 KB of the card (its checklist line and its
 * line under "Visits after the return home"; now only the latter, the checklist counting them), so a case with a hundred visits was past the 100 KB
 * Teams takes in one message (card-budget.ts): the card never came. The card lists at most
 * VISITS_ON_CARD visits, those still due first and then the latest done, and says how many
 * others there are and where every one is (the decision record in the case file); a visit lists
 * its last ATTEMPTS_ON_CARD attempts that did not count, and how many before them. Measured with
 * names of 256 characters that grow most once escaped: test/bot/card-size.test.ts.
 */
import type { CaseState, Person, Visit } from '../protocol';
import { personText } from '../protocol';

export const VISITS_ON_CARD = 10;
export const ATTEMPTS_ON_CARD = 2;
/** A name on a visit's line past this many characters is cut (Entra allows 256): one is on the line for each attempt. */
export const NAME_ON_VISIT_LINE = 60;
/** Visits still due the card lists at least, when there are so many (the minimum five of R-VISIT-1). */
const DUE_AT_LEAST = 5;

export interface VisitsOnCard {
  /** In the case's order. */
  shown: Visit[];
  /** Visits done before the first shown that is done: not listed. */
  earlierDone: number;
  /** Visits due after the last shown that is due: not listed. */
  laterDue: number;
}

export function visitsOnCard(visits: CaseState['visits']): VisitsOnCard {
  const due = visits.filter((v) => !v.doneOn);
  const done = visits.filter((v) => v.doneOn);
  const doneRoom = Math.max(VISITS_ON_CARD - Math.min(due.length, DUE_AT_LEAST), VISITS_ON_CARD - due.length);
  const doneShown = done.slice(Math.max(0, done.length - doneRoom));
  const dueShown = due.slice(0, VISITS_ON_CARD - doneShown.length);
  const shown = new Set([...doneShown, ...dueShown]);
  return { shown: visits.filter((v) => shown.has(v)), earlierDone: done.length - doneShown.length, laterDue: due.length - dueShown.length };
}

/** A visit's attempts the card lists, and how many earlier ones it does not. */
export function attemptsOnCard(visit: Visit): { shown: NonNullable<Visit['attempts']>; earlier: number } {
  const all = visit.attempts ?? [];
  return { shown: all.slice(Math.max(0, all.length - ATTEMPTS_ON_CARD)), earlier: Math.max(0, all.length - ATTEMPTS_ON_CARD) };
}

const visitsWord = (n: number): string => (n === 1 ? '1 visit' : `${n} visits`);

/** What of the visits is not listed ("90 visits done before these"), or null when every visit is. */
export function visitsNotListed(on: VisitsOnCard): string | null {
  const parts = [
    on.earlierDone > 0 ? `${visitsWord(on.earlierDone)} done before these` : '',
    on.laterDue > 0 ? `${visitsWord(on.laterDue)} due after these` : '',
  ].filter(Boolean);
  return parts.length === 0 ? null : parts.join(', and ');
}

/** Where every visit is, for the people the card does not list them to. */
export const EVERY_VISIT_IS = 'One card cannot hold every visit of this case: the decision record in the case file lists each one, with who recorded it.';

/** Who recorded a visit or an attempt, on whose behalf where a deputy did, each name cut to NAME_ON_VISIT_LINE. */
export function visitRecorder(by: Person, onBehalfOf?: Person): string {
  const cut = (p: Person): Person => (p.name.length <= NAME_ON_VISIT_LINE ? p : { ...p, name: `${p.name.slice(0, NAME_ON_VISIT_LINE - 1)}…` });
  return personText(cut(by), onBehalfOf && cut(onBehalfOf));
}
