import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temporary folder for a real SQLite file; `remove` deletes it with the database and its WAL. */
export function makeTempDir(prefix = 'case-store-'): { dir: string; file: (name?: string) => string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name = 'cases.sqlite') => path.join(dir, name),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
