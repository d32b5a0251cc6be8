/**
 * A notice to a group of a thousand goes one person at a time, about 25 s at Teams' pace, as one
 * outbox item with a 30-second lease. Before, past the lease another instance took the item over
 * and sent to the same people at the same time. A delivery that is still going keeps its lease
 * (OutboxWorker.stillWorking, said by the notice's delivery for each person); one that is not
 * (a hanging call) still lets it run out.
 */
import { strict as assert } from 'node:assert';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import type { Notice } from '../../src/ports/notifier';
import { makeWorld, PEOPLE, type World } from '../../support/world';

describe('a long delivery keeps its outbox item', () => {
  let world: World;
  beforeEach(async () => {
    world = makeWorld('2026-03-02T08:00:00Z');
    const opened = await world.service.openCase({
      idempotencyKey: 'open-LONG-1', actor: PEOPLE.sw, ref: 'LONG-1', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: '2011-07-19', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    assert.ok(opened.ok);
  });
  afterEach(async () => world.close());

  const later = (ms: number): string => new Date(world.clock.now().getTime() + ms).toISOString();

  it('one still sending after 50 s (a person every half second) is not taken over by another instance, and is marked delivered by its own', async () => {
    const takenOver: string[] = [];
    let lost = false;
    const worker = new OutboxWorker(world.store, async (item, stillWorking) => {
      for (let person = 0; person < 100; person++) {
        world.clock.set(later(500));
        await stillWorking?.();
        if (person % 10 === 9) takenOver.push(...(await world.store.claimOutbox('other-instance', later(0), later(30_000), 100)).filter((i) => i.effectId === item.effectId).map((i) => `${i.effectId} at ${person}`));
      }
    }, world.clock, { owner: 'this-instance', batchSize: 1, logger: { debug() {}, info() {}, warn: (msg: string) => void (lost ||= /lost its lease/.test(msg)), error() {}, child() { return this; } } });
    const report = await worker.runOnce();
    assert.deepEqual(takenOver, [], 'never taken over while it went on');
    assert.equal(lost, false);
    assert.equal(report.delivered, 1);
  });

  it("the bot's own notice delivery keeps the lease while it reaches each person: 20 s a person, past a 30-second lease, not taken over", async () => {
    const slow = makeWorld('2026-03-02T08:00:00Z', { OUTBOX_LEASE_MS: '30000' }, undefined, {
      notifier: {
        sent: [] as Notice[],
        async send(notice: Notice) {
          slow.clock.set(new Date(slow.clock.now().getTime() + 20_000).toISOString());
          // Another instance claims now: does it get the item being delivered (its send key starts with the item's id)?
          const taken = await slow.store.claimOutbox('other-instance', slow.clock.now().toISOString(), new Date(slow.clock.now().getTime() + 30_000).toISOString(), 100);
          takenOver.push(...taken.filter((i) => notice.key.startsWith(`${i.effectId}:`)).map((i) => i.effectId));
          this.sent.push(notice);
        },
      },
    });
    const takenOver: string[] = [];
    try {
      const opened = await slow.service.openCase({
        idempotencyKey: 'open-LONG-2', actor: PEOPLE.sw, ref: 'LONG-2', trigger: 'consent-withdrawn', iro: null,
        facts: { legalStatus: 'S20', dateOfBirth: '2011-07-19', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
      });
      assert.ok(opened.ok);
      const notices = (await slow.store.listOutbox('pending', 100)).filter((i) => i.kind === 'notify');
      await slow.worker.drain();
      const to = (slow.notifier as { sent: Notice[] }).sent.map((n) => n.to);
      assert.ok(to.length >= 2 * notices.length, `a notice to two or more people: ${to.join(', ')}`);
      assert.equal(new Set(to).size >= 2, true);
      assert.deepEqual(takenOver, [], 'another instance took nothing over');
    } finally {
      await slow.close();
    }
  });

  it('one that says nothing for longer than its lease (a call hanging) is still taken over', async () => {
    let takenOver = 0;
    const worker = new OutboxWorker(world.store, async (item) => {
      world.clock.set(later(31_000));
      takenOver += (await world.store.claimOutbox('other-instance', later(0), later(30_000), 100)).filter((i) => i.effectId === item.effectId).length;
    }, world.clock, { owner: 'this-instance', batchSize: 1 });
    await worker.runOnce();
    assert.equal(takenOver, 1);
  });
});
