import assert from 'node:assert/strict';
import { TableClient } from '@azure/data-tables';
import { createAzureTableCaseStore, type AzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { ValueTooLargeError } from '../../src/adapters/azure-tables/entity-json';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../../src/adapters/azure-tables/azure-table-errors';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { at, commitOf, effect, runCaseStoreContract } from './case-store-contract';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import { INDEX_VERSION } from '../../src/adapters/azure-tables/azure-table-index-upgrades';

let azurite: RunningAzurite | undefined;
let prefixes = 0;

/** A fresh pair of tables per store, so tests never see each other's rows. */
function freshPrefix(): string {
  prefixes += 1;
  return `t${process.pid}n${prefixes}`;
}

function connectionString(): string {
  if (!azurite) throw new Error('Azurite is not running');
  return azurite.connectionString;
}

async function dropTables(prefix: string): Promise<void> {
  for (const suffix of ['Cases', 'Index']) {
    await TableClient.fromConnectionString(connectionString(), `${prefix}${suffix}`, { allowInsecureConnection: true }).deleteTable();
  }
}

// Inside a describe, so a full mocha run starts Azurite only around these tests.
describe('Azure Table Storage on a real Azurite', () => {
  before(async function () {
    this.timeout(30_000);
    azurite = await startAzurite();
  });

  after(async () => {
    await azurite?.stop();
  });

  runCaseStoreContract('Azure Table Storage (Azurite)', async () => {
    const prefix = freshPrefix();
    const store = createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: prefix });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropTables(prefix);
      },
    };
  });

  describeAdapterSpecifics();
});

