/**
 * The reference a case's documents are filed under: the one it was opened with. A withdrawn case
 * gives its reference up (MOS-1042 → MOS-1042_W_1a2b3c4d) but its documents stay in the MOS-1042
 * folder under their names, so they are one case file, found and erased where they are.
 */
import { refOpenedWith, type CaseState } from '../protocol';

export function caseFileRef(state: CaseState): string {
  return refOpenedWith(state);
}
