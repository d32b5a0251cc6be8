/**
 * A withdrawn case gives up its reference (MOS-1042 → MOS-1042_W_1a2b3c4d, src/protocol/withdraw-case.ts),
 * but support staff are asked about it by the one people know: these are the cases that had it,
 * typed in any capitals, as "case REF" reads a reference.
 */
import { withdrawnRefStart, type CaseState } from '../protocol';
import { anyCaseKey } from '../ports/case-repository';
import type { CaseStore, StoredCase } from '../ports/case-store';

export async function withdrawnCasesThatHad(store: CaseStore, ref: string): Promise<StoredCase<CaseState>[]> {
  const wanted = anyCaseKey(ref);
  const found: StoredCase<CaseState>[] = [];
  // One indexed read of the references withdrawn cases were given, not every closed case.
  for (const held of await store.refsStartingWith(withdrawnRefStart(ref))) {
    const stored = await store.getByRef<CaseState>(held);
    // The made-up reference keeps only 20 characters of the old one: the closure says which it was.
    const had = stored?.state.closure?.reason === 'withdrawn' ? stored.state.closure.ref : undefined;
    if (stored && had !== undefined && anyCaseKey(had) === wanted) found.push(stored);
  }
  return found;
}
