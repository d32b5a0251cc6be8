/**
 * A write the store refused because its disk (or database file limit) is full: SQLite's
 * SQLITE_FULL, the file system's ENOSPC, or a disk quota (EDQUOT). Nothing of the command was
 * written (a commit is one transaction), so the person can be told plainly that nothing was
 * recorded; /readyz reports the store unwritable until writes succeed again.
 */
const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

export function isStoreFull(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  }
  return false;
}

/** What the person is told, on the card they clicked or in chat. */
export const STORE_FULL_TITLE = 'Nothing was recorded';
export const STORE_FULL_MESSAGE =
  'The bot could not save this because its storage is full, so nothing was recorded and nobody was told. ' +
  'Your IT service desk has been alerted. Please try again later; if it is urgent, record it in the case-record system meanwhile.';
