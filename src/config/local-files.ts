/** The files the bot keeps in DATA_DIR, named once: the store, the CLIs and the tests all open them by these names. */
import { join } from 'node:path';

export interface LocalFiles {
  /** The SQLite case store (STORE=sqlite). */
  cases: string;
  /** Decisions recorded on this machine when Graph is not configured. */
  records: string;
  /** The case file's documents kept on this machine when Graph is not configured. */
  documents: string;
}

export function localFilesIn(dataDir: string): LocalFiles {
  return { cases: join(dataDir, 'cases.sqlite'), records: join(dataDir, 'records.sqlite'), documents: join(dataDir, 'documents.sqlite') };
}
