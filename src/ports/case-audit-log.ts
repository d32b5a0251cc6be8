/** A case's audit trail (written by its commits) and its refusal log (appended on its own). */
import type { Instant } from './instant';

export interface AuditEntryInput {
  at: Instant;
  /** Entra object id of the person who acted, or "system" for the scheduler. */
  actorId: string;
  actorName: string;
  /** Set when a deputy acted: the person whose authority they used. */
  onBehalfOfId?: string | null;
  onBehalfOfName?: string | null;
  role: string;
  action: string;
  /**
   * What changed, before and after: only the places that changed, in the state's own shape (a
   * list's records by index; a place on one side only was added or removed; no date of birth, no
   * letter's words). Entries written before round ten hold each changed top-level part whole.
   */
  before: unknown;
  after: unknown;
  /**
   * `before` and `after` already written out as JSON, where the service did so (to measure the row):
   * the store writes these rather than writing the objects out again. Never read back.
   */
  json?: AuditJson;
  correlationId: string;
}

/** An audit row's before and after as JSON text. */
export interface AuditJson {
  before: string;
  after: string;
}

export interface AuditEntry extends AuditEntryInput {
  caseId: string;
  /** 1, 2, 3 … within the case; never reused. */
  seq: number;
}

/**
 * An authority check that refused someone on a case (wrong role, deputy outside their dates,
 * self-approval, the same person as Head of Service and Director). Kept apart from the audit
 * trail because nothing changed: recording it must not move the case's version.
 */
export interface RefusalEntryInput {
  /** The case named; NO_MATCHING_CASE for the store's own refusal log (no case matched what was named). */
  caseId: string;
  at: Instant;
  /** Entra object id of the person refused, and their name as the directory or activity gave it. */
  actorId: string;
  actorName: string;
  /** What they tried, e.g. the event type `DecisionGiven`. */
  action: string;
  /** The refusal's stable code, e.g. NOT_YOUR_ROLE. */
  code: string;
  rule: string | null;
  correlationId: string;
  /** In the store's log: the case id or reference they named, as given (at most 100 characters). */
  named?: string;
  /** What they wrote with a decision someone else gave first (ALREADY_DECIDED): kept, not lost. */
  comment?: string;
}

/**
 * The store's refusal log, for refusals that name no case there is (a guessed or stale case id,
 * an unknown reference): recordRefusal and refusals with this as the case id. Never a real case
 * id (those are UUIDs).
 */
export const NO_MATCHING_CASE = '(no case)';

export interface RefusalEntry extends RefusalEntryInput {
  /** 1, 2, 3 … within the case, oldest first (numbered as read back; refusals at the same instant may come in any order). */
  seq: number;
}

export interface CaseAuditLog {
  audit(caseId: string): Promise<AuditEntry[]>;
  /**
   * Appends a refused authority check to the log of an existing case (append-only). It never
   * touches the case, its version, its audit trail or its outbox. The instant is normalised; a
   * malformed one throws.
   */
  recordRefusal(entry: RefusalEntryInput): Promise<void>;
  /** The case's refusals, oldest first. */
  refusals(caseId: string): Promise<RefusalEntry[]>;
  /**
   * Deletes the refusals recorded before `before`, of every case and of the store's own log, and
   * returns how many (refusal-ageing.ts). Nothing younger can be deleted (SQLite's triggers refuse it).
   */
  forgetRefusalsBefore(before: Instant): Promise<number>;
}
