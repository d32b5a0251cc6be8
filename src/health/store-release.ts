/**
 * At start on Azure: whether the store's tables were upgraded by a newer release (the code rolled
 * back, a slot swapped back), so the bot refuses to start as it does on such a SQLite file, instead
 * of starting and failing every click. Answered within CHECK_TIMEOUT_MS; an account not reached now
 * is not a refusal (the tables are made on first use, and /readyz tells what is wrong).
 */
import type { CaseStore } from '../ports/case-store';
import { StoreFromNewerReleaseError } from '../adapters/case-store-errors';
import { CHECK_TIMEOUT_MS } from './readiness';

export async function storeFromNewerRelease(store: Pick<CaseStore, 'checkWritable'>, at: string, timeoutMs = CHECK_TIMEOUT_MS): Promise<StoreFromNewerReleaseError | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const checked = store.checkWritable(at).then(
    () => undefined,
    (error: unknown) => (error instanceof StoreFromNewerReleaseError ? error : undefined),
  );
  try {
    return await Promise.race([checked, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}
