/**
 * CaseStore: where cases live. One commit saves, in a single transaction, the case's new
 * state (with optimistic concurrency on `version`), its audit entry, the effects to deliver
 * (the outbox), the deadlines to schedule or cancel, and the idempotency record of the
 * command — so a crash can never leave a state change without its effects, or vice versa.
 *
 * The store does not interpret the case state: it is JSON owned by src/protocol.
 * Every adapter (SQLite, Azure Tables) must pass test/adapters/case-store-contract.ts.
 */

import type { CaseAuditLog } from './case-audit-log';
import type { CaseRepository } from './case-repository';
import type { DeadlineQueue } from './deadline-queue';
import type { DeliveryState } from './delivery-state';
import type { Outbox } from './outbox';

/**
 * ISO 8601 instant, e.g. 2026-03-02T09:15:00.000Z. Adapters normalise every instant they store
 * to UTC `toISOString()` form (so stored instants compare correctly as strings) and reject
 * strings that are not instants.
 */
export type Instant = string;

export interface CaseSummary {
  caseId: string;
  /** The case reference shown to people (the case-record id) — never a child's name. */
  ref: string;
  pathway: string;
  stage: string;
  /** Entra object ids of the people named on the case, for "my cases". */
  participants: string[];
  openedAt: Instant;
  updatedAt: Instant;
}

export interface StoredCase<S = unknown> {
  summary: CaseSummary;
  version: number;
  state: S;
}

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
  /** What changed: the parts of the state before and after (no child's name or date of birth in free text fields). */
  before: unknown;
  after: unknown;
  correlationId: string;
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

export interface OutboxItemInput {
  /** Stable id of the effect, unique across the store (also its idempotency key downstream). */
  effectId: string;
  kind: string;
  payload: unknown;
}

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

/**
 * The lane an outbox item is delivered in. Items are delivered in order per case per lane:
 *  - `records`: SharePoint records (kind `record`) and the case file's documents (kind `document`),
 *    written through Microsoft Graph. Their order
 *    matters (a row's update must not overtake its create, the audit list keeps its sequence).
 *  - `messages`: everything else — notices (`notify`) and approval requests (`request-approval`),
 *    sent as Teams proactive messages and Outlook mail.
 * The two lanes do not depend on each other, and they fail for different reasons (a Teams outage,
 * a person who blocked the bot; a Graph outage, a list changed by hand), so a message that is
 * failing or dead never holds back the case's records, nor a record its messages.
 */
export type OutboxLane = 'records' | 'messages';

export const OUTBOX_LANES: readonly OutboxLane[] = ['records', 'messages'];

/** The item kinds delivered in the `records` lane; every other kind is a message. */
export const RECORD_KINDS: readonly string[] = ['record', 'document'];

/** The one place an item's lane is derived from its kind: every adapter uses this. */
export function outboxLane(kind: string): OutboxLane {
  return RECORD_KINDS.includes(kind) ? 'records' : 'messages';
}

export interface OutboxItem extends OutboxItemInput {
  caseId: string;
  /** Order within the case: items of one case and one lane (see outboxLane) are delivered in this order. */
  seq: number;
  status: OutboxStatus;
  attempts: number;
  /** Not delivered before this instant (back-off, Retry-After). */
  notBefore: Instant;
  lastError: string | null;
  createdAt: Instant;
  deliveredAt: Instant | null;
  leaseOwner: string | null;
  leaseUntil: Instant | null;
}

export interface DeadlineInput {
  /** Stable id, e.g. `${caseId}:visit:1:overdue`; scheduling the same id again replaces it. */
  deadlineId: string;
  kind: string;
  /** When it falls due. */
  dueAt: Instant;
  payload: unknown;
}

export interface Deadline extends DeadlineInput {
  caseId: string;
  firedAt: Instant | null;
}

