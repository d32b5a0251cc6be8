/**
 * A damaged case store must not start (M6): serving from it would lose or garble cases without
 * anyone noticing. Checked when the store opens:
 *  - a store that once had cases (a marker file beside it, outside the database) must still
 *    exist, be non-empty, and have cases — a zero-byte or deleted file is not a new store;
 *  - SQLite's quick_check must pass (damaged pages, broken indexes);
 *  - the schema version must be one this release knows, on a file that has a schema at all.
 * Each failure is one line naming the file, what is wrong and how to restore (or, for a store from a
 * newer release, which is not damaged, which release to run).
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { SCHEMA_VERSION } from './schema';
import { PRIVATE_FILE_MODE } from './private-files';
import { StoreFromNewerReleaseError } from '../case-store-errors';

export { StoreFromNewerReleaseError };

export class StoreDamagedError extends Error {
  constructor(file: string, problem: string) {
    super(
      `The case store ${file} ${problem}, so the bot will not start. ` +
        `Restore it from your latest backup: move it aside, then npm run --silent admin -- restore FILE (README, "If the case store is damaged"). Do not replace it with an empty file: every case would vanish.`,
    );
    this.name = 'StoreDamagedError';
  }
}

/** The marker beside the database that says it has held cases. */
export function hasCasesMarkerPath(file: string): string {
  return `${file}.has-cases`;
}

/** Before SQLite opens (and perhaps creates) the file: a store that had cases is not missing or empty. */
export function checkNotLost(file: string): void {
  if (!fs.existsSync(hasCasesMarkerPath(file))) return;
  if (!fs.existsSync(file)) throw new StoreDamagedError(file, 'is missing but held cases');
  if (fs.statSync(file).size === 0) throw new StoreDamagedError(file, 'is empty (0 bytes) but held cases');
}

/** SQLite's own words for a file that is not a database or is corrupt, as a damaged store. */
export function damagedOnOpen(file: string, error: unknown): StoreDamagedError | undefined {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT_INDEX' || code === 'SQLITE_CORRUPT_VTAB') {
    return new StoreDamagedError(file, `is damaged (${String(code)})`);
  }
  return undefined;
}

/** Before the migration: the pages are sound and the schema version is known. */
export function checkIntegrity(db: Database.Database, file: string): void {
  const problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw new StoreDamagedError(file, `is damaged (quick_check: ${problems[0]!.replace(/\s+/g, ' ').slice(0, 120)})`);
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((r) => r.name);
  if (tables.length === 0) return; // a new store: the migration creates the schema
  if (!tables.includes('schema_version')) throw new StoreDamagedError(file, 'has tables but no schema version (it is not a case store, or it is damaged)');
  const row = db.prepare('SELECT version FROM schema_version WHERE id = 1').get() as { version: unknown } | undefined;
  const version = row?.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new StoreDamagedError(file, 'has no valid schema version');
  if (version > SCHEMA_VERSION) throw new StoreFromNewerReleaseError(`The case store ${file}`, `schema version ${version}`, SCHEMA_VERSION);
}

/** After the migration: a store that had cases still has them; one that has cases is marked. */
export function checkCasesKept(db: Database.Database, file: string): boolean {
  const hasCases = db.prepare('SELECT EXISTS (SELECT 1 FROM cases) AS found').get() as { found: number };
  const marked = fs.existsSync(hasCasesMarkerPath(file));
  if (marked && !hasCases.found) throw new StoreDamagedError(file, 'has no cases but held cases');
  if (hasCases.found && !marked) markHasCases(file);
  return hasCases.found === 1;
}

export function markHasCases(file: string): void {
  fs.writeFileSync(
    hasCasesMarkerPath(file),
    `${JSON.stringify({ note: 'This case store has held cases. The bot refuses to start if the store is then missing, empty or has no cases: restore it from a backup. Remove this file only if every case was deliberately erased.', markedAt: new Date().toISOString() })}\n`,
    { mode: PRIVATE_FILE_MODE },
  );
}
