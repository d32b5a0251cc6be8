/**
 * The index table's reservations and hints, shared by the ports that write and read them: a commit
 * reserves refs and command keys and adds hints before its transaction; readers verify a hint
 * against its case partition and prune the stale ones. Why this keeps a commit from ever being
 * half-visible: DESIGN.md beside this file.
 */
import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { Deadline, OutboxItem, OutboxLane } from '../../ports/case-store';
import { sameFolderKey } from '../../ports/case-repository';
import type { AzureTables } from './azure-table-access';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from './azure-table-errors';
import { integer, laneFilter, text, toDeadline, type CaseEntity, type Entity, type Row } from './azure-table-rows';
import type { JsonProperties } from './entity-json';
import { CASE_ROW, INDEX, OUTBOX_PREFIX, deadlineRowKey, dueRowKey, encodeKey, folderPartition, outboxRowKey, participantPartition } from './table-keys';

export class AzureTableHints {
  constructor(private readonly tables: AzureTables) {}

  /**
   * Makes the reservation `partition/rowKey` name `caseId`, after the commit read its case entity:
   * create it, re-write our own (so a takeover in between is detected by its ETag), or take over
   * another case's stale one after fencing that case. False if a race was lost (retry the commit).
   */
  async reserve(partition: string, rowKey: string, caseId: string, seen: Row | undefined, holds: (holder: CaseEntity) => Promise<boolean>): Promise<boolean> {
    const { cases, index } = this.tables;
    const entity: Entity = { partitionKey: partition, rowKey, caseId, claim: randomUUID() };
    if (!seen) return this.tables.attempt(() => index.createEntity(entity));
    const holderId = text(seen, 'caseId');
    if (holderId !== caseId) {
      // Read the holder after the reservation, check it does not hold it, then fence it.
      const holder = await this.tables.readCase(holderId);
      if (holder && (await holds(holder))) return false;
      const fenced = await this.tables.attempt(() => holder
        ? cases.updateEntity({ partitionKey: encodeKey(holderId, 'caseId'), rowKey: CASE_ROW, fence: randomUUID() }, 'Merge', { etag: holder.etag })
        : cases.createEntity({ partitionKey: encodeKey(holderId, 'caseId'), rowKey: CASE_ROW, caseId: holderId, version: 0, auditSeq: 0, outboxSeq: 0 }));
      if (!fenced) return false;
    }
    return this.tables.attempt(() => index.updateEntity(entity, 'Replace', { etag: seen.etag }));
  }

  async upsertHint(partition: string, rowKey: string, properties: JsonProperties): Promise<boolean> {
    await this.tables.index.upsertEntity({ partitionKey: partition, rowKey, ...properties }, 'Replace');
    return true;
  }

  /** Deadline id → case, refusing an id another case has scheduled (ids are unique across the store). */
  async registerDeadlineId(deadlineId: string, caseId: string): Promise<boolean> {
    const { cases, index } = this.tables;
    const rowKey = encodeKey(deadlineId, 'deadlineId');
    const entity: Entity = { partitionKey: INDEX.deadline, rowKey, caseId };
    if (await this.tables.attempt(() => index.createEntity(entity))) return true;
    const seen = await this.tables.getRow(index, INDEX.deadline, rowKey);
    if (!seen) return false;
    const holder = text(seen, 'caseId');
    if (holder === caseId) return true;
    if (await this.tables.getRow(cases, encodeKey(holder, 'caseId'), deadlineRowKey(deadlineId))) throw new DeadlineOwnedByAnotherCaseError(deadlineId);
    return this.tables.attempt(() => index.updateEntity(entity, 'Replace', { etag: seen.etag }));
  }

  /** Effect id → case and seq, refusing an id already in the outbox. */
  async registerEffect(item: OutboxItem, expectedVersion: number): Promise<boolean> {
    const { index } = this.tables;
    const rowKey = encodeKey(item.effectId, 'effectId');
    const entity: Entity = { partitionKey: INDEX.effect, rowKey, caseId: item.caseId, seq: item.seq };
    if (await this.tables.attempt(() => index.createEntity(entity))) return true;
    const seen = await this.tables.getRow(index, INDEX.effect, rowKey);
    if (!seen) return false;
    const committed = await this.outboxRowOf(seen);
    if (committed && text(committed, 'effectId') === item.effectId) {
      // Two writers that read the same version build the same effect ids: the loser has a stale
      // read, not a reused id. Retrying re-reads the case and ends in VERSION_CONFLICT.
      if (text(seen, 'caseId') === item.caseId) {
        const current = await this.tables.readCase(item.caseId);
        if (current && current.version !== expectedVersion) return false;
      }
      throw new DuplicateEffectIdError(item.effectId);
    }
    return this.tables.attempt(() => index.updateEntity(entity, 'Replace', { etag: seen.etag }));
  }

