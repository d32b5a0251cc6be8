/**
 * Outbox → Microsoft Graph, end to end: a real SQLite store, the case service on a settable clock,
 * the outbox worker delivering through the effect deliverer to the Graph recorder (real graph-client)
 * against the local Graph server with the four lists provisioned by the real provisioning code.
 * The cloud misbehaves — a 429 storm with Retry-After, replies lost after the write, a 30-second
 * outage — and afterwards every decision, case row and audit entry is there exactly once, in order.
 * No real waiting: the worker's clock is the settable clock, moved past every Retry-After and back-off.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import { App, createApp } from '../../src/app';
import { graphClientConfigFrom } from '../../src/adapters/graph/graph-client-config';
import { SqliteRecorder } from '../../src/adapters/sqlite/sqlite-recorder';
import { CommandOutcome, EventInput } from '../../src/cases/case-service';
import { createEffectDeliverer } from '../../src/cases/effect-delivery';
import { renderDocx } from '../../src/documents/render-docx';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { loadConfig } from '../../src/config';
import { outboxLane, type OutboxItem } from '../../src/ports/case-store';
import type { Notice, Notifier } from '../../src/ports/notifier';
import { TransientRecordError } from '../../src/ports/recorder';
import type { CaseState } from '../../src/protocol';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { LIST_SCHEMA, columnDefinition } from '../../src/adapters/graph/list-schema';
import { PEOPLE, ROLES, RecordingNotifier, SettableClock } from '../../support/world';
import { LocalGraphServer, StoredValue } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { VIABLE_ASSESSMENT } from '../support/case-inputs';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';
const START = '2026-03-02T10:00:00.000Z';
const FACTS = {
  legalStatus: 'S20',
  dateOfBirth: '2009-05-14',
  accommodatedOn: '2026-01-05',
  previousEpisodeEndedOn: null,
  lastAssessmentCompletedOn: '2025-12-01',
  pathway: 'unplanned',
  returnedHomeOn: null,
};

/** SharePoint keeps date-times to the second, in UTC with a Z. */
const toSecond = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');

