/**
 * One outbox worker process on Azure Table Storage for the two-process delivery test. Prints
 * `ready`, waits for `go`, then claims (real clock, lease `leaseMs`) and "delivers" each item by
 * appending `start <owner> <effectId>` and `done <owner> <effectId>` lines to a shared log
 * (O_APPEND), then marks it delivered. With `hangAfter` N it delivers N items, then on the next
 * one appends `start`, prints `hung <effectId>` and stops there — mid-delivery, for the parent to
 * SIGKILL. Otherwise it stops when nothing is pending and prints `finished`.
 * Usage: tsx azure-outbox-deliverer.ts <connection string> <prefix> <owner> <log file> <leaseMs> [hangAfter]
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { createAzureTableCaseStore } from '../../../src/adapters/azure-tables/azure-table-case-store';
import { LeaseLostError } from '../../../src/ports/case-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const [connectionString, tablePrefix, owner, log, leaseMs, hangAfter] = process.argv.slice(2);
  if (!connectionString || !tablePrefix || !owner || !log || !leaseMs) {
    throw new Error('usage: azure-outbox-deliverer <connection string> <prefix> <owner> <log file> <leaseMs> [hangAfter]');
  }
  const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const store = createAzureTableCaseStore({ connectionString, tablePrefix });
  const append = (line: string) => fs.appendFileSync(log, `${line}\n`, { flag: 'a' });
  try {
    let delivered = 0;
    process.stdout.write('ready\n');
    await input.next();
    for (;;) {
      const now = new Date();
      const items = await store.claimOutbox(owner, now.toISOString(), new Date(now.getTime() + Number(leaseMs)).toISOString(), 2);
      for (const item of items) {
        append(`start ${owner} ${item.effectId}`);
        if (hangAfter !== undefined && delivered >= Number(hangAfter)) {
          process.stdout.write(`hung ${item.effectId}\n`);
          // A timer keeps the process alive: it is stuck here until the SIGKILL.
          await new Promise<never>(() => setInterval(() => undefined, 1000));
        }
        await sleep(10); // the downstream call
        append(`done ${owner} ${item.effectId}`);
        try {
          await store.markDelivered(item.effectId, owner, new Date().toISOString());
          delivered += 1;
        } catch (error) {
          if (!(error instanceof LeaseLostError)) throw error;
          append(`lost ${owner} ${item.effectId}`);
        }
      }
      if (items.length === 0) {
        if ((await store.outboxCounts()).pending === 0) break;
        await sleep(100); // waiting for someone else's lease to end
      }
    }
    process.stdout.write('finished\n');
  } finally {
    await store.close();
    process.stdin.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`azure-outbox-deliverer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
