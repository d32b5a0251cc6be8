import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createSqliteCaseStore, type SqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { SCHEMA_VERSION } from '../../src/adapters/sqlite/schema';
import { StoreFromNewerReleaseError } from '../../src/adapters/sqlite/store-integrity';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../../src/adapters/case-store-errors';
import { at, commitOf, effect, runCaseStoreContract } from './case-store-contract';
import { runScript } from './support/child-process';
import { makeTempDir, sqliteStoreUnderTest } from './support/temp-sqlite';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import type { DeadlineInput } from '../../src/ports/case-store';

runCaseStoreContract('SQLite file', sqliteStoreUnderTest());

describe('SQLite case store', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let store: SqliteCaseStore;

  beforeEach(() => {
    temp = makeTempDir();
    store = createSqliteCaseStore({ path: temp.file() });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('opens the file in WAL mode with foreign keys, a busy timeout and the current schema version', () => {
    const raw = new Database(temp.file(), { readonly: true });
    try {
      assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
      assert.deepEqual(raw.prepare('SELECT version FROM schema_version').all(), [{ version: SCHEMA_VERSION }]);
    } finally {
      raw.close();
    }
  });

  it('waits for the disk on case commits (synchronous FULL), also after outbox settlement and references, which do not', async () => {
    assert.equal(store.synchronousLevel(), 2, 'FULL on opening');
    expectOk(await store.commit(commitOf({ outbox: [effect('e1'), effect('e2', 'record')], commandKey: 'k1' })));
    const [first, second] = await store.claimOutbox('w', at(1), at(60), 10);
    assert.equal(store.synchronousLevel(), 2, 'FULL after a claim');
    await store.markDelivered(first!.effectId, 'w', at(2));
    assert.equal(store.synchronousLevel(), 2, 'FULL after marking delivered');
    await store.markFailed(second!.effectId, 'w', 'busy', at(3), false);
    assert.equal(store.synchronousLevel(), 2, 'FULL after marking failed');
    await store.saveConversation(deliveryKeys.person('user-1'), { conversation: { id: 'conv' } });
    assert.equal(store.synchronousLevel(), 2, 'FULL after saving a reference');
    await assert.rejects(store.markDelivered('no-such-effect', 'w', at(4)));
    assert.equal(store.synchronousLevel(), 2, 'FULL after a refused mark');
    // The relaxed writes are still written: a process crash does not lose them.
    assert.deepEqual((await store.listOutbox('delivered')).map((i) => i.effectId), [first!.effectId]);
    assert.deepEqual(await store.getConversation(deliveryKeys.person('user-1')), { conversation: { id: 'conv' } });
  });

  it('keeps everything across close and reopen', async () => {
    expectOk(await store.commit(commitOf({ ref: 'CR-9', outbox: [effect('e1')], commandKey: 'k1',
      schedule: [{ deadlineId: 'case-1:d', kind: 'VisitOverdue', dueAt: at(5), payload: { n: 1 } }] })));
    await store.saveConversation(deliveryKeys.person('user-1'), { conversation: { id: 'conv' } });
    const before = {
      stored: await store.get('case-1'),
      audit: await store.audit('case-1'),
      pending: await store.listOutbox('pending'),
      deadlines: await store.deadlines('case-1'),
      command: await store.findCommand('k1'),
    };
    await store.close();

    store = createSqliteCaseStore({ path: temp.file() });
    assert.deepEqual({
      stored: await store.getByRef('CR-9'),
      audit: await store.audit('case-1'),
      pending: await store.listOutbox('pending'),
      deadlines: await store.deadlines('case-1'),
      command: await store.findCommand('k1'),
    }, before);
    assert.equal(before.audit.length, 1);
    assert.deepEqual(await store.getConversation(deliveryKeys.person('user-1')), { conversation: { id: 'conv' } });
    assert.deepEqual(await store.commit(commitOf({ expectedVersion: 1, step: 2 })), { ok: true, version: 2 });
  });

  it('refuses to change or delete audit entries, even through a raw connection', async () => {
    expectOk(await store.commit(commitOf({ audit: { action: 'OpenCase' } })));
    const raw = new Database(temp.file());
    try {
      assert.throws(() => raw.prepare("UPDATE audit SET action = 'Forged' WHERE case_id = 'case-1'").run(), /append-only: update refused/);
      assert.throws(() => raw.prepare("DELETE FROM audit WHERE case_id = 'case-1'").run(), /append-only: delete refused/);
    } finally {
      raw.close();
    }
    assert.deepEqual((await store.audit('case-1')).map((e) => e.action), ['OpenCase']);
  });

  it('rolls back the whole commit when a write fails part-way (an effect id already used)', async () => {
    expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('shared')] })));
    // The case row, participants and audit entry are written before the outbox insert fails.
    await assert.rejects(store.commit(commitOf({ caseId: 'b', participants: ['sw-b'], outbox: [effect('b1'), effect('shared')], commandKey: 'kb',
      schedule: [{ deadlineId: 'b:d', kind: 'k', dueAt: at(1), payload: null }] })), DuplicateEffectIdError);
    assert.equal(await store.get('b'), undefined);
    assert.deepEqual(await store.audit('b'), []);
    assert.deepEqual(await store.list({ participant: 'sw-b' }), []);
    assert.deepEqual(await store.deadlines('b'), []);
    assert.equal(await store.findCommand('kb'), undefined);
    assert.deepEqual((await store.listOutbox('pending')).map((i) => i.effectId), ['shared']);
  });

  describe('group commit: commits asked for together share one transaction', () => {
    it('writes 20 commits made at once in one transaction, each with its own result', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, n) => store.commit(commitOf({ caseId: `g${n}`, ref: `G-${n}`, outbox: [effect(`g${n}-e`)], commandKey: `gk${n}` }))));
      assert.ok(results.every((r) => r.ok && r.version === 1), JSON.stringify(results));
      assert.deepEqual(store.commitStats(), { commits: 20, transactions: 1 });
      assert.equal((await store.listOutbox('pending', 100)).length, 20);
      assert.equal((await store.list({})).length, 20);
    });

    it('gives each the answer it would have had alone: one of five on the same version wins, a repeated key is a duplicate', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'same' })));
      const results = await Promise.all([
        ...Array.from({ length: 5 }, (_, n) => store.commit(commitOf({ caseId: 'same', expectedVersion: 1, step: 2, commandKey: `same-${n}`, outbox: [effect(`same-${n}`)] }))),
        store.commit(commitOf({ caseId: 'other', commandKey: 'dup', outcome: { first: true } })),
        store.commit(commitOf({ caseId: 'other2', commandKey: 'dup' })),
      ]);
      assert.deepEqual(results.slice(0, 5).map((r) => r.ok), [true, false, false, false, false]);
      assert.ok(results.slice(1, 5).every((r) => !r.ok && r.code === 'VERSION_CONFLICT' && r.currentVersion === 2));
      assert.equal(results[5]!.ok, true);
      assert.deepEqual(results[6], { ok: false, code: 'DUPLICATE_COMMAND', outcome: { first: true } });
      assert.equal(await store.get('other2'), undefined);
      assert.deepEqual((await store.listOutbox('pending')).map((i) => i.effectId), ['same-0']);
    });

    it('fails only the commit that throws; the others in its group are written', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('shared')] })));
      const [ok1, bad, ok2] = await Promise.allSettled([
        store.commit(commitOf({ caseId: 'x1', outbox: [effect('x1')] })),
        store.commit(commitOf({ caseId: 'x2', outbox: [effect('x2'), effect('shared')] })),
        store.commit(commitOf({ caseId: 'x3', outbox: [effect('x3')] })),
      ]);
      assert.equal(ok1.status, 'fulfilled');
      assert.equal(ok2.status, 'fulfilled');
      assert.ok(bad.status === 'rejected' && bad.reason instanceof DuplicateEffectIdError);
      assert.equal(await store.get('x2'), undefined);
      assert.equal((await store.get('x1'))?.version, 1);
      assert.equal((await store.get('x3'))?.version, 1);
    });

    it('writes commits still waiting when the store is closed', async () => {
      const pending = store.commit(commitOf({ caseId: 'late', commandKey: 'late' }));
      await store.close();
      expectOk(await pending);
      store = createSqliteCaseStore({ path: temp.file() });
      assert.equal((await store.get('late'))?.version, 1);
    });
  });

  it('writes a batch as one transaction: a commit failing part-way leaves none of the batch, firings included', async () => {
    expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('shared')], schedule: [{ deadlineId: 'a:d', kind: 'k', dueAt: at(1), payload: null }] })));
    expectOk(await store.commit(commitOf({ caseId: 'b' })));
    await assert.rejects(store.commitBatch({
      firings: [{ deadlineId: 'a:d', dueAt: at(1), at: at(2) }],
      commits: [
        commitOf({ caseId: 'b', expectedVersion: 1, step: 2, outbox: [effect('b2')], commandKey: 'kb' }),
        commitOf({ caseId: 'c', outbox: [effect('c1'), effect('shared')], commandKey: 'kc' }),
      ],
    }), DuplicateEffectIdError);
    assert.equal((await store.get('b'))?.version, 1);
    assert.equal(await store.findCommand('kb'), undefined);
    assert.equal(await store.get('c'), undefined);
    assert.equal((await store.deadlines('a'))[0]?.firedAt, null);
    assert.deepEqual((await store.listOutbox('pending')).map((i) => i.effectId), ['shared']);
  });

  it('will not let one case schedule or cancel another case\'s deadline', async () => {
    const deadline = { deadlineId: 'a:visit', kind: 'VisitOverdue', dueAt: at(5), payload: null };
    expectOk(await store.commit(commitOf({ caseId: 'a', schedule: [deadline] })));
    expectOk(await store.commit(commitOf({ caseId: 'b', cancel: ['a:visit'], fired: ['a:visit'] })));
    assert.deepEqual(await store.deadlines('a'), [{ ...deadline, caseId: 'a', firedAt: null }]);
    await assert.rejects(store.commit(commitOf({ caseId: 'b', expectedVersion: 1, step: 2, schedule: [{ ...deadline, dueAt: at(9) }] })),
      DeadlineOwnedByAnotherCaseError);
    assert.equal((await store.get('b'))?.version, 1);
    assert.deepEqual(await store.deadlines('b'), []);
  });

  it('brings a file from before outbox lanes forward: existing items get their lane from their kind', async () => {
    expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a-msg'), effect('a-rec', 'record'), effect('a-appr', 'request-approval')] })));
    await store.close();
    // The file as schema version 3 left it: no lane column, no lane index (nor the later probe and store refusal tables, nor the deadlines' room for their firing).
    const raw = new Database(temp.file());
    raw.exec('DROP TABLE store_refusals; DROP TABLE store_probe; DROP INDEX outbox_case_lane; ALTER TABLE outbox DROP COLUMN lane; ALTER TABLE deadlines DROP COLUMN unfired; UPDATE schema_version SET version = 3');
    raw.close();

    store = createSqliteCaseStore({ path: temp.file() });
    const check = new Database(temp.file(), { readonly: true });
    try {
      assert.deepEqual(check.prepare('SELECT effect_id, lane FROM outbox ORDER BY seq').all(), [
        { effect_id: 'a-msg', lane: 'messages' }, { effect_id: 'a-rec', lane: 'records' }, { effect_id: 'a-appr', lane: 'messages' },
      ]);
      assert.deepEqual(check.prepare('SELECT version FROM schema_version').all(), [{ version: SCHEMA_VERSION }]);
    } finally {
      check.close();
    }
    const claimed = await store.claimOutbox('w1', at(1), at(2), 10);
    assert.deepEqual(claimed.map((i) => i.effectId).sort(), ['a-msg', 'a-rec']);
  });

  it('keeps room in an unfired deadline\'s row for its firing time, so firing does not lengthen the row; a file from before is brought forward', async () => {
    const d = (id: string, minutes: number): DeadlineInput => ({ deadlineId: `a:${id}`, kind: 'VisitOverdue', dueAt: at(minutes), payload: { visit: id } });
    expectOk(await store.commit(commitOf({ caseId: 'a', schedule: [d('1', 10), d('2', 20), d('3', 30), d('4', 40)] })));
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, when: at(11), fired: ['a:1'] })));
    await store.close();
    // The file as schema version 7 left it: no room kept, and one deadline fired.
    const raw = new Database(temp.file());
    raw.exec('ALTER TABLE deadlines DROP COLUMN unfired; UPDATE schema_version SET version = 7');
    raw.close();

    store = createSqliteCaseStore({ path: temp.file() });
    const before = await store.deadlines('a');
    assert.deepEqual(before.map((x) => [x.deadlineId, x.firedAt]), [['a:1', at(11)], ['a:2', null], ['a:3', null], ['a:4', null]]);
    const rows = (): unknown[] => {
      const check = new Database(temp.file(), { readonly: true });
      try {
        return check.prepare('SELECT deadline_id AS id, length(fired_at) AS fired, length(unfired) AS room FROM deadlines ORDER BY deadline_id').all();
      } finally {
        check.close();
      }
    };
    assert.deepEqual(rows(), [{ id: 'a:1', fired: 24, room: null }, { id: 'a:2', fired: null, room: 24 }, { id: 'a:3', fired: null, room: 24 }, { id: 'a:4', fired: null, room: 24 }]);
    // Fired every way a deadline is (in a commit, in a batch's firings, on its own), and scheduled again: the room goes and comes back.
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 2, step: 3, when: at(21), fired: ['a:2'], schedule: [d('1', 50)] })));
    await store.commitBatch({ firings: [{ deadlineId: 'a:3', dueAt: at(30), at: at(31) }], commits: [] });
    await store.markDeadlineFired('a:4', at(41));
    assert.deepEqual(rows(), [{ id: 'a:1', fired: null, room: 24 }, { id: 'a:2', fired: 24, room: null }, { id: 'a:3', fired: 24, room: null }, { id: 'a:4', fired: 24, room: null }]);
    assert.deepEqual((await store.deadlines('a')).map((x) => [x.deadlineId, x.dueAt, x.firedAt, x.payload]), [
      ['a:2', at(20), at(21), { visit: '2' }], ['a:3', at(30), at(31), { visit: '3' }], ['a:4', at(40), at(41), { visit: '4' }], ['a:1', at(50), null, { visit: '1' }],
    ]);
    assert.deepEqual((await store.dueDeadlines(at(60), 10)).map((x) => x.deadlineId), ['a:1']);
  });

  it('keeps no index of cases by stage (no query reads one, and each change moved its entry); a file from before is brought forward and lists as before', async () => {
    expectOk(await store.commit(commitOf({ caseId: 'a', when: at(1) })));
    expectOk(await store.commit(commitOf({ caseId: 'b', when: at(2) })));
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, when: at(3) })));
    const listed = async () => ({ all: (await store.list()).map((c) => c.caseId), inStage: (await store.list({ stage: 'assessment' })).map((c) => c.caseId) });
    const before = await listed();
    const indexes = (): unknown[] => {
      const check = new Database(temp.file(), { readonly: true });
      try {
        return check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' ORDER BY name").all();
      } finally {
        check.close();
      }
    };
    assert.deepEqual(indexes(), [{ name: 'cases_ref_folder' }, { name: 'cases_updated' }, { name: 'sqlite_autoindex_cases_1' }, { name: 'sqlite_autoindex_cases_2' }]);
    await store.close();
    // The file as schema version 9 left it: with the index by stage.
    const raw = new Database(temp.file());
    raw.exec('CREATE INDEX cases_stage ON cases (stage, updated_at); UPDATE schema_version SET version = 9');
    raw.close();

    store = createSqliteCaseStore({ path: temp.file() });
    assert.deepEqual(indexes(), [{ name: 'cases_ref_folder' }, { name: 'cases_updated' }, { name: 'sqlite_autoindex_cases_1' }, { name: 'sqlite_autoindex_cases_2' }]);
    assert.deepEqual(await listed(), before);
    assert.deepEqual(before, { all: ['a', 'b'], inStage: ['a', 'b'] });
  });

  it('refusals stay append-only but for those older than the cutoff the store was asked to forget; a file from before is brought forward (migration 14) and ages its refusals', async () => {
    expectOk(await store.commit(commitOf({ caseId: 'case-1' })));
    const refusal = { at: at(1), actorId: 'x-1', actorName: 'Stranger', action: 'DecisionGiven', code: 'NOT_YOUR_ROLE', rule: null, correlationId: 'r-1' };
    await store.close();
    // The file as schema version 13 left it: refusals that may never be deleted, already kept.
    const old = new Database(temp.file());
    old.exec(`DROP INDEX refusals_at; DROP INDEX store_refusals_at; DROP TABLE refusals_forgotten_before;
      DROP TRIGGER refusals_no_delete; DROP TRIGGER store_refusals_no_delete;
      CREATE TRIGGER refusals_no_delete BEFORE DELETE ON refusals BEGIN SELECT RAISE(ABORT, 'refusals are append-only: delete refused'); END;
      CREATE TRIGGER store_refusals_no_delete BEFORE DELETE ON store_refusals BEGIN SELECT RAISE(ABORT, 'refusals are append-only: delete refused'); END;
      UPDATE schema_version SET version = 13`);
    const insert = old.prepare('INSERT INTO refusals (case_id, at, actor_id, actor_name, action, code, rule, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [minutes, id] of [[1, 'r-1'], [20, 'r-2']] as const) insert.run('case-1', at(minutes), refusal.actorId, refusal.actorName, refusal.action, refusal.code, null, id);
    old.prepare('INSERT INTO store_refusals (named, at, actor_id, actor_name, action, code, rule, correlation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run('MOS-9', at(2), 'x-1', 'Stranger', 'case', 'UNKNOWN_CASE', null, 's-1');
    assert.throws(() => old.prepare('DELETE FROM refusals').run(), /append-only: delete refused/);
    old.close();

    store = createSqliteCaseStore({ path: temp.file() });
    assert.equal(await store.forgetRefusalsBefore(at(10)), 2);
    assert.deepEqual((await store.refusals('case-1')).map((r) => r.correlationId), ['r-2']);
    const raw = new Database(temp.file());
    try {
      assert.deepEqual(raw.prepare('SELECT version FROM schema_version').all(), [{ version: SCHEMA_VERSION }]);
      // Younger than the cutoff: still refused, by hand as by the store.
      assert.throws(() => raw.prepare("DELETE FROM refusals WHERE correlation_id = 'r-2'").run(), /append-only: delete refused/);
      assert.throws(() => raw.prepare("UPDATE refusals SET code = 'FORGED'").run(), /append-only: update refused/);
      // The cutoff only moves forward: asking for an earlier one leaves it.
      await store.forgetRefusalsBefore(at(5));
      assert.deepEqual(raw.prepare('SELECT before FROM refusals_forgotten_before').all(), [{ before: at(10) }]);
      assert.match((raw.prepare("EXPLAIN QUERY PLAN DELETE FROM store_refusals WHERE at < '2026'").all() as { detail: string }[]).map((r) => r.detail).join('; '), /store_refusals_at/);
    } finally {
      raw.close();
    }
  });

  it('reads a reference in any case, and the references sharing a folder, through an index of the folder key; a file from before it is brought forward (migration 11)', async () => {
    expectOk(await store.commit(commitOf({ caseId: 'a', ref: 'Mos-1042' })));
    await store.close();
    // The file as schema version 10 left it: no index of references in any case.
    const raw = new Database(temp.file());
    raw.exec('DROP INDEX cases_ref_folder; UPDATE schema_version SET version = 10');
    raw.close();

    store = createSqliteCaseStore({ path: temp.file() });
    assert.equal((await store.getByRefAnyCase('mOS-1042'))?.summary.caseId, 'a');
    const check = new Database(temp.file(), { readonly: true });
    try {
      const plan = (sql: string): string => (check.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ folder: 'MOS-1042', anyCase: 'MOS-1042', ref: 'mOS-1042' }) as { detail: string }[]).map((r) => r.detail).join('; ');
      assert.match(plan("SELECT * FROM cases WHERE upper(replace(ref, '/', '-')) = @folder AND upper(ref) = @anyCase ORDER BY ref <> @ref, ref LIMIT 1"), /USING INDEX cases_ref_folder/);
      assert.match(plan("SELECT ref FROM cases WHERE upper(replace(ref, '/', '-')) = @folder ORDER BY ref"), /USING INDEX cases_ref_folder/);
      assert.deepEqual(check.prepare('SELECT version FROM schema_version').all(), [{ version: SCHEMA_VERSION }]);
    } finally {
      check.close();
    }
  });

  it('keeps one index of the outbox by case (no UNIQUE (case_id, seq) beside outbox_case_lane); a file from before is brought forward (migration 12), keeps its items and delivers them in order', async () => {
    // Case a: messages 1 and 3 (1 delivered), records 2 and 4 (2 dead); case b: one pending message.
    expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a1'), effect('a2', 'record')] })));
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, outbox: [effect('a3'), effect('a4', 'record')] })));
    expectOk(await store.commit(commitOf({ caseId: 'b', outbox: [effect('b1')] })));
    const first = await store.claimOutbox('w', at(1), at(60), 10);
    assert.deepEqual(first.map((i) => i.effectId).sort(), ['a1', 'a2', 'b1']);
    await store.markDelivered('a1', 'w', at(2));
    await store.markFailed('a2', 'w', 'refused', at(3), true);
    await store.markFailed('b1', 'w', 'busy', at(4), false);
    const outboxNow = async () => Promise.all((['pending', 'delivered', 'dead'] as const).map((s) => store.listOutbox(s)));
    const before = await outboxNow();
    const schema = (): unknown => {
      const check = new Database(temp.file(), { readonly: true });
      try {
        return {
          indexes: check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' ORDER BY name").all(),
          rows: check.prepare('SELECT rowid, effect_id, case_id, seq, lane FROM outbox ORDER BY rowid').all(),
          version: check.prepare('SELECT version FROM schema_version').get(),
        };
      } finally {
        check.close();
      }
    };
    const rows = [
      { rowid: 1, effect_id: 'a1', case_id: 'a', seq: 1, lane: 'messages' }, { rowid: 2, effect_id: 'a2', case_id: 'a', seq: 2, lane: 'records' },
      { rowid: 3, effect_id: 'a3', case_id: 'a', seq: 3, lane: 'messages' }, { rowid: 4, effect_id: 'a4', case_id: 'a', seq: 4, lane: 'records' },
      { rowid: 5, effect_id: 'b1', case_id: 'b', seq: 1, lane: 'messages' },
    ];
    const now = { indexes: [{ name: 'outbox_case_lane' }, { name: 'outbox_status' }, { name: 'sqlite_autoindex_outbox_1' }], rows, version: { version: SCHEMA_VERSION } };
    assert.deepEqual(schema(), now);
    await store.close();
    // The file as schema version 11 left it: the outbox with UNIQUE (case_id, seq), its own index.
    const raw = new Database(temp.file());
    raw.exec(`CREATE TABLE outbox_before (
        effect_id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases (case_id), seq INTEGER NOT NULL CHECK (seq >= 1),
        kind TEXT NOT NULL, payload TEXT, status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0, not_before TEXT NOT NULL, last_error TEXT, created_at TEXT NOT NULL,
        delivered_at TEXT, lease_owner TEXT, lease_until TEXT,
        lane TEXT NOT NULL DEFAULT 'messages' CHECK (lane IN ('records', 'messages')), UNIQUE (case_id, seq));
      INSERT INTO outbox_before (rowid, effect_id, case_id, seq, kind, payload, status, attempts, not_before, last_error, created_at, delivered_at, lease_owner, lease_until, lane)
        SELECT rowid, effect_id, case_id, seq, kind, payload, status, attempts, not_before, last_error, created_at, delivered_at, lease_owner, lease_until, lane FROM outbox;
      DROP TABLE outbox; ALTER TABLE outbox_before RENAME TO outbox;
      CREATE INDEX outbox_status ON outbox (status, created_at); CREATE INDEX outbox_case_lane ON outbox (case_id, lane, seq);
      UPDATE schema_version SET version = 11`);
    raw.close();
    assert.deepEqual(schema(), { ...now, indexes: [...now.indexes, { name: 'sqlite_autoindex_outbox_2' }], version: { version: 11 } });

    store = createSqliteCaseStore({ path: temp.file() });
    assert.deepEqual(schema(), now);
    assert.deepEqual(await outboxNow(), before);
    // The next item of a case follows its highest in either lane, and each lane is delivered in its order.
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 2, step: 3, outbox: [effect('a5', 'record')] })));
    expectOk(await store.commit(commitOf({ caseId: 'b', expectedVersion: 1, step: 2, outbox: [effect('b2', 'record'), effect('b3')] })));
    assert.deepEqual((await store.listOutbox('pending')).map((i) => [i.effectId, i.seq]), [['a3', 3], ['a4', 4], ['a5', 5], ['b1', 1], ['b2', 2], ['b3', 3]]);
    // a4 and a5 wait behind the dead a2 (records); b3 behind b1, which is due again at 4 minutes.
    assert.deepEqual((await store.claimOutbox('w', at(5), at(60), 10)).map((i) => i.effectId).sort(), ['a3', 'b1', 'b2']);
    for (const id of ['a3', 'b1', 'b2']) await store.markDelivered(id, 'w', at(6));
    assert.equal(await store.replayDead('a2'), 1);
    assert.deepEqual((await store.claimOutbox('w', at(7), at(60), 10)).map((i) => i.effectId).sort(), ['a2', 'b3']);
  });

  it('keeps each audit entry whole on its page, new ones at the table\'s end, its key an index (a decision\'s entry of about 1.5 KB took a page of its own for the rest); a file from before is brought forward (migration 15), keeps its entries and still refuses to change or delete them', async () => {
    // A decision's entry: about 1.5 KB of before and after.
    const changed = { approvals: [{ approvalId: 'a-1', comment: 'x'.repeat(1200) }] };
    expectOk(await store.commit(commitOf({ caseId: 'a', audit: { before: null, after: changed } })));
    expectOk(await store.commit(commitOf({ caseId: 'b' })));
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, when: at(1), audit: { before: changed, after: { approvals: [] } } })));
    const trails = async () => ({ a: await store.audit('a'), b: await store.audit('b') });
    const before = await trails();
    const withoutRowidNow = (check: Database.Database): boolean => /WITHOUT ROWID/i.test((check.prepare("SELECT sql FROM sqlite_master WHERE name = 'audit'").get() as { sql: string }).sql);
    const layout = (): unknown => {
      const check = new Database(temp.file(), { readonly: true });
      try {
        return {
          withoutRowid: withoutRowidNow(check),
          indexes: check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit' ORDER BY name").all(),
          overflowPages: (check.prepare("SELECT count(*) AS n FROM dbstat WHERE name = 'audit' AND pagetype = 'overflow'").get() as { n: number }).n,
          order: check.prepare(withoutRowidNow(check) ? 'SELECT case_id, seq FROM audit' : 'SELECT case_id, seq FROM audit ORDER BY rowid').all(),
          version: check.prepare('SELECT version FROM schema_version').get(),
        };
      } finally {
        check.close();
      }
    };
    // Read in the table's own order: oldest first, as written.
    const now = { withoutRowid: false, indexes: [{ name: 'sqlite_autoindex_audit_1' }], overflowPages: 0, order: [{ case_id: 'a', seq: 1 }, { case_id: 'b', seq: 1 }, { case_id: 'a', seq: 2 }], version: { version: SCHEMA_VERSION } };
    assert.deepEqual(layout(), now);
    await store.close();
    // The file as schema version 14 left it: the audit table WITHOUT ROWID, its triggers.
    const raw = new Database(temp.file());
    raw.exec(`CREATE TABLE audit_before (
        case_id TEXT NOT NULL REFERENCES cases (case_id), seq INTEGER NOT NULL CHECK (seq >= 1), at TEXT NOT NULL,
        actor_id TEXT NOT NULL, actor_name TEXT NOT NULL, on_behalf_of_id TEXT, on_behalf_of_name TEXT, role TEXT NOT NULL,
        action TEXT NOT NULL, before_json TEXT, after_json TEXT, correlation_id TEXT NOT NULL, PRIMARY KEY (case_id, seq)) WITHOUT ROWID;
      INSERT INTO audit_before SELECT * FROM audit;
      DROP TABLE audit; ALTER TABLE audit_before RENAME TO audit;
      CREATE TRIGGER audit_no_update BEFORE UPDATE OF case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, role, action, correlation_id ON audit
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: update refused'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: delete refused'); END;
      UPDATE schema_version SET version = 14`);
    raw.close();
    assert.deepEqual(layout(), { withoutRowid: true, indexes: [], overflowPages: 2, order: [{ case_id: 'a', seq: 1 }, { case_id: 'a', seq: 2 }, { case_id: 'b', seq: 1 }], version: { version: 14 } });

    store = createSqliteCaseStore({ path: temp.file() });
    assert.deepEqual(layout(), now);
    assert.deepEqual(await trails(), before);
    // Still append-only, and the next entry of a case follows its last.
    const rawAfter = new Database(temp.file());
    try {
      assert.throws(() => rawAfter.prepare("UPDATE audit SET action = 'Forged' WHERE case_id = 'a'").run(), /append-only: update refused/);
      assert.throws(() => rawAfter.prepare("DELETE FROM audit WHERE case_id = 'b'").run(), /append-only: delete refused/);
    } finally {
      rawAfter.close();
    }
    expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 2, step: 3, when: at(2) })));
    assert.deepEqual((await store.audit('a')).map((e) => [e.seq, e.action]), [[1, 'step 1'], [2, 'step 2'], [3, 'step 3']]);
  });

  it('refuses to open a file written by a newer schema', async () => {
    await store.close();
    const raw = new Database(temp.file());
    raw.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1);
    raw.close();
    assert.throws(() => createSqliteCaseStore({ path: temp.file('cases.sqlite') }), (e: unknown) => e instanceof StoreFromNewerReleaseError && /newer release/.test(e.message));
    store = createSqliteCaseStore({ path: temp.file('fresh.sqlite') });
  });

  it('never gives the same item to two connections claiming in turn', async () => {
    const second = createSqliteCaseStore({ path: temp.file() });
    try {
      for (let c = 0; c < 20; c++) {
        expectOk(await store.commit(commitOf({ caseId: `c${c}`, outbox: [effect(`c${c}-1`), effect(`c${c}-2`)] })));
      }
      const seen: string[] = [];
      const owners = [{ name: 'w1', store }, { name: 'w2', store: second }];
      for (let round = 0; round < 10 && seen.length < 40; round++) {
        const batches = await Promise.all(owners.map(async (o) => ({ o, items: await o.store.claimOutbox(o.name, at(1), at(60), 3) })));
        for (const { o, items } of batches) {
          for (const item of items) {
            seen.push(item.effectId);
            await o.store.markDelivered(item.effectId, o.name, at(1));
          }
        }
      }
      assert.equal(new Set(seen).size, seen.length, 'an item was handed out twice');
      assert.equal(seen.length, 40);
    } finally {
      await second.close();
    }
  });

  it('never gives the same item to two processes claiming at the same time', async function () {
    this.timeout(20_000); // two node processes start and share one disk
    const cases = 30;
    for (let c = 0; c < cases; c++) {
      // Created an hour ago by the real clock, so the workers (which use the real clock) find them due.
      const when = new Date(Date.now() - 3_600_000).toISOString();
      expectOk(await store.commit(commitOf({ caseId: `p${c}`, when, outbox: [effect(`p${c}-1`), effect(`p${c}-2`)] })));
    }
    const workers = ['w1', 'w2'].map((owner) => runScript('test/adapters/support/claim-worker.ts', [temp.file(), owner]));
    try {
      await Promise.all(workers.map((w) => w.waitForLine('ready')));
      for (const w of workers) w.child.stdin.write('go\n');
      // Both have claimed a first batch and wait: from here on they race for the rest.
      await Promise.all(workers.map((w) => w.waitForLine('first')));
      for (const w of workers) w.child.stdin.end('go\n');
      const exits = await Promise.all(workers.map((w) => w.exited));
      exits.forEach((e) => assert.equal(e.code, 0, e.stderr));
    } finally {
      for (const w of workers) w.stop();
    }

    const claimedBy = workers.map((w) => JSON.parse(w.lines.find((l) => l.startsWith('claimed '))?.slice(8) ?? '[]') as string[]);
    const all = claimedBy.flat();
    assert.equal(new Set(all).size, all.length, 'an item was handed to both processes');
    assert.equal(all.length, cases * 2);
    assert.ok(claimedBy.every((c) => c.length > 0), 'one process claimed nothing: there was no race');
    assert.deepEqual(await store.outboxCounts(), { pending: 0, delivered: cases * 2, dead: 0, oldestPendingAt: null });
    // Each process delivered one case's items in seq order.
    for (const claimed of claimedBy) {
      for (let c = 0; c < cases; c++) {
        const mine = claimed.filter((id) => id.startsWith(`p${c}-`));
        assert.deepEqual(mine, [...mine].sort());
      }
    }
    console.log(`      claims per process: ${claimedBy.map((c) => c.length).join(' / ')}`);
  });
});

function expectOk(result: { ok: boolean }): void {
  assert.equal(result.ok, true, JSON.stringify(result));
}
