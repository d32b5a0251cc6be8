/**
 * Backup and restore of the SQLite case store.
 *
 * Backup: SQLite's online backup API (better-sqlite3's db.backup) from this process's own
 * connection to the file. It copies a consistent snapshot while the bot keeps writing from its
 * own process (a page changed by another connection mid-copy makes SQLite start the copy again),
 * then the copy is switched out of WAL mode so it is one self-contained file.
 *
 * Restore: into an EMPTY store only (every table of cases, their audit trails, outbox, deadlines,
 * commands, conversations and refusals empty; anything else is refused with nothing written).
 * The backup is copied to a scratch file and brought to this release's schema there, then its
 * rows are copied in one transaction (ATTACH … INSERT … SELECT), so the store has all of it or
 * none, and the audit trail's append-only triggers are never bypassed.
 */
import { chmodSync, copyFileSync, mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PRIVATE_FILE_MODE } from './private-files';
import { migrate } from './schema';
import type { SqliteCaseStore } from './sqlite-case-store';

/** Tables that are bookkeeping, not data: never copied, never counted. */
const NOT_DATA = new Set(['schema_version', 'store_probe']);

export interface StoreCounts {
  cases: number;
  auditEntries: number;
  outboxItems: number;
  deadlines: number;
  /** Every row of every data table, by table. */
  rows: Record<string, number>;
}

function dataTables(db: Database.Database, schema = 'main'): string[] {
  const rows = db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  return rows.map((r) => r.name).filter((name) => !NOT_DATA.has(name));
}

export function countRows(db: Database.Database, schema = 'main'): StoreCounts {
  const rows: Record<string, number> = {};
  for (const table of dataTables(db, schema)) rows[table] = (db.prepare(`SELECT COUNT(*) AS n FROM ${schema}."${table}"`).get() as { n: number }).n;
  return { cases: rows['cases'] ?? 0, auditEntries: rows['audit'] ?? 0, outboxItems: rows['outbox'] ?? 0, deadlines: rows['deadlines'] ?? 0, rows };
}

/** Whether `file` starts with SQLite's header. */
export function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === 'SQLite format 3\u0000';
  } finally {
    closeSync(fd);
  }
}

export async function backupSqliteStore(store: SqliteCaseStore, file: string): Promise<StoreCounts> {
  // Made empty and private first (it holds every child's details, as the store does): SQLite keeps
  // an existing file's mode, and its journal takes the same; made by SQLite it was 0644.
  closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  await store.connection().backup(file);
  const copy = new Database(file);
  try {
    copy.pragma('journal_mode = DELETE');
    return countRows(copy);
  } finally {
    copy.close();
  }
}

/** Whether the store holds anything a restore would be refused for. */
export function storeHoldsData(store: SqliteCaseStore): boolean {
  return Object.values(countRows(store.connection()).rows).some((n) => n > 0);
}

export type RestoreOutcome = { ok: true; counts: StoreCounts } | { ok: false; code: 'NOT_EMPTY'; counts: StoreCounts };

export async function restoreSqliteStore(store: SqliteCaseStore, file: string): Promise<RestoreOutcome> {
  const db = store.connection();
  const existing = countRows(db);
  if (Object.values(existing.rows).some((n) => n > 0)) return { ok: false, code: 'NOT_EMPTY', counts: existing };
  const scratch = mkdtempSync(join(tmpdir(), 's20-restore-'));
  try {
    // A scratch copy, brought to this release's schema: the backup file itself is never changed.
    const copyFile = join(scratch, 'backup.sqlite');
    copyFileSync(file, copyFile);
    const copy = new Database(copyFile);
    try {
      migrate(copy);
    } finally {
      copy.close();
    }
    db.prepare('ATTACH DATABASE ? AS restored').run(copyFile);
    try {
      const tables = dataTables(db, 'restored');
      const counts = db.transaction(() => {
        // The store may have been emptied by hand since the check: look again inside the transaction.
        const now = countRows(db);
        if (Object.values(now.rows).some((n) => n > 0)) return null;
        // Parents first (the foreign keys point at cases).
        for (const table of ['cases', ...tables.filter((t) => t !== 'cases')]) {
          const columns = (db.prepare(`PRAGMA restored.table_info("${table}")`).all() as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
          db.prepare(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM restored."${table}"`).run();
        }
        return countRows(db);
      }).immediate();
      return counts ? { ok: true, counts } : { ok: false, code: 'NOT_EMPTY', counts: countRows(db) };
    } finally {
      db.prepare('DETACH DATABASE restored').run();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * A consistent copy of another of the bot's SQLite files (the decision records or the case file's
 * documents kept on this machine without Graph), made private and self-contained as the store's is.
 */
export async function backupSqliteFile(source: string, target: string): Promise<void> {
  closeSync(openSync(target, 'wx', PRIVATE_FILE_MODE));
  const db = new Database(source, { fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  const copy = new Database(target);
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
}

/** Whether a SQLite file holds any row (a file the bot made on start and never wrote to holds none). */
export function sqliteFileHoldsRows(file: string): boolean {
  const db = new Database(file, { fileMustExist: true, readonly: true });
  try {
    return Object.values(countRows(db).rows).some((n) => n > 0);
  } finally {
    db.close();
  }
}

/** Puts a backed-up file in place of one that holds nothing (the bot is stopped): the file and no stale log beside it. */
export function restoreSqliteFile(backup: string, target: string): void {
  for (const stale of [`${target}-wal`, `${target}-shm`]) rmSync(stale, { force: true });
  copyFileSync(backup, target);
  chmodSync(target, PRIVATE_FILE_MODE);
}
