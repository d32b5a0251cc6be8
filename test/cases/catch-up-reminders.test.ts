import { strict as assert } from 'node:assert';
import { SettableClock } from '../../support/world';
import { onBothStores, type OpenStore } from '../support/on-both-stores';
import { closeSweepers, openCases, sweeperOn } from './support/sweep-world';

/**
 * The bot down from before visit 0's reminder (4 March) until after its overdue notice came due
 * (6 March, 08:00): the sweep that catches up sends the overdue notice alone, and visit 1's
 * reminder (due 5 March, the visit on 6 March, so not yet overdue) as usual.
 */
const CAUGHT_UP = '2026-03-06T12:00:00Z';

function catchUp(makeStore: OpenStore): void {
  it('sends the overdue notice without the reminder due with it, marks both fired, and audits what was sent', async () => {
    const { store, cleanup } = await makeStore();
    try {
      const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
      const [caseId] = await openCases(sweeperOn(store, clock).service, 1, 'CATCH');
      const { scheduler } = sweeperOn(store, clock);
      clock.set(CAUGHT_UP);
      assert.deepEqual(await scheduler.sweep(), { due: 3, fired: 3, failed: 0 });
      const notices = (await store.listOutbox('pending', 1000))
        .filter((i) => i.caseId === caseId && i.kind === 'notify')
        .map((i) => { const p = i.payload as { notice: string; data: { index: number } }; return `${p.notice} ${p.data.index}`; });
      assert.deepEqual(notices.filter((n) => n.startsWith('visit-')).sort(), ['visit-overdue 0', 'visit-overdue 0', 'visit-reminder 1']);
      const system = (await store.audit(caseId!)).filter((e) => e.actorId === 'system').map((e) => e.action);
      assert.deepEqual(system, ['Reminder sent: visit due 2026-03-06', 'Visit due 2026-03-05 is overdue']);
      const fired = (await store.deadlines(caseId!)).filter((d) => d.firedAt !== null).map((d) => d.deadlineId.split(':').slice(-2).join(':'));
      assert.deepEqual(fired.sort(), ['0:overdue', '0:reminder', '1:reminder']);
      assert.deepEqual(await scheduler.sweep(), { due: 0, fired: 0, failed: 0 }, 'the reminder not sent does not come round again');
    } finally {
      await closeSweepers();
      await cleanup();
    }
  });
}

describe('Scheduler catching up after downtime: a reminder due with its overdue notice is not sent', function () {
  this.timeout(60_000);

  onBothStores('catchup', catchUp);
});
