/**
 * One outbox worker process for the two-process claim test. Opens the store, prints `ready`,
 * waits for `go`; claims and delivers one batch, prints `first` and waits for `go` again (so the
 * parent knows both processes are in the race); then claims and delivers until nothing is
 * pending and prints `claimed <json array of effect ids>`.
 * Usage: tsx claim-worker.ts <dbfile> <owner>
 */
import readline from 'node:readline';
import { createSqliteCaseStore } from '../../../src/adapters/sqlite/sqlite-case-store';

async function main(): Promise<void> {
  const [file, owner] = process.argv.slice(2);
  if (!file || !owner) throw new Error('usage: claim-worker <dbfile> <owner>');
  const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const store = createSqliteCaseStore({ path: file });
  try {
    const claimed: string[] = [];
    const claimBatch = async (): Promise<number> => {
      const now = new Date();
      const items = await store.claimOutbox(owner, now.toISOString(), new Date(now.getTime() + 600_000).toISOString(), 2);
      for (const item of items) {
        claimed.push(item.effectId);
        await store.markDelivered(item.effectId, owner, new Date().toISOString());
      }
      return items.length;
    };

    // Stdin closing instead of `go` means the test gave up: stop rather than linger.
    process.stdout.write('ready\n');
    if ((await input.next()).done) return;
    await claimBatch();
    process.stdout.write('first\n');
    if ((await input.next()).done) return;
    for (;;) {
      if ((await claimBatch()) === 0 && (await store.outboxCounts()).pending === 0) break;
      // A breath between batches, as a real worker has while it delivers: without it SQLite's
      // busy back-off tends to let one process take every lock.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    process.stdout.write(`claimed ${JSON.stringify(claimed)}\n`);
  } finally {
    await store.close();
    process.stdin.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`claim-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
