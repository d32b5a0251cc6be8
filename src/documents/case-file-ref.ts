/**
 * Where a case's documents are filed, for its whole life. They carry the reference it was opened
 * with: a withdrawn case gives its reference up (MOS-1042 → MOS-1042_W_1a2b3c4d) but its documents
 * stay in the MOS-1042 folder under their names, so they are one case file, found and erased where
 * they are. A later case opened with that reference gets a folder of its own ("MOS-1042
 * (5e6f7a8b)", set once when it is opened), so it never writes over the withdrawn case's files.
 */
import { fileSafeRef } from './document-kinds';
import { refOpenedWith, type CaseState } from '../protocol';

type CaseFileOf = Pick<CaseState, 'ref' | 'closure' | 'documentsFolder'>;

/** The reference the case's documents name it by (in their text and their file names). */
export function caseFileRef(state: CaseFileOf): string {
  return refOpenedWith(state);
}

/** The case's folder in the SharePoint library: its own, else its reference's ("MOS-7000/2" → MOS-7000-2). */
export function caseFileFolder(state: CaseFileOf): string {
  return state.documentsFolder ?? fileSafeRef(refOpenedWith(state));
}

/** What the bot's own copy of the case file (kept without Graph) files it under: its own folder, else its reference, as since the first release. */
export function localCaseFileKey(state: CaseFileOf): string {
  return state.documentsFolder ?? refOpenedWith(state);
}

/** A case's own folder: its reference, then the start of its id, which no reference can spell (a space, brackets). */
export function ownCaseFileFolder(ref: string, caseId: string): string {
  return `${fileSafeRef(ref)} (${caseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)})`;
}
