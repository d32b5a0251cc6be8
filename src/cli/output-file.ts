/**
 * A file an admin command is to write (a backup, a subject access export): what stops it being
 * written, in one line, found before anything is done or recorded; null when it can be written.
 */
import { lstatSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function whyNotWritable(out: string): string | null {
  const file = resolve(out);
  // lstat, not exists: a link pointing nowhere is there too (the write, 'wx', would refuse it after the export was recorded).
  if (lstatSync(file, { throwIfNoEntry: false })) return `Not written: ${out} already exists. Name a new file.`;
  if (!statSync(dirname(file), { throwIfNoEntry: false })?.isDirectory()) return `Not written: there is no folder ${dirname(out)}. Name a file in a folder that exists.`;
  return null;
}
