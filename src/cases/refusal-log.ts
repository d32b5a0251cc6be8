/**
 * Every authority refusal leaves a trace (M7): kept in the refusal log of the case it names, or in
 * the store's refusal log when no case matches (a guessed or stale id, an unknown reference), and
 * handed to the logger without child data (codes and ids only: no names, no free text, no reference).
 */
import { randomUUID } from 'node:crypto';
import { NO_MATCHING_CASE, type Instant, type RefusalEntryInput } from '../ports/case-store';
import type { CaseAuditLog } from '../ports/case-audit-log';
import { DECISION_COMMENT_MAX, type Person } from '../protocol';
import type { Authority } from './authority';
import type { OutcomeCode } from './outcome-codes';
import { mayKeepRefusal } from './refusal-cap';

/**
 * Refusals about who acted, not what was asked. `CASE_NOT_VISIBLE`: a case this person may not
 * see (a stranger, a lapsed deputy with no other role); `UNKNOWN_CASE`: a case id or reference that
 * matches no case; `UNKNOWN_APPROVAL`: an approval id that is not this case's (guessed, or another case's).
 * `ALREADY_DECIDED`: a decision given after someone else's (a same-second race, an old card), kept
 * with its comment, so what a second approver said is on the record even though it decided nothing.
 */
export const AUDITED_REFUSALS: ReadonlySet<string> = new Set<OutcomeCode>([
  'NOT_YOUR_ROLE',
  'DEPUTY_OUT_OF_DATES',
  'SELF_APPROVAL',
  'SAME_PERSON_HOS_AND_DIRECTOR',
  'NOT_YOUR_CASE',
  'UNKNOWN_APPROVAL',
  'CASE_NOT_VISIBLE',
  'UNKNOWN_CASE',
  'ALREADY_DECIDED',
]);

/** A name from an activity is not ours to trust in length. */
const MAX_LOGGED_NAME = 200;

/** What the logger is told of a refusal: codes and ids, never names or case references. */
export interface RefusalLogLine {
  code: string;
  action: string;
  actorId: string;
  caseId: string;
  rule: string | null;
  correlationId: string;
}

export interface RefusalLogDeps {
  store: Pick<CaseAuditLog, 'recordRefusal'>;
  authority: Authority;
  onRefusal?: (line: RefusalLogLine) => void;
}

export interface Refused {
  /** The case named, if there is one; otherwise what was named goes to the store's log. */
  caseId: string | null;
  named?: string;
  person: Person;
  action: string;
  code: OutcomeCode;
  rule: string | null;
  at: Instant;
  correlationId?: string;
  /** What they wrote with a decision refused as ALREADY_DECIDED. */
  comment?: string;
}

export async function keepRefusal(deps: RefusalLogDeps, refused: Refused): Promise<void> {
  if (!AUDITED_REFUSALS.has(refused.code)) return;
  // What the activity said, whatever its type: an odd identity is still worth keeping, as text.
  const actorId = String(refused.person.id).slice(0, MAX_LOGGED_NAME);
  const entry: RefusalEntryInput = {
    caseId: refused.caseId ?? NO_MATCHING_CASE,
    at: refused.at,
    actorId,
    actorName: String(deps.authority.displayName(actorId, String(refused.person.name))).slice(0, MAX_LOGGED_NAME),
    action: String(refused.action).slice(0, 100),
    code: refused.code,
    rule: refused.rule,
    correlationId: String(refused.correlationId ?? randomUUID()).slice(0, 200),
    ...(refused.caseId === null ? { named: String(refused.named ?? '').slice(0, 100) } : {}),
    ...(refused.comment && refused.caseId !== null ? { comment: refused.comment.slice(0, DECISION_COMMENT_MAX) } : {}),
  };
  if (mayKeepRefusal(deps.store, actorId, entry.at)) await deps.store.recordRefusal(entry);
  deps.onRefusal?.({ code: entry.code, action: entry.action, actorId: entry.actorId, caseId: entry.caseId, rule: entry.rule, correlationId: entry.correlationId });
}