function ok(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

interface Harness {
  dir: string;
  app: App;
  clock: SettableClock;
  client: Client;
  close(): Promise<void>;
}

/** The app as the composition root builds it with Graph configured, on a temp data folder. */
function harness(server: LocalGraphServer, notifier: Notifier = new RecordingNotifier()): Harness {
  const dir = mkdtempSync(join(tmpdir(), 's20-graph-delivery-'));
  const rolesFile = join(dir, 'roles.json');
  writeFileSync(rolesFile, JSON.stringify(ROLES));
  const config = loadConfig({ DATA_DIR: dir, ROLES_FILE: rolesFile, GRAPH_BASE_URL: `${server.url}/v1.0`, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' });
  const clock = new SettableClock(new Date(START));
  // The one cloud piece replaced: Entra ID's token (the local server checks it).
  const client = testGraphClient(server.url);
  const app = createApp(config, { clock, notifier, graphClient: client });
  return {
    dir, app, clock, client,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function admin(dataDir: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const result = spawnSync('npm', ['run', '--silent', 'admin', '--', ...args], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir }, input: '' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('outbox → Graph, end to end (SQLite store, fake clock, local Graph server)', function () {
  this.timeout(120_000);
  let server: LocalGraphServer;
  let h: Harness;
  let counter = 0;
  const key = (): string => `click-${++counter}`;
  const rows = (list: 'Cases' | 'Decisions' | 'Tasks' | 'Audit'): Array<Record<string, StoredValue>> => server.rows(SITE, list);

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    h = harness(server);
    await provisionSharePoint(h.client, SITE);
    server.resetStats();
  });
  afterEach(async () => {
    await h.close();
  });

  const state = async (caseId: string): Promise<CaseState> => {
    const stored = await h.app.service.get(caseId);
    assert.ok(stored);
    return stored.state;
  };
  const pendingApproval = async (caseId: string): Promise<string> => {
    const open = (await state(caseId)).approvals.filter((a) => !a.decision && !a.cancelledAt);
    assert.equal(open.length, 1);
    return open[0]!.approvalId;
  };
  const openCase = async (ref: string): Promise<string> =>
    ok(await h.app.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref, facts: FACTS, trigger: 'consent-withdrawn', iro: PEOPLE.iro })).caseId;
  const act = async (caseId: string, actor: { id: string; name: string }, event: EventInput): Promise<void> => {
    ok(await h.app.service.apply({ idempotencyKey: key(), caseId, actor, event }));
  };

  /** The unplanned viable pathway up to the Director's authorisation, one step per round. */
  const STEPS: Array<(caseId: string) => Promise<void>> = [
    (id) => act(id, PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'Wants to go home.' }),
    (id) => act(id, PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false }),
    (id) => act(id, PEOPLE.sw, { type: 'IroInformed' }),
    (id) => act(id, PEOPLE.sw, { type: 'ParentsConsulted', views: 'Mother wants the child home.', plannedReturnAgreed: false }),
    (id) => act(id, PEOPLE.sw, VIABLE_ASSESSMENT),
    async (id) => act(id, PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pendingApproval(id), outcome: 'approve', comment: null }),
    (id) => act(id, PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: true }),
    async (id) => act(id, PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pendingApproval(id), outcome: 'approve', comment: 'Agreed with the safety plan.' }),
    async (id) => act(id, PEOPLE.director, { type: 'DecisionGiven', approvalId: await pendingApproval(id), outcome: 'approve', comment: null }),
  ];

  it('20 cases through a 429 storm, lost replies and a 30 s outage: every row exactly once, in order, Retry-After honoured', async () => {
    const { app, clock } = h;
    const RETRY_AFTER_S = 7; // not a power of two: a wait of 7 s can only come from Retry-After, never from back-off

    // Every delivery attempt as the worker saw it, on the worker's (fake) clock.
    const attempts = new Map<string, Array<{ at: number; error?: unknown }>>();
    // The case file's documents go through the same storm, to the library the provisioning made.
    const deliver = createEffectDeliverer({ store: app.store, recorder: app.recorder, documents: { library: app.documents, render: (doc) => renderDocx(doc, { organisationName: 'Mossbank Council' }) }, notifier: new RecordingNotifier(), authority: app.authority, timeZone: 'Europe/London', now: () => clock.now() });
    const observed = async (item: OutboxItem): Promise<void> => {
      const log = attempts.get(item.effectId) ?? [];
      attempts.set(item.effectId, log);
      const entry: { at: number; error?: unknown } = { at: clock.now().getTime() };
      log.push(entry);
      try {
        await deliver(item);
      } catch (error) {
        entry.error = error;
        throw error;
      }
    };
    // Generous maxAttempts: an item caught by the storm and then the whole outage may fail many times, and must still arrive.
    const worker = new OutboxWorker(app.store, observed, clock, { owner: 'graph-e2e', maxAttempts: 30 });
    const notBefore = new Map<string, number[]>();
    const pass = async (): Promise<void> => {
      await worker.runOnce();
      for (const item of await app.store.listOutbox('pending', 100_000)) {
        const failures = attempts.get(item.effectId)?.filter((a) => a.error !== undefined).length ?? 0;
        const seen = notBefore.get(item.effectId) ?? [];
        if (failures > seen.length) notBefore.set(item.effectId, [...seen, Date.parse(item.notBefore)]);
      }
    };

    // The server's own view of every operation, stamped with the fake clock (a probe that never answers).
    const serverLog: Array<{ method: string; path: string; at: number; throttled: boolean }> = [];
    let stormOn = true;
    let operationNo = 0;
    server.fail({ status: 500, forMs: 600_000, match: (t) => { serverLog.push({ method: t.method, path: t.path, at: clock.now().getTime(), throttled: false }); return false; } });
    server.throttle({
      forMs: 600_000,
      retryAfterSeconds: RETRY_AFTER_S,
      match: () => {
        if (!stormOn || ++operationNo % 3 !== 0) return false;
        serverLog[serverLog.length - 1]!.throttled = true;
        return true;
      },
    });
    // Some creates and updates are applied and then their reply is lost (504): the retry must not duplicate.
    let writeNo = 0;
    server.fail({ status: 504, afterApply: true, forMs: 600_000, match: (t) => stormOn && t.method !== 'GET' && ++writeNo % 11 === 0 });

    const refs = Array.from({ length: 20 }, (_, i) => `E2E-${String(i + 1).padStart(2, '0')}`);
    const caseIds: string[] = [];
    for (const ref of refs) {
      caseIds.push(await openCase(ref));
      clock.current = new Date(clock.current.getTime() + 3_000);
    }
    await pass();

    const OUTAGE_FROM_STEP = 6; // after the team managers' decisions: the IRO's view, HoS and Director go in during the outage
    let outageStartedAt = 0;
    for (const [index, step] of STEPS.entries()) {
      if (index === 4) stormOn = false; // the storm passes; the outage is still to come
      if (index === OUTAGE_FROM_STEP) {
        await server.outage({ mode: 'refuse', forMs: 600_000 });
        outageStartedAt = clock.now().getTime();
      }
      for (const caseId of caseIds) {
        clock.current = new Date(clock.current.getTime() + 7_000);
        await step(caseId); // the service never waits on Graph: clicks go through during the outage
      }
      await pass();
      clock.current = new Date(clock.current.getTime() + 1_000);
      await pass();
    }
    // Keep the worker running through the rest of the 30-second outage, in 5-second steps.
    while (clock.now().getTime() < outageStartedAt + 35_000) {
      clock.current = new Date(clock.current.getTime() + 5_000);
      await pass();
    }
    assert.ok((await app.store.outboxCounts()).pending > 0, 'the outage left work waiting');
    await server.endOutage();

    for (let i = 0; i < 3000 && (await app.store.outboxCounts()).pending > 0; i++) {
      await pass();
      clock.current = new Date(clock.current.getTime() + 2_000);
    }

    // Nothing lost, nothing dead.
    const counts = await app.store.outboxCounts();
    assert.equal(counts.dead, 0, JSON.stringify(await app.store.listOutbox('dead', 5)));
    assert.equal(counts.pending, 0);

    // The faults really happened.
    const failures = [...attempts.values()].flat().filter((a) => a.error !== undefined);
    const throttledAttempts = failures.filter((a) => a.error instanceof TransientRecordError && /HTTP 429/.test(a.error.message));
    const outageAttempts = failures.filter((a) => a.error instanceof TransientRecordError && /no response/.test(a.error.message));
    const throttledByServer = server.stats().log.filter((e) => e.status === 429).length;
    assert.ok(throttledByServer >= 50, `a storm, not a shower: ${throttledByServer} requests throttled`);
    assert.equal(throttledAttempts.length, throttledByServer, 'each 429 failed exactly one delivery attempt (no hidden retries inside the client)');
    assert.ok(outageAttempts.length >= 20, `deliveries failed during the outage: ${outageAttempts.length}`);
    assert.ok(server.stats().log.some((e) => e.status === 504), 'some replies were lost after the write');

    // Retry-After honoured, as the worker saw it: the item waited exactly Retry-After, and was not tried before its notBefore.
    for (const [effectId, log] of attempts) {
      const waits = notBefore.get(effectId) ?? [];
      let failureNo = 0;
      log.forEach((attempt, i) => {
        if (attempt.error === undefined) return;
        const due = waits[failureNo++];
        assert.ok(due !== undefined, `${effectId}: failure ${failureNo} left no notBefore`);
        if (attempt.error instanceof TransientRecordError && /HTTP 429/.test(attempt.error.message)) {
          assert.equal(due - attempt.at, RETRY_AFTER_S * 1000, `${effectId}: rescheduled by Retry-After`);
        }
        const next = log[i + 1];
        assert.ok(next, `${effectId}: tried again after failing`);
        assert.ok(next.at >= due, `${effectId}: retried at ${new Date(next.at).toISOString()}, before its notBefore ${new Date(due).toISOString()}`);
      });
    }
    // …and as the server saw it: after a 429 on a row, the next request for that row comes Retry-After later or more.
    serverLog.forEach((entry, i) => {
      if (!entry.throttled || !/\/items\/\d+/.test(entry.path)) return;
      const next = serverLog.slice(i + 1).find((e) => e.path === entry.path);
      if (next) assert.ok(next.at - entry.at >= RETRY_AFTER_S * 1000, `${entry.method} ${entry.path} again after ${next.at - entry.at} ms`);
    });
    assert.ok(serverLog.some((e) => e.throttled && /\/items\/\d+/.test(e.path)), 'some row updates were throttled');

    // Decisions: exactly once each (by key and by count), per case in the order they were made.
    const decisions = rows('Decisions');
    const states = await Promise.all(caseIds.map(state));
    const madeDecisions = states.flatMap((s) => s.approvals.filter((a) => a.decision).map((a) => ({ ref: s.ref, key: `decision:${a.approvalId}`, stage: a.stage, at: a.decision!.at })));
    assert.equal(madeDecisions.length, 60, '20 cases × TM, HoS and Director');
    assert.equal(decisions.length, madeDecisions.length);
    assert.equal(new Set(decisions.map((d) => d.IdempotencyKey)).size, decisions.length, 'no key twice');
    assert.deepEqual(new Set(decisions.map((d) => d.IdempotencyKey)), new Set(madeDecisions.map((d) => d.key)));
    for (const s of states) {
      const inList = decisions.filter((d) => d.CaseRef === s.ref);
      const made = madeDecisions.filter((d) => d.ref === s.ref).sort((a, b) => a.at.localeCompare(b.at));
      assert.deepEqual(inList.map((d) => d.IdempotencyKey), made.map((d) => d.key), `${s.ref}: decisions in the order they were made`);
      assert.deepEqual(inList.map((d) => d.DecidedAt), made.map((d) => toSecond(d.at)));
      assert.deepEqual(inList.map((d) => d.Stage), ['team-manager', 'head-of-service', 'director']);
    }

    // Cases: one row per case, with the final stage and the last update.
    const cases = rows('Cases');
    assert.equal(cases.length, caseIds.length);
    for (const s of states) {
      const row = cases.filter((c) => c.CaseRef === s.ref);
      assert.equal(row.length, 1, `${s.ref}: one row`);
      assert.equal(s.stage, 'director-authorised');
      assert.equal(row[0]!.Stage, s.stage, `${s.ref}: final stage`);
      assert.equal(row[0]!.UpdatedAt, toSecond(s.updatedAt), `${s.ref}: the last update, not an older one`);
    }

    // Audit: every entry exactly once, per case in sequence.
    const audit = rows('Audit');
    let entries = 0;
    for (const [i, caseId] of caseIds.entries()) {
      const trail = await app.store.audit(caseId);
      entries += trail.length;
      const inList = audit.filter((a) => a.CaseRef === refs[i]);
      assert.deepEqual(inList.map((a) => a.IdempotencyKey), trail.map((e) => `audit:${caseId}:${e.seq}`), `${refs[i]}: audit in sequence`);
    }
    assert.equal(audit.length, entries);
    assert.equal(new Set(audit.map((a) => a.IdempotencyKey)).size, audit.length);
    assert.ok(!JSON.stringify([decisions, cases, audit]).includes(FACTS.dateOfBirth), 'no date of birth in any list');
  });

  it('sends the records of many cases in $batch requests: fewer HTTP requests, the same rows', async () => {
    // Twenty cases opened at once: each leaves a Cases row and an Audit row to write.
    const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => openCase(`BATCH-${n}`)));
    const records = (await h.app.store.listOutbox('pending', 1000)).filter((i) => i.kind === 'record').length;
    assert.equal(records, 40);
    server.resetStats();
    const report = await h.app.worker.drain();
    assert.equal(report.dead, 0);
    const stats = server.stats();
    assert.ok(stats.batches > 0, 'records went out in $batch requests');
    // One by one, each new row costs a look-up and a create: 2 requests a record.
    assert.ok(stats.requests < records, `${stats.requests} HTTP requests for ${records} records`);
    assert.equal(rows('Cases').length, 20);
    assert.equal(rows('Audit').length, 20);
    assert.deepEqual(new Set(rows('Cases').map((r) => r['CaseRef'])).size, ids.length);
  });

  it('Teams failing, then its notices dead: the case\'s SharePoint records still go (each lane in order); replayed, the notices go', async () => {
    // Teams refuses every proactive message (an outage): a transient failure, retried with back-off.
    const sent: Notice[] = [];
    let teamsDown = true;
    const teams: Notifier = {
      async send(notice) {
        if (teamsDown) throw new Error('Bot Connector 503 Service Unavailable');
        sent.push(notice);
      },
    };
    await h.close();
    h = harness(server, teams);
    await provisionSharePoint(h.client, SITE);
    const { app, clock } = h;
    const tick = (ms: number): void => {
      clock.current = new Date(clock.current.getTime() + ms);
    };

    const caseId = await openCase('TEAMS-DOWN-1');
    for (const step of STEPS.slice(0, 6)) {
      tick(60_000);
      await step(caseId);
    }
    const first = await app.worker.drain();
    assert.ok(first.retried > 0, 'the first message failed');
    const waiting = await app.store.listOutbox('pending', 1000);
    assert.ok(waiting.length > 0 && waiting.every((i) => outboxLane(i.kind) === 'messages'), 'only messages wait');
    assert.equal(rows('Cases').find((c) => c.CaseRef === 'TEAMS-DOWN-1')?.Stage, (await state(caseId)).stage, 'the case row is up to date');
    assert.equal(rows('Decisions').filter((d) => d.CaseRef === 'TEAMS-DOWN-1').length, 1);
    const auditSeqs = async (): Promise<unknown[]> => (await app.store.audit(caseId)).map((e) => e.seq);
    assert.deepEqual(rows('Audit').filter((a) => a.CaseRef === 'TEAMS-DOWN-1').map((a) => a.Seq), await auditSeqs(), 'audit in sequence');

    // The outage outlasts every retry: the first message goes dead; records made after it still go.
    for (let n = 0; n < 15; n++) {
      tick(10 * 60_000);
      await app.worker.drain();
    }
    const dead = await app.store.listOutbox('dead');
    assert.equal(dead.length, 1, 'the first message, retried to the limit');
    assert.equal(outboxLane(dead[0]!.kind), 'messages');
    await STEPS[6]!(caseId);
    await app.worker.drain();
    assert.equal(rows('Cases').find((c) => c.CaseRef === 'TEAMS-DOWN-1')?.Stage, (await state(caseId)).stage, 'records after the dead message went');
    assert.deepEqual(rows('Audit').filter((a) => a.CaseRef === 'TEAMS-DOWN-1').map((a) => a.Seq), await auditSeqs());
    assert.ok((await app.store.listOutbox('pending', 1000)).every((i) => outboxLane(i.kind) === 'messages'));
    assert.equal(sent.length, 0, 'no message went while Teams was down');

    // Teams is back and support replays: the messages go, the dead one first.
    teamsDown = false;
    assert.equal(await app.store.replayDead(), 1);
    tick(60_000);
    await app.worker.drain();
    assert.deepEqual(await app.store.outboxCounts().then((c) => [c.pending, c.dead]), [0, 0]);
    assert.ok(sent.length > 0);
    assert.equal(sent[0]!.key.split(':').slice(0, -1).join(':'), dead[0]!.effectId, 'the replayed message went first');
  });

  it('a record SharePoint refuses for good goes dead after one attempt; its case waits, others go on; fixed and replayed, it is delivered', async () => {
    const { app, client, clock } = h;
    // Someone made the Decisions list by hand and left out a column: every decision is refused (400).
    const lists = `/sites/${SITE}/lists`;
    const found = (await client.api(`${lists}?$filter=${encodeURIComponent("displayName eq 'Decisions'")}`).get()) as { value: Array<{ id: string }> };
    await client.api(`${lists}/${found.value[0]!.id}`).delete();
    const schema = LIST_SCHEMA.decisions;
    await client.api(lists).post({ displayName: schema.displayName, columns: schema.columns.filter((c) => c.name !== 'Retrospective').map(columnDefinition), list: { template: 'genericList' } });

    const stuck = await openCase('POISON-1');
    const other = await openCase('CLEAN-1');
    for (const step of STEPS.slice(0, 6)) {
      clock.current = new Date(clock.current.getTime() + 60_000);
      await step(stuck);
    }
    for (const step of STEPS.slice(0, 4)) {
      clock.current = new Date(clock.current.getTime() + 60_000);
      await step(other);
    }
    const decisionItem = (await app.store.listOutbox('pending', 1000)).find((i) => (i.payload as { list?: string }).list === 'decisions');
    assert.ok(decisionItem, 'the TM decision is waiting to be recorded');

    const first = await app.worker.drain();
    assert.equal(first.dead, 1);
    assert.equal(first.retried, 0, 'a permanent refusal is not retried');
    const dead = await app.store.listOutbox('dead');
    assert.deepEqual(dead.map((d) => [d.effectId, d.attempts]), [[decisionItem.effectId, 1]]);
    assert.match(dead[0]!.lastError ?? '', /HTTP 400/);

    // Per-case order in the records lane: the case's records after the dead item wait (its messages
    // do not; none are left here); the other case is fully delivered.
    const waiting = await app.store.listOutbox('pending', 1000);
    assert.ok(waiting.length > 0 && waiting.every((i) => i.caseId === stuck && i.seq > decisionItem.seq), 'only the stuck case’s later items wait');
    assert.equal(rows('Cases').find((c) => c.CaseRef === 'CLEAN-1')?.Stage, (await state(other)).stage);
    assert.equal(rows('Cases').find((c) => c.CaseRef === 'POISON-1')?.Stage, 'awaiting-team-manager', 'the stuck case’s row stops before the decision');

    // Support staff see it…
    const status = admin(h.dir, 'outbox', 'status', '--json');
    assert.equal(status.code, 0, status.err);
    const shown = JSON.parse(status.out) as { pending: number; dead: number; deadItems: Array<{ effectId: string; attempts: number; lastError: string }> };
    assert.equal(shown.dead, 1);
    assert.equal(shown.pending, waiting.length);
    assert.equal(shown.deadItems[0]?.effectId, decisionItem.effectId);
    assert.match(shown.deadItems[0]?.lastError ?? '', /Decisions.*HTTP 400/);
    assert.ok(!status.out.includes(FACTS.dateOfBirth));

    // …fix the cause (provisioning adds the missing column) and replay.
    await provisionSharePoint(client, SITE);
    const replay = admin(h.dir, 'outbox', 'replay');
    assert.equal(replay.code, 0, replay.err);
    assert.match(replay.out, /1 item put back/);
    clock.current = new Date(clock.current.getTime() + 60_000); // support staff replay some time after it failed
    const second = await app.worker.drain();
    assert.equal(second.dead, 0);
    assert.deepEqual(await app.store.outboxCounts().then((c) => [c.pending, c.dead]), [0, 0]);

    const decisions = rows('Decisions');
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]!.CaseRef, 'POISON-1');
    assert.equal(decisions[0]!.Retrospective, false);
    assert.equal(rows('Cases').find((c) => c.CaseRef === 'POISON-1')?.Stage, (await state(stuck)).stage);
    const trail = await app.store.audit(stuck);
    assert.deepEqual(rows('Audit').filter((a) => a.CaseRef === 'POISON-1').map((a) => a.Seq), trail.map((e) => e.seq), 'audit still in sequence');
  });
});

