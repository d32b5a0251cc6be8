/**
 * A bot started before EXTRA_NON_WORKING_DAYS ran out, and left running: the start-up warning had
 * nothing to say, and the day the last closure day passed went by without a word. The running
 * scheduler now warns once each day from that day on, with the start-up warning's words.
 */
import { strict as assert } from 'node:assert';
import { createLogger } from '../../src/logging/logger';
import { makeWorld, type World } from '../../support/world';

describe('closure days running out while the bot runs', () => {
  let world: World | undefined;
  afterEach(async () => world?.close());

  it('warns on the first tick of the day after the last closure day, once that day, and again the next day; nothing before', async () => {
    const lines: Array<{ level: string; msg: string }> = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }) });
    world = makeWorld('2026-12-30T10:00:00Z', { EXTRA_NON_WORKING_DAYS: '2026-12-29,2026-12-30,2026-12-31' }, undefined, { logger });
    const runOut = (): string[] => lines.filter((l) => l.level === 'warn' && /^EXTRA_NON_WORKING_DAYS lists no day after today/.test(l.msg)).map((l) => l.msg);
    const ticks = async (n = 3): Promise<void> => {
      world!.scheduler.start(1);
      for (let i = 0; i < n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await world!.scheduler.stop();
    };

    await ticks();
    world.clock.set('2026-12-31T23:30:00Z');
    await ticks();
    assert.deepEqual(runOut(), [], 'the last closure day is still to come (or today)');

    world.clock.set('2027-01-01T00:05:00Z');
    await ticks();
    world.clock.set('2027-01-01T16:00:00Z');
    await ticks();
    assert.deepEqual(runOut(), [
      'EXTRA_NON_WORKING_DAYS lists no day after today: the last is Thu 31 Dec 2026, so from now on every weekday but a bank holiday counts as a working day for reminders and escalations, your next closure days included. Add your coming closure days (YYYY-MM-DD, comma-separated) and restart the bot',
    ], 'once on the day it runs out');

    world.clock.set('2027-01-02T09:00:00Z');
    await ticks();
    assert.equal(runOut().length, 2, 'and again the next day');
  });

  it('says nothing on the day the bot started (the start-up warning said it) nor with no closure days listed', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    world = makeWorld('2027-01-05T10:00:00Z', { EXTRA_NON_WORKING_DAYS: '2026-12-29' }, undefined, { logger });
    world.scheduler.start(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await world.scheduler.stop();
    assert.deepEqual(lines.filter((l) => l.includes('EXTRA_NON_WORKING_DAYS')), []);
    await world.close();

    world = makeWorld('2027-01-05T10:00:00Z', {}, undefined, { logger });
    world.clock.set('2027-01-09T10:00:00Z');
    world.scheduler.start(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await world.scheduler.stop();
    assert.deepEqual(lines.filter((l) => l.includes('EXTRA_NON_WORKING_DAYS')), []);
  });
});
