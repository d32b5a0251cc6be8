/**
 * Faults, end to end, with the real parts: SQLite store, case service, outbox worker, the Graph
 * recorder (real graph-client) and the local Graph server with the SharePoint lists provisioned.
 *  1. 1,000 decisions through a 429 storm (Retry-After), replies lost after the write (504) and a
 *     full outage, on a settable clock so no real minutes pass: afterwards every decision is in
 *     the Decisions list exactly once (by IdempotencyKey), and nothing is dead or pending.
 *  2. The bot as a real child process (`node --import tsx src/server.ts`), decisions over HTTP,
 *     SIGKILL in the middle of the run, a restart on the same DATA_DIR, every decision sent again
 *     (as a channel retries): nothing lost, nothing twice — in the store's audit trail and in the
 *     SharePoint Decisions list.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { App, createApp } from '../../src/app';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { createEffectDeliverer } from '../../src/cases/effect-delivery';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { loadConfig } from '../../src/config';
import type { OutboxItem } from '../../src/ports/case-store';
import { TransientRecordError } from '../../src/ports/recorder';
import type { CaseState } from '../../src/protocol';
import { PEOPLE, RecordingNotifier, SettableClock } from '../../support/world';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { LocalGraphServer, StoredValue } from '../../support/local-graph-server';
import { invokeActivity, isInvokeBody, Who } from '../../support/bot-over-http/activities';
import { dataDirEnv, SITE_ID } from '../../support/app-on';
import { BotProcess, spawnBot } from '../../support/bot-over-http/bot-process';
import { casesAwaitingTeamManager, pendingApprovalId } from '../../support/bot-over-http/case-prep';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { inParallel, keepAliveAgent, postJson } from '../../support/bot-over-http/http-post';

const decisionRows = (server: LocalGraphServer): Array<Record<string, StoredValue>> => server.rows(SITE_ID, 'Decisions');

/** Every decision made in the store, as the key the Decisions list carries. */
async function decisionsInStore(app: Pick<App, 'store'>, caseIds: readonly string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const id of caseIds) {
    const state = (await app.store.get<CaseState>(id))?.state;
    for (const a of state?.approvals ?? []) if (a.decision) keys.push(`decision:${a.approvalId}`);
  }
  return keys;
}

