/**
 * Two bot instances — two OS processes — on one Azure Table Storage account (a real Azurite).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { createAzureTableCaseStore, type AzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { commitOf, effect } from './case-store-contract';
import { runScript, type RunningScript } from './support/child-process';

const RACER = 'test/adapters/support/azure-commit-racer.ts';
const DELIVERER = 'test/adapters/support/azure-outbox-deliverer.ts';

function waitForLine(worker: RunningScript, matches: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    worker.onLine((line) => { if (matches(line)) resolve(line); });
    // A worker that dies first would leave the test waiting for its whole timeout.
    void worker.exited.then((e) => reject(new Error(`worker exited (${e.code ?? e.signal}) before the line: ${e.stderr}`)));
  });
}

describe('Two instances on one Azure Table Storage account', function () {
  this.timeout(60_000);
  let azurite: RunningAzurite;
  let prefix: string;
  let store: AzureTableCaseStore;
  let workers: RunningScript[] = [];
  let logDir: string;

  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite.stop();
  });
  beforeEach(() => {
    prefix = `two${process.pid}n${Date.now() % 1_000_000}`;
    store = createAzureTableCaseStore({ connectionString: azurite.connectionString, tablePrefix: prefix });
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-instances-'));
  });
  afterEach(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited.catch(() => undefined)));
    workers = [];
    await store.close();
    for (const suffix of ['Cases', 'Index']) {
      await TableClient.fromConnectionString(azurite.connectionString, `${prefix}${suffix}`, { allowInsecureConnection: true }).deleteTable();
    }
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  async function startTogether(scripts: { script: string; args: string[] }[]): Promise<RunningScript[]> {
    workers = scripts.map(({ script, args }) => runScript(script, args));
    await Promise.all(workers.map((w) => waitForLine(w, (l) => l === 'ready')));
    for (const w of workers) w.child.stdin.write('go\n');
    return workers;
  }

  it('commits exactly one decision per version when both race on the same case', async () => {
    const target = 25;
    const fanout = 3;
    expectOk(await store.commit(commitOf({ caseId: 'race', ref: 'CR-RACE', audit: { action: 'open' } })));
    const racers = await startTogether(['a', 'b'].map((name) => ({
      script: RACER, args: [azurite.connectionString, prefix, name, String(target), String(fanout)],
    })));
    const exits = await Promise.all(racers.map((w) => w.exited));
    exits.forEach((e) => assert.equal(e.code, 0, e.stderr));

    const reports = racers.map((w) => JSON.parse(w.lines.find((l) => l.startsWith('done '))?.slice(5) ?? 'null') as { won: number[]; conflicts: number });
    const won = reports.flatMap((r) => r.won).sort((x, y) => x - y);
    assert.deepEqual(won, Array.from({ length: target - 1 }, (_, n) => n + 2), 'each version from 2 to the target won exactly once');
    assert.ok(reports.every((r) => r.won.length > 0), `one process never won: there was no race (${JSON.stringify(reports)})`);

    // The store agrees: one audit entry, one outbox item and one command record per version, all the winner's.
    const audit = await store.audit('race');
    assert.deepEqual(audit.map((e) => e.seq), Array.from({ length: target }, (_, n) => n + 1));
    const winners = audit.slice(1).map((e) => e.action);
    const pending = await store.listOutbox('pending', 1000);
    assert.deepEqual(pending.map((i) => i.effectId).sort(), [...winners].sort());
    assert.deepEqual(pending.map((i) => i.seq).sort((x, y) => x - y), Array.from({ length: target - 1 }, (_, n) => n + 1));
    for (const id of winners) assert.ok(await store.findCommand(id), `no command record for ${id}`);
    const loser = ['a', 'b'].flatMap((name) => Array.from({ length: fanout }, (_, k) => `${name}-v1-${k}`)).find((id) => !winners.includes(id));
    assert.equal(await store.findCommand(loser ?? ''), undefined);
    assert.equal((await store.get('race'))?.version, target);
    console.log(`      wins a/b: ${reports.map((r) => r.won.length).join(' / ')}, conflicts a/b: ${reports.map((r) => r.conflicts).join(' / ')}`);
  });

  it('delivers every item once when one instance is killed mid-delivery and the other takes over its leases', async () => {
    const cases = 8;
    const perCase = 3;
    const created = new Date(Date.now() - 3_600_000).toISOString(); // due now by the workers' real clock
    for (let c = 0; c < cases; c++) {
      expectOk(await store.commit(commitOf({ caseId: `k${c}`, when: created,
        outbox: Array.from({ length: perCase }, (_, n) => effect(`k${c}-${n + 1}`)) })));
    }
    const log = path.join(logDir, 'deliveries.log');
    const leaseMs = '1500';
    const [victim, survivor] = await startTogether([
      { script: DELIVERER, args: [azurite.connectionString, prefix, 'victim', log, leaseMs, '3'] },
      { script: DELIVERER, args: [azurite.connectionString, prefix, 'survivor', log, leaseMs] },
    ]);
    if (!victim || !survivor) throw new Error('workers did not start');
    const hung = (await waitForLine(victim, (l) => l.startsWith('hung '))).slice(5);
    victim.child.kill('SIGKILL');
    const victimExit = await victim.exited;
    assert.equal(victimExit.signal, 'SIGKILL');
    const survivorExit = await survivor.exited;
    assert.equal(survivorExit.code, 0, survivorExit.stderr);

    const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' ') as [string, string, string]);
    const all = Array.from({ length: cases }, (_, c) => Array.from({ length: perCase }, (_, n) => `k${c}-${n + 1}`)).flat();
    for (const id of all) {
      const events = lines.filter(([, , item]) => item === id);
      const done = events.filter(([event]) => event === 'done');
      assert.equal(done.length, 1, `${id} done ${done.length} times: ${JSON.stringify(events)}`);
      const starts = events.filter(([event]) => event === 'start');
      // A second start is allowed only after the killed owner's start that never finished.
      const earlier = starts.slice(0, -1);
      assert.ok(earlier.every(([, owner]) => owner === 'victim') && !events.some(([event, owner]) => event === 'done' && owner === 'victim' && earlier.length > 0),
        `${id} started again while a live owner had it: ${JSON.stringify(events)}`);
    }
    // The hung item was taken over by the survivor once the victim's lease ran out.
    assert.deepEqual(lines.filter(([, , item]) => item === hung).map(([event, owner]) => `${event} ${owner}`),
      ['start victim', 'start survivor', 'done survivor']);
    assert.ok(lines.some(([event, owner]) => event === 'done' && owner === 'victim'), 'the victim delivered nothing before it was killed');

    // Each case's items were delivered in seq order.
    const doneOrder = lines.filter(([event]) => event === 'done').map(([, , item]) => item);
    for (let c = 0; c < cases; c++) {
      const mine = doneOrder.filter((id) => id.startsWith(`k${c}-`));
      assert.deepEqual(mine, [...mine].sort(), `case k${c} out of order`);
    }
    assert.deepEqual(await store.outboxCounts(), { pending: 0, delivered: cases * perCase, dead: 0, oldestPendingAt: null });
    const byOwner = (owner: string) => lines.filter(([event, who]) => event === 'done' && who === owner).length;
    console.log(`      delivered by victim/survivor: ${byOwner('victim')} / ${byOwner('survivor')}; taken over: ${hung}`);
  });
});

function expectOk(result: { ok: boolean }): void {
  assert.equal(result.ok, true, JSON.stringify(result));
}
