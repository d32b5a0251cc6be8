/**
 * Why the bot's data folder (DATA_DIR) or a store file in it cannot be used, in words the council's
 * IT staff can act on, instead of Node's or SQLite's ("EEXIST: file already exists, mkdir …",
 * "database is locked"). Damage is store-integrity.ts's; this is everything else that stops a start.
 */
import path from 'node:path';

export class StoreUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnusableError';
  }
}

const NOT_A_FOLDER = 'it, or a folder above it, is a file rather than a folder. Set DATA_DIR to a folder';
const NOT_WRITABLE = "this account may not write there. Give the bot's account write access to it, or set DATA_DIR to a folder it can write";
const DISK_FULL = 'the disk is full. Free some space on it, then start the bot again';

/** What the folder's error means, and what to do; undefined for an error not about the folder. */
const FOLDER_PROBLEMS: Readonly<Record<string, string>> = {
  ENOTDIR: NOT_A_FOLDER,
  EEXIST: NOT_A_FOLDER,
  EACCES: NOT_WRITABLE,
  EPERM: NOT_WRITABLE,
  SQLITE_READONLY: NOT_WRITABLE,
  EROFS: 'it is on a read-only disk. Set DATA_DIR to a folder on a writable local disk',
  ENOSPC: DISK_FULL,
  SQLITE_FULL: DISK_FULL,
  // mkdir answers ENOENT where no folder can be made although the one above exists (/proc, /sys).
  ENOENT: 'no folder can be made there. Set DATA_DIR to a folder on a local disk',
  SQLITE_CANTOPEN: "the store's file there cannot be opened. Check that the bot's account may write there, or set DATA_DIR to a folder on a local disk",
};

/** The error of opening `file` (a store in the data folder) as an operator's one line, or undefined. */
export function unusableOnOpen(file: string, error: unknown): StoreUnusableError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreUnusableError(
      `The case store ${file} is in use by another program (another copy of the bot with the same DATA_DIR, or a tool holding it open), so the bot will not start. Stop that program, or give this copy its own DATA_DIR`,
    );
  }
  const problem = FOLDER_PROBLEMS[code];
  return problem === undefined ? undefined : new StoreUnusableError(`The data folder ${path.dirname(file)} (DATA_DIR) cannot be used: ${problem}`);
}
