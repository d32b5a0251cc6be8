/**
 * The running outbox worker (start) does not make the items it claimed together wait for the
 * slowest of them (a message held back by Teams' pacing for up to 2 s, a slow upload): it claims
 * more while that one is still in hand. Order per case and lane, and exactly once, still hold.
 */
import { strict as assert } from 'node:assert';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import type { OutboxItem } from '../../src/ports/case-store';
import { outboxLane } from '../../src/ports/outbox';
import { makeWorld, PEOPLE, type World } from '../../support/world';

/** Waits for `condition` (not for a time: the limit only ends a test that would otherwise hang). */
const until = async (condition: () => boolean, what: () => string): Promise<void> => {
  for (let i = 0; i < 2_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), what());
};

describe('the running outbox worker', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  it('delivers the items claimed after a slow one while it is still being delivered, in order per case and lane, each once', async () => {
    for (let i = 0; i < 4; i++) {
      const opened = await world.service.openCase({
        idempotencyKey: `open-${i}`, actor: PEOPLE.sw, ref: `PIPE-${i}`, trigger: 'consent-withdrawn', iro: null,
        facts: { legalStatus: 'S20', dateOfBirth: '2012-04-01', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
      });
      assert.ok(opened.ok);
    }
    const pending = await world.store.listOutbox('pending', 1_000);
    const batchSize = 4;
    assert.ok(pending.length > 2 * batchSize, `enough work for several claims (${pending.length} items)`);

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const delivered: OutboxItem[] = [];
    let slow: OutboxItem | undefined;
    const deliver = async (item: OutboxItem): Promise<void> => {
      if (!slow) {
        slow = item;
        await released;
      }
      delivered.push(item);
    };
    const worker = new OutboxWorker(world.store, deliver, world.clock, { owner: 'pipeline-test', batchSize });
    worker.start(10);
    try {
      // More than the rest of the first claim goes out while the slow item is still in hand.
      await until(() => delivered.length >= batchSize, () => `items claimed after the slow one were delivered while it was in hand (${delivered.length} delivered)`);
      assert.ok(!delivered.includes(slow!), 'the slow item is still in hand');
      release();
      await until(() => delivered.length === pending.length, () => `every item delivered (${delivered.length} of ${pending.length})`);
    } finally {
      release();
      await worker.stop();
    }

    const ids = delivered.map((item) => item.effectId);
    assert.equal(new Set(ids).size, ids.length, 'each item delivered once');
    assert.deepEqual(new Set(ids), new Set(pending.map((item) => item.effectId)));
    // Within a case and lane, in the order of seq.
    const lastSeq = new Map<string, number>();
    for (const item of delivered) {
      const key = `${item.caseId} ${outboxLane(item.kind)}`;
      assert.ok((lastSeq.get(key) ?? -1) < item.seq, `${item.effectId} after the items before it in its case and lane`);
      lastSeq.set(key, item.seq);
    }
    assert.deepEqual(await world.store.outboxCounts().then((c) => [c.pending, c.dead]), [0, 0]);
  });

  it('claims no more while a delivery hangs beyond half a lease, so its lease runs out and another instance takes the item over', async () => {
    const opened = await world.service.openCase({
      idempotencyKey: 'open-hang', actor: PEOPLE.sw, ref: 'HANG-1', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: '2012-04-01', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    assert.ok(opened.ok);
    const leaseMs = 1_000;
    let hung: OutboxItem | undefined;
    const never = new Promise<void>(() => undefined);
    const worker = new OutboxWorker(world.store, async (item) => {
      if (!hung) {
        hung = item;
        await never;
      }
    }, world.clock, { owner: 'hanging', batchSize: 4, leaseMs });
    const start = world.clock.now().getTime();
    const at = (ms: number): void => world.clock.set(new Date(start + ms).toISOString());
    const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 60));
    worker.start(5);
    try {
      await until(() => hung !== undefined, () => 'an item is in hand');
      // Polls while the item is young renew its lease (it is claimed again with the others).
      at(400);
      await pause();
      // Past half a lease in hand: no more claims, so the lease last renewed by 1.4 s runs out.
      at(600);
      await pause();
      at(1_500);
      await pause();
      const other = new OutboxWorker(world.store, async () => undefined, world.clock, { owner: 'other-instance', batchSize: 20, leaseMs });
      await other.runOnce();
      const counts = await world.store.outboxCounts();
      const still = (await world.store.listOutbox('pending', 100)).map((item) => item.effectId);
      assert.ok(!still.includes(hung!.effectId), `the other instance took the hung item over and delivered it (pending: ${counts.pending})`);
    } finally {
      await Promise.race([worker.stop(), pause()]);
    }
  });
});
