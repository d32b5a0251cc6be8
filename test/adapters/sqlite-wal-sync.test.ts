import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { createSqliteCaseStore, type SqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { fdatasyncFile, WalSync } from '../../src/adapters/sqlite/wal-sync';
import { at, commitOf, effect } from './case-store-contract';
import { makeTempDir } from './support/temp-sqlite';

/** A flush the test finishes by hand, to see who waits for it. */
function heldFlushes() {
  const calls: Array<{ file: string; finish: (error?: Error) => void }> = [];
  const flush = (file: string) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ file, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { flush, calls };
}

/** Lets promise callbacks and immediates run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function tracked<T>(promise: Promise<T>): { done: () => boolean; promise: Promise<T> } {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { done: () => done, promise };
}

describe('Waiting for the disk off the event loop (SQLite write-ahead log flushed on the thread pool)', () => {
  describe('WalSync', () => {
    it('runs one flush at a time; calls made while one runs share the next', async () => {
      const { flush, calls } = heldFlushes();
      const sync = new WalSync('/x-wal', flush);
      const first = tracked(sync.sync());
      const second = tracked(sync.sync());
      const third = tracked(sync.sync());
      await settle();
      assert.equal(calls.length, 1, 'the second flush waits for the first');
      calls[0]!.finish();
      await first.promise;
      await settle();
      assert.equal(second.done(), false, 'written before the second flush started: waits for it');
      assert.equal(calls.length, 2, 'one flush for both later calls');
      calls[1]!.finish();
      await Promise.all([second.promise, third.promise]);
      assert.equal(sync.flushes(), 2);
      assert.deepEqual(calls.map((c) => c.file), ['/x-wal', '/x-wal']);
    });

    it('fails the calls of a flush that fails, and flushes again for the next', async () => {
      const { flush, calls } = heldFlushes();
      const sync = new WalSync('/x-wal', flush);
      const failing = sync.sync();
      calls[0]!.finish(new Error('EIO'));
      await assert.rejects(failing, /EIO/);
      const next = sync.sync();
      calls[1]!.finish();
      await next;
    });

    it('flushes a real file, and treats a missing one as nothing to wait for', async () => {
      const temp = makeTempDir();
      try {
        const db = new Database(temp.file());
        db.exec('CREATE TABLE t (a)');
        db.close();
        await fdatasyncFile(temp.file());
        await fdatasyncFile(temp.file('no-such-file-wal'));
      } finally {
        temp.remove();
      }
    });
  });

  describe('the SQLite store', () => {
    let temp: ReturnType<typeof makeTempDir>;
    let store: SqliteCaseStore;
    let held: ReturnType<typeof heldFlushes>;

    beforeEach(() => {
      temp = makeTempDir();
      held = heldFlushes();
      store = createSqliteCaseStore({ path: temp.file(), flush: held.flush });
    });
    afterEach(async () => {
      for (const call of held.calls) call.finish();
      await store.close();
      temp.remove();
    });

    it('acknowledges a commit only once its write-ahead log is flushed, with the commits asked for meanwhile sharing the next flush', async () => {
      const first = tracked(store.commit(commitOf({ caseId: 'a', commandKey: 'ka' })));
      await settle();
      assert.equal(held.calls.length, 1);
      assert.equal(held.calls[0]!.file, `${temp.file()}-wal`);
      assert.equal(first.done(), false, 'not acknowledged before the disk has it');
      // Written already (the event loop was not held for the disk): later commits are checked against it.
      const later = [tracked(store.commit(commitOf({ caseId: 'b' }))), tracked(store.commit(commitOf({ caseId: 'a', commandKey: 'ka' })))];
      await settle();
      assert.equal(held.calls.length, 1, 'one flush at a time');
      held.calls[0]!.finish();
      assert.deepEqual(await first.promise, { ok: true, version: 1 });
      await settle();
      assert.equal(held.calls.length, 2);
      assert.ok(later.every((c) => !c.done()), 'written during the first flush: they wait for the second');
      held.calls[1]!.finish();
      assert.deepEqual(await later[0]!.promise, { ok: true, version: 1 });
      assert.equal((await later[1]!.promise).ok, false, 'the repeated command key is refused as before');
      assert.equal(store.synchronousLevel(), 2, 'the connection is back at FULL for the writes that wait themselves');
    });

    it("writes a sweep's batch without holding the write lock for the disk, and answers it once the batch is flushed", async () => {
      const batch = tracked(store.commitBatch({ commits: [commitOf({ caseId: 'a', commandKey: 'deadline:a' }), commitOf({ caseId: 'b', commandKey: 'deadline:b' })] }));
      await settle();
      assert.equal(held.calls.length, 1);
      assert.equal(batch.done(), false, 'not answered before the disk has it');
      // Written already, the lock free: another connection's commit goes ahead meanwhile.
      const other = new Database(temp.file());
      try {
        other.pragma('busy_timeout = 0');
        other.exec("INSERT INTO store_probe (id, at) VALUES (1, '2026-01-01T00:00:00.000Z') ON CONFLICT (id) DO UPDATE SET at = excluded.at");
      } finally {
        other.close();
      }
      assert.equal((await store.findCommand('deadline:b'))?.key, 'deadline:b');
      held.calls[0]!.finish();
      assert.deepEqual(await batch.promise, [{ ok: true, version: 1 }, { ok: true, version: 1 }]);
      assert.equal(store.synchronousLevel(), 2, 'back at FULL');
      const failing = store.commitBatch({ commits: [commitOf({ caseId: 'c' })] });
      await settle();
      held.calls[1]!.finish(new Error('EIO: the disk failed'));
      await assert.rejects(failing, /EIO/, 'a batch whose flush failed is not answered as done');
    });

    it('does not acknowledge commits whose flush failed', async () => {
      const commit = store.commit(commitOf({ caseId: 'a' }));
      await settle();
      held.calls[0]!.finish(new Error('EIO: the disk failed'));
      await assert.rejects(commit, /EIO/);
    });

    it('hands out outbox items only once they are on disk, so no notice goes out for a decision a power cut could take back', async () => {
      const commit = store.commit(commitOf({ caseId: 'a', outbox: [effect('e1')] }));
      await settle();
      held.calls[0]!.finish();
      await commit;
      const claim = tracked(store.claimOutbox('w', at(1), at(60), 10));
      await settle();
      assert.equal(claim.done(), false);
      assert.equal(held.calls.length, 2, 'the claim waits for a flush of its own');
      held.calls[1]!.finish();
      assert.deepEqual((await claim.promise).map((i) => i.effectId), ['e1']);
      assert.deepEqual(await store.claimOutbox('w2', at(2), at(60), 10), [], 'nothing to claim: no flush to wait for');
      assert.equal(held.calls.length, 2);
    });
  });

  it('leaves checkpoints to another connection when told: the log is copied into the file only past the pages given', async () => {
    const temp = makeTempDir();
    const store = createSqliteCaseStore({ path: temp.file(), checkpointAfterPages: 10_000 });
    const other = createSqliteCaseStore({ path: temp.file() });
    try {
      assert.equal(store.connection().pragma('wal_autocheckpoint', { simple: true }), 10_000);
      assert.equal(other.connection().pragma('wal_autocheckpoint', { simple: true }), 1000, "SQLite's default elsewhere");
      const big = 'x'.repeat(40_000);
      for (let n = 0; n < 150; n++) await store.commit(commitOf({ caseId: `c${n}`, ref: `C-${n}`, outbox: [{ ...effect(`e${n}`), payload: { big } }] }));
      assert.ok(statSync(`${temp.file()}-wal`).size > 4 * 1024 * 1024, 'the log grew past 1000 pages without a checkpoint on this connection');
      await other.claimOutbox('w', at(1), at(60), 1);
      assert.ok(statSync(temp.file()).size > 4 * 1024 * 1024, "the other connection's commit copied the log into the file");
    } finally {
      await store.close();
      await other.close();
      temp.remove();
    }
  });
});
