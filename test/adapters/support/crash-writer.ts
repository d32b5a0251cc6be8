/**
 * A writer the crash test kills with SIGKILL: commits steps fromStep..totalSteps to one case,
 * each with its own command key, audit entry and outbox item, and prints `ack N` once step N is
 * committed (stdout to a pipe is synchronous on Linux, so a printed ack was really acknowledged).
 * Usage: tsx crash-writer.ts <dbfile> <totalSteps> [fromStep]; fromStep defaults to the step after the stored version.
 */
import { createSqliteCaseStore } from '../../../src/adapters/sqlite/sqlite-case-store';
import { commitOf, effect } from '../case-store-contract';

const CRASH_CASE_ID = 'crash-case';

async function main(): Promise<void> {
  const [file, totalArg, fromArg] = process.argv.slice(2);
  const total = Number(totalArg);
  if (!file || !Number.isInteger(total) || total < 1) throw new Error('usage: crash-writer <dbfile> <totalSteps> [fromStep]');
  const store = createSqliteCaseStore({ path: file });
  try {
    const from = fromArg === undefined ? ((await store.get(CRASH_CASE_ID))?.version ?? 0) + 1 : Number(fromArg);
    for (let step = from; step <= total; step++) {
      // Resume from what is stored, not from what this process remembers.
      const version = (await store.get(CRASH_CASE_ID))?.version ?? 0;
      const result = await store.commit(commitOf({
        caseId: CRASH_CASE_ID,
        ref: 'CR-CRASH',
        expectedVersion: version,
        step,
        audit: { action: `step ${step}`, correlationId: `crash-${step}` },
        outbox: [effect(`crash-step-${step}`)],
        commandKey: `crash-step-${step}`,
        outcome: { step },
      }));
      if (result.ok) process.stdout.write(`ack ${step}\n`);
      else if (result.code === 'DUPLICATE_COMMAND') process.stdout.write(`duplicate ${step}\n`);
      else throw new Error(`step ${step} refused: ${JSON.stringify(result)}`);
    }
    process.stdout.write('done\n');
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-writer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
