/** The transactional outbox (filled by commits): what the outbox worker claims, delivers and settles, and what operators see and replay. */
import type { Instant, OutboxCounts, OutboxItem, OutboxStatus } from './case-store';

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
   * A failed attempt: back to pending with notBefore, or dead (poison) when `dead` is true.
   * Counts the attempt and releases the lease. Throws LeaseLostError unless `owner` holds it.
   */
  markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean): Promise<void>;
  outboxCounts(): Promise<OutboxCounts>;
  listOutbox(status: OutboxStatus, limit?: number): Promise<OutboxItem[]>;
  /** Puts dead items (all, or the one named) back to pending with attempts 0; returns how many. */
  replayDead(effectId?: string): Promise<number>;
}
