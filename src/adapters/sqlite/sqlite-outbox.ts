/**
 * The Outbox port on SQLite: the outbox table (filled by commits). Leases and settling are written
 * relaxed (see sqlite-connection.ts): a power cut can only make a delivery happen again.
 */
import type Database from 'better-sqlite3';
import { LeaseLostError, type Instant, type OutboxCounts, type OutboxItem, type OutboxStatus } from '../../ports/case-store';
import { DEFAULT_LIST_LIMIT, deliveredSettlement, failedSettlement, positiveInteger } from '../../ports/commit-rules';
import type { Outbox } from '../../ports/outbox';
import { normaliseInstant } from '../instant';
import { relaxed } from './sqlite-connection';
import { toOutboxItem, type OutboxRow } from './sqlite-rows';
import type { WalSync } from './wal-sync';


function prepareStatements(db: Database.Database) {
  return {
    // The lowest-seq undelivered item of each case in each lane only: a pending or dead predecessor
    // in the same lane holds it back; the other lane's items do not (index outbox_case_lane).
    claimable: db.prepare(`SELECT * FROM outbox AS o
      WHERE o.status = 'pending' AND o.not_before <= @now
        AND (o.lease_owner IS NULL OR o.lease_owner = @owner OR o.lease_until <= @now)
        AND NOT EXISTS (SELECT 1 FROM outbox AS e
          WHERE e.case_id = o.case_id AND e.lane = o.lane AND e.seq < o.seq AND e.status <> 'delivered')
      ORDER BY o.created_at, o.case_id, o.seq
      LIMIT @limit`),
    lease: db.prepare('UPDATE outbox SET lease_owner = @owner, lease_until = @leaseUntil WHERE effect_id = @effectId'),
    renew: db.prepare(`UPDATE outbox SET lease_until = @leaseUntil WHERE effect_id = @effectId AND lease_owner = @owner AND status = 'pending'`),
    delivered: db.prepare(`UPDATE outbox SET status = @status, delivered_at = @deliveredAt, lease_owner = NULL, lease_until = NULL
      WHERE effect_id = @effectId AND lease_owner = @owner AND status = 'pending'`),
    failed: db.prepare(`UPDATE outbox SET status = @status, attempts = attempts + @attempted, last_error = @error, not_before = @notBefore,
      lease_owner = NULL, lease_until = NULL
      WHERE effect_id = @effectId AND lease_owner = @owner AND status = 'pending'`),
    outboxCounts: db.prepare('SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox GROUP BY status'),
    outboxByStatus: db.prepare('SELECT * FROM outbox WHERE status = ? ORDER BY created_at, case_id, seq LIMIT ?'),
    replayAllDead: db.prepare(`UPDATE outbox SET status = 'pending', attempts = 0, lease_owner = NULL, lease_until = NULL
      WHERE status = 'dead'`),
    replayOneDead: db.prepare(`UPDATE outbox SET status = 'pending', attempts = 0, lease_owner = NULL, lease_until = NULL
      WHERE status = 'dead' AND effect_id = ?`),
  };
}

export class SqliteOutbox implements Outbox {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly claimTransaction: Database.Transaction<(owner: string, now: Instant, leaseUntil: Instant, limit: number) => OutboxItem[]>;

  constructor(
    private readonly db: Database.Database,
    /** Flushes the write-ahead log off the event loop; null for :memory:. */
    private readonly walSync: WalSync | null = null,
  ) {
    this.statements = prepareStatements(db);
    this.claimTransaction = db.transaction((owner: string, now: Instant, leaseUntil: Instant, limit: number) => {
      const rows = this.statements.claimable.all({ owner, now, limit }) as OutboxRow[];
      for (const row of rows) this.statements.lease.run({ owner, leaseUntil, effectId: row.effect_id });
      return rows.map((row) => toOutboxItem({ ...row, lease_owner: owner, lease_until: leaseUntil }));
    });
  }

  async claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]> {
    const args = [owner, normaliseInstant(now, 'now'), normaliseInstant(leaseUntil, 'leaseUntil'), positiveInteger(limit, 'limit')] as const;
    const claimed = relaxed(this.db, () => this.claimTransaction.immediate(...args));
    // A commit is readable a moment before its flush ends (it is written first, then flushed off
    // the event loop): the items claimed are delivered only once they are on disk, so a power cut
    // can never take back a decision whose notice went out.
    if (claimed.length > 0 && this.walSync) await this.walSync.sync();
    return claimed;
  }

  async markDelivered(effectId: string, owner: string, at: Instant): Promise<void> {
    const settled = deliveredSettlement(normaliseInstant(at, 'at'));
    const result = relaxed(this.db, () => this.statements.delivered.run({ effectId, owner, status: settled.status, deliveredAt: settled.deliveredAt }));
    if (result.changes === 0) throw new LeaseLostError(effectId, owner);
  }

  async renewLease(effectId: string, owner: string, leaseUntil: Instant): Promise<void> {
    const until = normaliseInstant(leaseUntil, 'leaseUntil');
    const result = relaxed(this.db, () => this.statements.renew.run({ effectId, owner, leaseUntil: until }));
    if (result.changes === 0) throw new LeaseLostError(effectId, owner);
  }

  async markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean, attempted = true): Promise<void> {
    const settled = failedSettlement(error, normaliseInstant(notBefore, 'notBefore'), dead);
    const result = relaxed(this.db, () => this.statements.failed.run({ effectId, owner, status: settled.status, error: settled.failure!.lastError, notBefore: settled.failure!.notBefore, attempted: attempted ? 1 : 0 }));
    if (result.changes === 0) throw new LeaseLostError(effectId, owner);
  }

  async outboxCounts(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, oldestPendingAt: null };
    for (const row of this.statements.outboxCounts.all() as { status: OutboxStatus; n: number; oldest: string }[]) {
      counts[row.status] = row.n;
      if (row.status === 'pending') counts.oldestPendingAt = row.oldest;
    }
    return counts;
  }

  /** Oldest first. */
  async listOutbox(status: OutboxStatus, limit = DEFAULT_LIST_LIMIT): Promise<OutboxItem[]> {
    return (this.statements.outboxByStatus.all(status, positiveInteger(limit, 'limit')) as OutboxRow[]).map(toOutboxItem);
  }

  async replayDead(effectId?: string): Promise<number> {
    const result = effectId === undefined ? this.statements.replayAllDead.run() : this.statements.replayOneDead.run(effectId);
    return result.changes;
  }
}
