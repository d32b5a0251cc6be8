/**
 * A sweeping process the scheduler's crash test kills with SIGKILL: sweeps the case store at
 * <dbfile> at the instant <iso>, <batchSize> deadlines a batch, printing `committed N` as each store
 * batch returns (stdout to a pipe is synchronous on Linux). After batch <holdAfter> (0: never) it
 * waits to be killed, so the kill lands between that batch being written and the next, however
 * slow the machine (a fixed pause let a busy CI machine commit one batch more). The batches before
 * it are written as the scheduler writes them, each read while the one before is being flushed. Prints
 * `done <report JSON>` at the end. With `thread`, the store writes its batches in its batch writer
 * thread, as the server's background thread does (the next batch decided while one is written).
 * Usage: tsx sweep-crasher.ts <dbfile> <iso> <batchSize> <holdAfter> [thread]
 */
import { createSqliteCaseStore } from '../../../src/adapters/sqlite/sqlite-case-store';
import { closeSweepers, sweeperOn, wrapStore } from './sweep-world';
import { SettableClock } from '../../../support/world';

async function main(): Promise<void> {
  const [file, iso, batchArg, holdArg, mode] = process.argv.slice(2);
  if (!file || !iso) throw new Error('usage: sweep-crasher <dbfile> <iso> <batchSize> <holdAfter>');
  const holdAfter = Number(holdArg ?? 0);
  const store = createSqliteCaseStore({ path: file, ...(mode === 'thread' ? { batchWriterThread: true } : {}) });
  let batches = 0;
  let calls = 0;
  const wrapped = wrapStore(store, {
    commitBatch: async (batch) => {
      // The batch held is not reported written before it returns, so the sweep reads no next batch
      // meanwhile (it would otherwise write it while this one's flush is still running).
      const held = ++calls === holdAfter;
      // Nor handed over, for the same reason.
      const { handedOver: _handedOver, ...unannounced } = batch;
      const results = await store.commitBatch(held ? { ...unannounced, written: () => undefined } : batch);
      process.stdout.write(`committed ${++batches}\n`);
      // Held until killed; the timer only keeps the process alive meanwhile.
      if (batches === holdAfter) await new Promise((resolve) => setTimeout(resolve, 10 * 60_000));
      return results;
    },
  });
  try {
    const { scheduler } = sweeperOn(wrapped, new SettableClock(new Date(iso)), { batchSize: Number(batchArg ?? 10), onError: (error) => { throw error; } });
    const report = await scheduler.sweep();
    process.stdout.write(`done ${JSON.stringify(report)}\n`);
  } finally {
    await closeSweepers();
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sweep-crasher: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
