/**
 * `admin backup --out FILE` and `admin restore FILE`, for whichever store is configured:
 * a SQLite file (SQLite's backup API) or JSON lines of every Azure table. See
 * src/adapters/sqlite/sqlite-backup.ts and src/adapters/azure-tables/azure-table-backup.ts.
 */
import { existsSync, statSync } from 'node:fs';
import type { Config } from '../config';
import { dirname, resolve } from 'node:path';
import { whyNotWritable } from './output-file';
import { AzureTableCaseStore } from '../adapters/azure-tables/azure-table-case-store';
import { backupAzureTableStore, NotAnAzureBackupError, restoreAzureTableStore } from '../adapters/azure-tables/azure-table-backup';
import { backupSqliteFile, backupSqliteStore, isSqliteFile, restoreSqliteFile, restoreSqliteStore, sqliteFileHoldsRows, storeHoldsData } from '../adapters/sqlite/sqlite-backup';
import { SqliteCaseStore } from '../adapters/sqlite/sqlite-case-store';
import { SchemaTooNewError } from '../adapters/sqlite/schema';
import type { CaseStore } from '../ports/case-store';

/** A problem with what was asked (exit 2), in one line. */
export class BackupUsageError extends Error {}

interface Figures {
  cases: number;
  auditEntries: number;
  outboxItems: number;
  deadlines: number;
}

