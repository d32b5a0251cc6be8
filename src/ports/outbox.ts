/** The transactional outbox (filled by commits): what the outbox worker claims, delivers and settles, and what operators see and replay. */
import type { Instant } from './instant';

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

export interface Outbox {
  /**
   * Claims up to `limit` deliverable items for `owner` until `leaseUntil`: pending, due
   * (notBefore ≤ now), not leased by another live owner, and each the lowest-seq undelivered
   * item of its case IN ITS LANE (outboxLane: records, messages), so one case's records go out in
   * order and so do its messages, while the two lanes go independently (at most one item per case
   * per lane is handed out at a time). Expired leases are taken over.
   * A pending (backing off) or dead item blocks the later items of its case in the same lane
   * until it is delivered or replayed: delivering them out of order could be worse than waiting
   * (an update before its create). It does not block the other lane: records do not depend on
   * messages, and a Teams failure must not stop SharePoint records (nor a Graph outage the
   * notices to approvers). Items the same owner
   * still holds are returned again with the lease renewed (a restarted worker resumes at once),
   * so one owner id must not run two claims at the same time. Atomic across processes.
   */
  claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]>;
  /** Throws LeaseLostError (changing nothing) unless `owner` holds the item's lease. */
  markDelivered(effectId: string, owner: string, at: Instant): Promise<void>;
  /**
   * A delivery still making progress (a notice to a large group, one person at a time) keeps its
   * item: the lease now runs until `leaseUntil`. Throws LeaseLostError (changing nothing) unless
   * `owner` still holds it (another instance took it over once it ran out).
   */
  renewLease(effectId: string, owner: string, leaseUntil: Instant): Promise<void>;
  /**
   * A failed attempt: back to pending with notBefore, or dead (poison) when `dead` is true.
   * Counts the attempt (unless `attempted` is false: it was not sent at all, held back by the
   * bot's own pacing) and releases the lease. Throws LeaseLostError unless `owner` holds it.
   */
  markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean, attempted?: boolean): Promise<void>;
  outboxCounts(): Promise<OutboxCounts>;
  listOutbox(status: OutboxStatus, limit?: number): Promise<OutboxItem[]>;
  /** Puts dead items (all, or the one named) back to pending with attempts 0; returns how many. */
  replayDead(effectId?: string): Promise<number>;
}
