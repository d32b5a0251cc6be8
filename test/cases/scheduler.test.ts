import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { fdatasyncFile } from '../../src/adapters/sqlite/wal-sync';
import type { CaseState } from '../../src/protocol';
import type { CaseStore, CommitBatch, CommitResult } from '../../src/ports/case-store';
import { runScript, type RunningScript } from '../adapters/support/child-process';
import { MAX_BATCHES_WAITING_FOR_DISK } from '../../src/cases/scheduler';
import { BOTH_DUE, closeSweepers, openCases, sweeperOn, wrapStore } from './support/sweep-world';
import { SettableClock } from '../../support/world';

/** What the reminder service wrote to a case's audit trail, in order. */
async function systemActions(store: CaseStore, caseId: string): Promise<string[]> {
  return (await store.audit(caseId)).filter((e) => e.actorId === 'system').map((e) => e.action);
}

async function outboxOf(store: CaseStore, caseId: string): Promise<string[]> {
  return (await store.listOutbox('pending', 100_000)).filter((i) => i.caseId === caseId).map((i) => `${i.effectId} ${i.kind}`);
}

describe('Scheduler sweep', () => {
  let dir: string;
  let store: CaseStore;
  let clock: SettableClock;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-sweep-'));
    store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
    clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
  });
  afterEach(async () => {
    await closeSweepers();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `store` with commitBatch counted (and optionally replaced). */
  function counting(replace?: (batch: CommitBatch, call: number) => Promise<CommitResult[]>) {
    const calls: CommitBatch[] = [];
    const wrapped = wrapStore(store, {
      commitBatch: async (batch) => {
        calls.push(batch as CommitBatch);
        return replace ? replace(batch as CommitBatch, calls.length) : store.commitBatch(batch);
      },
    });
    return { wrapped, calls };
  }

  /**
   * A sweep of `cases` cases' reminders, 4 deadlines a batch, each batch's answer (once on disk) held
   * until the test lets it go (`held`); `handedOver`: the store tells the scheduler it has the batch
   * at once, as the batch writer thread does. `until` waits (up to a second) for what it is given.
   */
  async function heldSweep(cases: number, handedOver: boolean) {
    const caseIds = await openCases(sweeperOn(store, clock).service, cases);
    const held: Array<() => void> = [];
    const { wrapped, calls } = counting(async (batch) => {
      if (handedOver) batch.handedOver?.();
      const results = await store.commitBatch(batch);
      await new Promise<void>((resolve) => held.push(resolve));
      return results;
    });
    const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 4 });
    clock.set(BOTH_DUE);
    let answered = false;
    const sweeping = scheduler.sweep().then((report) => {
      answered = true;
      return report;
    });
    const until = async (what: () => boolean): Promise<void> => {
      for (let n = 0; n < 500 && !what(); n++) await new Promise((resolve) => setTimeout(resolve, 2));
      assert.ok(what(), `still waiting: ${calls.length} batches, ${held.length} held`);
    };
    return { caseIds, held, calls, sweeping, answered: (): boolean => answered, until };
  }

  it('fires every due deadline of many cases a batch at a time, a case\'s deadlines in the same batch, one store batch each, each reminder once', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 12);
    const { wrapped, calls } = counting();
    const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 5 });
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 24, fired: 24, failed: 0 });
    // 24 deadlines, at most 5 a batch, whole cases (two each) only: six store batches, each of them one transaction.
    assert.deepEqual(calls.map((b) => b.commits.length + (b.firings?.length ?? 0)), [4, 4, 4, 4, 4, 4]);
    for (const batch of calls) {
      const cases = batch.commits.map((c) => c.summary.caseId);
      // Each case's reminder of visit 0 and then of visit 1 (due order), side by side.
      assert.deepEqual(cases, [cases[0], cases[0], cases[2], cases[2]]);
      assert.deepEqual(batch.commits.map((c) => c.deadlines?.fired?.[0]?.split(':').slice(-2).join(':')), ['0:reminder', '1:reminder', '0:reminder', '1:reminder']);
    }
    for (const caseId of caseIds) {
      assert.equal((await systemActions(store, caseId)).length, 2, 'the two reminders, once each');
      assert.equal((await store.get(caseId))?.version, 3);
      assert.ok((await store.deadlines(caseId)).slice(0, 2).every((d) => d.firedAt === clock.now().toISOString()));
    }
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
    // Nothing due: one index read, nothing written.
    assert.deepEqual(await scheduler.sweep(), { due: 0, fired: 0, failed: 0 });
    assert.equal(calls.length, 6);
  });

  it('queues a case\'s SharePoint row once when two of its reminders fire in one batch, and every notice and audit line of each', async () => {
    const [caseId] = await openCases(sweeperOn(store, clock).service, 1);
    const { scheduler } = sweeperOn(store, clock);
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 2, fired: 2, failed: 0 });
    const queued = (await store.listOutbox('pending', 100_000)).filter((i) => i.caseId === caseId && !i.effectId.includes(':v1:'));
    const what = queued.map((i) => {
      const p = i.payload as { type: string; list?: string; notice?: string };
      return `${i.effectId.split(':').slice(1).join(':')} ${p.type === 'record' ? p.list : p.notice}`;
    });
    // v2 visit 0's reminder, v3 visit 1's: the case's row (the same for both, as both fire at one instant) goes with the first only.
    assert.deepEqual(what, ['v2:0 visit-reminder', 'v2:1 cases', 'v2:audit audit', 'v3:0 visit-reminder', 'v3:audit audit']);
    assert.deepEqual((await store.audit(caseId!)).map((e) => e.seq), [1, 2, 3]);
  });

  it('queues the case\'s row with each deadline fired on its own, as before', async () => {
    const [caseId] = await openCases(sweeperOn(store, clock).service, 1);
    const { scheduler } = sweeperOn(store, clock);
    // Each fired in a sweep of its own, when it is due.
    clock.set('2026-03-04T12:00:00Z');
    assert.deepEqual(await scheduler.sweep(), { due: 1, fired: 1, failed: 0 });
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 1, fired: 1, failed: 0 });
    const rows = (await store.listOutbox('pending', 100_000)).filter((i) => i.caseId === caseId && (i.payload as { list?: string }).list === 'cases');
    assert.deepEqual(rows.map((i) => i.effectId.split(':')[1]), ['v1', 'v2', 'v3']);
  });

  it('reads each case\'s due deadlines once, not those of cases the batch has no room for', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 12);
    const read: string[] = [];
    const wrapped = wrapStore(store, {
      dueDeadlinesOfCases: async (ids, now) => {
        read.push(...ids);
        return store.dueDeadlinesOfCases(ids, now);
      },
    });
    const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 4 });
    clock.set(BOTH_DUE);
    // The four oldest due are four cases' reminders of visit 0; their reminders of visit 1 fill the batch with two of them.
    assert.deepEqual(await scheduler.sweep(), { due: 24, fired: 24, failed: 0 });
    assert.deepEqual([...read].sort(), [...caseIds].sort());
    for (const caseId of caseIds) assert.equal((await systemActions(store, caseId)).length, 2, caseId);
  });

  it('marks fired, touching nothing else, a deadline that no longer applies and one whose case is gone', async () => {
    const [kept, gone] = await openCases(sweeperOn(store, clock).service, 2);
    // A reminder for a visit the case does not have: it no longer applies.
    const stored = (await store.get<CaseState>(kept!))!;
    const stray = { deadlineId: `${kept}:visit:99:reminder`, kind: 'visit-reminder', dueAt: '2026-03-03T08:00:00.000Z', payload: { data: { index: 99 } } };
    assert.ok((await store.commit({ summary: stored.summary, state: stored.state, expectedVersion: 1, audit: { at: clock.now().toISOString(), actorId: 'test', actorName: 'Test', role: 'test', action: 'Stray deadline', before: null, after: null, correlationId: 'c' }, outbox: [], deadlines: { schedule: [stray] } })).ok);
    const hidden = wrapStore(store, { get: async (caseId) => (caseId === gone ? undefined : store.get(caseId)) });
    const { scheduler } = sweeperOn(hidden, clock);
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 5, fired: 5, failed: 0 });
    assert.equal((await store.deadlines(kept!)).find((d) => d.deadlineId === stray.deadlineId)?.firedAt, clock.now().toISOString());
    assert.equal((await systemActions(store, kept!)).length, 2, 'no audit entry for the stray deadline');
    assert.equal((await store.get(kept!))?.version, 4);
    assert.ok((await store.deadlines(gone!)).slice(0, 2).every((d) => d.firedAt !== null));
    assert.equal((await store.get(gone!))?.version, 1);
    assert.deepEqual(await scheduler.sweep(), { due: 0, fired: 0, failed: 0 }, 'none of them comes round again');
  });

  it('applies again on its own a commit the store refused (the case changed meanwhile), and keeps the other cases\' commits', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 4);
    const contended = caseIds[1]!;
    let refused: CommitResult[] = [];
    const { wrapped, calls } = counting(async (batch, call) => {
      if (call !== 1) return store.commitBatch(batch);
      // Someone acts on the case between the sweep reading it and the batch being written.
      const current = (await store.get(contended))!;
      assert.ok((await store.commit({ summary: current.summary, state: current.state, expectedVersion: current.version, audit: { at: clock.now().toISOString(), actorId: 'sw-1', actorName: 'Sam', role: 'social-worker', action: 'Meanwhile', before: null, after: null, correlationId: 'm' }, outbox: [] })).ok);
      const results = await store.commitBatch(batch);
      refused = results.filter((r) => !r.ok);
      return results;
    });
    const { scheduler } = sweeperOn(wrapped, clock);
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 8, fired: 8, failed: 0 });
    assert.equal(calls[0]?.commits.length, 8, 'one batch for all of them');
    assert.deepEqual(refused, [{ ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 }, { ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 }]);
    assert.deepEqual((await store.audit(contended)).map((e) => e.actorId), ['sw-1', 'sw-1', 'system', 'system']);
    assert.equal((await store.get(contended))?.version, 4);
    for (const caseId of caseIds) assert.equal((await systemActions(store, caseId)).length, 2, caseId);
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
  });

  it('leaves the deadlines of a case that failed to come round again, and loses none of the others', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 3);
    const broken = caseIds[2]!;
    let failing = true;
    const flaky = wrapStore(store, {
      get: async (caseId) => {
        if (failing && caseId === broken) throw new Error('read failed');
        return store.get(caseId);
      },
    });
    const errors: string[] = [];
    const { scheduler } = sweeperOn(flaky, clock, { onError: (_error, deadlineId) => errors.push(deadlineId) });
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 6, fired: 4, failed: 2 });
    assert.deepEqual(errors.sort(), [`${broken}:visit:0:reminder`, `${broken}:visit:1:reminder`]);
    assert.deepEqual((await store.dueDeadlines(BOTH_DUE, 100)).map((d) => d.caseId), [broken, broken]);
    for (const caseId of caseIds.slice(0, 2)) assert.equal((await systemActions(store, caseId)).length, 2);
    failing = false;
    assert.deepEqual(await scheduler.sweep(), { due: 2, fired: 2, failed: 0 });
    assert.equal((await systemActions(store, broken)).length, 2);
  });

  it('applies a batch the store failed one deadline at a time, each once, even when part of it was written', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 4);
    const { wrapped } = counting(async (batch, call) => {
      if (call === 1) {
        // As Azure Tables may leave it: the first commits written, then a failure.
        await store.commitBatch({ commits: batch.commits.slice(0, 3) });
        throw new Error('the store failed part-way');
      }
      return store.commitBatch(batch);
    });
    const { scheduler } = sweeperOn(wrapped, clock);
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 8, fired: 8, failed: 0 });
    for (const caseId of caseIds) {
      assert.equal((await systemActions(store, caseId)).length, 2, caseId);
      assert.equal((await store.get(caseId))?.version, 3);
    }
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
  });

  it('reads and writes the next batch while the one before is still on its way to the disk, and answers once every batch has been', async () => {
    // Each batch's answer (given once it is on disk) is held back until the test lets it go.
    const { caseIds, held, calls, sweeping, answered, until } = await heldSweep(6, false);
    // The first batch is written and waits for its answer: the second is read and written meanwhile,
    // but no third before the first is answered (one batch at a time waits for the disk).
    await until(() => calls.length === 2 && held.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(calls.length, 2);
    held.shift()!();
    await until(() => calls.length === 3 && held.length === 2);
    held.shift()!();
    // Nothing more is due, but the last batch's answer is still held: the sweep is not over until it is on disk.
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(answered(), false);
    assert.equal(held.length, 1);
    held.shift()!();
    assert.deepEqual(await sweeping, { due: 12, fired: 12, failed: 0 });
    assert.equal(calls.length, 3);
    for (const caseId of caseIds) assert.equal((await systemActions(store, caseId)).length, 2, 'the two reminders, once each');
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
  });

  it('stops at once when a batch\'s flush to disk fails after its deadlines were marked fired, not once that batch is counted', async () => {
    // A store of its own whose write-ahead log flush fails from the second batch on (a failing disk).
    let broken = false;
    const failing = createSqliteCaseStore({ path: join(dir, 'failing.sqlite'), flush: async (file) => {
      if (broken) throw new Error('EIO');
      await fdatasyncFile(file);
    } });
    try {
      const caseIds = await openCases(sweeperOn(failing, clock).service, 6);
      const calls: CommitBatch[] = [];
      // The failed batch's deadlines, applied again one at a time, are slow on the failing disk: held until let go.
      let letGo = (): void => undefined;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      let retries = 0;
      const wrapped = wrapStore(failing, {
        commitBatch: async (batch) => {
          calls.push(batch as CommitBatch);
          if (calls.length === 2) broken = true;
          return failing.commitBatch(batch);
        },
        findCommand: async (key) => {
          if (broken) {
            retries += 1;
            await held;
          }
          return failing.findCommand(key);
        },
      });
      const errors: string[] = [];
      const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 4, onError: (_error, deadlineId) => errors.push(deadlineId) });
      clock.set(BOTH_DUE);
      const sweeping = scheduler.sweep();
      for (let n = 0; n < 200 && retries === 0; n++) await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(calls.map((b) => b.commits.length), [4, 4], 'no third batch was read and written after the flush failed');
      assert.equal(retries, 1, 'the failed batch is being applied again, one deadline at a time');
      letGo();
      // Batch one (two cases) fired; batch two written, its flush failed, applied again alone: failed.
      assert.deepEqual(await sweeping, { due: 8, fired: 4, failed: 4 });
      assert.equal(errors.length, 4);
      // Beside the two batches, only the failed batch's deadlines marked fired one at a time (their commands were already written).
      assert.deepEqual(calls.map((b) => b.commits.length), [4, 4, 0, 0, 0, 0]);
      const swept = new Set(calls.flatMap((b) => b.commits.map((c) => c.summary.caseId)));
      const untouched = caseIds.filter((caseId) => !swept.has(caseId));
      assert.equal(untouched.length, 2);
      for (const caseId of untouched) {
        assert.deepEqual(await systemActions(failing, caseId), [], 'a case of the third batch was not touched');
        assert.equal((await failing.dueDeadlines(BOTH_DUE, 100)).filter((d) => d.caseId === caseId).length, 2);
      }
    } finally {
      broken = false;
      await closeSweepers();
      await failing.close();
    }
  });

  it('waits for a batch whole before reading the next when one of its deadlines is to be applied again on its own', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 4);
    let firstAnswered = false;
    const readsBeforeFirstAnswer: number[] = [];
    const { wrapped, calls } = counting(async (batch, call) => {
      if (call === 1) {
        // Someone acts on a case between the sweep reading it and the batch being written.
        const current = (await store.get(batch.commits[0]!.summary.caseId))!;
        assert.ok((await store.commit({ summary: current.summary, state: current.state, expectedVersion: current.version, audit: { at: clock.now().toISOString(), actorId: 'sw-1', actorName: 'Sam', role: 'social-worker', action: 'Meanwhile', before: null, after: null, correlationId: 'm' }, outbox: [] })).ok);
        const results = await store.commitBatch(batch);
        await new Promise((resolve) => setTimeout(resolve, 30));
        readsBeforeFirstAnswer.push(calls.length);
        firstAnswered = true;
        return results;
      }
      assert.ok(firstAnswered, 'the next batch was read before the first one, with a refused commit, was answered');
      return store.commitBatch(batch);
    });
    const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 4 });
    clock.set(BOTH_DUE);
    assert.deepEqual(await scheduler.sweep(), { due: 8, fired: 8, failed: 0 });
    assert.deepEqual(readsBeforeFirstAnswer, [1]);
    // Two batches, and between them the changed case's two deadlines fired on their own.
    assert.deepEqual(calls.map((b) => b.commits.length), [4, 0, 0, 4]);
    for (const caseId of caseIds) assert.equal((await systemActions(store, caseId)).length, 2, caseId);
  });

  it('decides the next batch, without the cases of the one before, while that one is written elsewhere (handed over), and fires each deadline once', async () => {
    const caseIds = await openCases(sweeperOn(store, clock).service, 6);
    // As the SQLite store with a batch writer thread does: handed over at once, written when the test lets it.
    const gates: Array<() => void> = [];
    const order: string[] = [];
    const { wrapped, calls } = counting(async (batch, call) => {
      batch.handedOver?.();
      order.push(`handed ${call}`);
      await new Promise<void>((resolve) => gates.push(resolve));
      order.push(`writing ${call}`);
      return store.commitBatch(batch);
    });
    const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 4 });
    clock.set(BOTH_DUE);
    const sweeping = scheduler.sweep();
    const until = async (condition: () => boolean): Promise<void> => {
      for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
      assert.ok(condition(), `waited in vain; so far: ${order.join(', ')}`);
    };
    // The second batch is decided and handed over while the first is not yet written ...
    await until(() => calls.length === 2);
    assert.deepEqual(order, ['handed 1', 'handed 2']);
    const casesOf = (n: number) => new Set(calls[n]!.commits.map((c) => c.summary.caseId));
    assert.ok([...casesOf(1)].every((caseId) => !casesOf(0).has(caseId)), 'no case in two batches at once');
    // ... and the third waits for the first to be written: one batch written while the next is decided.
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(calls.length, 2);
    gates.shift()!();
    await until(() => calls.length === 3);
    while (gates.length > 0 || calls.length < 3) {
      await until(() => gates.length > 0);
      gates.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    assert.deepEqual(await sweeping, { due: 12, fired: 12, failed: 0 });
    assert.equal(calls.length, 3);
    for (const caseId of caseIds) {
      assert.equal((await systemActions(store, caseId)).length, 2, caseId);
      assert.equal((await store.get(caseId))?.version, 3);
    }
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
  });

  it('written elsewhere, decides the next batch once the one before is written, not once it is on disk, with a few at most waiting for the disk, and answers once all are on disk', async () => {
    // As the batch writer thread does: handed over, written at once (the store tells the scheduler), its flush held until the test lets it go.
    const { caseIds, held: flushes, calls, sweeping, answered, until } = await heldSweep(14, true);
    // 28 deadlines, 4 a batch: seven batches. None is on disk, yet six are written: the first five
    // wait for the disk while the sixth is decided, which then waits for the oldest.
    await until(() => calls.length === 6 && flushes.length === 6);
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(calls.length, 6, `at most ${MAX_BATCHES_WAITING_FOR_DISK} written batches wait for the disk while the next is decided`);
    flushes.shift()!();
    await until(() => calls.length === 7 && flushes.length === 6);
    while (flushes.length > 1) flushes.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(answered(), false, 'not answered while the last batch is still on its way to the disk');
    flushes.shift()!();
    assert.deepEqual(await sweeping, { due: 28, fired: 28, failed: 0 });
    for (const caseId of caseIds) assert.equal((await systemActions(store, caseId)).length, 2, 'the two reminders, once each');
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
  });

  it('waits for the batch being written when all that is due is of its cases, and then fires the rest', async () => {
    const [caseId] = await openCases(sweeperOn(store, clock).service, 1);
    const gates: Array<() => void> = [];
    let reads = 0;
    const held = wrapStore(store, {
      dueDeadlines: async (now, limit, except) => {
        reads += 1;
        return store.dueDeadlines(now, limit, except);
      },
      commitBatch: async (batch) => {
        batch.handedOver?.();
        await new Promise<void>((resolve) => gates.push(resolve));
        return store.commitBatch(batch);
      },
    });
    // Batches of one: the case's two due deadlines go one batch each.
    const { scheduler } = sweeperOn(held, clock, { batchSize: 1 });
    clock.set(BOTH_DUE);
    const sweeping = scheduler.sweep();
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 500 && gates.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await settle();
    // Read again once it was handed over (only its own case's deadlines due), then waiting, not reading again and again.
    assert.equal(reads, 2);
    gates.shift()!();
    await settle();
    assert.equal(reads, 4, 'after the first was written: the second batch read, then the wait again');
    gates.shift()!();
    assert.deepEqual(await sweeping, { due: 2, fired: 2, failed: 0 });
    assert.equal((await systemActions(store, caseId!)).length, 2);
    assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
  });

  it('yields to the event loop between batches, so the server still answers during a long sweep', async () => {
    await openCases(sweeperOn(store, clock).service, 6);
    let ticks = 0;
    let ticking = true;
    const tick = (): void => {
      ticks += 1;
      if (ticking) setImmediate(tick);
    };
    const seen: number[] = [];
    const { wrapped } = counting(async (batch) => {
      seen.push(ticks);
      return store.commitBatch(batch);
    });
    const { scheduler } = sweeperOn(wrapped, clock, { batchSize: 3 });
    clock.set(BOTH_DUE);
    setImmediate(tick);
    const report = await scheduler.sweep();
    ticking = false;
    assert.deepEqual(report, { due: 12, fired: 12, failed: 0 });
    // At most 3 a batch, whole cases of two: six batches.
    assert.equal(seen.length, 6);
    for (let n = 1; n < seen.length; n++) assert.ok(seen[n]! > seen[n - 1]!, `the event loop did not turn between batches: ${seen.join(', ')}`);
  });

  describe('killed mid-sweep (SIGKILL) and restarted', function () {
    this.timeout(60_000);
    const CRASHER = 'test/cases/support/sweep-crasher.ts';
    let running: RunningScript[] = [];
    afterEach(() => {
      for (const script of running) script.stop();
      running = [];
    });

    // `thread`: the store writes its batches in its batch writer thread, as the server's background thread does.
    for (const mode of ['', 'thread']) {
      it(`neither loses nor repeats a reminder: the same audit entries and effects as a sweep never interrupted${mode ? ' (batches written in a thread)' : ''}`, async () => {
        const caseIds = await openCases(sweeperOn(store, clock).service, 30);
        await store.close();
        const file = join(dir, 'cases.sqlite');
        const reference = join(dir, 'reference.sqlite');
        copyFileSync(file, reference);

        const first = runScript(CRASHER, [file, BOTH_DUE, '8', '3', mode]);
        running.push(first);
        first.onLine((line) => {
          if (line === 'committed 3') first.child.kill('SIGKILL');
        });
        const firstExit = await first.exited;
        assert.equal(firstExit.signal, 'SIGKILL', `the sweeper was not killed: ${JSON.stringify(firstExit)} ${first.lines.join(', ')}`);
        assert.ok(!first.lines.some((l) => l.startsWith('done')), 'the sweep finished before the kill landed');

        const second = runScript(CRASHER, [file, BOTH_DUE, '8', '0', mode]);
        running.push(second);
        const secondExit = await second.exited;
        assert.equal(secondExit.code, 0, secondExit.stderr);
        const report = JSON.parse(second.lines.at(-1)!.replace(/^done /, '')) as { due: number; fired: number; failed: number };
        // Three batches of 8 were written before the kill: the restart finds only the rest due.
        assert.deepEqual(report, { due: 36, fired: 36, failed: 0 });

        const untouched = runScript(CRASHER, [reference, BOTH_DUE, '8', '0']);
        running.push(untouched);
        assert.equal((await untouched.exited).code, 0);

        store = createSqliteCaseStore({ path: file });
        const expected = createSqliteCaseStore({ path: reference });
        try {
          for (const caseId of caseIds) {
            assert.deepEqual(await systemActions(store, caseId), await systemActions(expected, caseId), caseId);
            assert.equal((await systemActions(store, caseId)).length, 2);
            assert.deepEqual(await outboxOf(store, caseId), await outboxOf(expected, caseId), caseId);
            assert.deepEqual((await store.deadlines(caseId)).map((d) => d.firedAt !== null), (await expected.deadlines(caseId)).map((d) => d.firedAt !== null));
          }
          assert.deepEqual(await store.dueDeadlines(BOTH_DUE, 100), []);
        } finally {
          await expected.close();
        }
      });
    }
  });
});
