/**
 * The outbox worker's log lines: each failure (warn) and each dead-lettering (error) names the
 * item by its effectId as the correlation id, with its case, kind and attempt — and never the
 * payload or the error's message, which can both carry a child's details.
 */
import { strict as assert } from 'node:assert';
import { OutboxWorker, type OutboxSettlement } from '../../src/cases/outbox-worker';
import { createLogger } from '../../src/logging/logger';
import type { OutboxItem } from '../../src/ports/case-store';
import { PermanentRecordError, ThrottledError, TransientRecordError } from '../../src/ports/recorder';
import { makeWorld, PEOPLE, type World } from '../../support/world';

const DATE_OF_BIRTH = '2011-07-19';
const CHILD = 'Robin Testchild';

describe('outbox worker logs', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  it('logs a retry as a warning and a dead item as an error, each with its effectId as correlation id, and no child’s details', async () => {
    const opened = await world.service.openCase({
      idempotencyKey: 'open-1', actor: PEOPLE.sw, ref: 'LOG-1', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: DATE_OF_BIRTH, accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    assert.ok(opened.ok);
    const pending = await world.store.listOutbox('pending', 100);
    assert.ok(pending.length > 0, 'opening a case leaves work in the outbox');

    const lines: string[] = [];
    const settlements: OutboxSettlement[] = [];
    let calls = 0;
    // The first attempt fails transiently, the second permanently; both errors quote the child, as a careless downstream error might.
    const deliver = async (item: OutboxItem): Promise<void> => {
      calls += 1;
      if (calls === 1) throw new TransientRecordError(`503 while writing ${CHILD} born ${DATE_OF_BIRTH}: ${JSON.stringify(item.payload)}`, 0);
      throw new PermanentRecordError(`400: ${CHILD} (${DATE_OF_BIRTH}) refused`);
    };
    const worker = new OutboxWorker(world.store, deliver, world.clock, {
      owner: 'logging-test', batchSize: 1, maxAttempts: 5,
      logger: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
      onSettled: (s) => settlements.push(s),
    });
    await worker.runOnce();
    await worker.runOnce();

    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const retry = logged.find((l) => l['msg'] === 'outbox item failed; it will be retried');
    const dead = logged.find((l) => /dead-lettered/.test(String(l['msg'])));
    assert.ok(retry && dead, `both lines: ${lines.join('\n')}`);
    const first = pending.find((item) => item.effectId === retry['correlationId']);
    assert.ok(first, 'the retry line names the item by its effectId');
    assert.deepEqual(
      { level: retry['level'], caseId: retry['caseId'], kind: retry['kind'], attempts: retry['attempts'], errorName: retry['errorName'] },
      { level: 'warn', caseId: opened.caseId, kind: first.kind, attempts: 1, errorName: 'TransientRecordError' },
    );
    assert.equal(dead['level'], 'error');
    assert.equal(dead['errorName'], 'PermanentRecordError');
    assert.ok(pending.some((item) => item.effectId === dead['correlationId']), 'the dead line names its item by effectId');
    assert.equal((await world.store.listOutbox('dead', 10)).some((item) => item.effectId === dead['correlationId']), true, 'and that item is dead in the store');
    assert.deepEqual(settlements.map((s) => s.outcome), ['retried', 'dead']);

    const all = lines.join('\n');
    for (const secret of [CHILD, 'Robin', DATE_OF_BIRTH]) assert.ok(!all.includes(secret), `"${secret}" in the logs`);
  });

  it('logs a throttled item (429 with Retry-After) as information, not as a failure with a stack: a busy morning gives no warnings', async () => {
    const opened = await world.service.openCase({
      idempotencyKey: 'open-2', actor: PEOPLE.sw, ref: 'LOG-2', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: DATE_OF_BIRTH, accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    assert.ok(opened.ok);
    const lines: string[] = [];
    const worker = new OutboxWorker(world.store, async () => {
      throw new ThrottledError(`Writing ${CHILD}'s row: HTTP 503 serviceNotAvailable`, 5_000, 503);
    }, world.clock, { owner: 'throttled-test', batchSize: 1, logger: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
    assert.deepEqual(await worker.runOnce(), { delivered: 0, retried: 1, dead: 0 });
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(logged.filter((l) => l['level'] === 'warn' || l['level'] === 'error'), [], 'no warning');
    const throttled = logged.find((l) => /throttled/.test(String(l['msg'])));
    assert.ok(throttled, lines.join('\n'));
    assert.deepEqual(
      { level: throttled['level'], caseId: throttled['caseId'], errorName: throttled['errorName'], errorStatus: throttled['errorStatus'], retryInMs: throttled['retryInMs'], errorWhere: throttled['errorWhere'] },
      { level: 'info', caseId: opened.caseId, errorName: 'ThrottledError', errorStatus: 503, retryInMs: 5_000, errorWhere: undefined },
      'an outage that said when to come back (503) is told from throttling (429) by its status',
    );
    assert.ok(!lines.join('\n').includes('Robin'), 'no child\'s name');
  });
});
