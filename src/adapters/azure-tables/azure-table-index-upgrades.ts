/**
 * The index's numbered upgrades: what the SQLite store does with a schema migration, for index
 * entries a newer release files cases under. The version reached is kept in one index entity
 * (`meta` / `index-version`); each upgrade runs once per store, on first use after the release,
 * and may run again harmlessly if two instances start at once (it only adds what is missing).
 *
 * 1: a case waiting for the placement team to record the end of its placement (the Head of
 * Service has consented, the case is open) is filed under the queue `awaiting:end-placement`, as
 * src/cases/case-index.ts files it from this release on (the rule as it stood when this was
 * written; SQLite's migration 9 is the same).
 *
 * 2: every case is filed under its reference's SharePoint folder (folderPartition), as commits
 * file it from this release on, so "case mos-1042" finds "Mos-1042" with one partition read and
 * opening a case no longer reads every reservation (SQLite's migration 11 is its index).
 *
 * 3: an open case with no IRO named is filed under the queue `awaiting:iro-named`, which the IRO
 * manager's "my cases" reads (the rule as it stood when this was written; SQLite's migration 13).
 *
 * Tables a newer release upgraded further are refused, as SQLite refuses a newer schema: this
 * release's commits would not file cases under the newer entries, and that release, deployed
 * again, would not file them either (its upgrade has run), so its lists would miss them for ever.
 */
import { odata } from '@azure/data-tables';
import type { AzureTables } from './azure-table-access';
import type { AzureTableHints } from './azure-table-hints';
import { readJson } from './entity-json';
import { isRaceLost } from './azure-table-errors';
import { StoreFromNewerReleaseError } from '../case-store-errors';
import { toCaseEntity, type CaseEntity } from './azure-table-rows';
import { CASE_ROW, INDEX, encodeKey, folderPartition, participantPartition } from './table-keys';

const META_PARTITION = INDEX.meta;
export const VERSION_ROW = 'index-version';
export const INDEX_VERSION = 3;

const END_PLACEMENT_QUEUE = 'awaiting:end-placement';
const NO_IRO_QUEUE = 'awaiting:iro-named';

/** Brings the index forward to INDEX_VERSION (nothing to do once there: one point read). */
export async function upgradeIndex(tables: AzureTables, hints: AzureTableHints): Promise<void> {
  const marker = await tables.getRow(tables.index, META_PARTITION, VERSION_ROW);
  const found = marker ? Number(marker['version']) : 0;
  refuseNewer(tables, found);
  if (found >= INDEX_VERSION) return;
  const rows = await tables.query(tables.cases, odata`RowKey eq ${CASE_ROW} and version gt ${0}`);
  for (const row of rows) {
    const entity = toCaseEntity(row);
    if (found < 1) await fileUnderQueue(tables, hints, entity, END_PLACEMENT_QUEUE, waitsForPlacementEnd);
    if (found < 2) await fileUnderFolder(hints, entity);
    if (found < 3) await fileUnderQueue(tables, hints, entity, NO_IRO_QUEUE, hasNoIro);
  }
  await tables.index.upsertEntity({ partitionKey: META_PARTITION, rowKey: VERSION_ROW, version: INDEX_VERSION }, 'Replace');
}

/** Throws for tables a newer release upgraded: `found` is the index version they hold. */
export function refuseNewer(tables: Pick<AzureTables, 'cases' | 'index'>, found: number): void {
  if (found > INDEX_VERSION) {
    throw new StoreFromNewerReleaseError(`The case store (Azure tables ${tables.cases.tableName} and ${tables.index.tableName})`, `index version ${found}`, INDEX_VERSION);
  }
}

/** For /readyz and the start: the index version the tables hold, read through `client` (the probe: no retries). */
export async function checkNotNewer(tables: AzureTables, client = tables.probe): Promise<void> {
  const marker = await tables.getRow(client, META_PARTITION, VERSION_ROW);
  refuseNewer(tables, marker ? Number(marker['version']) : 0);
}

/** A hint only (readers verify it against the case entity): the case's version is the one read, so a prune never races a commit's own hint. */
async function fileUnderFolder(hints: AzureTableHints, entity: CaseEntity): Promise<void> {
  if (!entity.summary) return;
  await hints.upsertHint(folderPartition(entity.summary.ref), encodeKey(entity.caseId, 'caseId'), { caseId: entity.caseId, ref: entity.summary.ref, version: entity.version });
}

function waitsForPlacementEnd(entity: CaseEntity): boolean {
  if (!entity.summary || entity.summary.stage === 'closed' || entity.summary.participants.includes(END_PLACEMENT_QUEUE)) return false;
  const state = readJson(entity.row, 'state') as { placement?: { status?: unknown } } | null;
  return state?.placement?.status === 'consent-given';
}

function hasNoIro(entity: CaseEntity): boolean {
  if (!entity.summary || entity.summary.stage === 'closed' || entity.summary.participants.includes(NO_IRO_QUEUE)) return false;
  const state = readJson(entity.row, 'state') as { iro?: unknown } | null;
  return state !== null && !state.iro;
}

/**
 * The hint first, then the case entity's participants (If-Match): readers trust a hint only when
 * the case entity lists it, as after any commit. A commit in between (412) is read again: this
 * release's commits file the queue themselves.
 */
async function fileUnderQueue(tables: AzureTables, hints: AzureTableHints, first: CaseEntity, queue: string, waits: (entity: CaseEntity) => boolean): Promise<void> {
  let entity: CaseEntity | undefined = first;
  for (let attempt = 0; attempt < 5 && entity && waits(entity); attempt++) {
    const partitionKey = encodeKey(entity.caseId, 'caseId');
    await hints.upsertHint(participantPartition(queue), partitionKey, { caseId: entity.caseId, version: entity.version });
    const participants = JSON.stringify([...entity.summary!.participants, queue]);
    try {
      await tables.cases.updateEntity({ partitionKey, rowKey: CASE_ROW, participants }, 'Merge', { etag: entity.etag });
      return;
    } catch (error) {
      if (!isRaceLost(error)) throw error;
    }
    entity = await tables.readCase(entity.caseId);
  }
}
