/**
 * Every case summary of a participant (a person, or a queue such as the requests waiting for a
 * team manager's agreement), or the store's every case, most recently changed first. The store
 * answers at most `limit`: a list cut there left out the cases untouched longest, the ones most
 * likely overdue. A full page means there may be more: ask again for twice as many.
 */
import type { CaseStore, CaseSummary } from '../ports/case-store';

/** How many case summaries one read of the store asks for at first. */
export const LIST_LIMIT = 500;

export async function everySummary(store: Pick<CaseStore, 'list'>, participant?: string): Promise<CaseSummary[]> {
  for (let limit = LIST_LIMIT; ; limit *= 2) {
    const page = await store.list({ ...(participant !== undefined ? { participant } : {}), limit });
    if (page.length < limit) return page;
  }
}
