/** Everything the store holds about cases — state, version, audit trail, refusals — for before/after comparisons. */
import type { CaseStore } from '../../../src/ports/case-store';

export interface CaseSnapshot {
  version: number;
  summary: unknown;
  state: unknown;
  audit: unknown[];
  refusals: unknown[];
}

export async function snapshotCases(store: CaseStore, caseIds?: readonly string[]): Promise<Map<string, CaseSnapshot>> {
  const ids = caseIds ?? (await store.list({ limit: 1_000_000 })).map((c) => c.caseId);
  const out = new Map<string, CaseSnapshot>();
  for (const id of [...ids].sort()) {
    const stored = await store.get(id);
    if (!stored) continue;
    out.set(id, { version: stored.version, summary: stored.summary, state: stored.state, audit: await store.audit(id), refusals: await store.refusals(id) });
  }
  return out;
}
