/**
 * The reference a card heads a case with. A withdrawn case keeps a made-up reference
 * (MOS-1042_W_1a2b3c4d, so its own can name a new case): people know it by the one it had, so
 * that comes first, with the one to type now.
 */
import { refOpenedWith, type CaseState } from '../protocol';

export function shownRef(state: Pick<CaseState, 'ref' | 'closure'>): string {
  const was = refOpenedWith(state);
  return was !== state.ref ? `${was} (withdrawn; now ${state.ref})` : state.ref;
}
