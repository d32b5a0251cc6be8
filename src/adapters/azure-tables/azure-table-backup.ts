/**
 * Backup and restore of the Azure Table Storage case store, as JSON lines: a header line, then
 * one line per entity `{"table":"Cases"|"Index","entity":{…}}` (every property as the SDK reads
 * it, without its ETag and timestamp).
 *
 * Table Storage has no snapshot, so an export taken while the bot runs is made consistent the
 * way the store itself is (see azure-table-case-store.ts):
 *  - each case partition is read whole between two reads of its case entity; every commit
 *    changes that entity, so if its ETag moved the partition is read again. Each case is
 *    exported as one commit left it (as a crash would leave a prefix of a sweep's commits).
 *  - the index table (hints and reservations) is read before AND after the cases, and both are
 *    kept (the later read wins for an entity in both). A hint the exported cases need was written
 *    before their commit, so it is in one of the two reads unless it was written and pruned
 *    in between; extra hints are harmless, since readers check every hint against its case.
 *
 * Restore: into empty tables only, index first (hints before the truth, as the store writes).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { AzureTableCaseStore } from './azure-table-case-store';
import { CASE_ROW, INDEX, AUDIT_PREFIX, OUTBOX_PREFIX, DEADLINE_PREFIX } from './table-keys';
import { statusOf } from './azure-table-errors';
import { INDEX_VERSION, VERSION_ROW } from './azure-table-index-upgrades';

export const AZURE_BACKUP_FORMAT = 's20-return-home-azure-tables-backup';
const CONCURRENCY = 16;
const MAX_PARTITION_ATTEMPTS = 20;

type Row = TableEntityResult<Record<string, unknown>>;
type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

export interface AzureStoreCounts {
  cases: number;
  auditEntries: number;
  outboxItems: number;
  deadlines: number;
  entities: { Cases: number; Index: number };
}

function plain(row: Row): Entity {
  const { etag: _etag, timestamp: _timestamp, ...rest } = row as Row & { timestamp?: unknown };
  return rest as Entity;
}

async function all(table: TableClient, filter?: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>(filter ? { queryOptions: { filter } } : {})) rows.push(row);
  return rows;
}

async function caseEtag(table: TableClient, partitionKey: string): Promise<string | undefined> {
  try {
    return (await table.getEntity(partitionKey, CASE_ROW)).etag;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/** One case partition as one commit left it. */
async function readPartition(table: TableClient, partitionKey: string): Promise<Row[]> {
  for (let attempt = 1; attempt <= MAX_PARTITION_ATTEMPTS; attempt++) {
    const before = await caseEtag(table, partitionKey);
    const rows = await all(table, odata`PartitionKey eq ${partitionKey}`);
    const after = await caseEtag(table, partitionKey);
    const inRead = rows.find((r) => r.rowKey === CASE_ROW)?.etag;
    if (before === after && inRead === after) return rows;
  }
  throw new Error(`case partition ${partitionKey} kept changing during the backup; try again`);
}

function countOf(entities: { table: string; entity: Entity }[]): AzureStoreCounts {
  const counts: AzureStoreCounts = { cases: 0, auditEntries: 0, outboxItems: 0, deadlines: 0, entities: { Cases: 0, Index: 0 } };
  for (const { table, entity } of entities) {
    if (table === 'Index') {
      counts.entities.Index += 1;
      continue;
    }
    counts.entities.Cases += 1;
    const key = entity.rowKey;
    if (key === CASE_ROW && entity['version'] !== 0) counts.cases += 1;
    else if (key.startsWith(AUDIT_PREFIX)) counts.auditEntries += 1;
    else if (key.startsWith(OUTBOX_PREFIX)) counts.outboxItems += 1;
    else if (key.startsWith(DEADLINE_PREFIX)) counts.deadlines += 1;
  }
  return counts;
}

async function inParallel<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) await task(items[next++] as T);
  }));
}

