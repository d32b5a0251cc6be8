/**
 * The case store goes away under the running outbox worker (Azure Table Storage unreachable, a
 * network rule changed): every claim fails until it is back. An operator reading the log stream
 * sees one line saying what is wrong and what it means, a reminder every 15 minutes while it
 * lasts, and one line when it is over — not a warning with a stack at every poll.
 */
import { strict as assert } from 'node:assert';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { createLogger } from '../../src/logging/logger';
import type { Outbox } from '../../src/ports/outbox';
import { makeWorld, type World } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';

const until = async (condition: () => boolean, what: () => string): Promise<void> => {
  for (let i = 0; i < 2_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.ok(condition(), what());
};

/** What Azure's Tables client throws when the account cannot be reached. */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10002'), { name: 'RestError', code: 'ECONNREFUSED' });
}

describe('the outbox worker while the case store cannot be reached', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  it('says so once, again every 15 minutes while it lasts, and once when the store is back', async () => {
    const lines: Array<{ level: string; msg: string; [field: string]: unknown }> = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as (typeof lines)[number]) });
    let down = true;
    let claims = 0;
    const store = wrapStore(world.store, {
      claimOutbox: async (...args: Parameters<Outbox['claimOutbox']>) => {
        claims += 1;
        if (down) throw connectionRefused();
        return world.store.claimOutbox(...args);
      },
    });
    const worker = new OutboxWorker(store, async () => {}, world.clock, { owner: 'outage-test', logger });
    worker.start(1);
    try {
      await until(() => claims >= 30, () => `the worker kept claiming (${claims} claims)`);
      const whileDown = lines.filter((line) => line.level === 'warn');
      assert.equal(whileDown.length, 1, `one warning for 30 failed claims, not one each: ${whileDown.map((l) => l.msg).join(' / ')}`);
      assert.match(whileDown[0]!.msg, /cannot read its work from the case store/);
      assert.match(whileDown[0]!.msg, /no notices, approval requests or SharePoint records go out/);
      assert.match(whileDown[0]!.msg, /\/readyz/);
      assert.equal(whileDown[0]!['errorCode'], 'ECONNREFUSED');

      // A quarter of an hour later, still down: reminded once.
      world.clock.set('2026-03-02T10:16:00Z');
      const before = claims;
      await until(() => claims >= before + 30, () => 'the worker kept claiming');
      const reminders = lines.filter((line) => line.level === 'warn').slice(1);
      assert.equal(reminders.length, 1, `one reminder after 15 minutes: ${reminders.map((l) => l.msg).join(' / ')}`);
      assert.match(reminders[0]!.msg, /still cannot read its work from the case store/);
      assert.equal(reminders[0]!['failingSince'], '2026-03-02T10:00:00.000Z');
      assert.ok(Number(reminders[0]!['failedClaims']) > 30, 'counts every failed claim since it began');

      down = false;
      await until(() => lines.some((line) => line.level === 'info'), () => 'the end of the outage was logged');
      const back = lines.filter((line) => line.level === 'info');
      assert.equal(back.length, 1);
      assert.match(back[0]!.msg, /can read its work from the case store again/);
      assert.equal(back[0]!['failingSince'], '2026-03-02T10:00:00.000Z');
    } finally {
      await worker.stop();
    }
  });
});