describe('composition root with Graph configured', function () {
  this.timeout(30_000);
  let server: LocalGraphServer;
  let dir: string;
  before(async () => {
    // No token check here: GRAPH_AUTH=none, the app builds its own client from the configuration.
    server = await LocalGraphServer.start();
    dir = mkdtempSync(join(tmpdir(), 's20-app-graph-'));
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records to SharePoint and checks Entra groups when GRAPH_BASE_URL is set; locally otherwise', async () => {
    const managers = randomUUID();
    const manager = { id: randomUUID(), name: 'Group Manager' };
    server.directory.setGroupMembers(managers, [manager.id]);
    const rolesFile = join(dir, 'roles.json');
    writeFileSync(rolesFile, JSON.stringify({ ...ROLES, roles: { ...ROLES.roles, 'team-manager': { users: [], groups: [{ id: managers, name: 'Managers' }] } } }));

    const config = loadConfig({ DATA_DIR: join(dir, 'graph'), ROLES_FILE: rolesFile, GRAPH_BASE_URL: `${server.url}/v1.0/`, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' });
    assert.deepEqual(graphClientConfigFrom(config.graph!), { baseUrl: server.url, auth: { kind: 'none' } });
    const app = createApp(config, { clock: new SettableClock(new Date(START)) });
    try {
      assert.ok(app.directory, 'a directory when Graph is configured');
      assert.equal((await app.authority.check(manager, ['team-manager'], '2026-03-02')).ok, true, 'role from the Entra group');
      await provisionSharePoint(testGraphClient(server.url), SITE);
      await app.recorder.record({ list: 'audit', key: 'audit:x:1', caseRef: 'APP-1', fields: { Seq: 1, Action: 'Opened' } });
      assert.deepEqual(server.rows(SITE, 'Audit').map((r) => r.IdempotencyKey), ['audit:x:1']);
    } finally {
      await app.close();
    }

    const local = createApp(loadConfig({ DATA_DIR: join(dir, 'local'), ROLES_FILE: rolesFile }));
    try {
      assert.ok(local.recorder instanceof SqliteRecorder);
      assert.equal(local.directory, null);
      assert.equal((await local.authority.check(manager, ['team-manager'], '2026-03-02')).ok, false, 'no directory: groups grant nothing');
    } finally {
      await local.close();
    }
  });

  it('GRAPH_AUTH=none is refused for anything but a local Graph server', () => {
    assert.throws(
      () => loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0', SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' }),
      (error: unknown) => error instanceof Error && error.name === 'ConfigError' && /GRAPH_AUTH=none is allowed only with a localhost/.test(error.message),
    );
  });
});