export async function backupAzureTableStore(store: AzureTableCaseStore, file: string, now: () => Date = () => new Date()): Promise<AzureStoreCounts> {
  const { cases, index } = await store.tables();
  const indexBefore = await all(index);
  const partitions = [...new Set((await all(cases, odata`RowKey eq ${CASE_ROW}`)).flatMap((r) => (r.partitionKey === undefined ? [] : [r.partitionKey])))];
  const caseRows: Row[][] = new Array(partitions.length);
  await inParallel(partitions.map((p, i) => [p, i] as const), async ([partition, i]) => {
    caseRows[i] = await readPartition(cases, partition);
  });
  const indexAfter = await all(index);
  const indexRows = new Map<string, Row>();
  for (const row of [...indexBefore, ...indexAfter]) if (row.partitionKey !== INDEX.probe) indexRows.set(`${row.partitionKey}\u0000${row.rowKey}`, row);

  const lines = [
    ...[...indexRows.values()].map((row) => ({ table: 'Index', entity: plain(row) })),
    ...caseRows.flat().map((row) => ({ table: 'Cases', entity: plain(row) })),
  ];
  // Readable by its owner only: it holds every child's details, as the tables do.
  const out = createWriteStream(file, { encoding: 'utf8', flags: 'wx', mode: 0o600 });
  out.write(`${JSON.stringify({ format: AZURE_BACKUP_FORMAT, version: 1, takenAt: now().toISOString() })}\n`);
  for (const line of lines) if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return countOf(lines);
}

export class NotAnAzureBackupError extends Error {
  constructor() {
    super('This file is not a backup of an Azure Table Storage case store.');
    this.name = 'NotAnAzureBackupError';
  }
}

export type AzureRestoreOutcome =
  | { ok: true; counts: AzureStoreCounts }
  | { ok: false; code: 'NOT_EMPTY' }
  /** Taken from tables a newer release upgraded: this release would refuse the store it made (azure-table-index-upgrades.ts). */
  | { ok: false; code: 'FROM_NEWER_RELEASE'; found: number; supported: number };

async function isEmpty(table: TableClient, ...ignorePartitions: string[]): Promise<boolean> {
  for await (const row of table.listEntities<Record<string, unknown>>()) if (row.partitionKey === undefined || !ignorePartitions.includes(row.partitionKey)) return false;
  return true;
}

export async function restoreAzureTableStore(store: AzureTableCaseStore, file: string): Promise<AzureRestoreOutcome> {
  const { cases, index } = await store.tables();
  const lines: { table: string; entity: Entity }[] = [];
  let header = true;
  for await (const text of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new NotAnAzureBackupError();
    }
    if (header) {
      if ((parsed as { format?: unknown }).format !== AZURE_BACKUP_FORMAT) throw new NotAnAzureBackupError();
      header = false;
      continue;
    }
    const line = parsed as { table?: unknown; entity?: Entity };
    if ((line.table !== 'Cases' && line.table !== 'Index') || typeof line.entity?.partitionKey !== 'string' || typeof line.entity.rowKey !== 'string') throw new NotAnAzureBackupError();
    lines.push({ table: line.table, entity: line.entity });
  }
  if (header) throw new NotAnAzureBackupError();
  const upgraded = lines.find((l) => l.table === 'Index' && l.entity.partitionKey === INDEX.meta && l.entity.rowKey === VERSION_ROW);
  const found = Number(upgraded?.entity['version'] ?? 0);
  if (found > INDEX_VERSION) return { ok: false, code: 'FROM_NEWER_RELEASE', found, supported: INDEX_VERSION };
  if (!(await isEmpty(cases)) || !(await isEmpty(index, INDEX.probe, INDEX.meta))) return { ok: false, code: 'NOT_EMPTY' };
  // The index's upgrade version is the backup's, not the empty store's: a backup from before an
  // upgrade (no version kept) is upgraded when the bot next starts on it.
  if (upgraded) await index.upsertEntity(upgraded.entity, 'Replace');
  else await index.deleteEntity(INDEX.meta, VERSION_ROW).catch((error: unknown) => {
    if (statusOf(error) !== 404) throw error;
  });
  // Hints first, then the cases: a reader ignores a hint without its case, never the reverse.
  for (const table of ['Index', 'Cases'] as const) {
    const client = table === 'Index' ? index : cases;
    await inParallel(lines.filter((l) => l.table === table && l !== upgraded), async ({ entity }) => {
      await client.createEntity(entity);
    });
  }
  return { ok: true, counts: countOf(lines) };
}