  /** The outbox row an effect id's hint names. */
  async outboxRowOf(effectHint: Row): Promise<Row | undefined> {
    return this.tables.getRow(this.tables.cases, encodeKey(text(effectHint, 'caseId'), 'caseId'), outboxRowKey(integer(effectHint, 'seq')));
  }

  /** The outbox row an effect id names, if its hint is there. */
  async outboxRowOfEffect(effectId: string): Promise<Row | undefined> {
    const hint = await this.tables.getRow(this.tables.index, INDEX.effect, encodeKey(effectId, 'effectId'));
    return hint && this.outboxRowOf(hint);
  }

  /** The lowest-seq outbox row of the case (in `lane`, if given) that is not delivered (pending or dead), if any. */
  async firstUndelivered(caseId: string, lane?: OutboxLane): Promise<Row | undefined> {
    let filter = `${this.tables.partitionRange(encodeKey(caseId, 'caseId'), OUTBOX_PREFIX)} and ${odata`status ne ${'delivered'}`}`;
    if (lane !== undefined) filter += ` and ${laneFilter(lane)}`;
    const [row] = await this.tables.query(this.tables.cases, filter, undefined, true);
    return row;
  }

  /** The deadline the due hint `dueKey` stands for, if it is still pending at that due time. */
  async pendingDeadline(caseId: string, deadlineId: string, dueKey: string): Promise<Deadline | undefined> {
    const row = await this.tables.getRow(this.tables.cases, encodeKey(caseId, 'caseId'), deadlineRowKey(deadlineId));
    const deadline = row && toDeadline(row);
    return deadline && deadline.firedAt === null && dueRowKey(deadline.dueAt, deadlineId) === dueKey ? deadline : undefined;
  }

  /**
   * Deletes a hint its case no longer needs. Only once the case has reached the version the hint
   * was written for (its writer has committed or lost), and If-Match, so a writer re-adding the
   * hint (an upsert, which changes the ETag) always wins.
   */
  private async pruneHint(partition: string, rowKey: string, needed: (caseEntity: CaseEntity) => Promise<boolean>): Promise<void> {
    const { index } = this.tables;
    const hint = await this.tables.getRow(index, partition, rowKey);
    if (!hint) return;
    const caseEntity = await this.tables.readCase(text(hint, 'caseId'));
    if (!caseEntity || caseEntity.version < integer(hint, 'version')) return;
    if (await needed(caseEntity)) return;
    await this.tables.attempt(() => index.deleteEntity(partition, rowKey, { etag: hint.etag }));
  }

  async pruneParticipantHint(participant: string, caseId: string): Promise<void> {
    await this.pruneHint(participantPartition(participant), encodeKey(caseId, 'caseId'),
      async (c) => c.summary?.participants.includes(participant) ?? false);
  }

  /** The hint that a case holds a ref naming `ref`'s folder, once its ref names another folder (a withdrawn case gives its ref up). */
  async pruneFolderHint(ref: string, caseId: string): Promise<void> {
    await this.pruneHint(folderPartition(ref), encodeKey(caseId, 'caseId'),
      async (c) => c.summary !== null && sameFolderKey(c.summary.ref) === sameFolderKey(ref));
  }

  async pruneDueHint(rowKey: string): Promise<void> {
    await this.pruneHint(INDEX.due, rowKey, async (c) => {
      const hint = await this.tables.getRow(this.tables.index, INDEX.due, rowKey);
      if (!hint) return true;
      return (await this.pendingDeadline(c.caseId, text(hint, 'deadlineId'), rowKey)) !== undefined;
    });
  }

  async pruneOutboxHint(caseId: string): Promise<void> {
    await this.pruneHint(INDEX.outbox, encodeKey(caseId, 'caseId'), async () => (await this.firstUndelivered(caseId)) !== undefined);
  }
}