/** Beyond the contract: what only this adapter has (ETags, entity limits, key escaping, hints). */
function describeAdapterSpecifics(): void {
  describe('Azure Table case store', () => {
    let prefix: string;
    let store: AzureTableCaseStore;
    let second: AzureTableCaseStore;

    beforeEach(() => {
      prefix = freshPrefix();
      store = createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: prefix });
      // Another bot instance: its own client, the same tables.
      second = createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: prefix });
    });
    afterEach(async () => {
      await store.close();
      await second.close();
      await dropTables(prefix);
    });

    function raw(suffix: 'Cases' | 'Index'): TableClient {
      return TableClient.fromConnectionString(connectionString(), `${prefix}${suffix}`, { allowInsecureConnection: true });
    }

    it('files the cases already waiting for the placement team to record a placement end under their queue, once, on first use after the release (index upgrade 1, as SQLite migration 9)', async () => {
      // With an IRO named: upgrade 3 files a case with none under a queue of its own.
      const state = (status: string): { step: number } => ({ step: 1, iro: { id: 'iro-1', name: 'Indra Reviewer' }, placement: { status } }) as { step: number };
      expectOk(await store.commit({ ...commitOf({ caseId: 'a', ref: 'CR-A' }), state: state('consent-given') }));
      expectOk(await store.commit({ ...commitOf({ caseId: 'b', ref: 'CR-B', stage: 'closed' }), state: state('consent-given') }));
      expectOk(await store.commit({ ...commitOf({ caseId: 'c', ref: 'CR-C' }), state: state('consent-requested') }));
      // The tables as a release before this one left them: no queue entries, no index version.
      await raw('Index').deleteEntity('meta', 'index-version');
      assert.deepEqual(await store.list({ participant: 'awaiting:end-placement' }), [], 'this instance upgraded the index before these cases existed');
      const upgraded = createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: prefix });
      try {
        assert.deepEqual((await upgraded.list({ participant: 'awaiting:end-placement' })).map((s) => s.caseId), ['a']);
        const a = await upgraded.get('a');
        assert.deepEqual(a?.summary.participants, ['sw-1', 'awaiting:end-placement']);
        assert.equal(a?.version, 1, 'the case itself is not changed: no new version, no audit entry');
        assert.equal((await upgraded.audit('a')).length, 1);
        assert.equal((await raw('Index').getEntity('meta', 'index-version'))['version'], INDEX_VERSION);
        // The next commit, from a release that files the queue itself, keeps it; one without it prunes it.
        expectOk(await upgraded.commit({ ...commitOf({ caseId: 'a', ref: 'CR-A', expectedVersion: 1, step: 2, participants: ['sw-1'] }), state: state('ended') }));
        assert.deepEqual(await upgraded.list({ participant: 'awaiting:end-placement' }), []);
      } finally {
        await upgraded.close();
      }
    });

    it('files every case under its reference\'s SharePoint folder on first use after the release, so a reference typed in any case is found (index upgrade 2, as SQLite migration 11)', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'a', ref: 'Mos-1042' })));
      expectOk(await store.commit(commitOf({ caseId: 'b', ref: 'MOS/7000' })));
      // The tables as the release before this one left them: no folder hints, the index at version 1.
      const hints = raw('Index').listEntities({ queryOptions: { filter: "PartitionKey ge 'folder-' and PartitionKey lt 'folder.'" } });
      for await (const row of hints) await raw('Index').deleteEntity(row.partitionKey!, row.rowKey!);
      await raw('Index').upsertEntity({ partitionKey: 'meta', rowKey: 'index-version', version: 1 }, 'Replace');
      assert.equal(await store.getByRefAnyCase('mOS-1042'), undefined, 'this instance upgraded the index before the hints were taken away');
      const upgraded = createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: prefix });
      try {
        assert.equal((await upgraded.getByRefAnyCase('mOS-1042'))?.summary.caseId, 'a');
        assert.deepEqual(await upgraded.refsSharingFolder('mos-7000'), ['MOS/7000']);
        assert.equal((await raw('Index').getEntity('meta', 'index-version'))['version'], INDEX_VERSION);
        assert.equal((await upgraded.get('a'))?.version, 1, 'the case itself is not changed');
        // A case that gives its reference up (a withdrawal renames it) leaves the folder's hints.
        expectOk(await upgraded.commit(commitOf({ caseId: 'a', ref: 'Mos-1042_W_a', expectedVersion: 1, step: 2 })));
        assert.equal(await upgraded.getByRefAnyCase('MOS-1042'), undefined);
        const left: string[] = [];
        for await (const row of raw('Index').listEntities({ queryOptions: { filter: "PartitionKey eq 'folder-MOS-1042'" } })) left.push(row.rowKey!);
        assert.deepEqual(left, [], 'the hint of the reference given up is pruned');
      } finally {
        await upgraded.close();
      }
    });

    it('files the open cases with no IRO named under the IRO manager\'s queue, once, on first use after the release (index upgrade 3, as SQLite migration 13)', async () => {
      const state = (iro: unknown): { step: number } => ({ step: 1, iro, placement: { status: 'not-asked' } }) as { step: number };
      expectOk(await store.commit({ ...commitOf({ caseId: 'a', ref: 'CR-A' }), state: state(null) }));
      expectOk(await store.commit({ ...commitOf({ caseId: 'b', ref: 'CR-B', stage: 'closed' }), state: state(null) }));
      expectOk(await store.commit({ ...commitOf({ caseId: 'c', ref: 'CR-C' }), state: state({ id: 'iro-1', name: 'Indra Reviewer' }) }));
      // The tables as the release before this one left them: no queue entries, the index at version 2.
      await raw('Index').upsertEntity({ partitionKey: 'meta', rowKey: 'index-version', version: 2 }, 'Replace');
      assert.deepEqual(await store.list({ participant: 'awaiting:iro-named' }), [], 'this instance upgraded the index before these cases existed');
      const upgraded = createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: prefix });
      try {
        assert.deepEqual((await upgraded.list({ participant: 'awaiting:iro-named' })).map((s) => s.caseId), ['a']);
        const a = await upgraded.get('a');
        assert.deepEqual(a?.summary.participants, ['sw-1', 'awaiting:iro-named']);
        assert.equal(a?.version, 1, 'the case itself is not changed');
        assert.equal((await raw('Index').getEntity('meta', 'index-version'))['version'], INDEX_VERSION);
      } finally {
        await upgraded.close();
      }
    });

    it('refuses a write from another instance that read the version before this one wrote', async () => {
      expectOk(await store.commit(commitOf({ step: 1 })));
      const readBySecond = await second.get('case-1');
      expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2 })));
      assert.deepEqual(await second.commit(commitOf({ expectedVersion: readBySecond?.version ?? -1, step: 3, outbox: [effect('late')] })),
        { ok: false, code: 'VERSION_CONFLICT', currentVersion: 2 });
      assert.deepEqual((await store.get('case-1'))?.state, { step: 2 });
      assert.equal((await second.outboxCounts()).pending, 0);
    });

    it('reads again, without a false conflict, when the case entity\'s ETag moved but its version did not (a fence)', async () => {
      expectOk(await store.commit(commitOf({ step: 1 })));
      const entity = await raw('Cases').getEntity('case-1', 'case');
      // Another writer touches the entity (as a fence does): the version stays 1, the ETag moves.
      await raw('Cases').updateEntity({ partitionKey: 'case-1', rowKey: 'case', fence: 'x' }, 'Merge', { etag: entity.etag });
      assert.deepEqual(await second.commit(commitOf({ expectedVersion: 1, step: 2 })), { ok: true, version: 2 });
      assert.equal((await store.audit('case-1')).length, 2);
    });

    it('round-trips a state far larger than one 64 KiB property, and shrinks it again', async () => {
      // Not ASCII and with surrogate pairs, so a split in the wrong place would corrupt it.
      const notes = Array.from({ length: 4000 }, (_, n) => `note ${n}: visit é ✓ 🏠 ${'x'.repeat(n % 50)}`);
      const big = { step: 1, notes };
      assert.ok(JSON.stringify(big).length > 150_000);
      expectOk(await store.commit({ ...commitOf({ step: 1 }), state: big }));
      assert.deepEqual((await second.get('case-1'))?.state, big);
      const row = await raw('Cases').getEntity<Record<string, unknown>>('case-1', 'case');
      assert.ok(Number(row.stateParts) > 2, 'the state was not split');

      expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2 })));
      assert.deepEqual((await second.get('case-1'))?.state, { step: 2 });
      const shrunk = await raw('Cases').getEntity<Record<string, unknown>>('case-1', 'case');
      assert.equal(shrunk.stateParts, 1);
      assert.equal(shrunk.state1, undefined, 'a part of the larger state survived');
    });

    it('accepts a non-ASCII state close to the limit, which the service measures in UTF-8 on the way in', async () => {
      const state = { step: 1, ticks: '✓'.repeat(299_000) }; // ~900 KB as UTF-8, 600 KB as UTF-16
      expectOk(await store.commit({ ...commitOf({ step: 1 }), state }));
      assert.deepEqual((await second.get('case-1'))?.state, state);
    });

    it('refuses a state too large for one entity, naming the field, before writing anything', async () => {
      const huge = { step: 1, blob: 'y'.repeat(500_000) };
      await assert.rejects(store.commit({ ...commitOf({ outbox: [effect('e1')] }), state: huge }), (error: unknown) =>
        error instanceof ValueTooLargeError && /state is \d+ bytes of JSON/.test(error.message));
      assert.equal(await store.get('case-1'), undefined);
      assert.equal((await store.outboxCounts()).pending, 0);
    });

    it('refuses a commit of more than 100 operations (one transaction)', async () => {
      const outbox = Array.from({ length: 99 }, (_, n) => effect(`e${n}`));
      await assert.rejects(store.commit(commitOf({ outbox })), /too large for one Table transaction/);
      assert.equal(await store.get('case-1'), undefined);
    });

    it('escapes ids with characters Table Storage forbids in keys', async () => {
      const caseId = 'team/a#1?x\\y%z';
      const commit = commitOf({ caseId, ref: 'CR/9#', participants: ['user/1'], commandKey: 'click/1?',
        outbox: [effect('e/1#')], schedule: [{ deadlineId: `${caseId}:visit/1`, kind: 'V', dueAt: at(5), payload: null }] });
      expectOk(await store.commit(commit));
      assert.equal((await second.getByRef('CR/9#'))?.summary.caseId, caseId);
      assert.deepEqual((await second.list({ participant: 'user/1' })).map((s) => s.caseId), [caseId]);
      assert.ok(await second.findCommand('click/1?'));
      assert.deepEqual((await second.dueDeadlines(at(5), 10)).map((d) => d.deadlineId), [`${caseId}:visit/1`]);
      const [item] = await second.claimOutbox('w1', at(1), at(2), 10);
      assert.equal(item?.effectId, 'e/1#');
      await second.markDelivered('e/1#', 'w1', at(1));
      await store.saveConversation(deliveryKeys.showing('19:abc/def#x', 'a1'), { approvalId: 'ap/1#' });
      assert.deepEqual(await second.getConversation(deliveryKeys.showing('19:abc/def#x', 'a1')), { approvalId: 'ap/1#' });
    });

    it('lets a ref go to another case once its holder has moved to a new one', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'a', ref: 'CR-1' })));
      expectOk(await store.commit(commitOf({ caseId: 'a', ref: 'CR-2', expectedVersion: 1, step: 2 })));
      assert.equal(await second.getByRef('CR-1'), undefined);
      expectOk(await second.commit(commitOf({ caseId: 'b', ref: 'CR-1' })));
      assert.equal((await store.getByRef('CR-1'))?.summary.caseId, 'b');
      assert.equal((await store.getByRef('CR-2'))?.summary.caseId, 'a');
      // The fence on a left a's version and state alone.
      assert.deepEqual([(await store.get('a'))?.version, (await store.get('a'))?.summary.ref], [2, 'CR-2']);
    });

    it('takes over a ref reservation left by a create that never committed, fencing that case', async () => {
      // A crash after the reservation, before the transaction: the reservation names a case that does not exist.
      await store.list(); // creates the tables
      await raw('Index').createEntity({ partitionKey: 'ref', rowKey: 'CR-1', caseId: 'ghost', claim: 'x' });
      assert.equal(await store.getByRef('CR-1'), undefined);
      expectOk(await store.commit(commitOf({ caseId: 'real', ref: 'CR-1' })));
      assert.equal((await second.getByRef('CR-1'))?.summary.caseId, 'real');
      // The fence: a placeholder (version 0) in the ghost's partition, so the ghost's own create
      // transaction, built from a read of "no case" before the fence, would now fail.
      assert.equal(await store.get('ghost'), undefined);
      await assert.rejects(raw('Cases').createEntity({ partitionKey: 'ghost', rowKey: 'case', version: 1 }), (e: { statusCode?: number }) => e.statusCode === 409);
      // Read afresh, the ghost's commit is refused for the ref instead of taking CR-1 too.
      const ghost = await second.commit(commitOf({ caseId: 'ghost', ref: 'CR-1' }));
      assert.deepEqual(ghost, { ok: false, code: 'DUPLICATE_REF', existingCaseId: 'real' });
      assert.deepEqual((await store.list()).map((s) => s.caseId), ['real']);
    });

    it('fences a case whose ref reservation another case takes over, so its commit in flight cannot take the ref too', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'a', ref: 'CR-0' })));
      let outcomeOfB: unknown;
      let steppedIn = false;
      // Instance 1 moves a to CR-1; between its reservation and its transaction, instance 2 creates
      // b with CR-1: it finds a does not hold CR-1 (not committed yet), fences a and takes CR-1.
      const slow = createAzureTableCaseStore({
        connectionString: connectionString(),
        tablePrefix: prefix,
        beforeTransaction: async (caseId) => {
          if (caseId !== 'a' || steppedIn) return;
          steppedIn = true;
          outcomeOfB = await second.commit(commitOf({ caseId: 'b', ref: 'CR-1' }));
        },
      });
      const outcomeOfA = await slow.commit(commitOf({ caseId: 'a', ref: 'CR-1', expectedVersion: 1, step: 2 }));
      assert.deepEqual(outcomeOfB, { ok: true, version: 1 });
      // a's transaction met the fence (its ETag moved), read again and found CR-1 taken.
      assert.deepEqual(outcomeOfA, { ok: false, code: 'DUPLICATE_REF', existingCaseId: 'b' });
      assert.equal((await store.getByRef('CR-1'))?.summary.caseId, 'b');
      assert.deepEqual([(await store.get('a'))?.version, (await store.get('a'))?.summary.ref], [1, 'CR-0']);
    });

    it('one ref, many cases created at once by two instances: exactly one gets it', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, (_, n) =>
        (n % 2 === 0 ? store : second).commit(commitOf({ caseId: `c${n}`, ref: 'CR-SAME' }))));
      const winners = results.flatMap((r, n) => (r.ok ? [`c${n}`] : []));
      assert.equal(winners.length, 1, JSON.stringify(results));
      for (const r of results) if (!r.ok) assert.deepEqual(r, { ok: false, code: 'DUPLICATE_REF', existingCaseId: winners[0] });
      assert.equal((await store.getByRef('CR-SAME'))?.summary.caseId, winners[0]);
      assert.deepEqual((await store.list()).map((s) => s.caseId), winners);
    });

    it('one command key on two cases at once: exactly one commits it', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, (_, n) =>
        (n % 2 === 0 ? store : second).commit(commitOf({ caseId: `c${n}`, commandKey: 'click-1', outcome: { by: n } }))));
      const winners = results.flatMap((r, n) => (r.ok ? [n] : []));
      assert.equal(winners.length, 1, JSON.stringify(results));
      for (const r of results) if (!r.ok) assert.deepEqual(r, { ok: false, code: 'DUPLICATE_COMMAND', outcome: { by: winners[0] } });
      assert.deepEqual(await store.findCommand('click-1'), { key: 'click-1', outcome: { by: winners[0] } });
    });

    it('refuses an effect id or a deadline id that another case already committed', async () => {
      const deadline = { deadlineId: 'a:visit', kind: 'VisitOverdue', dueAt: at(5), payload: null };
      expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('shared')], schedule: [deadline] })));
      await assert.rejects(store.commit(commitOf({ caseId: 'b', outbox: [effect('shared')] })), DuplicateEffectIdError);
      await assert.rejects(second.commit(commitOf({ caseId: 'b', schedule: [deadline] })), DeadlineOwnedByAnotherCaseError);
      // Cancel and fire of another case's id find nothing in this case's partition.
      expectOk(await store.commit(commitOf({ caseId: 'b', cancel: ['a:visit'], fired: ['a:visit'] })));
      assert.deepEqual(await store.deadlines('a'), [{ ...deadline, caseId: 'a', firedAt: null }]);
      assert.equal(await store.get('b').then((c) => c?.version), 1);
    });

    it('writes a batch commit by commit (no transaction spans partitions): a failure keeps the firings and commits before it', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'a', outbox: [effect('shared')], schedule: [{ deadlineId: 'a:d', kind: 'k', dueAt: at(1), payload: null }] })));
      expectOk(await store.commit(commitOf({ caseId: 'b' })));
      await assert.rejects(store.commitBatch({
        firings: [{ deadlineId: 'a:d', dueAt: at(1), at: at(2) }],
        commits: [
          commitOf({ caseId: 'b', expectedVersion: 1, step: 2, outbox: [effect('b2')], commandKey: 'kb' }),
          commitOf({ caseId: 'c', outbox: [effect('c1'), effect('shared')], commandKey: 'kc' }),
          commitOf({ caseId: 'd' }),
        ],
      }), DuplicateEffectIdError);
      assert.equal((await store.deadlines('a'))[0]?.firedAt, at(2));
      assert.equal((await store.get('b'))?.version, 2);
      assert.deepEqual(await store.findCommand('kb'), { key: 'kb', outcome: { done: 'kb' } });
      assert.equal(await store.get('c'), undefined);
      assert.equal(await store.get('d'), undefined);
    });

    it('ignores index hints whose commit never happened (a crash between the two writes)', async () => {
      expectOk(await store.commit(commitOf({ caseId: 'a', participants: ['sw-1'] })));
      // Hints as a crashed commit of a's version 2 would have left them.
      await raw('Index').upsertEntity({ partitionKey: 'participant-sw-9', rowKey: 'a', caseId: 'a', version: 2 }, 'Replace');
      await raw('Index').upsertEntity({ partitionKey: 'due', rowKey: `${at(1)}|a:x`, caseId: 'a', deadlineId: 'a:x', version: 2 }, 'Replace');
      await raw('Index').upsertEntity({ partitionKey: 'outbox', rowKey: 'a', caseId: 'a', version: 2 }, 'Replace');
      await raw('Index').upsertEntity({ partitionKey: 'command', rowKey: 'k-lost', caseId: 'a', claim: 'x' }, 'Replace');
      assert.deepEqual(await second.list({ participant: 'sw-9' }), []);
      assert.deepEqual(await second.dueDeadlines(at(10), 10), []);
      assert.deepEqual(await second.claimOutbox('w1', at(1), at(2), 10), []);
      assert.equal(await second.findCommand('k-lost'), undefined);
      // The key is still free to commit.
      expectOk(await second.commit(commitOf({ caseId: 'a', expectedVersion: 1, step: 2, commandKey: 'k-lost', participants: ['sw-9'] })));
      assert.deepEqual((await store.list({ participant: 'sw-9' })).map((s) => s.caseId), ['a']);
    });

    it('prunes hints once their case no longer needs them', async () => {
      expectOk(await store.commit(commitOf({ participants: ['sw-1'], outbox: [effect('e1')],
        schedule: [{ deadlineId: 'case-1:d', kind: 'K', dueAt: at(5), payload: null }] })));
      expectOk(await store.commit(commitOf({ expectedVersion: 1, step: 2, participants: ['sw-2'], cancel: ['case-1:d'] })));
      const [item] = await store.claimOutbox('w1', at(1), at(2), 10);
      await store.markDelivered(item?.effectId ?? '', 'w1', at(1));
      await store.claimOutbox('w1', at(1), at(2), 10);
      const partitions = [];
      for await (const row of raw('Index').listEntities()) partitions.push(row.partitionKey);
      assert.ok(!partitions.includes('participant-sw-1'), 'participant hint kept');
      assert.ok(!partitions.includes('due'), 'due hint kept');
      assert.ok(!partitions.includes('outbox'), 'outbox hint kept');
    });

    it('names a bad table prefix in one line', () => {
      assert.throws(() => createAzureTableCaseStore({ connectionString: connectionString(), tablePrefix: 'bad-prefix' }), /tablePrefix must be/);
    });
  });
}

function expectOk(result: { ok: boolean }): void {
  assert.equal(result.ok, true, JSON.stringify(result));
}
