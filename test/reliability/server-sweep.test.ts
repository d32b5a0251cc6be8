/**
 * The running server fires due deadlines (its scheduler runs in the background thread with the
 * outbox worker, src/outbox-thread.ts, not on the thread that answers people): cases opened six
 * days ago have their first visit's reminder and overdue deadlines due; the server, started as in
 * production, fires each of them once, and answers meanwhile.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { PEOPLE, RecordingNotifier, SettableClock } from '../../support/world';
import { dataDirEnv } from '../../support/app-on';
import { unplannedFacts } from '../../support/bot-over-http/case-prep';
import { spawnBot, type BotProcess } from '../../support/bot-over-http/bot-process';

const CASES = 3;

describe('the running server sweeps due deadlines', function () {
  this.timeout(120_000);
  let dir: string;
  let bot: BotProcess | undefined;
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires each due deadline once, from its background thread, and answers meanwhile', async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-server-sweep-'));
    // Opened six days ago, the child home that day: the first visit's deadlines are due now.
    const clock = new SettableClock(new Date(Date.now() - 6 * 86_400_000));
    const prep = createApp(loadConfig({ LOG_LEVEL: 'silent', ...dataDirEnv(dir) }), { notifier: new RecordingNotifier(), clock });
    const caseIds: string[] = [];
    try {
      const today = prep.service.now().today;
      for (let i = 0; i < CASES; i++) {
        const opened = await prep.service.openCase({ idempotencyKey: `sweep-open-${i}`, actor: PEOPLE.sw, ref: `SWEEP-${i}`, facts: { ...unplannedFacts(today), returnedHomeOn: today }, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
        assert.ok(opened.ok, JSON.stringify(opened));
        caseIds.push(opened.caseId);
      }
    } finally {
      await prep.close();
    }

    const reader = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
    try {
      const due = await reader.dueDeadlines(new Date().toISOString(), 1000);
      assert.ok(due.length >= CASES, `expected due deadlines, found ${due.length}`);
      bot = await spawnBot({ ...dataDirEnv(dir), SCHEDULER_POLL_MS: '100', OUTBOX_POLL_MS: '100' });
      while ((await reader.dueDeadlines(new Date().toISOString(), 1000)).length > 0) {
        const health = await fetch(`${bot.url}/healthz`);
        assert.equal(health.status, 200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const caseId of caseIds) {
        const fired = (await reader.deadlines(caseId)).filter((d) => d.firedAt !== null).map((d) => d.deadlineId);
        const byScheduler = (await reader.audit(caseId)).filter((e) => e.actorId === 'system');
        assert.ok(fired.length >= 2, `case ${caseId}: ${fired.join(', ')}`);
        // One audit entry per deadline that applied, none twice.
        assert.ok(byScheduler.length >= 1 && byScheduler.length <= fired.length, JSON.stringify(byScheduler.map((e) => e.action)));
        assert.equal(new Set(byScheduler.map((e) => e.action)).size, byScheduler.length);
      }
    } finally {
      await reader.close();
    }
  });
});
