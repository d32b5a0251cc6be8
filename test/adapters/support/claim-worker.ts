/**
 * One outbox worker process for the two-process claim test: opens the store, prints `ready`,
 * waits for `go` on stdin, then claims and delivers until nothing is pending, and prints
 * `claimed <json array of effect ids>`.
 * Usage: tsx claim-worker.ts <dbfile> <owner>
 */
import { createSqliteCaseStore } from '../../../src/adapters/sqlite/sqlite-case-store';

async function main(): Promise<void> {
  const [file, owner] = process.argv.slice(2);
  if (!file || !owner) throw new Error('usage: claim-worker <dbfile> <owner>');
  const store = createSqliteCaseStore({ path: file });
  try {
    process.stdout.write('ready\n');
    await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
    process.stdin.pause();
    const claimed: string[] = [];
    for (;;) {
      const now = new Date();
      const items = await store.claimOutbox(owner, now.toISOString(), new Date(now.getTime() + 600_000).toISOString(), 2);
      if (items.length === 0 && (await store.outboxCounts()).pending === 0) break;
      for (const item of items) {
        claimed.push(item.effectId);
        await store.markDelivered(item.effectId, owner, new Date().toISOString());
      }
      // A breath between batches, as a real worker has while it delivers: without it SQLite's
      // busy back-off lets one process take every lock and the two would rarely interleave.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    process.stdout.write(`claimed ${JSON.stringify(claimed)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`claim-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
