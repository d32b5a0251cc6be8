/**
 * Recorder: the organisation's record of every case, decision, task and audit entry
 * (SharePoint lists through Microsoft Graph; a local SQLite table when Graph is not configured).
 * Calls come from the outbox worker and may be repeated: `key` makes each one idempotent —
 * a repeated create never makes a second row, a repeated update changes nothing.
 */

export type RecordList = 'cases' | 'decisions' | 'tasks' | 'audit';

export type FieldValue = string | number | boolean | null;

export interface RecordRequest {
  list: RecordList;
  /**
   * Idempotency / identity key. For `cases` and `tasks` it names the row (the same key
   * updates the same row); for `decisions` and `audit` every key is a new, append-only row.
   */
  key: string;
  /** The case this row belongs to (for ordering and filtering). */
  caseRef: string;
  fields: Record<string, FieldValue>;
}

/** A failure the outbox worker should retry later (throttling, outage); carries Retry-After when known. */
export class TransientRecordError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
    this.name = 'TransientRecordError';
  }
}

/**
 * Not sent at all: held back by the bot itself to keep under Teams' documented rate for one
 * conversation, to be tried after `retryAfterMs`. Not a failed attempt, so however busy a
 * conversation is, pacing alone never gives a message up.
 */
export class HeldBackError extends TransientRecordError {
  constructor(message: string, retryAfterMs: number) {
    super(message, retryAfterMs);
    this.name = 'HeldBackError';
  }
}

/**
 * Not done: the service (Teams, Graph) refused it as too many requests and said when to come back
 * (429, or SharePoint's 503, with Retry-After). Nothing is wrong with the item, and the service did
 * nothing with it, so it is not a failed attempt: a busy morning's throttling never gives a message
 * up, however many times it meets it; it is tried again when the service said.
 */
export class ThrottledError extends HeldBackError {
  /** 429 Too Many Requests, or 503 Service Unavailable (SharePoint busy, or Graph out) with Retry-After. */
  constructor(message: string, retryAfterMs: number, readonly status: 429 | 503 = 429) {
    super(message, retryAfterMs);
    this.name = 'ThrottledError';
  }
}

/** How long an item waits after the bot could not sign in, before it is tried again. */
export const SIGN_IN_RETRY_MS = 60_000;

/**
 * Not sent at all: the bot could not sign in to `service` (its client secret expired or was
 * rotated, a certificate not accepted, the managed identity not there). Nothing is wrong with the
 * item, so, like pacing, it is not a failed attempt: it is tried again every minute and never given
 * up on, and goes out once the sign-in works. `advice` says which settings to check.
 */
export class SignInFailedError extends HeldBackError {
  constructor(readonly service: string, readonly advice: string, what: string, cause: string) {
    super(`${what}: the bot could not sign in to ${service} (${cause}); ${advice}`, SIGN_IN_RETRY_MS);
    this.name = 'SignInFailedError';
  }
}

/** A failure retrying cannot fix (bad request, missing list, permission denied): the item goes to dead-letter. */
export class PermanentRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentRecordError';
  }
}

export interface Recorder {
  /** Creates or updates as `key` says; resolves once the row is durably recorded. */
  record(request: RecordRequest): Promise<void>;
  /** Several at once (a Graph $batch where it saves requests); same semantics as record() each. */
  recordMany?(requests: RecordRequest[]): Promise<void>;
}
