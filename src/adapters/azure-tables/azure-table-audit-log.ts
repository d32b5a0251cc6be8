/**
 * The CaseAuditLog port on Azure Tables: audit rows (`audit-<seq>`, written by the commit's
 * transaction) and refusal rows (`refusal-<at>-<uuid>`, appended on their own) in the case's
 * partition; refusals older than a year are deleted across every partition (forgetRefusalsBefore).
 */
import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import type { AuditEntry, RefusalEntry, RefusalEntryInput } from '../../ports/case-store';
import type { CaseAuditLog } from '../../ports/case-audit-log';
import { keptRefusal } from '../kept-refusal';
import { normaliseInstant } from '../instant';
import type { Instant } from '../../ports/instant';
import type { AzureTables } from './azure-table-access';
import { optionalText, text, toAuditEntry, withoutNulls } from './azure-table-rows';
import { AUDIT_PREFIX, REFUSAL_PREFIX, encodeKey, refusalRowKey } from './table-keys';

export class AzureTableAuditLog implements CaseAuditLog {
  constructor(private readonly tables: AzureTables) {}

  async audit(caseId: string): Promise<AuditEntry[]> {
    await this.tables.ready();
    const rows = await this.tables.query(this.tables.cases, this.tables.partitionRange(encodeKey(caseId, 'caseId'), AUDIT_PREFIX));
    return rows.map(toAuditEntry);
  }

  /**
   * A row in the case's partition, outside the commit transaction: the case entity is not
   * touched, so its ETag and version stay as they were.
   */
  async recordRefusal(entry: RefusalEntryInput): Promise<void> {
    const kept = keptRefusal(entry);
    await this.tables.ready();
    const partitionKey = encodeKey(entry.caseId, 'caseId');
    await this.tables.cases.createEntity({ partitionKey, rowKey: refusalRowKey(kept.at, randomUUID()), ...withoutNulls({ caseId: entry.caseId, ...kept }) });
  }

  async refusals(caseId: string): Promise<RefusalEntry[]> {
    await this.tables.ready();
    const rows = await this.tables.query(this.tables.cases, this.tables.partitionRange(encodeKey(caseId, 'caseId'), REFUSAL_PREFIX));
    return rows.map((row, index) => ({
      caseId: text(row, 'caseId'),
      seq: index + 1,
      at: text(row, 'at'),
      actorId: text(row, 'actorId'),
      actorName: text(row, 'actorName'),
      action: text(row, 'action'),
      code: text(row, 'code'),
      rule: optionalText(row, 'rule'),
      correlationId: text(row, 'correlationId'),
      ...(optionalText(row, 'named') !== null ? { named: optionalText(row, 'named')! } : {}),
      ...(optionalText(row, 'comment') !== null ? { comment: optionalText(row, 'comment')! } : {}),
    }));
  }

  /**
   * Every case partition's refusal rows older than `before` (their row key starts with the
   * instant): one query across the table (filtered by the service, reading only those rows' keys),
   * then deleted one by one; one already gone (another instance aged it) is passed over.
   */
  async forgetRefusalsBefore(before: Instant): Promise<number> {
    const cutoff = normaliseInstant(before, 'before');
    await this.tables.ready();
    const rows = await this.tables.query(this.tables.cases, odata`RowKey ge ${REFUSAL_PREFIX} and RowKey lt ${REFUSAL_PREFIX + cutoff}`, ['PartitionKey', 'RowKey']);
    let deleted = 0;
    for (const row of rows) {
      if (await this.tables.attempt(() => this.tables.cases.deleteEntity(String(row['partitionKey']), String(row['rowKey'])))) deleted += 1;
    }
    return deleted;
  }
}
