/**
 * The DeadlineQueue port on Azure Tables: deadline rows live in their case's partition; the `due`
 * hint partition of the index lists unfired deadlines in due order, each hint verified against its
 * row before use (DESIGN.md).
 */
import { odata } from '@azure/data-tables';
import type { Deadline, Instant } from '../../ports/case-store';
import type { DeadlineQueue } from '../../ports/deadline-queue';
import { normaliseInstant } from '../instant';
import { inDueOrder, positiveInteger } from '../../ports/commit-rules';
import { READ_CONCURRENCY, mapConcurrently, type AzureTables } from './azure-table-access';
import type { AzureTableHints } from './azure-table-hints';
import { deadlineEntity, text, toDeadline, type Row } from './azure-table-rows';
import { DEADLINE_PREFIX, INDEX, deadlineRowKey, dueRowKey, dueUpperBound, encodeKey } from './table-keys';

export class AzureTableDeadlineQueue implements DeadlineQueue {
  constructor(
    private readonly tables: AzureTables,
    private readonly hints: AzureTableHints,
  ) {}

  async dueDeadlines(now: Instant, limit: number, except?: ReadonlySet<string>): Promise<Deadline[]> {
    const at = normaliseInstant(now, 'now');
    positiveInteger(limit, 'limit');
    await this.tables.ready();
    const due: Deadline[] = [];
    const stale: string[] = [];
    let batch: Row[] = [];
    const verify = async (): Promise<void> => {
      const found = await mapConcurrently(batch, READ_CONCURRENCY, (hint) =>
        this.hints.pendingDeadline(text(hint, 'caseId'), text(hint, 'deadlineId'), hint.rowKey ?? ''));
      found.forEach((deadline, n) => {
        if (deadline) due.push(deadline);
        else stale.push(batch[n]?.rowKey ?? '');
      });
      batch = [];
    };
    // Hints come in RowKey order, which is due order; each is verified against its case partition.
    const filter = odata`PartitionKey eq ${INDEX.due} and RowKey lt ${dueUpperBound(at)}`;
    for await (const hint of this.tables.index.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      // Passed over unread: a deadline the caller is firing meanwhile.
      if (except?.has(text(hint, 'deadlineId'))) continue;
      batch.push(hint);
      if (due.length + batch.length >= limit) {
        await verify();
        if (due.length >= limit) break;
      }
    }
    if (batch.length > 0) await verify();
    await Promise.allSettled(stale.map((rowKey) => this.hints.pruneDueHint(rowKey)));
    return due.slice(0, limit);
  }

  /** Read from each case's partition (the rows themselves, not the `due` hints). */
  async dueDeadlinesOfCases(caseIds: readonly string[], now: Instant): Promise<Deadline[]> {
    const at = normaliseInstant(now, 'now');
    await this.tables.ready();
    const ofCases = await mapConcurrently([...new Set(caseIds)], READ_CONCURRENCY, (caseId) => this.deadlines(caseId));
    return ofCases.flat().filter((d) => d.firedAt === null && d.dueAt <= at).sort(inDueOrder);
  }

  /** Keeps the first firing time if it had already fired; an unknown id changes nothing. */
  async markDeadlineFired(deadlineId: string, at: Instant): Promise<void> {
    const firedAt = normaliseInstant(at, 'at');
    await this.tables.ready();
    await this.fire(deadlineId, firedAt);
  }

  /**
   * Marks the deadline fired at `firedAt` if it has not fired (and, when `dueAt` is given, is still
   * due then). Also the firings of the repository's commitBatch. The tables must be ready.
   */
  async fire(deadlineId: string, firedAt: Instant, dueAt?: Instant): Promise<void> {
    const { cases, index } = this.tables;
    const hint = await this.tables.getRow(index, INDEX.deadline, encodeKey(deadlineId, 'deadlineId'));
    if (!hint) return;
    const partitionKey = encodeKey(text(hint, 'caseId'), 'caseId');
    for (;;) {
      const row = await this.tables.getRow(cases, partitionKey, deadlineRowKey(deadlineId));
      const deadline = row && toDeadline(row);
      if (!row || !deadline || deadline.firedAt !== null) return;
      if (dueAt !== undefined && deadline.dueAt !== dueAt) return;
      const fired = await this.tables.attempt(() => cases.updateEntity(deadlineEntity(partitionKey, { ...deadline, firedAt }), 'Replace', { etag: row.etag }));
      if (fired) {
        await this.hints.pruneDueHint(dueRowKey(deadline.dueAt, deadlineId)).catch(() => undefined);
        return;
      }
    }
  }

  /** Scheduled and fired deadlines of the case (cancelled ones are gone), by due time. */
  async deadlines(caseId: string): Promise<Deadline[]> {
    await this.tables.ready();
    const rows = await this.tables.query(this.tables.cases, this.tables.partitionRange(encodeKey(caseId, 'caseId'), DEADLINE_PREFIX));
    return rows.map(toDeadline).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.deadlineId.localeCompare(b.deadlineId));
  }
}