function figures(f: Figures, seconds: number): string {
  return `${f.cases} case${f.cases === 1 ? '' : 's'}, ${f.auditEntries} audit entries, ${f.outboxItems} outbox items, ${f.deadlines} deadlines, in ${seconds.toFixed(2)} s`;
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Why `backup --out FILE` cannot run with this FILE (none given, or one already there), before any store is opened. */
export function backupUsageProblem(out: string | undefined): string | undefined {
  if (!out) return 'Name the file to write: npm run --silent admin -- backup --out FILE';
  return whyNotWritable(out) ?? undefined;
}

/** Why `restore FILE` cannot run with this FILE (none given, or none there), before any store is opened. */
export function restoreUsageProblem(from: string | undefined): string | undefined {
  if (!from) return 'Name the backup file: npm run --silent admin -- restore FILE';
  return existsSync(resolve(from)) ? undefined : `Not restored: there is no file ${from}.`;
}

/** Where the bot keeps what it records without Graph, and whether Graph is configured (then it keeps nothing beside the store). */
export type LocalRecordsContext = Pick<Config, 'graph' | 'localFiles'>;

/**
 * Without Graph, the decision records and the case file's documents are kept in files beside the
 * SQLite store: a backup of the store alone lost them. Each one there goes beside the backup, as
 * FILE.records.sqlite and FILE.documents.sqlite.
 */
function besideTheStore(context: LocalRecordsContext | undefined, backup: string): Array<{ local: string; copy: string }> {
  if (!context || context.graph !== undefined) return [];
  return [
    { local: context.localFiles.records, copy: `${backup}.records.sqlite` },
    { local: context.localFiles.documents, copy: `${backup}.documents.sqlite` },
  ];
}

/**
 * A SQLite backup writes more than FILE: SQLite's journal (FILE-journal) while it copies, and,
 * without Graph, FILE.records.sqlite and FILE.documents.sqlite. In a folder other users may write
 * to (/tmp, a shared drop folder) they could put their own journal there first, which SQLite would
 * then play into the backup of every child's details, or take the names the side files need: such a
 * folder is refused before anything is written. One others may only read is allowed (each file is
 * 0600), with a note that the backup's files are seen there. No POSIX modes on Windows: no check.
 */
function sharedFolder(file: string): { refused?: string; note?: string } {
  if (process.platform === 'win32') return {};
  const folder = dirname(file);
  const mode = statSync(folder).mode & 0o777;
  const octal = `mode ${mode.toString(8).padStart(3, '0')}`;
  const make = `mkdir -m 700 a folder of your own (or chmod 700 ${folder})`;
  if (mode & 0o022) {
    return { refused: `Not written: other users can write to the folder ${folder} (${octal}), so they could put files where the backup's journal and the files beside it go. Back up into a folder only you can write to: ${make}. Nothing was written.` };
  }
  if (mode & 0o044) return { note: ` Note: other users can list the folder ${folder} (${octal}): the backup's files are readable by you alone, but keep backups in a private folder: ${make}.` };
  return {};
}

export async function runBackup(store: CaseStore, out: string | undefined, context?: LocalRecordsContext): Promise<string> {
  const problem = backupUsageProblem(out);
  if (problem !== undefined) throw new BackupUsageError(problem);
  const file = resolve(out!);
  const started = process.hrtime.bigint();
  if (store instanceof SqliteCaseStore) {
    const folder = sharedFolder(file);
    if (folder.refused) throw new BackupUsageError(folder.refused);
    const beside = besideTheStore(context, out!).filter((f) => existsSync(f.local));
    for (const { copy } of beside) {
      const taken = whyNotWritable(copy);
      if (taken) throw new BackupUsageError(taken);
    }
    const counts = await backupSqliteStore(store, file);
    for (const { local, copy } of beside) await backupSqliteFile(local, resolve(copy));
    const alsoWritten = beside.length === 0 ? '' : ` The decision records and case documents kept on this machine (Graph is not configured) were written beside it: ${beside.map((f) => f.copy).join(', ')}. Keep them with it: restore puts them back.`;
    return `Backup written to ${out} (a SQLite file): ${figures(counts, elapsed(started))}.${alsoWritten}${folder.note ?? ''}`;
  }
  if (store instanceof AzureTableCaseStore) {
    const counts = await backupAzureTableStore(store, file);
    return `Backup written to ${out} (JSON lines, ${counts.entities.Cases + counts.entities.Index} entities of both tables): ${figures(counts, elapsed(started))}.`;
  }
  throw new BackupUsageError('This store cannot be backed up by this command.');
}

export async function runRestore(store: CaseStore, from: string | undefined, context?: LocalRecordsContext): Promise<string> {
  const problem = restoreUsageProblem(from);
  if (problem !== undefined) throw new BackupUsageError(problem);
  const file = resolve(from!);
  const started = process.hrtime.bigint();
  const refused = 'Not restored: the store already holds data, and a restore goes only into an empty store (a new DATA_DIR, or a new AZURE_TABLES_PREFIX). Nothing was changed.';
  if (store instanceof SqliteCaseStore) {
    if (!isSqliteFile(file)) throw new BackupUsageError(`Not restored: ${from} is not a backup of a SQLite store (STORE is sqlite). Nothing was changed.`);
    const beside = besideTheStore(context, file).filter((f) => existsSync(f.copy));
    // The store first, so a restore into one that holds data is refused as before, whatever lies beside it.
    if (beside.length > 0 && storeHoldsData(store)) throw new BackupUsageError(refused);
    for (const { local } of beside) {
      if (existsSync(local) && sqliteFileHoldsRows(local)) throw new BackupUsageError(`Not restored: ${local} already holds records, and a restore goes only into an empty data folder (a new DATA_DIR). Nothing was changed.`);
    }
    let outcome;
    try {
      outcome = await restoreSqliteStore(store, file);
    } catch (error) {
      // Said before as "The admin command failed: case store schema version 18 is newer …", exit 1, as if something had broken.
      if (error instanceof SchemaTooNewError) throw new BackupUsageError(`Not restored: ${from} was taken by a newer release of the bot (schema version ${error.found}; this release knows up to ${error.supported}). Restore it with that release or a newer one. Nothing was changed.`);
      throw error;
    }
    if (!outcome.ok) throw new BackupUsageError(refused);
    for (const { local, copy } of beside) restoreSqliteFile(copy, local);
    const alsoRestored = beside.length === 0 ? '' : ` The decision records and case documents kept on this machine were restored from beside it (${beside.map((f) => f.copy).join(', ')}).`;
    return `Restored from ${from}: ${figures(outcome.counts, elapsed(started))}.${alsoRestored} Start the bot: it delivers what was waiting in the outbox and fires deadlines that fell due.`;
  }
  if (store instanceof AzureTableCaseStore) {
    let outcome;
    try {
      outcome = await restoreAzureTableStore(store, file);
    } catch (error) {
      if (error instanceof NotAnAzureBackupError) throw new BackupUsageError(`Not restored: ${from} is not a backup of an Azure Table Storage store (STORE is azure-tables). Nothing was changed.`);
      throw error;
    }
    if (!outcome.ok && outcome.code === 'FROM_NEWER_RELEASE') throw new BackupUsageError(`Not restored: ${from} was taken by a newer release of the bot (index version ${outcome.found}; this release knows up to ${outcome.supported}). Restore it with that release or a newer one. Nothing was changed.`);
    if (!outcome.ok) throw new BackupUsageError(refused);
    return `Restored from ${from}: ${figures(outcome.counts, elapsed(started))}. Start the bot: it delivers what was waiting in the outbox and fires deadlines that fell due.`;
  }
  throw new BackupUsageError('This store cannot be restored by this command.');
}