describe('faults: Graph storms and outages, and a killed bot', function () {
  // On a machine shared with other work the 1,000 decisions have taken up to 300 s; this is a limit, not a speed test.
  this.timeout(600_000);

  it('1,000 decisions through a 429 storm, lost replies and an outage: each in the Decisions list exactly once', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    const dir = mkdtempSync(join(tmpdir(), 's20-faults-storm-'));
    const clock = new SettableClock(new Date('2026-11-23T10:00:00.000Z'));
    const client = testGraphClient(server.url);
    const config = loadConfig({ LOG_LEVEL: 'silent', ...dataDirEnv(dir, server.url) });
    const app = createApp(config, { clock, notifier: new RecordingNotifier(), graphClient: client });
    try {
      await provisionSharePoint(client, SITE_ID);
      // The case file's documents go through the storm too, to the library the provisioning made (as
      // small stand-in files: rendering a thousand .docx would only slow the test, and is tested elsewhere).
      const deliver = createEffectDeliverer({ store: app.store, recorder: app.recorder, documents: { library: app.documents, render: async (doc) => Buffer.from(`${doc.docId} ${doc.caseRef}`) }, notifier: new RecordingNotifier(), authority: app.authority, timeZone: 'Europe/London', now: () => clock.now() });
      const failures = { throttled: 0, noResponse: 0, other: 0 };
      const observed = async (item: OutboxItem): Promise<void> => {
        try {
          await deliver(item);
        } catch (error) {
          if (error instanceof TransientRecordError && /HTTP 429/.test(error.message)) failures.throttled += 1;
          else if (error instanceof TransientRecordError && /no response/.test(error.message)) failures.noResponse += 1;
          else failures.other += 1;
          throw error;
        }
      };
      const worker = new OutboxWorker(app.store, observed, clock, { owner: 'storm', maxAttempts: 40, batchSize: 40 });
      /** Runs the worker until nothing is deliverable now; the clock moves on a little each pass. */
      const work = async (passes = 100_000): Promise<void> => {
        for (let i = 0; i < passes; i++) {
          const r = await worker.runOnce();
          clock.current = new Date(clock.current.getTime() + 500);
          if (r.delivered + r.retried + r.dead === 0) return;
        }
      };

      // 334 cases × (team manager, Head of Service, Director) = 1,002 decisions.
      const cases = await casesAwaitingTeamManager(app.service, 334, 'STORM');
      await work();
      const caseIds = cases.map((c) => c.caseId);

      // The storm: every third Graph operation is throttled (Retry-After 7 s); every eleventh write
      // is applied and its reply lost (504).
      let operation = 0;
      let write = 0;
      let stormOn = true;
      server.throttle({ forMs: 3_600_000, retryAfterSeconds: 7, match: () => stormOn && ++operation % 3 === 0 });
      server.fail({ status: 504, afterApply: true, forMs: 3_600_000, match: (t) => stormOn && t.method !== 'GET' && ++write % 11 === 0 });

      let key = 0;
      const decideAll = async (who: Who): Promise<void> => {
        for (const [i, c] of cases.entries()) {
          const outcome = await app.service.apply({ idempotencyKey: `storm-${++key}`, caseId: c.caseId, actor: who, event: { type: 'DecisionGiven', approvalId: await pendingApprovalId(app.service, c.caseId), outcome: 'approve', comment: null } });
          assert.ok(outcome.ok, JSON.stringify(outcome));
          clock.current = new Date(clock.current.getTime() + 1_000);
          if (i % 25 === 24) await work(20); // the worker keeps going while people decide
        }
      };
      await decideAll(PEOPLE.tm);
      await work(200);
      // The outage: the port is closed while the Heads of Service decide.
      await server.outage({ mode: 'refuse', forMs: 3_600_000 });
      await decideAll(PEOPLE.hos);
      await work(50);
      await server.endOutage();
      stormOn = false;
      await decideAll(PEOPLE.director);
      for (let round = 0; round < 200 && (await app.store.outboxCounts()).pending > 0; round++) {
        await work();
        clock.current = new Date(clock.current.getTime() + 10_000); // past any Retry-After or back-off
      }

      const counts = await app.store.outboxCounts();
      assert.equal(counts.dead, 0, JSON.stringify(await app.store.listOutbox('dead', 3)));
      assert.equal(counts.pending, 0);
      assert.ok(failures.throttled >= 100, `a storm: ${failures.throttled} deliveries throttled`);
      assert.ok(failures.noResponse >= 20, `an outage: ${failures.noResponse} deliveries found no server`);
      assert.ok(server.stats().log.some((e) => e.status === 504), 'some replies were lost after the write');

      const made = await decisionsInStore(app, caseIds);
      assert.equal(made.length, 1002);
      const rows = decisionRows(server);
      const keys = rows.map((r) => String(r.IdempotencyKey));
      assert.equal(new Set(keys).size, keys.length, 'no decision twice');
      assert.deepEqual([...keys].sort(), [...made].sort(), 'every decision, and nothing else');
    } finally {
      await app.close();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a bot process killed mid-run (SIGKILL) and restarted', () => {
    let graph: LocalGraphServer;
    let connector: ConnectorCapture;
    let dir: string;
    let bot: BotProcess | undefined;

    before(async () => {
      graph = await LocalGraphServer.start();
      connector = await new ConnectorCapture(0).start();
      dir = mkdtempSync(join(tmpdir(), 's20-faults-kill-'));
    });
    after(async () => {
      await bot?.stop('SIGKILL');
      await connector.stop();
      await graph.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('loses nothing and records nothing twice: store audit and the SharePoint Decisions list', async () => {
      await provisionSharePoint(testGraphClient(graph.url), SITE_ID);
      const env = { ...dataDirEnv(dir, graph.url), OUTBOX_POLL_MS: '20', SCHEDULER_POLL_MS: '600000' };
      // Cases prepared through the service on the same data folder, then left to the bot.
      const prep = createApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), { notifier: new RecordingNotifier() });
      const cases = await casesAwaitingTeamManager(prep.service, 60, 'KILL');
      await prep.worker.drain(100_000); // their records are in SharePoint already, as they would be by now
      await prep.close();
      // Graph answers slowly, so the outbox is mid-delivery when the process dies.
      graph.delay({ ms: 10, forMs: 3_600_000 });

      const decide = (i: number) => invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId: cases[i]!.caseId, approvalId: cases[i]!.approvalId, outcome: 'approve', comment: 'Agreed.' }, `kill-decision-${i}`);
      bot = await spawnBot(env);
      const first = bot;
      const answered = new Set<number>();
      let killed = false;
      const agent = keepAliveAgent(5);
      await inParallel(cases, 5, async (_c, i) => {
        if (killed) return;
        try {
          const answer = await postJson(`${first.url}/api/messages`, decide(i), { agent });
          if (answer.status === 200 && isInvokeBody(answer.json)) answered.add(i);
        } catch {
          return; // the connection died with the process: the channel would send it again
        }
        if (answered.size === 20 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      });
      agent.destroy();
      await first.stop('SIGKILL');
      assert.ok(killed, 'the bot was killed mid-run');
      assert.ok(answered.size >= 20 && answered.size < cases.length, `killed part-way: ${answered.size} of ${cases.length} answered`);

      // What the killed process had committed but not yet delivered is still in the outbox.
      const between = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
      const pendingAtRestart = (await between.outboxCounts()).pending;
      await between.close();

      bot = await spawnBot(env);
      const second = bot;
      const again = keepAliveAgent(5);
      // Every decision again, with the same activity ids: a retried click is answered, not repeated.
      const answers = await inParallel(cases, 5, (_c, i) => postJson(`${second.url}/api/messages`, decide(i), { agent: again }));
      again.destroy();
      answers.forEach((a, i) => assert.ok(a.status === 200 && isInvokeBody(a.json), `decision ${i}: HTTP ${a.status}`));

      const store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
      try {
        for (let waited = 0; ; waited += 100) {
          const counts = await store.outboxCounts();
          if (counts.pending === 0) {
            assert.equal(counts.dead, 0, JSON.stringify(await store.listOutbox('dead', 3)));
            break;
          }
          // Items the killed process had leased wait for their lease to run out (the worker's lease,
          // 90 s): the restarted process has a new owner id, so it takes them over only then.
          assert.ok(waited < 200_000, `the restarted bot did not finish delivering: ${JSON.stringify(counts)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
        await second.stop();
        bot = undefined;

        // The store: each case decided once, by the team manager, with one audit entry for it.
        for (const c of cases) {
          const state = (await store.get<CaseState>(c.caseId))?.state;
          const approval = state?.approvals.find((a) => a.approvalId === c.approvalId);
          assert.equal(approval?.decision?.by.id, PEOPLE.tm.id, `${c.ref}: decided`);
          const trail = await store.audit(c.caseId);
          const decisionEntries = trail.filter((e) => e.actorId === PEOPLE.tm.id);
          assert.equal(decisionEntries.length, 1, `${c.ref}: one audit entry for the decision`);
          assert.deepEqual(trail.map((e) => e.seq), trail.map((_, i) => i + 1), `${c.ref}: audit in sequence`);
        }
        // SharePoint: each decision exactly once; the audit list has no key twice.
        const keys = decisionRows(graph).map((r) => String(r.IdempotencyKey));
        assert.deepEqual([...keys].sort(), cases.map((c) => `decision:${c.approvalId}`).sort());
        const auditKeys = graph.rows(SITE_ID, 'Audit').map((r) => String(r.IdempotencyKey));
        assert.equal(new Set(auditKeys).size, auditKeys.length, 'no audit row twice');
        console.log(`      killed after ${answered.size} of ${cases.length} answers; ${pendingAtRestart} outbox items were waiting at restart`);
      } finally {
        await store.close();
      }
    });
  });
});
