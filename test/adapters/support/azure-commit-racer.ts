/**
 * One bot instance for the two-process commit race on Azure Table Storage. Prints `ready`, waits
 * for `go`, then until the case reaches `target` versions: reads the version and fires `fanout`
 * commits from it at once (each with its own command key and effect), printing `won <version>`
 * for each commit that got through. Ends with `done <json {won, conflicts}>`.
 * Usage: tsx azure-commit-racer.ts <connection string> <table prefix> <name> <target> <fanout>
 */
import readline from 'node:readline';
import { createAzureTableCaseStore } from '../../../src/adapters/azure-tables/azure-table-case-store';
import { commitOf, effect } from '../case-store-contract';

async function main(): Promise<void> {
  const [connectionString, tablePrefix, name, target, fanout] = process.argv.slice(2);
  if (!connectionString || !tablePrefix || !name || !target || !fanout) {
    throw new Error('usage: azure-commit-racer <connection string> <prefix> <name> <target> <fanout>');
  }
  const input = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const store = createAzureTableCaseStore({ connectionString, tablePrefix });
  try {
    const won: number[] = [];
    let conflicts = 0;
    process.stdout.write('ready\n');
    await input.next();
    for (;;) {
      const version = (await store.get('race'))?.version ?? 0;
      if (version >= Number(target)) break;
      const results = await Promise.all(Array.from({ length: Number(fanout) }, (_, k) => {
        const id = `${name}-v${version}-${k}`;
        return store.commit(commitOf({ caseId: 'race', ref: 'CR-RACE', expectedVersion: version, step: version + 1,
          audit: { action: id }, outbox: [effect(id)], commandKey: id }));
      }));
      for (const result of results) {
        if (result.ok) {
          won.push(result.version);
          process.stdout.write(`won ${result.version}\n`);
        } else if (result.code === 'VERSION_CONFLICT') {
          conflicts += 1;
        } else {
          throw new Error(`unexpected refusal ${JSON.stringify(result)}`);
        }
      }
    }
    process.stdout.write(`done ${JSON.stringify({ won, conflicts })}\n`);
  } finally {
    await store.close();
    process.stdin.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`azure-commit-racer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
