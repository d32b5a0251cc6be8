/**
 * The Outbox port on Azure Tables: outbox rows live in their case's partition (written by the
 * commit's transaction); the `outbox` hint partition lists the cases with undelivered items.
 * Leases and settling are If-Match updates of the row, so of two instances one wins (DESIGN.md).
 */
import { odata } from '@azure/data-tables';
import { LeaseLostError, OUTBOX_LANES, type Instant, type OutboxCounts, type OutboxItem, type OutboxStatus } from '../../ports/case-store';
import { DEFAULT_LIST_LIMIT, deliveredSettlement, failedSettlement, positiveInteger } from '../../ports/commit-rules';
import type { Outbox } from '../../ports/outbox';
import { normaliseInstant } from '../instant';
import { READ_CONCURRENCY, mapConcurrently, type AzureTables } from './azure-table-access';
import type { AzureTableHints } from './azure-table-hints';
import { byCreation, outboxEntity, text, toOutboxItem, type Row } from './azure-table-rows';
import { INDEX, OUTBOX_PREFIX, encodeKey, prefixEnd } from './table-keys';


export class AzureTableOutbox implements Outbox {
  constructor(
    private readonly tables: AzureTables,
    private readonly hints: AzureTableHints,
  ) {}

  async claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]> {
    const at = normaliseInstant(now, 'now');
    const until = normaliseInstant(leaseUntil, 'leaseUntil');
    positiveInteger(limit, 'limit');
    await this.tables.ready();
    const hints = await this.tables.query(this.tables.index, odata`PartitionKey eq ${INDEX.outbox}`, ['caseId']);
    const caseIds = hints.map((hint) => text(hint, 'caseId'));
    // Each case's head in each lane: a pending or dead row holds back only the later rows of its lane.
    const heads = await mapConcurrently(caseIds, READ_CONCURRENCY,
      (caseId) => Promise.all(OUTBOX_LANES.map((lane) => this.hints.firstUndelivered(caseId, lane))));

    const candidates: { row: Row; item: OutboxItem }[] = [];
    const drained: string[] = [];
    heads.forEach((laneHeads, n) => {
      const rows = laneHeads.filter((row): row is Row => row !== undefined);
      if (rows.length === 0) {
        drained.push(caseIds[n] ?? '');
        return;
      }
      for (const row of rows) {
        const item = toOutboxItem(row);
        const free = item.leaseOwner === null || item.leaseOwner === owner || (item.leaseUntil !== null && item.leaseUntil <= at);
        if (item.status === 'pending' && item.notBefore <= at && free) candidates.push({ row, item });
      }
    });
    candidates.sort((a, b) => byCreation(a.item, b.item));

    const claimed: OutboxItem[] = [];
    for (const { row, item } of candidates) {
      if (claimed.length >= limit) break;
      const leased: OutboxItem = { ...item, leaseOwner: owner, leaseUntil: until };
      // If-Match: of two instances reading the same row, one lease wins and the other is skipped.
      const won = await this.tables.attempt(() => this.tables.cases.updateEntity(outboxEntity(row.partitionKey ?? '', leased), 'Replace', { etag: row.etag }));
      if (won) claimed.push(leased);
    }
    await Promise.allSettled(drained.map((caseId) => this.hints.pruneOutboxHint(caseId)));
    return claimed;
  }

  /** Settles an item the owner holds: re-reads and re-checks after a lost race, else LeaseLostError. */
  private async settle(effectId: string, owner: string, change: (item: OutboxItem) => OutboxItem): Promise<void> {
    await this.tables.ready();
    const hint = await this.tables.getRow(this.tables.index, INDEX.effect, encodeKey(effectId, 'effectId'));
    for (;;) {
      const row = hint && (await this.hints.outboxRowOf(hint));
      const item = row && toOutboxItem(row);
      if (!row || !item || item.effectId !== effectId || item.status !== 'pending' || item.leaseOwner !== owner) {
        throw new LeaseLostError(effectId, owner);
      }
      const written = await this.tables.attempt(() => this.tables.cases.updateEntity(outboxEntity(row.partitionKey ?? '', change(item)), 'Replace', { etag: row.etag }));
      if (written) return;
    }
  }

  async markDelivered(effectId: string, owner: string, at: Instant): Promise<void> {
    const deliveredAt = normaliseInstant(at, 'at');
    const settled = deliveredSettlement(deliveredAt);
    await this.settle(effectId, owner, (item) => ({ ...item, status: settled.status, deliveredAt: settled.deliveredAt!, leaseOwner: null, leaseUntil: null }));
  }

  async renewLease(effectId: string, owner: string, leaseUntil: Instant): Promise<void> {
    const until = normaliseInstant(leaseUntil, 'leaseUntil');
    await this.settle(effectId, owner, (item) => ({ ...item, leaseUntil: until }));
  }

  async markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean, attempted = true): Promise<void> {
    const settled = failedSettlement(error, normaliseInstant(notBefore, 'notBefore'), dead);
    await this.settle(effectId, owner, (item) => ({ ...item, status: settled.status, attempts: item.attempts + (attempted ? 1 : 0), ...settled.failure!, leaseOwner: null, leaseUntil: null }));
  }

  /** Every outbox row of every case (admin-style scan). */
  private async scanOutbox(status?: OutboxStatus, select?: string[]): Promise<Row[]> {
    const range = odata`RowKey ge ${OUTBOX_PREFIX} and RowKey lt ${prefixEnd(OUTBOX_PREFIX)}`;
    return this.tables.query(this.tables.cases, status === undefined ? range : `${range} and ${odata`status eq ${status}`}`, select);
  }

  /** A scan of every outbox row (admin-style). */
  async outboxCounts(): Promise<OutboxCounts> {
    await this.tables.ready();
    const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, oldestPendingAt: null };
    for (const row of await this.scanOutbox(undefined, ['status', 'createdAt'])) {
      const status = text(row, 'status') as OutboxStatus;
      counts[status] += 1;
      const createdAt = text(row, 'createdAt');
      if (status === 'pending' && (counts.oldestPendingAt === null || createdAt < counts.oldestPendingAt)) counts.oldestPendingAt = createdAt;
    }
    return counts;
  }

  /** Oldest first. A scan of the outbox rows with that status (admin-style). */
  async listOutbox(status: OutboxStatus, limit = DEFAULT_LIST_LIMIT): Promise<OutboxItem[]> {
    positiveInteger(limit, 'limit');
    await this.tables.ready();
    return (await this.scanOutbox(status)).map(toOutboxItem).sort(byCreation).slice(0, limit);
  }

  /** Dead → pending, attempts 0; If-Match, so a row changed meanwhile is re-read. All: a scan (admin-style). */
  async replayDead(effectId?: string): Promise<number> {
    await this.tables.ready();
    const rows: (Row | undefined)[] = effectId === undefined ? await this.scanOutbox('dead') : [await this.hints.outboxRowOfEffect(effectId)];
    let replayed = 0;
    for (let row of rows) {
      while (row && text(row, 'status') === 'dead' && (effectId === undefined || text(row, 'effectId') === effectId)) {
        const item: OutboxItem = { ...toOutboxItem(row), status: 'pending', attempts: 0, leaseOwner: null, leaseUntil: null };
        const current: Row = row;
        if (await this.tables.attempt(() => this.tables.cases.updateEntity(outboxEntity(current.partitionKey ?? '', item), 'Replace', { etag: current.etag }))) {
          replayed += 1;
          break;
        }
        row = await this.tables.getRow(this.tables.cases, current.partitionKey ?? '', current.rowKey ?? '');
      }
    }
    // The case kept its `outbox` hint: a dead row counts as undelivered, so it was never pruned.
    return replayed;
  }
}
