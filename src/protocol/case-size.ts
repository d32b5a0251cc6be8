/**
 * How large a case may grow. The case is stored whole as one JSON value: the Azure store keeps it
 * in one entity (at most 1 MiB, of which 960,000 bytes for JSON; a string counted as UTF-16), and
 * each change's audit row in another, holding only what the change changed (json-changes.ts).
 * Past that every write to the case would fail, its deadlines too, and its overdue notices stop.
 * So what people write stops at PEOPLE_LIMIT; visits where the child was seen may go on to
 * SEEN_VISITS_LIMIT; and the steps that carry the case through sign-off to its end (decisions,
 * the IRO's view, ending the placement and the episode, the review, closing) keep the last room,
 * to CASE_LIMIT, so that neither what people write nor long visit notes can leave a case that
 * can no longer be decided. Repeatable steps (not-seen attempts, revised assessments,
 * handovers, corrections) are what people write, so they cannot eat that room. The scheduler's
 * own changes (deadlines) are never refused: each adds a few bytes. A change whose audit row
 * would not fit (one taking a great deal out of the case at once) is refused too: the service asks
 * auditRowRefusal with the row it built. Both stores apply this one rule.
 */
import { APP_NAME } from './app-name';
import type { CaseEvent, CaseEventType } from './case-events';
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

/**
 * Bytes of case JSON the protocol's own steps may fill: the entity's 960,000 bytes of JSON less
 * 40,000 for the scheduler's changes past it (overdue marks, reminders), as before. The audit
 * row no longer holds the changed parts whole before and after, so the case no longer stops at
 * half the entity (460,000 until round ten).
 */
export const CASE_LIMIT = 920_000;
/**
 * Bytes visits where the child was seen may fill: 120,000 bytes below CASE_LIMIT are kept for
 * the steps that end the case (60,000 plain characters: fifteen comments or notes of 4,000).
 */
export const SEEN_VISITS_LIMIT = 800_000;
/**
 * Bytes what people write may fill: 230,000 plain characters (a quote or backslash counts
 * double), what the protocol's steps could reach before round ten; above the largest case the
 * forms allow with one revised assessment (test/bot/card-size.test.ts: 361,000 bytes). Seen
 * visits then have 340,000 bytes (42 notes of 4,000 plain characters) before the last room.
 */
export const PEOPLE_LIMIT = 460_000;
/**
 * Bytes of JSON one change's audit row may hold, before and after together, measured on the row
 * the service built: the entity's 960,000 with 60,000 to spare. A row holds what one change put in
 * and took out, so no step comes near it within the limits above (undoing an extra visit with
 * every attempt people may write takes out under 470,000); it stops one that ever would.
 */
export const AUDIT_LIMIT = 900_000;

/**
 * Visits one case may hold, the minimum of R-VISIT-1 and the extra ones: weekly for nearly three
 * years. Bytes alone would let a case hold thousands of short ones (about 335 bytes each), and
 * every visit is a choice on the undo form and a date in the draft of the child's letter, which
 * would then pass what Teams takes in one message and what the letter's box holds.
 */
export const VISITS_LIMIT = 150;

/** The refusal for an extra visit past VISITS_LIMIT, or null. */
export function visitsLimitRefusal(state: CaseState): Refusal | null {
  if (state.visits.length < VISITS_LIMIT) return null;
  return refuse('CASE_FULL', 'R-VISIT-1',
    `This case already holds ${VISITS_LIMIT} visits, as many as the bot keeps for one case, so no further visit can be recorded on it: ` +
    'record any further visit in the case file in the case-record system. The visits already on the case, decisions, the letter, the review and closing the case can still be recorded.');
}

/** The steps that carry a case through sign-off and to its end, which a full case must still take. */
const CLOSING_STEPS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'DecisionGiven', 'DirectorAuthorisationRequested', 'IroViewRecorded', 'RiskViewGiven', 'CareEpisodeEnded', 'EndOfCareTold', 'ChildBackInCare',
  'PlacementEndRequested', 'PlacementEnded', 'ReviewMeetingHeld', 'NotViableActionsRecorded',
  'CaseWithdrawn', 'IroInformed', 'ChildReturnedHome',
]);

function limitFor(event: CaseEvent): number {
  if (event.type === 'VisitRecorded') return (event.outcome ?? 'seen') === 'seen' ? SEEN_VISITS_LIMIT : PEOPLE_LIMIT;
  return CLOSING_STEPS.has(event.type) ? CASE_LIMIT : PEOPLE_LIMIT;
}

/**
 * A case's size as the stores' limits see it: UTF-16 (2 bytes a unit), or the UTF-8 of the JSON
 * escaped again as a request body sends it, whichever is more (as entity-json.ts measures).
 */
export function caseSize(state: CaseState): number {
  return sizeOfJson(JSON.stringify(state));
}

function sizeOfJson(text: string): number {
  let utf8 = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) utf8 += 2;
    else if (c < 0x80) utf8 += 1;
    else if (c < 0x800) utf8 += 2;
    else if (c >= 0xd800 && c <= 0xdfff) utf8 += 2;
    else utf8 += 3;
  }
  return Math.max(text.length * 2, utf8);
}

/** No unit of the JSON counts more than 3 bytes, so a case this short is within the limit without counting (every click's case). */
function surelyWithin(text: string, limit: number): boolean {
  return text.length * 3 + 2 <= limit;
}

/** The limit a change passes (and so is refused at), or null when it fits. */
function limitPassed(before: CaseState, text: string, event: CaseEvent): number | null {
  if (surelyWithin(text, PEOPLE_LIMIT)) return null;
  const size = sizeOfJson(text);
  const limit = limitFor(event);
  return size > limit && size > caseSize(before) ? limit : null;
}

/** What can still be recorded, said to whoever is refused: never the kind of step just refused. */
const STILL_RECORDED: Record<number, string> = {
  [PEOPLE_LIMIT]: 'Decisions, sign-off, visits where the child was seen and closing the case can still be recorded, and reminders and overdue notices carry on.',
  [SEEN_VISITS_LIMIT]: 'Decisions, sign-off and closing the case can still be recorded, and reminders and overdue notices carry on.',
  [CASE_LIMIT]: 'Reminders and overdue notices carry on.',
};

function caseFull(limit: number = PEOPLE_LIMIT): Refusal {
  return refuse('CASE_FULL', null,
    `This case already holds as much written text as ${APP_NAME} can keep, so this was not recorded. ` +
    'Shorten what you wrote, or put the long text in the case file in the case-record system and write a short note here saying where it is, then try again. ' +
    STILL_RECORDED[limit]);
}

/**
 * The refusal for a change whose audit row (its before and after, as the JSON the store writes)
 * could not be kept, or null; the scheduler's are never refused.
 */
export function auditRowRefusal(row: { before: string; after: string }, actor: { role: string }): Refusal | null {
  if (actor.role === 'system') return null;
  const { before, after } = row;
  // Every click's row is far too short to need counting (no unit counts more than 3 bytes).
  if ((before.length + after.length) * 3 + 4 <= AUDIT_LIMIT) return null;
  return sizeOfJson(before) + sizeOfJson(after) > AUDIT_LIMIT ? caseFull() : null;
}

/** The refusal for a change that would make the case too large to keep, or null. */
export function caseSizeRefusal(before: CaseState, after: CaseState, event: CaseEvent): Refusal | null {
  if (event.actor.role === 'system') return null;
  const limit = limitPassed(before, JSON.stringify(after), event);
  return limit === null ? null : caseFull(limit);
}
