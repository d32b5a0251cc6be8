/**
 * The SQLite files hold dates of birth and free text about children: only the bot's own account
 * may read them. The data folder is made 0700 and each file (with its -wal and -shm) 0600, whether
 * new or left by an earlier release. Where the file system has no POSIX modes (Windows), this does
 * nothing harmful; encryption at rest is the platform's (see the README).
 */
import fs from 'node:fs';
import path from 'node:path';
import { unusableOnOpen } from './store-unusable';

export const PRIVATE_FOLDER_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * The folder made (or tightened to) 0700, and the database file created 0600 if it is missing. A
 * folder that cannot be used is refused in words naming DATA_DIR (store-unusable.ts).
 */
export function preparePrivateFile(file: string): void {
  const folder = path.dirname(path.resolve(file));
  try {
    makeFolder(folder);
    fs.chmodSync(folder, PRIVATE_FOLDER_MODE);
    // 'a': creates it empty with this mode if absent, leaves it untouched otherwise. SQLite then
    // gives the -wal and -shm files it creates the same mode as the database file.
    fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
    tightenFiles(file);
  } catch (error) {
    throw unusableOnOpen(path.resolve(file), error) ?? error;
  }
}

/**
 * mkdir -p, one folder at a time: Node's recursive mkdirSync never returns where mkdir answers
 * ENOENT although the folder above exists (under /proc), so DATA_DIR there hung the start-up.
 */
function makeFolder(folder: string): void {
  const found = fs.statSync(folder, { throwIfNoEntry: false });
  if (found?.isDirectory()) return;
  if (found) throw Object.assign(new Error(`${folder} is a file`), { code: 'ENOTDIR' });
  const above = path.dirname(folder);
  if (above !== folder) makeFolder(above);
  try {
    fs.mkdirSync(folder, { mode: PRIVATE_FOLDER_MODE });
  } catch (error) {
    // Made meanwhile by another process: as good as made here.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(folder).isDirectory()) throw error;
  }
}

/** Files created by an earlier release (0644) are tightened too. */
export function tightenFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
