/**
 * The server's click thread writes the SQLite store's commits in a thread of their own
 * (src/adapters/sqlite/sqlite-writer-thread.ts): the same store contract, the same group commit and
 * the same errors as writing on its own connection; nothing asked for is dropped on closing.
 */
import assert from 'node:assert/strict';
import { createSqliteCaseStore, type SqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../../src/adapters/case-store-errors';
import { at, commitOf, effect, runCaseStoreContract } from './case-store-contract';
import { makeTempDir, sqliteStoreUnderTest } from './support/temp-sqlite';

runCaseStoreContract('SQLite file, commits written in a writer thread', sqliteStoreUnderTest({ writerThread: true }));
runCaseStoreContract('SQLite file, the scheduler\'s batches written in a writer thread', sqliteStoreUnderTest({ batchWriterThread: true }));

describe('SQLite store with a batch writer thread (the server\'s background thread)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SqliteCaseStore;
  beforeEach(() => {
    temp = makeTempDir();
    store = createSqliteCaseStore({ path: temp.file(), batchWriterThread: true });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('says a batch is handed over before it is written, then written, then answers; its commits alone stay on this connection', async () => {
    const said: string[] = [];
    const batch = store.commitBatch({
      commits: [commitOf({ caseId: 'a', outbox: [effect('a-e')] }), commitOf({ caseId: 'a', step: 2, expectedVersion: 1 }), commitOf({ caseId: 'b' })],
      handedOver: () => said.push('handed over'),
      written: (results) => said.push(`written ${results.map((r) => (r.ok ? r.version : r.code)).join(',')}`),
    });
    assert.deepEqual(said, ['handed over'], 'handed over at once, written later');
    assert.deepEqual(await batch, [{ ok: true, version: 1 }, { ok: true, version: 2 }, { ok: true, version: 1 }]);
    assert.deepEqual(said.slice(1), ['written 1,2,1']);
    assert.equal((await store.get('a'))?.version, 2);
    assert.deepEqual((await store.listOutbox('pending', 10)).map((i) => i.effectId), ['a-e']);
    // A commit of its own is not the scheduler's: written on the store's own connection, in one transaction.
    assert.deepEqual(await store.commit(commitOf({ caseId: 'c' })), { ok: true, version: 1 });
    assert.deepEqual(store.commitStats(), { commits: 1, transactions: 1 });
  });

  it('fails a batch whole with the error it met, writing none of it, and keeps writing the next', async () => {
    assert.deepEqual(await store.commit(commitOf({ caseId: 'a', outbox: [effect('used')] })), { ok: true, version: 1 });
    let written = false;
    await assert.rejects(
      store.commitBatch({ commits: [commitOf({ caseId: 'b' }), commitOf({ caseId: 'c', outbox: [effect('used')] })], written: () => (written = true) }),
      (error: unknown) => error instanceof DuplicateEffectIdError && error.effectId === 'used',
    );
    assert.equal(written, false);
    assert.equal(await store.get('b'), undefined, 'none of the batch');
    assert.deepEqual(await store.commitBatch({ commits: [commitOf({ caseId: 'b' })] }), [{ ok: true, version: 1 }]);
  });
});

describe('SQLite store with a writer thread', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SqliteCaseStore;
  beforeEach(() => {
    temp = makeTempDir();
    store = createSqliteCaseStore({ path: temp.file(), writerThread: true });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('writes 20 commits made at once in one transaction, each with its own result, readable at once on the store', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => store.commit(commitOf({ caseId: `g${n}`, ref: `G-${n}`, outbox: [effect(`g${n}-e`)], commandKey: `gk${n}` }))));
    assert.ok(results.every((r) => r.ok && r.version === 1), JSON.stringify(results));
    assert.deepEqual(store.commitStats(), { commits: 20, transactions: 1 });
    assert.equal((await store.list({})).length, 20);
    assert.deepEqual(await store.findCommand('gk3'), { key: 'gk3', outcome: { done: 'gk3' } });
  });

  it('gives each the answer it would have had alone, and fails only the commit that throws, with the same error', async () => {
    assert.deepEqual(await store.commit(commitOf({ caseId: 'a', outbox: [effect('shared')], schedule: [{ deadlineId: 'a:d', kind: 'k', dueAt: at(1), payload: null }] })), { ok: true, version: 1 });
    const [ok, duplicate, foreign, conflict] = await Promise.allSettled([
      store.commit(commitOf({ caseId: 'x1', outbox: [effect('x1')] })),
      store.commit(commitOf({ caseId: 'x2', outbox: [effect('x2'), effect('shared')] })),
      store.commit(commitOf({ caseId: 'x3', schedule: [{ deadlineId: 'a:d', kind: 'k', dueAt: at(2), payload: null }] })),
      store.commit(commitOf({ caseId: 'a', expectedVersion: 3, step: 2 })),
    ]);
    assert.deepEqual(ok.status === 'fulfilled' && ok.value, { ok: true, version: 1 });
    assert.ok(duplicate.status === 'rejected' && duplicate.reason instanceof DuplicateEffectIdError && duplicate.reason.effectId === 'shared');
    assert.ok(foreign.status === 'rejected' && foreign.reason instanceof DeadlineOwnedByAnotherCaseError && foreign.reason.deadlineId === 'a:d');
    assert.ok(conflict.status === 'fulfilled' && !conflict.value.ok && conflict.value.code === 'VERSION_CONFLICT');
    assert.equal(await store.get('x2'), undefined);
    assert.equal(await store.get('x3'), undefined);
  });

  it('writes commits still waiting when the store is closed', async () => {
    const pending = store.commit(commitOf({ caseId: 'late', commandKey: 'late' }));
    await store.close();
    assert.deepEqual(await pending, { ok: true, version: 1 });
    store = createSqliteCaseStore({ path: temp.file() });
    assert.equal((await store.get('late'))?.version, 1);
  });
});
