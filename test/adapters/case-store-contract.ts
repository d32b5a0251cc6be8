/**
 * The CaseStore contract: what every adapter (SQLite, Azure Tables) must do, written against the
 * port alone. An adapter's test file calls runCaseStoreContract with a factory for a fresh, empty store.
 */
import assert from 'node:assert/strict';
import {
  LeaseLostError,
  NO_MATCHING_CASE,
  type AuditEntryInput,
  type CaseCommit,
  type CaseStore,
  type CaseSummary,
  type CommitResult,
  type DeadlineInput,
  type OutboxItemInput,
} from '../../src/ports/case-store';
import { deliveryKeys } from '../../src/ports/delivery-keys';

export interface StoreUnderTest {
  store: CaseStore;
  cleanup(): Promise<void>;
}

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
/** The instant `minutes` after 09:00Z on 2 March 2026, in stored form. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

interface TestState {
  step: number;
  note?: string;
}

export interface CommitSpec {
  caseId?: string;
  ref?: string;
  stage?: string;
  participants?: string[];
  expectedVersion?: number;
  step?: number;
  when?: string;
  audit?: Partial<AuditEntryInput>;
  outbox?: OutboxItemInput[];
  schedule?: DeadlineInput[];
  cancel?: string[];
  fired?: string[];
  commandKey?: string;
  outcome?: unknown;
}

/** A complete commit with plain defaults, so each test states only what it is about. */
export function commitOf(spec: CommitSpec = {}): CaseCommit<TestState> {
  const caseId = spec.caseId ?? 'case-1';
  const when = spec.when ?? at(0);
  const summary: CaseSummary = {
    caseId,
    ref: spec.ref ?? `REF-${caseId}`,
    pathway: 'planned-return',
    stage: spec.stage ?? 'assessment',
    participants: spec.participants ?? ['sw-1'],
    openedAt: at(0),
    updatedAt: when,
  };
  return {
    summary,
    expectedVersion: spec.expectedVersion ?? 0,
    state: { step: spec.step ?? 1 },
    audit: {
      at: when,
      actorId: 'sw-1',
      actorName: 'Sam Worker',
      role: 'social-worker',
      action: `step ${spec.step ?? 1}`,
      before: null,
      after: { step: spec.step ?? 1 },
      correlationId: `corr-${caseId}-${spec.step ?? 1}`,
      ...spec.audit,
    },
    outbox: spec.outbox ?? [],
    deadlines: { schedule: spec.schedule ?? [], cancel: spec.cancel ?? [], fired: spec.fired ?? [] },
    ...(spec.commandKey === undefined ? {} : { command: { key: spec.commandKey, outcome: spec.outcome ?? { done: spec.commandKey } } }),
  };
}

export function effect(effectId: string, kind = 'notify'): OutboxItemInput {
  return { effectId, kind, payload: { effectId, text: `payload of ${effectId}` } };
}

function expectOk(result: CommitResult): number {
  assert.equal(result.ok, true, `commit refused: ${JSON.stringify(result)}`);
  return (result as { version: number }).version;
}

/** Everything a refused commit must not have written for `caseId`. */
async function snapshot(store: CaseStore, caseId: string, commandKey?: string) {
  return {
    stored: await store.get(caseId),
    audit: await store.audit(caseId),
    deadlines: await store.deadlines(caseId),
    counts: await store.outboxCounts(),
    pending: await store.listOutbox('pending'),
    command: commandKey === undefined ? undefined : await store.findCommand(commandKey),
  };
}

