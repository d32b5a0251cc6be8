import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteCaseStore, type SqliteCaseStore, type SqliteCaseStoreConfig } from '../../../src/adapters/sqlite/sqlite-case-store';

/** A fresh temporary folder for a real SQLite file; `remove` deletes it with the database and its WAL. */
export function makeTempDir(prefix = 'case-store-'): { dir: string; file: (name?: string) => string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name = 'cases.sqlite') => path.join(dir, name),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A store on a fresh temporary SQLite file opened with `options` (e.g. a writer thread), for the
 * store contract suite; its cleanup closes the store and deletes the file.
 */
export function sqliteStoreUnderTest(options: Omit<SqliteCaseStoreConfig, 'path'> = {}): () => Promise<{ store: SqliteCaseStore; cleanup(): Promise<void> }> {
  return async () => {
    const temp = makeTempDir();
    const store = createSqliteCaseStore({ ...options, path: temp.file() });
    return {
      store,
      cleanup: async () => {
        await store.close();
        temp.remove();
      },
    };
  };
}