export interface CommandRecord {
  /** The idempotency key the command carried (a card click's id, an activity id …). */
  key: string;
  /** What the command returned the first time; returned again on a repeat. */
  outcome: unknown;
}

export interface CaseCommit<S = unknown> {
  summary: CaseSummary;
  /** 0 to create the case; otherwise the version that was read. */
  expectedVersion: number;
  state: S;
  audit: AuditEntryInput;
  outbox: OutboxItemInput[];
  /**
   * Deadlines of this case to schedule (replacing any with the same id, which also clears its
   * firedAt), to cancel (they never come due again), and to mark fired at `audit.at` (the
   * deadlines whose event this commit records, so a crash cannot fire them twice).
   */
  deadlines?: { schedule?: DeadlineInput[]; cancel?: string[]; fired?: string[] };
  /** When given and the key was already committed, nothing is written: DUPLICATE_COMMAND. */
  command?: CommandRecord;
}

/**
 * A deadline to mark fired outside any commit: its event was refused, no longer applies, or its
 * case is gone, so nothing else changes (see commitBatch).
 */
export interface DeadlineFiring {
  deadlineId: string;
  /** The due time it was read with: a deadline rescheduled since then (another dueAt) is left alone. */
  dueAt: Instant;
  at: Instant;
}

/** What commitBatch writes: firings first, then the commits in order. */
export interface CommitBatch<S = unknown> {
  firings?: DeadlineFiring[];
  commits: CaseCommit<S>[];
}

export type CommitResult =
  | { ok: true; version: number }
  | { ok: false; code: 'VERSION_CONFLICT'; currentVersion: number }
  | { ok: false; code: 'DUPLICATE_REF'; existingCaseId: string }
  | { ok: false; code: 'DUPLICATE_COMMAND'; outcome: unknown };

export interface CaseListFilter {
  participant?: string;
  stage?: string;
  limit?: number;
}

export interface OutboxCounts {
  pending: number;
  delivered: number;
  dead: number;
  /** Oldest pending item's creation time, if any. */
  oldestPendingAt: Instant | null;
}

/**
 * markDelivered / markFailed by a worker that no longer holds the item's lease (it expired and
 * another worker claimed it, or the item was already settled): nothing was changed.
 */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(readonly effectId: string, readonly owner: string) {
    super(`outbox item ${effectId} is no longer leased by ${owner}`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The whole store, as each adapter implements it: the small ports its users need (a user takes
 * only the port it uses), with retention's erasure, the readiness probe and closing.
 */
export interface CaseStore extends CaseRepository, CaseAuditLog, Outbox, DeadlineQueue, DeliveryState {
  /**
   * Retention: applies `commit` (the case's erased state and the audit entry saying so) exactly as
   * commit() would, and rewrites through `erase` the JSON the store keeps for the case beside its
   * state: its audit entries' before/after, its outbox payloads, its deadline payloads and its
   * command outcomes. Who acted, when, in which role and what they did stay as they were (the
   * SQLite file refuses any other change to an audit entry). A refused commit (VERSION_CONFLICT …)
   * erases nothing. SQLite does it all in one transaction; Azure Tables rewrites the rows first and
   * commits last, so a failure part-way leaves the case as it was apart from rows already erased,
   * and running it again completes it (`erase` is idempotent).
   */
  eraseCase<S>(commit: CaseCommit<S>, erase: (value: unknown) => unknown): Promise<CommitResult>;
  /**
   * After erasures: makes sure the erased text is not left in space the store freed (SQLite
   * rebuilds its file with VACUUM and truncates its write-ahead log; Azure Tables has nothing to do).
   */
  reclaimErasedSpace(): Promise<void>;

  /**
   * Writes a small probe record and returns once it is stored, or throws the store's own error
   * (a full disk, a read-only file, an unreachable account). /readyz calls it: a store that
   * cannot take this write cannot take a decision either.
   */
  checkWritable(at: Instant): Promise<void>;

  close(): Promise<void>;
}
