/**
 * How large a case may grow. The case is stored whole as one JSON value, and the Azure store keeps
 * it in one entity (at most 1 MiB, of which 960,000 bytes for JSON; a string counted as UTF-16) and
 * its audit row keeps the changed parts before and after (so up to twice a part). Past that every
 * write to the case fails, its deadlines too, and its overdue notices stop. So what people write
 * stops at PEOPLE_LIMIT, and the steps the protocol must still be able to record (decisions,
 * sign-off, visits where the child was seen, closing) may go on to CASE_LIMIT, whose double still
 * fits one entity. Repeatable steps (not-seen attempts, revised assessments, handovers) are not
 * among them, so they cannot eat that room. The scheduler's own changes (deadlines) are never
 * refused: each adds a few bytes. Both stores apply this one rule.
 */
import type { CaseEvent, CaseEventType } from './case-events';
import type { CaseState } from './case-state';
import { refuse, type Refusal } from './refusal';

/**
 * Bytes of case JSON what people write may fill: 190,000 plain characters (a quote or backslash
 * counts double), above the largest case the forms allow with one revised assessment
 * (test/bot/card-size.test.ts: 361,000 bytes).
 */
export const PEOPLE_LIMIT = 380_000;
/** Bytes of case JSON the protocol's own steps may fill: twice this (an audit row's before and after) still fits 960,000. */
export const CASE_LIMIT = 460_000;

/** The steps that carry a case through sign-off and to its end, which a full case must still take. */
const PROTOCOL_STEPS: ReadonlySet<CaseEventType> = new Set<CaseEventType>([
  'DecisionGiven', 'DirectorAuthorisationRequested', 'IroViewRecorded', 'RiskViewGiven', 'CareEpisodeEnded',
  'PlacementEndRequested', 'PlacementEnded', 'ReviewMeetingHeld', 'NotViableActionsRecorded',
  'CaseWithdrawn', 'IroInformed', 'ChildReturnedHome',
]);

function isProtocolStep(event: CaseEvent): boolean {
  if (event.type === 'VisitRecorded') return (event.outcome ?? 'seen') === 'seen';
  return PROTOCOL_STEPS.has(event.type);
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

/** The refusal for a change that would make the case too large to keep, or null. */
export function caseSizeRefusal(before: CaseState, after: CaseState, event: CaseEvent): Refusal | null {
  if (event.actor.role === 'system') return null;
  const text = JSON.stringify(after);
  if (surelyWithin(text, PEOPLE_LIMIT)) return null;
  const size = sizeOfJson(text);
  if (size <= PEOPLE_LIMIT) return null;
  const limit = isProtocolStep(event) ? CASE_LIMIT : PEOPLE_LIMIT;
  if (size <= limit || size <= caseSize(before)) return null;
  return refuse('CASE_FULL', null,
    'This case already holds as much written text as the bot can keep, so this was not recorded. ' +
    'Shorten what you wrote, or put the long text in the case file in the case-record system and write a short note here saying where it is, then try again. ' +
    'Decisions, sign-off, visits where the child was seen and closing the case can still be recorded, and reminders and overdue notices carry on.');
}