export function runCaseStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`CaseStore contract: ${name}`, () => {
    let subject: StoreUnderTest;
    let store: CaseStore;

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    describe('readiness probe', () => {
      it('checkWritable takes a write and leaves the cases, outbox and deadlines as they were', async () => {
        await store.commit(commitOf({ caseId: 'c-probe' }));
        await store.checkWritable(at(5));
        await store.checkWritable(at(6));
        assert.equal((await store.get('c-probe'))?.version, 1);
        assert.deepEqual((await store.list()).map((c) => c.caseId), ['c-probe']);
        await assert.rejects(store.checkWritable('yesterday'));
      });
    });

    describe('eraseCase (retention)', () => {
      const secret = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null).replaceAll('SECRET', 'gone')) as unknown;

      it('commits the new state and rewrites the case\'s audit before/after, outbox, deadline payloads and command outcomes; who, when and what stay', async () => {
        expectOk(await store.commit({ ...commitOf({ caseId: 'c-e', outbox: [{ effectId: 'e-1', kind: 'notify', payload: { note: 'SECRET one' } }], schedule: [{ deadlineId: 'c-e:d1', kind: 'reminder', dueAt: at(60), payload: { note: 'SECRET two' } }], commandKey: 'k-e1', outcome: { said: 'SECRET three' } }), audit: { ...commitOf().audit, after: { note: 'SECRET four' } } }));
        expectOk(await store.commit(commitOf({ caseId: 'other', outbox: [{ effectId: 'o-1', kind: 'notify', payload: { note: 'SECRET kept' } }] })));
        const trail = await store.audit('c-e');
        const erased = await store.eraseCase({ ...commitOf({ caseId: 'c-e', expectedVersion: 1, step: 2, audit: { action: 'erased' } }) }, secret);
        assert.deepEqual(erased, { ok: true, version: 2 });
        assert.deepEqual((await store.get('c-e'))?.state, { step: 2 });
        const after = await store.audit('c-e');
        assert.deepEqual(after[0], { ...trail[0]!, after: { note: 'gone four' } });
        assert.equal(after[1]?.action, 'erased');
        assert.deepEqual((await store.listOutbox('pending')).map((i) => [i.effectId, i.payload]), [['e-1', { note: 'gone one' }], ['o-1', { note: 'SECRET kept' }]]);
        assert.deepEqual((await store.deadlines('c-e')).map((d) => d.payload), [{ note: 'gone two' }]);
        assert.deepEqual((await store.findCommand('k-e1'))?.outcome, { said: 'gone three' });
      });

      it('a refused commit (stale version) erases nothing', async () => {
        expectOk(await store.commit({ ...commitOf({ caseId: 'c-f' }), audit: { ...commitOf().audit, after: { note: 'SECRET' } } }));
        const refused = await store.eraseCase(commitOf({ caseId: 'c-f', expectedVersion: 7, step: 2 }), secret);
        assert.equal(refused.ok, false);
        assert.deepEqual((await store.audit('c-f'))[0]?.after, { note: 'SECRET' });
      });

      it('erasing a case that does not exist is refused and creates nothing', async () => {
        const refused = await store.eraseCase(commitOf({ caseId: 'c-none', expectedVersion: 0, audit: { action: 'erased' } }), secret);
        assert.deepEqual(refused, { ok: false, code: 'VERSION_CONFLICT', currentVersion: 0 });
        assert.equal(await store.get('c-none'), undefined);
        assert.deepEqual(await store.audit('c-none'), []);
      });
    });

    describe('cases', () => {
      it('creates a case at version 1 and reads it back by id and by ref', async () => {
        const commit = commitOf({ caseId: 'c-7', ref: 'CR-0007', participants: ['sw-1', 'tm-2'], step: 3 });
        assert.deepEqual(await store.commit(commit), { ok: true, version: 1 });

        const byId = await store.get<TestState>('c-7');
        assert.deepEqual(byId, { summary: commit.summary, version: 1, state: { step: 3 } });
        assert.deepEqual(await store.getByRef<TestState>('CR-0007'), byId);
        assert.equal(await store.get('c-unknown'), undefined);
        assert.equal(await store.getByRef('CR-unknown'), undefined);
      });

      it('updates only from the version that was read, one version at a time', async () => {
        expectOk(await store.commit(commitOf({ step: 1 })));
        assert.deepEqual(await store.commit(commitOf({ expectedVersion: 1, step: 2, stage: 'planning', when: at(5) })), { ok: true, version: 2 });
        assert.deepEqual(await store.commit(commitOf({ expectedVersion: 2, step: 3, stage: 'review', when: at(9) })), { ok: true, version: 3 });

        const stored = await store.get<TestState>('case-1');
        assert.equal(stored?.version, 3);
        assert.deepEqual(stored?.state, { step: 3 });
        assert.equal(stored?.summary.stage, 'review');
        assert.equal(stored?.summary.updatedAt, at(9));
      });

      it('lists cases by participant and by stage, with a limit', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', participants: ['sw-1', 'tm-1'], stage: 'assessment' })));
        expectOk(await store.commit(commitOf({ caseId: 'b', participants: ['sw-2'], stage: 'assessment' })));
        expectOk(await store.commit(commitOf({ caseId: 'c', participants: ['sw-2', 'sw-1'], stage: 'review' })));

        const ids = (list: CaseSummary[]) => list.map((s) => s.caseId).sort();
        assert.deepEqual(ids(await store.list()), ['a', 'b', 'c']);
        assert.deepEqual(ids(await store.list({ participant: 'sw-1' })), ['a', 'c']);
        assert.deepEqual(ids(await store.list({ participant: 'sw-2' })), ['b', 'c']);
        assert.deepEqual(ids(await store.list({ participant: 'tm-1' })), ['a']);
        assert.deepEqual(await store.list({ participant: 'nobody' }), []);
        assert.deepEqual(ids(await store.list({ stage: 'assessment' })), ['a', 'b']);
        assert.deepEqual(ids(await store.list({ participant: 'sw-1', stage: 'review' })), ['c']);
        assert.equal((await store.list({ limit: 2 })).length, 2);
        const c = (await store.list({ participant: 'tm-1' }))[0];
        assert.deepEqual(c?.participants, ['sw-1', 'tm-1']);
      });

      it('follows participants when a case changes hands', async () => {
        expectOk(await store.commit(commitOf({ participants: ['sw-1'] })));
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, participants: ['sw-9'] })));
        assert.deepEqual(await store.list({ participant: 'sw-1' }), []);
        assert.deepEqual((await store.list({ participant: 'sw-9' })).map((s) => s.caseId), ['case-1']);
      });

      it('lists a case under a queue entry (a participant with a colon) while it is there, and not after', async () => {
        // The case service lists a case waiting for a role as "awaiting:<stage>" beside its people.
        const ids = (list: CaseSummary[]) => list.map((c) => c.caseId).sort();
        expectOk(await store.commit(commitOf({ caseId: 'q1', participants: ['sw-1', 'awaiting:team-manager'] })));
        expectOk(await store.commit(commitOf({ caseId: 'q2', participants: ['sw-2', 'awaiting:team-manager'] })));
        assert.deepEqual(ids(await store.list({ participant: 'awaiting:team-manager' })), ['q1', 'q2']);
        expectOk(await store.commit(commitOf({ caseId: 'q1', expectedVersion: 1, step: 2, participants: ['sw-1', 'tm-1', 'awaiting:head-of-service'] })));
        assert.deepEqual(ids(await store.list({ participant: 'awaiting:team-manager' })), ['q2']);
        assert.deepEqual(ids(await store.list({ participant: 'awaiting:head-of-service' })), ['q1']);
        assert.deepEqual(ids(await store.list({ participant: 'awaiting:team-manager', limit: 1 })), ['q2']);
      });

      it('refuses a stale write with VERSION_CONFLICT and writes nothing at all', async () => {
        expectOk(await store.commit(commitOf({ step: 1, outbox: [effect('e1')] })));
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2 })));
        const before = await snapshot(store, 'case-1', 'stale-cmd');

        const stale = commitOf({
          expectedVersion: 1,
          step: 99,
          stage: 'closed',
          outbox: [effect('e-stale')],
          schedule: [{ deadlineId: 'case-1:stale', kind: 'reminder', dueAt: at(60), payload: {} }],
          commandKey: 'stale-cmd',
        });
        assert.deepEqual(await store.commit(stale), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 });
        assert.deepEqual(await snapshot(store, 'case-1', 'stale-cmd'), before);
        assert.equal(before.command, undefined);
      });

      it('treats creating an existing case, or updating a missing one, as a version conflict', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'x' })));
        assert.deepEqual(await store.commit(commitOf({ caseId: 'x', ref: 'OTHER' })), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 });
        assert.deepEqual(await store.commit(commitOf({ caseId: 'y', expectedVersion: 3 })), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 0 });
        assert.equal(await store.get('y'), undefined);
        assert.equal(await store.getByRef('OTHER'), undefined);
      });

      it('finds a case by its ref typed in any case: the one holding it as typed first, "/" still not "-", a ref given up no longer', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'mixed', ref: 'Mos-1042' })));
        expectOk(await store.commit(commitOf({ caseId: 'slash', ref: 'mos/7000/2' })));
        for (const typed of ['Mos-1042', 'mOS-1042', 'MOS-1042', 'mos-1042']) assert.equal((await store.getByRefAnyCase(typed))?.summary.caseId, 'mixed', typed);
        assert.equal((await store.getByRefAnyCase('MOS/7000/2'))?.summary.caseId, 'slash');
        assert.equal((await store.getByRefAnyCase('MOS-7000-2')), undefined, '"-" is not "/"');
        assert.equal((await store.getByRefAnyCase('MOS-104')), undefined);
        // Letters outside a-z are not folded into references ("ı" is not "i").
        assert.equal((await store.getByRefAnyCase('Mıs-1042')), undefined);
        // Two refs differing only in capitals (a store from before they were refused): the one typed, else the first.
        expectOk(await store.commit(commitOf({ caseId: 'upper', ref: 'MOS-1042' })));
        assert.equal((await store.getByRefAnyCase('Mos-1042'))?.summary.caseId, 'mixed');
        assert.equal((await store.getByRefAnyCase('MOS-1042'))?.summary.caseId, 'upper');
        assert.equal((await store.getByRefAnyCase('mos-1042'))?.summary.caseId, 'upper');
        // A ref given up (a withdrawn case's is renamed) is no longer anyone's.
        expectOk(await store.commit(commitOf({ caseId: 'upper', ref: 'MOS-1042_W_1a2b3c4d', expectedVersion: 1, step: 2, when: at(3) })));
        assert.equal((await store.getByRefAnyCase('mos-1042'))?.summary.caseId, 'mixed');
        assert.equal((await store.getByRefAnyCase('mos-1042_w_1A2B3C4D'))?.summary.caseId, 'upper');
      });

      it('finds the refs sharing a SharePoint folder name with a ref: the same but for capitals and "/" or "-", cases hold now', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'mixed', ref: 'Mos-1042' })));
        expectOk(await store.commit(commitOf({ caseId: 'slash', ref: 'mos/7000/2' })));
        expectOk(await store.commit(commitOf({ caseId: 'other', ref: 'MOS-10420' })));
        assert.deepEqual(await store.refsSharingFolder('mOS-1042'), ['Mos-1042']);
        assert.deepEqual(await store.refsSharingFolder('MOS-7000-2'), ['mos/7000/2']);
        assert.deepEqual(await store.refsSharingFolder('Mos-1042'), ['Mos-1042'], 'its own ref too: the caller tells them apart');
        assert.deepEqual(await store.refsSharingFolder('MOS-104'), []);
        // A ref given up (a withdrawn case's is renamed) is no longer anyone's.
        expectOk(await store.commit(commitOf({ caseId: 'mixed', ref: 'Mos-1042_W_1a2b3c4d', expectedVersion: 1, step: 2, when: at(3) })));
        assert.deepEqual(await store.refsSharingFolder('MOS-1042'), []);
      });

      it('finds the refs cases hold now that start, as SharePoint folder names, with a prefix (capitals and "/" or "-" alike), in order', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'w1', ref: 'MOS-1042_W_1a2b3c4d' })));
        expectOk(await store.commit(commitOf({ caseId: 'w2', ref: 'mos/1042_W_9f8e7d6c' })));
        expectOk(await store.commit(commitOf({ caseId: 'held', ref: 'MOS-1042' })));
        expectOk(await store.commit(commitOf({ caseId: 'longer', ref: 'MOS-10420_W_00000000' })));
        expectOk(await store.commit(commitOf({ caseId: 'after', ref: 'MOS-1042_X' })));
        assert.deepEqual(await store.refsStartingWith('Mos/1042_w_'), ['MOS-1042_W_1a2b3c4d', 'mos/1042_W_9f8e7d6c']);
        assert.deepEqual(await store.refsStartingWith('MOS-1042'), ['MOS-1042', 'MOS-10420_W_00000000', 'MOS-1042_W_1a2b3c4d', 'MOS-1042_X', 'mos/1042_W_9f8e7d6c']);
        assert.deepEqual(await store.refsStartingWith('MOS-1043'), []);
        assert.deepEqual(await store.refsStartingWith(''), []);
        // A ref given up is no longer found by its old spelling, and is by its new one.
        expectOk(await store.commit(commitOf({ caseId: 'held', ref: 'MOS-1042_W_5a5a5a5a', expectedVersion: 1, step: 2, when: at(3) })));
        assert.deepEqual(await store.refsStartingWith('MOS-1042_W_5'), ['MOS-1042_W_5a5a5a5a']);
        assert.deepEqual(await store.refsStartingWith('MOS-1042_X'), ['MOS-1042_X']);
      });

      it('refuses a second case with the same ref (DUPLICATE_REF) and writes nothing', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'first', ref: 'CR-1' })));
        const result = await store.commit(commitOf({ caseId: 'second', ref: 'CR-1', outbox: [effect('e-second')], commandKey: 'k-second' }));
        assert.deepEqual(result, { ok: false, code: 'DUPLICATE_REF', existingCaseId: 'first' });
        assert.equal(await store.get('second'), undefined);
        assert.deepEqual(await store.audit('second'), []);
        assert.equal(await store.findCommand('k-second'), undefined);
        assert.equal((await store.outboxCounts()).pending, 0);
      });

      it('refuses to move a case onto a ref another case holds', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'first', ref: 'CR-1' })));
        expectOk(await store.commit(commitOf({ caseId: 'second', ref: 'CR-2' })));
        const result = await store.commit(commitOf({ caseId: 'second', ref: 'CR-1', expectedVersion: 1, step: 2 }));
        assert.deepEqual(result, { ok: false, code: 'DUPLICATE_REF', existingCaseId: 'first' });
        assert.equal((await store.get('second'))?.version, 1);
      });
    });

    describe('commands (idempotency)', () => {
      it('answers a repeated command with its first outcome and writes nothing', async () => {
        expectOk(await store.commit(commitOf({ commandKey: 'click-1', outcome: { approved: true, by: 'tm-1' }, outbox: [effect('e1')] })));
        assert.deepEqual(await store.findCommand('click-1'), { key: 'click-1', outcome: { approved: true, by: 'tm-1' } });
        const before = await snapshot(store, 'case-1', 'click-1');

        // The repeat carries the right version: only the key stops it.
        const repeat = commitOf({
          expectedVersion: 1,
          step: 2,
          commandKey: 'click-1',
          outcome: { approved: false },
          outbox: [effect('e2')],
          schedule: [{ deadlineId: 'case-1:r', kind: 'reminder', dueAt: at(10), payload: null }],
        });
        assert.deepEqual(await store.commit(repeat), { ok: false, code: 'DUPLICATE_COMMAND', outcome: { approved: true, by: 'tm-1' } });
        assert.deepEqual(await snapshot(store, 'case-1', 'click-1'), before);
      });

      it('reports a repeated command even when its version is stale', async () => {
        expectOk(await store.commit(commitOf({ commandKey: 'k1' })));
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, commandKey: 'k2' })));
        const again = await store.commit(commitOf({ expectedVersion: 1, step: 2, commandKey: 'k2' }));
        assert.equal(again.ok, false);
        assert.equal((again as { code: string }).code, 'DUPLICATE_COMMAND');
        assert.equal(await store.findCommand('k3'), undefined);
      });
    });

    describe('audit', () => {
      it('numbers entries 1, 2, 3 per case and returns them in order with every field', async () => {
        const first: AuditEntryInput = {
          at: at(1), actorId: 'sw-1', actorName: 'Sam Worker', role: 'social-worker', action: 'OpenCase',
          before: null, after: { stage: 'assessment' }, correlationId: 'corr-a',
        };
        const second: AuditEntryInput = {
          at: at(2), actorId: 'dep-3', actorName: 'Dee Deputy', onBehalfOfId: 'tm-1', onBehalfOfName: 'Tia Manager',
          role: 'team-manager', action: 'ApprovePlan', before: { approved: false }, after: { approved: true, notes: ['ok'] },
          correlationId: 'corr-b',
        };
        const third: AuditEntryInput = {
          at: at(3), actorId: 'system', actorName: 'Scheduler', onBehalfOfId: null, onBehalfOfName: null, role: 'system',
          action: 'VisitOverdue', before: { overdue: 0 }, after: { overdue: 1 }, correlationId: 'corr-c',
        };
        expectOk(await store.commit(commitOf({ audit: first, when: at(1) })));
        expectOk(await store.commit(commitOf({ caseId: 'other', audit: { action: 'OpenOther' } })));
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, audit: second, when: at(2) })));
        expectOk(await store.commit(commitOf({ expectedVersion: 2, step: 3, audit: third, when: at(3) })));

        assert.deepEqual(await store.audit('case-1'), [
          { ...first, onBehalfOfId: null, onBehalfOfName: null, caseId: 'case-1', seq: 1 },
          { ...second, caseId: 'case-1', seq: 2 },
          { ...third, caseId: 'case-1', seq: 3 },
        ]);
        const other = await store.audit('other');
        assert.deepEqual(other.map((e) => [e.seq, e.action]), [[1, 'OpenOther']]);
        assert.deepEqual(await store.audit('nobody'), []);
      });

      it('writes the before and after the service already wrote out as they are, not writing the objects out again (single commits and batches)', async () => {
        let writtenOut = 0;
        const counted = (value: unknown) => ({ toJSON: () => { writtenOut += 1; return value; } });
        const audit = (n: number) => ({ before: counted({ step: n - 1 }), after: counted({ step: n }), json: { before: JSON.stringify({ step: n - 1 }), after: JSON.stringify({ step: n }) } });
        expectOk(await store.commit(commitOf({ audit: audit(1) })));
        const batch = await store.commitBatch({ commits: [commitOf({ caseId: 'b-1', audit: audit(1) }), commitOf({ caseId: 'b-2', audit: audit(1) })] });
        assert.ok(batch.every((r) => r.ok), JSON.stringify(batch));
        assert.equal(writtenOut, 0, 'the objects were written out again');
        for (const caseId of ['case-1', 'b-1', 'b-2']) {
          const [entry] = await store.audit(caseId);
          assert.deepEqual([entry?.before, entry?.after, 'json' in (entry ?? {})], [{ step: 0 }, { step: 1 }, false]);
        }
      });
    });

    describe('refusals', () => {
      it('keeps refused authority checks per case, oldest first, without moving the version, the audit trail or the outbox', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('e1')] })));
        expectOk(await store.commit(commitOf({ caseId: 'other' })));
        const before = { stored: await store.get('case-1'), audit: await store.audit('case-1'), pending: await store.listOutbox('pending') };
        const first = { caseId: 'case-1', at: '2026-03-02T09:05:00Z', actorId: 'x-1', actorName: 'Stranger', action: 'DecisionGiven', code: 'NOT_YOUR_ROLE', rule: null, correlationId: 'corr-r1' };
        const second = { caseId: 'case-1', at: at(7), actorId: 'sw-1', actorName: 'Sam Worker', action: 'DecisionGiven', code: 'SELF_APPROVAL', rule: 'R-SIGN-4', correlationId: 'corr-r2' };
        // Given out of order: read back by time.
        await store.recordRefusal(second);
        await store.recordRefusal(first);
        await store.recordRefusal({ ...first, caseId: 'other', correlationId: 'corr-r3' });

        assert.deepEqual(await store.refusals('case-1'), [
          { ...first, at: at(5), seq: 1 },
          { ...second, seq: 2 },
        ]);
        assert.deepEqual((await store.refusals('other')).map((r) => r.correlationId), ['corr-r3']);
        assert.deepEqual(await store.refusals('nobody'), []);
        assert.deepEqual({ stored: await store.get('case-1'), audit: await store.audit('case-1'), pending: await store.listOutbox('pending') }, before);
        // The next commit still expects the version it read before the refusals.
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2 })));
        await assert.rejects(store.recordRefusal({ ...first, at: 'yesterday' }), /instant/);
      });

      it("keeps the comment of a decision refused because someone else decided first, and reads it back", async () => {
        expectOk(await store.commit(commitOf({ caseId: 'case-1' })));
        const late = { caseId: 'case-1', at: at(6), actorId: 'tm-2', actorName: 'Toby Manager', action: 'DecisionGiven', code: 'ALREADY_DECIDED', rule: null, correlationId: 'corr-late', comment: 'The school raised a new concern.' };
        await store.recordRefusal(late);
        assert.deepEqual(await store.refusals('case-1'), [{ ...late, seq: 1 }]);
      });

      it('forgets the refusals older than a given instant, of every case and of the store\'s own log, and no younger one', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'case-1' })));
        expectOk(await store.commit(commitOf({ caseId: 'other' })));
        const refusal = (caseId: string, minutes: number, correlationId: string) => ({
          caseId, at: at(minutes), actorId: 'x-1', actorName: 'Stranger', action: 'DecisionGiven', code: 'NOT_YOUR_ROLE', rule: null, correlationId,
          ...(caseId === NO_MATCHING_CASE ? { named: 'MOS-1' } : {}),
        });
        for (const [caseId, minutes, id] of [['case-1', 1, 'c1-old'], ['case-1', 10, 'c1-new'], ['other', 2, 'o-old'], [NO_MATCHING_CASE, 3, 's-old'], [NO_MATCHING_CASE, 10, 's-new']] as const) {
          await store.recordRefusal(refusal(caseId, minutes, id));
        }
        const kept = async () => Promise.all(['case-1', 'other', NO_MATCHING_CASE].map(async (c) => (await store.refusals(c)).map((r) => [r.correlationId, r.seq])));

        assert.equal(await store.forgetRefusalsBefore(at(10)), 3);
        assert.deepEqual(await kept(), [[['c1-new', 1]], [], [['s-new', 1]]]);
        assert.equal(await store.forgetRefusalsBefore(at(5)), 0, 'an earlier instant forgets nothing more');
        assert.equal(await store.forgetRefusalsBefore(at(10)), 0, 'nor the same again');
        assert.deepEqual(await kept(), [[['c1-new', 1]], [], [['s-new', 1]]]);
        await assert.rejects(store.forgetRefusalsBefore('last year'), /instant/);
      });
    });

    describe('outbox', () => {
      it('hands out one case\'s items in order, and different cases\' items together', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a1'), effect('a2')] })));
        expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, outbox: [effect('a3')] })));
        expectOk(await store.commit(commitOf({ caseId: 'b', outbox: [effect('b1', 'record')] })));

        const first = await store.claimOutbox('w1', at(1), at(2), 10);
        assert.deepEqual(first.map((i) => i.effectId).sort(), ['a1', 'b1']);
        const a1 = first.find((i) => i.effectId === 'a1');
        assert.deepEqual(a1, {
          effectId: 'a1', caseId: 'a', seq: 1, kind: 'notify', payload: { effectId: 'a1', text: 'payload of a1' },
          status: 'pending', attempts: 0, notBefore: at(0), lastError: null, createdAt: at(0), deliveredAt: null,
          leaseOwner: 'w1', leaseUntil: at(2),
        });
        // a2 waits for a1 even though w1 holds a1 and w2 asks.
        assert.deepEqual(await store.claimOutbox('w2', at(1), at(2), 10), []);

        await store.markDelivered('a1', 'w1', at(1));
        const second = await store.claimOutbox('w2', at(1), at(2), 10);
        assert.deepEqual(second.map((i) => [i.effectId, i.seq]), [['a2', 2]]);
        await store.markDelivered('a2', 'w2', at(1));
        await store.markDelivered('b1', 'w1', at(1));
        const third = await store.claimOutbox('w2', at(1), at(2), 10);
        assert.deepEqual(third.map((i) => [i.effectId, i.seq]), [['a3', 3]]);
        await store.markDelivered('a3', 'w2', at(1));

        const delivered = await store.listOutbox('delivered');
        assert.deepEqual(delivered.map((i) => i.effectId).sort(), ['a1', 'a2', 'a3', 'b1']);
        assert.ok(delivered.every((i) => i.deliveredAt === at(1) && i.leaseOwner === null));
        assert.deepEqual(await store.claimOutbox('w1', at(5), at(6), 10), []);
      });

      it('respects the limit', async () => {
        for (const id of ['a', 'b', 'c']) expectOk(await store.commit(commitOf({ caseId: id, outbox: [effect(`${id}1`)] })));
        assert.equal((await store.claimOutbox('w1', at(1), at(2), 2)).length, 2);
        assert.equal((await store.claimOutbox('w2', at(1), at(2), 2)).length, 1);
      });

      it('keeps a leased item from other owners until the lease runs out, then lets one take it over', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('e1')] })));
        assert.equal((await store.claimOutbox('w1', at(1), at(3), 10)).length, 1);
        assert.deepEqual(await store.claimOutbox('w2', at(2), at(4), 10), []);
        assert.deepEqual(await store.claimOutbox('w2', at(2.99), at(4), 10), []);

        const takenOver = await store.claimOutbox('w2', at(3), at(5), 10);
        assert.deepEqual(takenOver.map((i) => [i.effectId, i.leaseOwner, i.leaseUntil]), [['e1', 'w2', at(5)]]);
        assert.deepEqual(await store.claimOutbox('w1', at(4), at(6), 10), []);

        // The old owner's late report changes nothing.
        await assert.rejects(store.markDelivered('e1', 'w1', at(4)), LeaseLostError);
        await assert.rejects(store.markFailed('e1', 'w1', 'late', at(9), true), LeaseLostError);
        const [pending] = await store.listOutbox('pending');
        assert.deepEqual([pending?.status, pending?.attempts, pending?.leaseOwner], ['pending', 0, 'w2']);

        await store.markDelivered('e1', 'w2', at(4));
        await assert.rejects(store.markDelivered('e1', 'w2', at(4)), LeaseLostError);
        assert.equal((await store.outboxCounts()).delivered, 1);
      });

      it('renews the lease of an item still in delivery for the owner that holds it, and for no one else', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('e1')] })));
        assert.equal((await store.claimOutbox('w1', at(1), at(3), 10)).length, 1);
        await store.renewLease('e1', 'w1', at(6));
        assert.deepEqual(await store.claimOutbox('w2', at(4), at(8), 10), [], 'not taken over at the first lease\'s end');
        assert.deepEqual((await store.listOutbox('pending')).map((i) => [i.leaseOwner, i.leaseUntil]), [['w1', at(6)]]);
        await assert.rejects(store.renewLease('e1', 'w2', at(9)), LeaseLostError);
        assert.deepEqual((await store.claimOutbox('w2', at(6), at(8), 10)).map((i) => i.leaseOwner), ['w2'], 'taken over once the renewed one ends');
        await assert.rejects(store.renewLease('e1', 'w1', at(9)), LeaseLostError, 'the old owner no longer holds it');
        await store.markDelivered('e1', 'w2', at(7));
        await assert.rejects(store.renewLease('e1', 'w2', at(9)), LeaseLostError, 'nor anyone, once delivered');
        await assert.rejects(store.renewLease('nope', 'w2', at(9)), LeaseLostError);
      });

      it('renews the lease when the owner that holds it claims again (a restarted worker resumes at once)', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('e1'), effect('e2')] })));
        assert.deepEqual((await store.claimOutbox('w1', at(1), at(3), 10)).map((i) => i.effectId), ['e1']);
        const again = await store.claimOutbox('w1', at(2), at(8), 10);
        assert.deepEqual(again.map((i) => [i.effectId, i.leaseOwner, i.leaseUntil]), [['e1', 'w1', at(8)]]);
        assert.deepEqual(await store.claimOutbox('w2', at(5), at(9), 10), []);
      });

      it('backs off a failed item until its notBefore, counting attempts and releasing the lease', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('e1')] })));
        await store.claimOutbox('w1', at(1), at(2), 10);
        await store.markFailed('e1', 'w1', 'HTTP 429', at(10), false);

        const [item] = await store.listOutbox('pending');
        assert.deepEqual(
          [item?.attempts, item?.lastError, item?.notBefore, item?.leaseOwner, item?.leaseUntil],
          [1, 'HTTP 429', at(10), null, null],
        );
        await assert.rejects(store.markDelivered('e1', 'w1', at(1)), LeaseLostError);
        assert.deepEqual(await store.claimOutbox('w2', at(9), at(11), 10), []);

        const retried = await store.claimOutbox('w2', at(10), at(11), 10);
        assert.deepEqual(retried.map((i) => [i.effectId, i.attempts]), [['e1', 1]]);
        await store.markFailed('e1', 'w2', 'HTTP 503', at(12), false);
        assert.equal((await store.listOutbox('pending'))[0]?.attempts, 2);
      });

      it('an item held back unsent (the bot pacing itself) goes back to pending until its notBefore without counting an attempt', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('e1')] })));
        await store.claimOutbox('w1', at(1), at(2), 10);
        await store.markFailed('e1', 'w1', 'held back', at(10), false, false);
        const [item] = await store.listOutbox('pending');
        assert.deepEqual([item?.attempts, item?.lastError, item?.notBefore, item?.leaseOwner], [0, 'held back', at(10), null]);
        assert.deepEqual(await store.claimOutbox('w2', at(9), at(11), 10), []);
        assert.deepEqual((await store.claimOutbox('w2', at(10), at(11), 10)).map((i) => [i.effectId, i.attempts]), [['e1', 0]]);
        await assert.rejects(store.markFailed('e1', 'w1', 'held back', at(12), false, false), LeaseLostError);
      });

      it('counts dead items, holds back the rest of their case, and replays them', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a1'), effect('a2')] })));
        expectOk(await store.commit(commitOf({ caseId: 'b', outbox: [effect('b1')] })));
        expectOk(await store.commit(commitOf({ caseId: 'c', outbox: [effect('c1')] })));
        await store.claimOutbox('w1', at(1), at(2), 10);
        await store.markFailed('a1', 'w1', 'HTTP 400 bad request', at(1), true);
        await store.markFailed('b1', 'w1', 'HTTP 403', at(1), true);
        await store.markDelivered('c1', 'w1', at(1));

        assert.deepEqual(await store.outboxCounts(), { pending: 1, delivered: 1, dead: 2, oldestPendingAt: at(0) });
        const dead = await store.listOutbox('dead');
        assert.deepEqual(dead.map((i) => [i.effectId, i.status, i.attempts, i.lastError]).sort(), [
          ['a1', 'dead', 1, 'HTTP 400 bad request'],
          ['b1', 'dead', 1, 'HTTP 403'],
        ]);
        // a2 must not overtake its dead predecessor.
        assert.deepEqual(await store.claimOutbox('w1', at(5), at(6), 10), []);

        assert.equal(await store.replayDead('a1'), 1);
        assert.equal(await store.replayDead('a1'), 0);
        const replayed = await store.claimOutbox('w1', at(5), at(6), 10);
        assert.deepEqual(replayed.map((i) => [i.effectId, i.attempts, i.status]), [['a1', 0, 'pending']]);
        await store.markDelivered('a1', 'w1', at(5));
        assert.deepEqual((await store.claimOutbox('w1', at(5), at(6), 10)).map((i) => i.effectId), ['a2']);

        assert.equal(await store.replayDead(), 1);
        assert.equal((await store.outboxCounts()).dead, 0);
        assert.equal(await store.replayDead(), 0);
      });

      it('orders per case per lane: a dead or backing-off message does not hold back a later record of its case', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a-msg1'), effect('a-rec1', 'record'), effect('a-appr', 'request-approval'), effect('a-rec2', 'record')] })));
        const first = await store.claimOutbox('w1', at(1), at(2), 10);
        // One head per lane: the first message and the first record, side by side.
        assert.deepEqual(first.map((i) => i.effectId).sort(), ['a-msg1', 'a-rec1']);
        await store.markFailed('a-msg1', 'w1', 'Teams 503', at(30), false);
        await store.markDelivered('a-rec1', 'w1', at(1));
        // The message backs off until at(30); the next record goes meanwhile; the approval request waits behind its message.
        assert.deepEqual((await store.claimOutbox('w1', at(2), at(3), 10)).map((i) => i.effectId), ['a-rec2']);
        await store.markDelivered('a-rec2', 'w1', at(2));
        assert.deepEqual(await store.claimOutbox('w1', at(3), at(4), 10), []);

        // Dead: the later message still waits, later records of the case still go.
        const retried = await store.claimOutbox('w1', at(30), at(31), 10);
        assert.deepEqual(retried.map((i) => i.effectId), ['a-msg1']);
        await store.markFailed('a-msg1', 'w1', 'Teams 503', at(31), true);
        expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, outbox: [effect('a-rec3', 'record'), effect('a-msg2')], when: at(32) })));
        assert.deepEqual((await store.claimOutbox('w1', at(33), at(34), 10)).map((i) => i.effectId), ['a-rec3']);
        await store.markDelivered('a-rec3', 'w1', at(33));
        assert.deepEqual(await store.claimOutbox('w1', at(33), at(34), 10), []);

        // Replayed, the messages go in their order.
        assert.equal(await store.replayDead('a-msg1'), 1);
        assert.deepEqual((await store.claimOutbox('w1', at(35), at(36), 10)).map((i) => i.effectId), ['a-msg1']);
        await store.markDelivered('a-msg1', 'w1', at(35));
        assert.deepEqual((await store.claimOutbox('w1', at(35), at(36), 10)).map((i) => i.effectId), ['a-appr']);
        await store.markDelivered('a-appr', 'w1', at(35));
        assert.deepEqual((await store.claimOutbox('w1', at(35), at(36), 10)).map((i) => i.effectId), ['a-msg2']);
      });

      it('orders per case per lane: a dead record holds back later records of its case, not its messages', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a-rec1', 'record'), effect('a-rec2', 'record'), effect('a-msg1'), effect('a-msg2', 'notify')] })));
        expectOk(await store.commit(commitOf({ caseId: 'b', outbox: [effect('b-rec1', 'record')] })));
        const first = await store.claimOutbox('w1', at(1), at(2), 10);
        assert.deepEqual(first.map((i) => i.effectId).sort(), ['a-msg1', 'a-rec1', 'b-rec1']);
        await store.markFailed('a-rec1', 'w1', 'HTTP 400 bad request', at(1), true);
        await store.markDelivered('a-msg1', 'w1', at(1));
        await store.markDelivered('b-rec1', 'w1', at(1));

        // a-rec2 must not overtake its dead predecessor; the case's messages go on.
        assert.deepEqual((await store.claimOutbox('w1', at(2), at(3), 10)).map((i) => i.effectId), ['a-msg2']);
        await store.markDelivered('a-msg2', 'w1', at(2));
        assert.deepEqual(await store.claimOutbox('w1', at(3), at(4), 10), []);
        // So does a pending record with back-off.
        assert.equal(await store.replayDead('a-rec1'), 1);
        assert.deepEqual((await store.claimOutbox('w1', at(4), at(5), 10)).map((i) => i.effectId), ['a-rec1']);
        await store.markFailed('a-rec1', 'w1', 'HTTP 503', at(20), false);
        expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, outbox: [effect('a-msg3')], when: at(5) })));
        assert.deepEqual((await store.claimOutbox('w1', at(6), at(7), 10)).map((i) => i.effectId), ['a-msg3']);
        await store.markDelivered('a-msg3', 'w1', at(6));
        assert.deepEqual(await store.claimOutbox('w1', at(7), at(8), 10), []);

        assert.deepEqual((await store.claimOutbox('w1', at(20), at(21), 10)).map((i) => i.effectId), ['a-rec1']);
        await store.markDelivered('a-rec1', 'w1', at(20));
        assert.deepEqual((await store.claimOutbox('w1', at(20), at(21), 10)).map((i) => i.effectId), ['a-rec2']);
      });

      it('orders per case per lane: a pending message holds back a later message, even while leased', async () => {
        expectOk(await store.commit(commitOf({ outbox: [effect('m1'), effect('m2', 'request-approval'), effect('m3')] })));
        assert.deepEqual((await store.claimOutbox('w1', at(1), at(2), 10)).map((i) => i.effectId), ['m1']);
        assert.deepEqual(await store.claimOutbox('w2', at(1), at(2), 10), []);
        await store.markFailed('m1', 'w1', 'Teams 502', at(10), false);
        assert.deepEqual(await store.claimOutbox('w2', at(5), at(6), 10), []);
        assert.deepEqual((await store.claimOutbox('w2', at(10), at(11), 10)).map((i) => i.effectId), ['m1']);
        await store.markDelivered('m1', 'w2', at(10));
        assert.deepEqual((await store.claimOutbox('w2', at(10), at(11), 10)).map((i) => i.effectId), ['m2']);
      });

      it('counts by status and reports the oldest pending item', async () => {
        assert.deepEqual(await store.outboxCounts(), { pending: 0, delivered: 0, dead: 0, oldestPendingAt: null });
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('a1')], when: at(3) })));
        expectOk(await store.commit(commitOf({ caseId: 'b', outbox: [effect('b1'), effect('b2')], when: at(7) })));
        assert.deepEqual(await store.outboxCounts(), { pending: 3, delivered: 0, dead: 0, oldestPendingAt: at(3) });
        await store.claimOutbox('w1', at(8), at(9), 1);
        await store.markDelivered('a1', 'w1', at(8));
        assert.deepEqual(await store.outboxCounts(), { pending: 2, delivered: 1, dead: 0, oldestPendingAt: at(7) });
      });
    });

    describe('deadlines', () => {
      const visit = (dueAt: string, payload: unknown = { visit: 1 }): DeadlineInput => ({ deadlineId: 'case-1:visit:1', kind: 'VisitOverdue', dueAt, payload });
      const review: DeadlineInput = { deadlineId: 'case-1:review', kind: 'ReviewDue', dueAt: at(30), payload: null };

      it('schedules, replaces, cancels, comes due oldest first and is marked fired', async () => {
        expectOk(await store.commit(commitOf({ schedule: [visit(at(20)), review] })));
        expectOk(await store.commit(commitOf({ caseId: 'other', schedule: [{ deadlineId: 'other:x', kind: 'X', dueAt: at(10), payload: 'p' }] })));
        assert.deepEqual(await store.deadlines('case-1'), [
          { ...visit(at(20)), caseId: 'case-1', firedAt: null },
          { ...review, caseId: 'case-1', firedAt: null },
        ]);

        assert.deepEqual(await store.dueDeadlines(at(9), 10), []);
        assert.deepEqual((await store.dueDeadlines(at(30), 10)).map((d) => d.deadlineId), ['other:x', 'case-1:visit:1', 'case-1:review']);
        assert.deepEqual((await store.dueDeadlines(at(30), 2)).map((d) => d.deadlineId), ['other:x', 'case-1:visit:1']);
        // Past those being fired meanwhile (the scheduler's batch being written), not counting them.
        assert.deepEqual((await store.dueDeadlines(at(30), 1, new Set(['other:x']))).map((d) => d.deadlineId), ['case-1:visit:1']);
        assert.deepEqual((await store.dueDeadlines(at(30), 10, new Set(['case-1:visit:1', 'unknown']))).map((d) => d.deadlineId), ['other:x', 'case-1:review']);
        assert.deepEqual((await store.dueDeadlines(at(30), 10, new Set())).map((d) => d.deadlineId), ['other:x', 'case-1:visit:1', 'case-1:review']);

        // Same id again: replaced, not added.
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, schedule: [visit(at(40), { visit: 2 })], cancel: ['case-1:review'] })));
        assert.deepEqual(await store.deadlines('case-1'), [{ ...visit(at(40), { visit: 2 }), caseId: 'case-1', firedAt: null }]);
        assert.deepEqual((await store.dueDeadlines(at(39), 10)).map((d) => d.deadlineId), ['other:x']);

        await store.markDeadlineFired('other:x', at(41));
        const due = await store.dueDeadlines(at(45), 10);
        assert.deepEqual(due, [{ ...visit(at(40), { visit: 2 }), caseId: 'case-1', firedAt: null }]);
        assert.equal((await store.deadlines('other'))[0]?.firedAt, at(41));
      });

      it('marks deadlines fired in the commit of the event they caused, and rescheduling clears firedAt', async () => {
        expectOk(await store.commit(commitOf({ schedule: [visit(at(20)), review] })));
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, when: at(21), fired: ['case-1:visit:1'] })));
        assert.deepEqual((await store.dueDeadlines(at(60), 10)).map((d) => d.deadlineId), ['case-1:review']);
        assert.equal((await store.deadlines('case-1')).find((d) => d.deadlineId === 'case-1:visit:1')?.firedAt, at(21));

        // The event answers the deadline and sets the same id for the next visit, in one commit.
        expectOk(await store.commit(commitOf({ expectedVersion: 2, step: 3, when: at(50), fired: ['case-1:review'], schedule: [visit(at(70))] })));
        assert.deepEqual(await store.deadlines('case-1'), [
          { ...review, caseId: 'case-1', firedAt: at(50) },
          { ...visit(at(70)), caseId: 'case-1', firedAt: null },
        ]);
        assert.deepEqual((await store.dueDeadlines(at(70), 10)).map((d) => d.deadlineId), ['case-1:visit:1']);
      });

      it('lists the due, unfired deadlines of the cases named, oldest first, and no other case\'s', async () => {
        expectOk(await store.commit(commitOf({ schedule: [visit(at(20)), review] })));
        expectOk(await store.commit(commitOf({ caseId: 'other', schedule: [{ deadlineId: 'other:x', kind: 'X', dueAt: at(10), payload: 'p' }] })));
        expectOk(await store.commit(commitOf({ caseId: 'third', schedule: [{ deadlineId: 'third:y', kind: 'Y', dueAt: at(5), payload: { y: 1 } }] })));
        assert.deepEqual(await store.dueDeadlinesOfCases(['case-1', 'other'], at(25)), [
          { deadlineId: 'other:x', kind: 'X', dueAt: at(10), payload: 'p', caseId: 'other', firedAt: null },
          { ...visit(at(20)), caseId: 'case-1', firedAt: null },
        ]);
        assert.deepEqual((await store.dueDeadlinesOfCases(['case-1', 'case-1', 'nobody'], at(30))).map((d) => d.deadlineId), ['case-1:visit:1', 'case-1:review']);
        assert.deepEqual(await store.dueDeadlinesOfCases(['case-1'], at(19)), []);
        assert.deepEqual(await store.dueDeadlinesOfCases([], at(30)), []);
        // Fired ones are not due.
        expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, when: at(21), fired: ['case-1:visit:1'] })));
        await store.markDeadlineFired('other:x', at(22));
        assert.deepEqual((await store.dueDeadlinesOfCases(['case-1', 'other', 'third'], at(30))).map((d) => d.deadlineId), ['third:y', 'case-1:review']);
        // Instants compare as instants: 10:04+01:00 is 09:04Z, before 09:05Z, though the raw strings sort the other way.
        assert.deepEqual(await store.dueDeadlinesOfCases(['third'], '2026-03-02T10:04:00+01:00'), []);
        assert.deepEqual((await store.dueDeadlinesOfCases(['third'], '2026-03-02T10:05:00+01:00')).map((d) => d.deadlineId), ['third:y']);
      });

      it('compares instants as instants whatever offset they were written with', async () => {
        // 10:30+01:00 is 09:30Z: due at 09:45Z, though the raw strings sort the other way.
        expectOk(await store.commit(commitOf({
          when: '2026-03-02T10:20:00+01:00',
          outbox: [effect('e1')],
          schedule: [{ ...review, dueAt: '2026-03-02T10:30:00+01:00' }],
        })));
        assert.deepEqual((await store.dueDeadlines('2026-03-02T09:45:00Z', 10)).map((d) => d.dueAt), ['2026-03-02T09:30:00.000Z']);
        assert.deepEqual(await store.dueDeadlines('2026-03-02T09:29:59.999Z', 10), []);

        // Everything comes back in the one stored form.
        const stored = await store.get('case-1');
        const [entry] = await store.audit('case-1');
        const [item] = await store.listOutbox('pending');
        assert.deepEqual(
          [stored?.summary.updatedAt, entry?.at, item?.createdAt, item?.notBefore],
          Array.from({ length: 4 }, () => '2026-03-02T09:20:00.000Z'),
        );
        await store.claimOutbox('w1', '2026-03-02T10:21:00+01:00', '2026-03-02T10:25:00+01:00', 1);
        assert.equal((await store.listOutbox('pending'))[0]?.leaseUntil, '2026-03-02T09:25:00.000Z');
      });

      it('rejects an instant that is not one, writing nothing', async () => {
        await assert.rejects(store.commit(commitOf({ schedule: [{ ...review, dueAt: 'next Tuesday' }] })), /instant/);
        await assert.rejects(store.commit(commitOf({ when: '2026-03-02 09:00' })), /instant/);
        assert.equal(await store.get('case-1'), undefined);
      });
    });

    describe('batches (commitBatch, for the scheduler)', () => {
      const due = (caseId: string, minutes: number): DeadlineInput => ({ deadlineId: `${caseId}:visit:1`, kind: 'VisitOverdue', dueAt: at(minutes), payload: { visit: 1 } });

      it('writes firings and several cases\' commits, chaining two commits of one case, one result each', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', schedule: [due('a', 10)] })));
        expectOk(await store.commit(commitOf({ caseId: 'b', schedule: [due('b', 10)] })));
        const results = await store.commitBatch({
          firings: [{ deadlineId: 'b:visit:1', dueAt: at(10), at: at(15) }],
          commits: [
            commitOf({ caseId: 'a', expectedVersion: 1, step: 2, when: at(15), outbox: [effect('a-2')], fired: ['a:visit:1'], commandKey: 'deadline:a:1' }),
            commitOf({ caseId: 'new', step: 1, when: at(15), outbox: [effect('new-1')] }),
            commitOf({ caseId: 'a', expectedVersion: 2, step: 3, when: at(15), outbox: [effect('a-3')], commandKey: 'deadline:a:2' }),
          ],
        });
        assert.deepEqual(results, [{ ok: true, version: 2 }, { ok: true, version: 1 }, { ok: true, version: 3 }]);
        const a = await store.get<TestState>('a');
        assert.deepEqual([a?.version, a?.state.step], [3, 3]);
        assert.deepEqual((await store.audit('a')).map((e) => e.seq), [1, 2, 3]);
        assert.deepEqual((await store.listOutbox('pending')).filter((i) => i.caseId === 'a').map((i) => [i.seq, i.effectId]), [[1, 'a-2'], [2, 'a-3']]);
        assert.deepEqual(await store.findCommand('deadline:a:2'), { key: 'deadline:a:2', outcome: { done: 'deadline:a:2' } });
        assert.equal((await store.get('new'))?.version, 1);
        // Fired in its event's commit (a) and on its own (b): neither comes due again.
        assert.deepEqual((await store.deadlines('a')).map((d) => d.firedAt), [at(15)]);
        assert.deepEqual((await store.deadlines('b')).map((d) => d.firedAt), [at(15)]);
        assert.deepEqual(await store.dueDeadlines(at(60), 10), []);
        // b was only fired: its version, audit and outbox are untouched.
        assert.equal((await store.get('b'))?.version, 1);
        assert.equal((await store.audit('b')).length, 1);
      });

      it('ends a case\'s consecutive commits as one after another would: the case as the last written one left it, a refused one in the middle writing nothing', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', participants: ['sw-1'] })));
        expectOk(await store.commit(commitOf({ caseId: 'b' })));
        expectOk(await store.commit(commitOf({ caseId: 'c', commandKey: 'already' })));
        const results = await store.commitBatch({
          commits: [
            commitOf({ caseId: 'a', expectedVersion: 1, step: 2, when: at(5), stage: 'review', participants: ['sw-1', 'tm-1'], outbox: [effect('a-2')], commandKey: 'k-a-2' }),
            commitOf({ caseId: 'a', expectedVersion: 2, step: 3, when: at(6), ref: 'REF-a-renamed', participants: ['tm-1'], outbox: [effect('a-3'), effect('a-3b')], commandKey: 'k-a-3' }),
            commitOf({ caseId: 'a', expectedVersion: 3, step: 4, when: at(7), ref: 'REF-a-renamed', stage: 'closing', participants: ['tm-1'], outbox: [effect('a-4')], commandKey: 'k-a-4' }),
            // Written, then a repeat in the middle: the case stays as the first left it.
            commitOf({ caseId: 'b', expectedVersion: 1, step: 2, when: at(5), participants: ['sw-1', 'iro-1'], outbox: [effect('b-2')], commandKey: 'k-b-2' }),
            commitOf({ caseId: 'b', expectedVersion: 2, step: 3, when: at(6), commandKey: 'already' }),
            commitOf({ caseId: 'b', expectedVersion: 3, step: 4, when: at(7), outbox: [effect('b-4')] }),
            // A new case and its next commit in one batch.
            commitOf({ caseId: 'n', step: 1, when: at(5), outbox: [effect('n-1')] }),
            commitOf({ caseId: 'n', expectedVersion: 1, step: 2, when: at(6), stage: 'review', outbox: [effect('n-2')] }),
            // A stale first commit: nothing of the case is written.
            commitOf({ caseId: 'c', expectedVersion: 2, step: 5, outbox: [effect('c-5')] }),
            commitOf({ caseId: 'c', expectedVersion: 3, step: 6, outbox: [effect('c-6')] }),
          ],
        });
        assert.deepEqual(results, [
          { ok: true, version: 2 },
          { ok: true, version: 3 },
          { ok: true, version: 4 },
          { ok: true, version: 2 },
          { ok: false, code: 'DUPLICATE_COMMAND', outcome: { done: 'already' } },
          { ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 },
          { ok: true, version: 1 },
          { ok: true, version: 2 },
          { ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 },
          { ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 },
        ]);
        const a = await store.get<TestState>('a');
        assert.deepEqual([a?.version, a?.state.step, a?.summary.ref, a?.summary.stage, a?.summary.participants, a?.summary.updatedAt], [4, 4, 'REF-a-renamed', 'closing', ['tm-1'], at(7)]);
        assert.equal((await store.getByRef('REF-a'))?.summary.caseId, undefined);
        assert.equal((await store.getByRef<TestState>('REF-a-renamed'))?.state.step, 4);
        assert.deepEqual((await store.audit('a')).map((e) => [e.seq, e.action]), [[1, 'step 1'], [2, 'step 2'], [3, 'step 3'], [4, 'step 4']]);
        const b = await store.get<TestState>('b');
        assert.deepEqual([b?.version, b?.state.step, b?.summary.participants, b?.summary.updatedAt], [2, 2, ['sw-1', 'iro-1'], at(5)]);
        assert.deepEqual((await store.audit('b')).map((e) => e.seq), [1, 2]);
        const n = await store.get<TestState>('n');
        assert.deepEqual([n?.version, n?.state.step, n?.summary.stage], [2, 2, 'review']);
        assert.equal((await store.get('c'))?.version, 1);
        const pending = await store.listOutbox('pending', 100);
        assert.deepEqual(pending.filter((i) => i.caseId === 'a').map((i) => [i.seq, i.effectId]), [[1, 'a-2'], [2, 'a-3'], [3, 'a-3b'], [4, 'a-4']]);
        assert.deepEqual(pending.filter((i) => i.caseId !== 'a').map((i) => i.effectId).sort(), ['b-2', 'n-1', 'n-2']);
        // "My cases" follows the participants each case was left with.
        assert.deepEqual((await store.list({ participant: 'tm-1' })).map((s) => s.caseId), ['a']);
        assert.deepEqual((await store.list({ participant: 'iro-1' })).map((s) => s.caseId), ['b']);
        assert.deepEqual((await store.list({ participant: 'sw-1' })).map((s) => s.caseId).sort(), ['b', 'c', 'n']);
        assert.deepEqual((await store.list({ stage: 'review' })).map((s) => s.caseId), ['n']);
        assert.deepEqual((await store.list({ stage: 'closing' })).map((s) => s.caseId), ['a']);
      });

      it('says once when the batch is written and readable, with the results it answers; not for a batch that throws', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('used')] })));
        const told: CommitResult[][] = [];
        let reading: Promise<unknown> | undefined;
        const written = (results: CommitResult[]): void => {
          told.push(results);
          // Read as soon as it is told (the scheduler reads its next batch then).
          reading ??= store.get('b');
        };
        const results = await store.commitBatch({ commits: [commitOf({ caseId: 'b' }), commitOf({ caseId: 'a', step: 2 })], written });
        assert.deepEqual(told, [results]);
        assert.deepEqual(results, [{ ok: true, version: 1 }, { ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 }]);
        assert.equal(((await reading) as { version: number } | undefined)?.version, 1);
        assert.deepEqual(await store.commitBatch({ commits: [], written }), []);
        assert.deepEqual(told, [results, []]);
        await assert.rejects(store.commitBatch({ commits: [commitOf({ caseId: 'c', outbox: [effect('used')] })], written }));
        assert.equal(told.length, 2);
      });

      it('refuses a stale commit and the later commits of its case, writing nothing of them, and lets the other cases through', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a' })));
        expectOk(await store.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2 }))); // someone acted on a meanwhile
        expectOk(await store.commit(commitOf({ caseId: 'b' })));
        expectOk(await store.commit(commitOf({ caseId: 'c', commandKey: 'already' })));
        const before = await snapshot(store, 'a', 'deadline:a:2');
        const results = await store.commitBatch({
          commits: [
            commitOf({ caseId: 'a', expectedVersion: 1, step: 10, outbox: [effect('a-10')], commandKey: 'deadline:a:1' }),
            // Built on the refused one; its expected version is the case's real one, yet it must not go through.
            commitOf({ caseId: 'a', expectedVersion: 2, step: 11, outbox: [effect('a-11')], commandKey: 'deadline:a:2' }),
            commitOf({ caseId: 'b', expectedVersion: 1, step: 2, outbox: [effect('b-2')] }),
            commitOf({ caseId: 'c', expectedVersion: 1, step: 2, commandKey: 'already' }),
            commitOf({ caseId: 'c', expectedVersion: 2, step: 3, outbox: [effect('c-3')] }),
          ],
        });
        assert.deepEqual(results, [
          { ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 },
          { ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 },
          { ok: true, version: 2 },
          { ok: false, code: 'DUPLICATE_COMMAND', outcome: { done: 'already' } },
          { ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 },
        ]);
        const after = await snapshot(store, 'a', 'deadline:a:2');
        assert.deepEqual({ ...after, counts: undefined, pending: undefined }, { ...before, counts: undefined, pending: undefined });
        assert.deepEqual((await store.listOutbox('pending')).map((i) => i.effectId), ['b-2']);
        assert.equal((await store.get('c'))?.version, 1);
        assert.equal(await store.findCommand('deadline:a:1'), undefined);
      });

      it('fires a deadline only while it is unfired and still due at the time given, keeping the first firing', async () => {
        expectOk(await store.commit(commitOf({ schedule: [due('case-1', 20)] })));
        // Read when it was due at 10, then rescheduled to 20: left alone. An unknown id changes nothing.
        assert.deepEqual(await store.commitBatch({ firings: [{ deadlineId: 'case-1:visit:1', dueAt: at(10), at: at(25) }, { deadlineId: 'nobody:x', dueAt: at(10), at: at(25) }], commits: [] }), []);
        assert.equal((await store.deadlines('case-1'))[0]?.firedAt, null);
        // Offsets are instants too: 10:20+01:00 is 09:20Z, at(20).
        await store.commitBatch({ firings: [{ deadlineId: 'case-1:visit:1', dueAt: '2026-03-02T10:20:00+01:00', at: at(26) }], commits: [] });
        await store.commitBatch({ firings: [{ deadlineId: 'case-1:visit:1', dueAt: at(20), at: at(27) }], commits: [] });
        assert.equal((await store.deadlines('case-1'))[0]?.firedAt, at(26));
        assert.deepEqual(await store.dueDeadlines(at(60), 10), []);
        assert.equal((await store.get('case-1'))?.version, 1);
      });

      it('applies the firings before the commits, so a commit may schedule again a deadline the batch fires', async () => {
        expectOk(await store.commit(commitOf({ schedule: [due('case-1', 20)] })));
        await store.commitBatch({
          firings: [{ deadlineId: 'case-1:visit:1', dueAt: at(20), at: at(25) }],
          commits: [commitOf({ expectedVersion: 1, step: 2, when: at(25), schedule: [due('case-1', 20)] })],
        });
        assert.deepEqual((await store.deadlines('case-1')).map((d) => [d.dueAt, d.firedAt]), [[at(20), null]]);
      });

      it('writes nothing for an empty batch, and throws for a malformed instant before writing anything', async () => {
        assert.deepEqual(await store.commitBatch({ commits: [] }), []);
        expectOk(await store.commit(commitOf({ caseId: 'a', schedule: [due('a', 10)] })));
        await assert.rejects(store.commitBatch({ commits: [commitOf({ caseId: 'b' }), commitOf({ caseId: 'c', when: 'soon' })] }), /instant/);
        await assert.rejects(store.commitBatch({ firings: [{ deadlineId: 'a:visit:1', dueAt: at(10), at: 'now' }], commits: [commitOf({ caseId: 'b' })] }), /instant/);
        assert.equal(await store.get('b'), undefined);
        assert.equal((await store.deadlines('a'))[0]?.firedAt, null);
      });

      it('throws when a commit fails part-way, writing none of the commits after it; applied again one by one, what was written is a repeat', async () => {
        expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('used')] })));
        expectOk(await store.commit(commitOf({ caseId: 'b' })));
        expectOk(await store.commit(commitOf({ caseId: 'c' })));
        const commits = [
          commitOf({ caseId: 'b', expectedVersion: 1, step: 2, outbox: [effect('b-2')], commandKey: 'k-b' }),
          commitOf({ caseId: 'c', expectedVersion: 1, step: 2, outbox: [effect('used')], commandKey: 'k-c' }), // an effect id a already used
          commitOf({ caseId: 'a', expectedVersion: 1, step: 2, outbox: [effect('a-2')], commandKey: 'k-a' }),
        ];
        await assert.rejects(store.commitBatch({ commits }));
        assert.equal((await store.get('a'))?.version, 1);
        assert.equal((await store.get('c'))?.version, 1);
        assert.equal(await store.findCommand('k-a'), undefined);
        // b may or may not be written (SQLite: not; Azure Tables: yes). Commit by commit, each ends once.
        const again: Array<CommitResult | 'threw'> = [];
        for (const commit of commits) again.push(await store.commit(commit).catch(() => 'threw' as const));
        const [first, second, third] = again;
        assert.ok(first !== undefined && first !== 'threw' && (first.ok || first.code === 'DUPLICATE_COMMAND'), JSON.stringify(first));
        assert.equal(second, 'threw');
        assert.deepEqual(third, { ok: true, version: 2 });
        assert.equal((await store.get('b'))?.version, 2);
        assert.equal((await store.audit('b')).length, 2);
      });
    });

    describe('conversation references', () => {
      it('saves, replaces and reads references by key', async () => {
        assert.equal(await store.getConversation(deliveryKeys.person('user-1')), undefined);
        const ref = { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/emea/', channelId: 'msteams' };
        await store.saveConversation(deliveryKeys.person('user-1'), ref);
        assert.deepEqual(await store.getConversation(deliveryKeys.person('user-1')), ref);
        await store.saveConversation(deliveryKeys.person('user-1'), { ...ref, conversation: { id: 'a:2' } });
        assert.deepEqual(await store.getConversation(deliveryKeys.person('user-1')), { ...ref, conversation: { id: 'a:2' } });
        assert.equal(await store.getConversation(deliveryKeys.person('user-2')), undefined);
      });

      it('forgets the value kept under a key, and forgetting one not kept (or twice) is no error', async () => {
        const showing = deliveryKeys.showing('a:1', '1:100');
        await store.saveConversation(showing, { approvalId: 'ap-1' });
        await store.saveConversation(deliveryKeys.showing('a:1', '1:101'), { approvalId: 'ap-1' });
        await store.forgetConversation(showing);
        assert.equal(await store.getConversation(showing), undefined);
        assert.deepEqual(await store.getConversation(deliveryKeys.showing('a:1', '1:101')), { approvalId: 'ap-1' });
        await store.forgetConversation(showing);
        await store.forgetConversation(deliveryKeys.showing('a:9', '1:999'));
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of 50 simultaneous commits from the same version through', async () => {
        expectOk(await store.commit(commitOf({ step: 1 })));
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, n) =>
            store.commit(commitOf({ expectedVersion: 1, step: 100 + n, outbox: [effect(`race-${n}`)], commandKey: `race-${n}` }))),
        );
        const winners = results.flatMap((r, n) => (r.ok ? [n] : []));
        assert.equal(winners.length, 1);
        assert.deepEqual(results.filter((r) => !r.ok), Array.from({ length: 49 }, () => ({ ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 })));

        const winner = winners[0] ?? -1;
        const stored = await store.get<TestState>('case-1');
        assert.deepEqual([stored?.version, stored?.state.step], [2, 100 + winner]);
        assert.equal((await store.audit('case-1')).length, 2);
        assert.deepEqual((await store.listOutbox('pending')).map((i) => i.effectId), [`race-${winner}`]);
        assert.ok(await store.findCommand(`race-${winner}`));
        assert.equal(await store.findCommand(`race-${(winner + 1) % 50}`), undefined);
      });

      it('gives VERSION_CONFLICT, not an error, when racers from the same version carry the same effect ids', async () => {
        // Two bot instances deciding one approval build identical effect ids from the same version.
        expectOk(await store.commit(commitOf({ step: 1 })));
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, n) =>
            store.commit(commitOf({ expectedVersion: 1, step: 200 + n, outbox: [effect('case-1:v2:0'), effect('case-1:v2:audit')], commandKey: `same-${n}` }))),
        );
        assert.equal(results.filter((r) => r.ok).length, 1);
        assert.ok(results.every((r) => r.ok || r.code === 'VERSION_CONFLICT'), JSON.stringify(results));
        assert.deepEqual((await store.listOutbox('pending')).map((i) => i.effectId), ['case-1:v2:0', 'case-1:v2:audit']);
      });
    });
  });
}
