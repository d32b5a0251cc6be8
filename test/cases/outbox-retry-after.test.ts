/**
 * A Retry-After far in the future (a misbehaving proxy, a date years ahead, 1e13 seconds) from
 * Teams or Graph: the outbox schedules the item no later than an hour ahead, nothing throws and
 * nothing is lost; and the Teams pacer does not block the conversation for ever either.
 */
import { strict as assert } from 'node:assert';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { SendRate } from '../../src/cases/send-rate';
import { MAX_RETRY_AFTER_MS } from '../../src/cases/retry-after';
import { teamsSendError } from '../../src/bot/teams-errors';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { toRecordError } from '../../src/adapters/graph/graph-failure';
import { makeWorld, PEOPLE, type World } from '../../support/world';

/** What botframework-connector throws on a 429, with the header as given. */
function teamsThrottled(retryAfter: string): unknown {
  return teamsSendError(Object.assign(new Error('Too Many Requests'), { statusCode: 429, response: { headers: { get: (name: string) => (name.toLowerCase() === 'retry-after' ? retryAfter : null) } } }), 'the approver').error;
}

describe('a Retry-After far in the future', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  for (const retryAfter of ['10000000000000', 'Fri, 31 Dec 275000 23:59:59 GMT', '1' + '0'.repeat(400)]) {
    it(`from Teams (${retryAfter.slice(0, 32)}): the item waits an hour at most, and is delivered then`, async () => {
      const opened = await world.service.openCase({
        idempotencyKey: 'open-1', actor: PEOPLE.sw, ref: 'RA-1', trigger: 'consent-withdrawn', iro: null,
        facts: { legalStatus: 'S20', dateOfBirth: '2012-04-01', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
      });
      assert.ok(opened.ok);
      const pending = await world.store.listOutbox('pending', 1_000);
      const throttled = pending.find((item) => item.kind !== 'record' && item.kind !== 'document')!;
      const delivered: string[] = [];
      let refused = false;
      const worker = new OutboxWorker(world.store, async (item) => {
        if (item.effectId === throttled.effectId && !refused) {
          refused = true;
          throw teamsThrottled(retryAfter);
        }
        delivered.push(item.effectId);
      }, world.clock, { owner: 'retry-after-test' });

      const first = await worker.drain();
      assert.deepEqual([first.retried, first.dead], [1, 0], 'the throttled item is retried later, not dead');
      const waiting = (await world.store.listOutbox('pending', 1_000)).find((item) => item.effectId === throttled.effectId);
      assert.ok(waiting, 'the throttled item is still pending');
      assert.equal(waiting.notBefore, new Date(Date.parse('2026-03-02T10:00:00Z') + MAX_RETRY_AFTER_MS).toISOString());
      assert.equal(waiting.leaseOwner, null, 'settled, not left leased');

      world.clock.set('2026-03-02T11:00:00Z');
      const later = await worker.drain();
      assert.equal(later.delivered, 1);
      assert.ok(delivered.includes(throttled.effectId));
      assert.deepEqual(await world.store.outboxCounts().then((c) => [c.pending, c.dead]), [0, 0]);
    });
  }

  it('from Graph: the item waits an hour at most', async () => {
    const thrown = Object.assign(new GraphError(429, 'Too many requests'), { code: 'TooManyRequests', headers: new Headers({ 'Retry-After': '1e13' }) });
    const error = toRecordError(thrown, 'Writing the case record');
    const opened = await world.service.openCase({
      idempotencyKey: 'open-2', actor: PEOPLE.sw, ref: 'RA-2', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: '2012-04-01', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    assert.ok(opened.ok);
    const worker = new OutboxWorker(world.store, async () => { throw error; }, world.clock, { owner: 'retry-after-test', batchSize: 1 });
    const report = await worker.runOnce();
    assert.deepEqual([report.retried, report.dead], [1, 0]);
    const latest = (await world.store.listOutbox('pending', 1_000)).map((item) => Date.parse(item.notBefore));
    assert.ok(Math.max(...latest) <= Date.parse('2026-03-02T11:00:00Z'), 'no item waits past an hour');
  });

  it('from Teams, to the pacer: the conversation is held an hour at most', () => {
    let now = Date.parse('2026-03-02T10:00:00Z');
    const rate = new SendRate(undefined, () => now);
    rate.holdOff('conversation-1', 1e16);
    assert.equal(rate.take('conversation-1'), MAX_RETRY_AFTER_MS);
    now += MAX_RETRY_AFTER_MS;
    assert.equal(rate.take('conversation-1'), 0);
  });
});
