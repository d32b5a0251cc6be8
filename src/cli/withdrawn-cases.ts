/**
 * A withdrawn case gives up its reference (MOS-1042 → MOS-1042_W_1a2b3c4d, src/protocol/withdraw-case.ts),
 * but support staff are asked about it by the one people know: these are the cases that had it.
 */
import type { CaseState } from '../protocol';
import type { CaseStore, StoredCase } from '../ports/case-store';

/** Enough for every closed case a council keeps; only read when a reference names no case now. */
const CLOSED_CASES_READ = 100_000;

export async function withdrawnCasesThatHad(store: CaseStore, ref: string): Promise<StoredCase<CaseState>[]> {
  const spellings = new Set([ref, ref.toUpperCase()]);
  const prefixes = [...spellings].map((r) => `${r.slice(0, 20)}_W_`);
  const closed = await store.list({ stage: 'closed', limit: CLOSED_CASES_READ });
  const found: StoredCase<CaseState>[] = [];
  for (const summary of closed.filter((c) => prefixes.some((p) => c.ref.startsWith(p)))) {
    const stored = await store.get<CaseState>(summary.caseId);
    // The made-up reference keeps only 20 characters of the old one: the closure says which it was.
    const had = stored?.state.closure?.reason === 'withdrawn' ? stored.state.closure.ref : undefined;
    if (stored && had !== undefined && spellings.has(had)) found.push(stored);
  }
  return found;
}
