import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { runScript, type RunningScript } from './support/child-process';
import { makeTempDir } from './support/temp-sqlite';

const WRITER = 'test/adapters/support/crash-writer.ts';
const CASE_ID = 'crash-case';
// Enough steps that the writer is still busy committing when the kill lands.
const TOTAL_STEPS = 200;
const KILL_AFTER_ACKS = 25;

describe('SQLite case store after a crash (SIGKILL mid-run)', function () {
  this.timeout(20_000); // two node processes, one after the other
  let temp: ReturnType<typeof makeTempDir>;
  let running: RunningScript[];
  beforeEach(() => {
    temp = makeTempDir('case-store-crash-');
    running = [];
  });
  afterEach(() => {
    for (const script of running) script.stop();
    temp.remove();
  });

  it('loses and duplicates nothing: every step once, in order, with its outbox item', async () => {
    const file = temp.file();

    const first = runScript(WRITER, [file, String(TOTAL_STEPS)]);
    first.onLine((line) => {
      if (line === `ack ${KILL_AFTER_ACKS}`) first.child.kill('SIGKILL');
    });
    running.push(first);
    const firstExit = await first.exited;
    assert.equal(firstExit.signal, 'SIGKILL', `the writer was not killed: ${JSON.stringify(firstExit)}`);
    assert.ok(!first.lines.includes('done'), `the writer finished before the kill landed: ${first.lines.length} ${first.lines.slice(-3).join()}`);
    const acked = first.lines.map((line) => Number(/^ack (\d+)$/.exec(line)?.[1]));
    assert.deepEqual(acked, acked.map((_, i) => i + 1), `first run printed ${first.lines.join(', ')}`);
    const lastAcked = acked.length;
    assert.ok(lastAcked >= KILL_AFTER_ACKS && lastAcked < TOTAL_STEPS);

    // Restart from the last step the parent saw acknowledged: it must be recognised as done.
    const second = runScript(WRITER, [file, String(TOTAL_STEPS), String(lastAcked)]);
    running.push(second);
    const secondExit = await second.exited;
    assert.equal(secondExit.code, 0, secondExit.stderr);
    assert.equal(second.lines[0], `duplicate ${lastAcked}`);
    assert.equal(second.lines.at(-1), 'done');
    const resumed = second.lines.slice(0, -1).map((line) => Number(/^(?:ack|duplicate) (\d+)$/.exec(line)?.[1]));
    assert.deepEqual(resumed, resumed.map((_, i) => lastAcked + i), 'the restart skipped or repeated a step');
    assert.equal(resumed.at(-1), TOTAL_STEPS);
    console.log(`      killed after ${lastAcked} acknowledged steps; ${second.lines.filter((l) => l.startsWith('duplicate')).length} step(s) found already committed on restart`);

    const raw = new Database(file, { readonly: true });
    try {
      assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      raw.close();
    }

    const store = createSqliteCaseStore({ path: file });
    try {
      const steps = Array.from({ length: TOTAL_STEPS }, (_, i) => i + 1);
      const stored = await store.get<{ step: number }>(CASE_ID);
      assert.equal(stored?.version, TOTAL_STEPS);
      assert.equal(stored?.state.step, TOTAL_STEPS);

      const audit = await store.audit(CASE_ID);
      assert.deepEqual(audit.map((e) => [e.seq, e.action]), steps.map((n) => [n, `step ${n}`]));

      const outbox = await store.listOutbox('pending', TOTAL_STEPS + 10);
      assert.deepEqual(outbox.map((i) => [i.seq, i.effectId]), steps.map((n) => [n, `crash-step-${n}`]));
      assert.deepEqual(await store.outboxCounts(), { pending: TOTAL_STEPS, delivered: 0, dead: 0, oldestPendingAt: outbox[0]?.createdAt });

      for (const n of [1, lastAcked, lastAcked + 1, TOTAL_STEPS]) {
        assert.deepEqual(await store.findCommand(`crash-step-${n}`), { key: `crash-step-${n}`, outcome: { step: n } });
      }
      assert.equal(await store.findCommand(`crash-step-${TOTAL_STEPS + 1}`), undefined);
    } finally {
      await store.close();
    }
  });
});
