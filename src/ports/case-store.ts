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
import type { CaseCommit, CaseRepository, CommitResult } from './case-repository';
import type { DeadlineQueue } from './deadline-queue';
import type { DeliveryState } from './delivery-state';
import type { Instant } from './instant';
import type { Outbox } from './outbox';

// Each port's types live in its own file; they are all named here too, for the code that takes the whole store.
export type { Instant } from './instant';
export * from './case-repository';
export * from './case-audit-log';
export * from './outbox';
export * from './deadline-queue';

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
