/**
 * Fuzzing over HTTP: fast-check generates Bot Framework activities and card-action payloads —
 * wrong types, missing and extra fields, huge strings, unknown verbs, another case's id, an
 * approval already decided (a stale card), a foreign tenant, non-activities and malformed JSON —
 * and sends them to the real bot (one server, a keep-alive agent, 20 at a time). Whatever comes:
 * never a crash, never a 5xx, always a typed answer (a card action: HTTP 200, or botbuilder's 400
 * for an action type it does not support, with a {statusCode, type, value} body; a non-activity:
 * 400), and no change to any case. The generator never sends an authorised command: its actors
 * are strangers, random ids, or the Director (who may see every case but none of these is
 * waiting for the Director), so any change to a case, its audit trail or its outbox is a bug.
 * Refusals of the Director's attempts may be logged (that is their purpose), and are checked.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AUDITED_REFUSALS } from '../../src/cases/refusal-log';
import { PEOPLE } from '../../support/world';
import { BOT_ID, TENANT_ID, isInvokeBody } from '../../support/bot-over-http/activities';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { casesAwaitingTeamManager, pendingApprovalId } from '../../support/bot-over-http/case-prep';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { keepAliveAgent, postJson, PostResult } from '../../support/bot-over-http/http-post';
import { MAX_ACTIVITY_BYTES } from '../../src/http/activity-body';
import { snapshotCases } from './support/store-snapshot';

const BATCH = Number(process.env.FUZZ_BATCH ?? 20);
const RUNS = Number(process.env.FUZZ_RUNS ?? 500); // × 20 inputs each
// 200 KB of UTF-8: under the body limit alone (MAX_ACTIVITY_BYTES), over it when two fields carry it.
const HUGE = 'Ω'.repeat(100_000);

interface Known {
  caseIds: string[];
  refs: string[];
  approvalIds: string[];
  /** The team manager's approval on the case now waiting for the Head of Service: decided already. */
  staleApprovalId: string;
}

/** What a fuzz input is: a JSON text or a value to send as JSON. */
type Input = { raw: string } | { json: unknown };

function inputs(serviceUrl: string, known: Known): fc.Arbitrary<Input> {
  const junk = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  );
  // A huge string now and then, in the places a person types into (not everywhere: 150,000 characters cost time).
  const huge = fc.oneof({ weight: 300, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: fc.constant(HUGE) });
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 6 });
  // Actors without authority over any of the cases (see the file comment).
  const aad = fc.oneof(fc.constant(PEOPLE.stranger.id), fc.constant(PEOPLE.director.id), fc.uuid(), fc.string({ maxLength: 60 }), junk);
  const from = fc.oneof(
    { weight: 8, arbitrary: fc.record({ id: fc.oneof(fc.constant('29:fuzz'), fc.string({ maxLength: 30 })), name: fc.oneof(huge, junk), aadObjectId: aad }) },
    { weight: 1, arbitrary: fc.record({ id: fc.string({ maxLength: 30 }) }, { requiredKeys: [] }).filter((f) => !Object.values(PEOPLE).some((p) => p.id === f.id)) },
    { weight: 1, arbitrary: fc.oneof(junk, fc.record({ id: fc.string({ maxLength: 10 }), aadObjectId: junk })) },
  );
  const caseId = fc.oneof(fc.constantFrom(...known.caseIds), fc.uuid(), huge, junk);
  const approvalId = fc.oneof(fc.constantFrom(...known.approvalIds, known.staleApprovalId), fc.uuid(), fc.string({ maxLength: 60 }), junk);
  const verb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('startCase', 'showCase', 'openStep', 'recordStep', 'showApproval', 'refreshApproval', 'decide') },
    { weight: 1, arbitrary: fc.constantFrom('approveAll', 'deleteCase', '__proto__', 'constructor', 'toString') },
    { weight: 1, arbitrary: junk },
  );
  const data = fc.record(
    {
      caseId,
      approvalId,
      outcome: fc.oneof(fc.constantFrom('approve', 'reject', 'request-changes', 'not-viable', 'APPROVE'), junk),
      comment: fc.oneof(huge, junk),
      step: fc.oneof(fc.constantFrom('childViews', 'immediateRisk', 'parentsViews', 'informIro', 'assessment', 'visit', 'nope'), junk),
      index: fc.oneof(fc.constantFrom('0', '1', '99', '-1'), junk),
      ref: fc.oneof(fc.constantFrom(...known.refs, 'FUZZ-NEW-1'), junk),
      legalStatus: fc.oneof(fc.constantFrom('S20', 'CO', 'ICO'), junk),
      pathway: fc.oneof(fc.constantFrom('planned', 'unplanned'), junk),
      trigger: fc.oneof(fc.constantFrom('consent-withdrawn', 'placement-breakdown'), junk),
      dateOfBirth: fc.oneof(fc.constantFrom('2011-05-14', '2011-02-30', '3000-01-01'), junk),
      accommodatedOn: fc.oneof(fc.constantFrom('2026-10-01', 'yesterday'), junk),
      views: fc.oneof(huge, junk),
      extra: junk,
    },
    { requiredKeys: [] },
  );
  const action = fc.record(
    { type: fc.oneof({ weight: 8, arbitrary: fc.constant('Action.Execute') }, { weight: 1, arbitrary: fc.constantFrom('Action.Submit', 'Action.OpenUrl') }), verb, data: fc.oneof({ weight: 8, arbitrary: data }, { weight: 1, arbitrary: junk }), id: maybe(fc.string({ maxLength: 10 })) },
    { requiredKeys: ['type'] },
  );
  const conversation = fc.oneof(
    { weight: 12, arbitrary: fc.record({ id: fc.oneof(fc.constant('a:fuzz-conversation'), fc.string({ maxLength: 40 })), conversationType: fc.constantFrom('personal', 'groupChat', 'channel'), isGroup: maybe(junk), tenantId: fc.constantFrom(TENANT_ID, 'foreign-tenant-9') }) },
    { weight: 1, arbitrary: junk },
  );
  const common = fc.record(
    {
      id: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), junk),
      timestamp: fc.oneof(fc.constant(new Date().toISOString()), junk),
      channelId: fc.oneof({ weight: 12, arbitrary: fc.constant('msteams') }, { weight: 1, arbitrary: fc.constantFrom('outlook', 'webchat', 'directline') }, { weight: 1, arbitrary: junk }),
      // Reachable (the capture server) or refused at once; never a name to resolve on this offline machine.
      // (An empty serviceUrl is left out: botbuilder then retries its reply for about 11 s before giving up.)
      serviceUrl: fc.oneof({ weight: 12, arbitrary: fc.constant(serviceUrl) }, { weight: 1, arbitrary: fc.constantFrom('not a url', 'ftp://127.0.0.1/') }),
      from,
      conversation,
      recipient: fc.oneof({ weight: 10, arbitrary: fc.constant({ id: BOT_ID, name: 'Return home bot' }) }, { weight: 1, arbitrary: junk }),
      channelData: fc.oneof(fc.record({ tenant: fc.record({ id: fc.constantFrom(TENANT_ID, 'foreign-tenant-9') }) }), junk),
      locale: maybe(fc.constantFrom('en-GB', 'cy-GB')),
    },
    // Mostly a complete envelope (so the bot itself is exercised); now and then a field is missing.
    { requiredKeys: ['serviceUrl', 'from', 'conversation', 'recipient', 'channelId'] },
  );
  const trimmed = fc.tuple(common, fc.subarray(['from', 'conversation', 'recipient', 'channelId', 'serviceUrl', 'id', 'channelData'])).map(([c, drop]) => {
    const out: Record<string, unknown> = { ...c };
    for (const key of drop) delete out[key];
    return out;
  });
  const envelope = fc.oneof({ weight: 10, arbitrary: common }, { weight: 1, arbitrary: trimmed });
  const message = fc.record({
    type: fc.constant('message'),
    text: fc.oneof(
      fc.constantFrom('help', 'new case', 'my cases', 'list', ...known.refs.map((r) => `case ${r}`), 'case ', 'case <at>bot</at>'),
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 100 }),
      huge,
      junk,
    ),
  });
  const invoke = fc.record(
    {
      type: fc.constant('invoke'),
      name: fc.constant('adaptiveCard/action'),
      value: fc.record({ action, trigger: maybe(fc.constantFrom('manual', 'automatic')), extra: maybe(junk) }, { requiredKeys: ['action'] }),
    },
  );
  const other = fc.record({
    type: fc.oneof(fc.constantFrom('conversationUpdate', 'messageReaction', 'event', 'typing', 'installationUpdate', 'endOfConversation', 'messageUpdate', 'messageDelete'), fc.string({ maxLength: 20 })),
    membersAdded: maybe(fc.oneof(fc.array(fc.record({ id: fc.string({ maxLength: 20 }), name: fc.string({ maxLength: 20 }) }), { maxLength: 3 }), junk)),
    reactionsAdded: maybe(junk),
    name: maybe(fc.string({ maxLength: 20 })),
    value: maybe(junk),
  });
  const activity = fc.tuple(envelope, fc.oneof({ weight: 3, arbitrary: message }, { weight: 5, arbitrary: invoke }, { weight: 1, arbitrary: other })).map(([c, a]) => ({ json: { ...c, ...a } }) as Input);
  const notAnActivity = fc.oneof(
    fc.constantFrom<Input>({ raw: '{"type": ' }, { raw: '' }, { raw: 'null' }, { raw: '[]' }, { raw: '"message"' }, { raw: '{"type":"message"' }),
    junk.map((j) => ({ json: j }) as Input),
    fc.record({ type: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())) }).map((j) => ({ json: j }) as Input),
  );
  return fc.oneof({ weight: 12, arbitrary: activity }, { weight: 1, arbitrary: notAnActivity });
}

/** What the answer must be for this input; a message naming the problem, or null when it is fine. */
function problemWith(input: Input, answer: PostResult): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.status < 200) return `HTTP ${answer.status}`;
  // Over the body limit (issue 15, M1): refused unread with 413, and only then.
  const bytes = Buffer.byteLength('raw' in input ? input.raw : JSON.stringify(input.json));
  if (bytes > MAX_ACTIVITY_BYTES) return answer.status === 413 ? null : `a body of ${bytes} bytes got HTTP ${answer.status}, not 413`;
  if (answer.status === 413) return `a body of ${bytes} bytes got HTTP 413`;
  const body = 'json' in input ? input.json : (() => { try { return JSON.parse(input.raw) as unknown; } catch { return undefined; } })();
  const activityShaped = typeof body === 'object' && body !== null && !Array.isArray(body) && typeof (body as { type?: unknown }).type === 'string' && (body as { type: string }).type !== '';
  if (!activityShaped) return answer.status === 400 ? null : `a non-activity got HTTP ${answer.status}, not 400`;
  const activity = body as { type: string; name?: unknown; from?: unknown; conversation?: unknown; recipient?: unknown };
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action' && answer.status !== 400) {
    if (answer.status !== 200) return `a card action got HTTP ${answer.status}`;
    if (!isInvokeBody(answer.json)) return `a card action got an untyped body: ${answer.text.slice(0, 120)}`;
  }
  if (answer.status === 400 && activity.type === 'invoke' && !isInvokeBody(answer.json) && !/activity/.test(answer.text)) return `an invoke got an unexplained 400: ${answer.text.slice(0, 120)}`;
  return null;
}

describe('fuzzing the bot over HTTP (fast-check; one server, keep-alive, 20 at a time)', function () {
  this.timeout(600_000);
  const connector = new ConnectorCapture(0);
  let bot: BotUnderTest;
  let known: Known;

  before(async () => {
    await connector.start();
    bot = await startBot();
    const service = bot.runtime.app.service;
    const waiting = await casesAwaitingTeamManager(service, 4, 'FUZZ');
    // One case a step further: its team manager's approval is decided (a stale card still points at it).
    const stale = waiting.pop()!;
    const decided = await service.apply({ idempotencyKey: 'fuzz-tm-decides', caseId: stale.caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: stale.approvalId, outcome: 'approve', comment: null } });
    assert.ok(decided.ok);
    const hosApproval = await pendingApprovalId(service, stale.caseId);
    known = {
      caseIds: [...waiting.map((c) => c.caseId), stale.caseId],
      refs: [...waiting.map((c) => c.ref), stale.ref],
      approvalIds: [...waiting.map((c) => c.approvalId), hosApproval],
      staleApprovalId: stale.approvalId,
    };
  });
  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it(`answers ${RUNS * BATCH} generated inputs with no 5xx, typed invoke answers, and no case changed`, async () => {
    const store = bot.runtime.app.store;
    const before = await snapshotCases(store);
    const pendingBefore = await store.listOutbox('pending', 100_000);
    const agent = keepAliveAgent(BATCH);
    const api = `${bot.url}/api/messages`;
    const counts = { sent: 0, byStatus: new Map<number, number>() };
    const consoleError = console.error;
    // botbuilder console.error()s some refused activities itself; the assertions below are the check.
    console.error = () => undefined;
    try {
      const details = await fc.check(
        fc.asyncProperty(fc.array(inputs(connector.url, known), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const answers = await Promise.all(batch.map((input) => postJson(api, 'raw' in input ? input.raw : input.json, { agent })));
          answers.forEach((answer, i) => {
            counts.sent += 1;
            counts.byStatus.set(answer.status, (counts.byStatus.get(answer.status) ?? 0) + 1);
            const problem = problemWith(batch[i]!, answer);
            if (problem) throw new Error(`${problem} for ${JSON.stringify(batch[i]).slice(0, 800)}`);
          });
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261123), endOnFailure: true },
      );
      // fast-check's own report prints the whole counterexample (inputs of 150,000 characters): say it briefly.
      if (details.failed) {
        const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        assert.fail(`fuzz input refused wrongly (seed ${details.seed}, path ${details.counterexamplePath ?? '?'}): ${cause.slice(0, 1200)}`);
      }
    } finally {
      console.error = consoleError;
      agent.destroy();
    }
    assert.ok(counts.sent >= RUNS * BATCH, `sent ${counts.sent}`);
    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200, 'still up');

    // No case changed: state, version, audit trail; no case created; nothing new in the outbox.
    const after = await snapshotCases(store);
    assert.deepEqual([...after.keys()], [...before.keys()], 'no case created or lost');
    for (const [caseId, was] of before) {
      const now = after.get(caseId)!;
      assert.deepEqual({ ...now, refusals: undefined }, { ...was, refusals: undefined }, `case ${caseId} changed`);
      // Refusals may be added (the Director deciding someone else's approval), never changed or removed.
      assert.deepEqual(now.refusals.slice(0, was.refusals.length), was.refusals);
      for (const r of now.refusals.slice(was.refusals.length) as Array<{ actorId: string; code: string }>) {
        assert.ok(AUDITED_REFUSALS.has(r.code), r.code);
        assert.ok(![PEOPLE.tm.id, PEOPLE.hos.id, PEOPLE.sw.id].includes(r.actorId), `refused ${r.actorId}? The fuzzer never acts as them`);
      }
    }
    assert.deepEqual(await store.listOutbox('pending', 100_000), pendingBefore, 'nothing new to deliver');
    const statuses = [...counts.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`).join(', ');
    const refusals = [...after.values()].reduce((n, c) => n + c.refusals.length, 0);
    console.log(`      ${counts.sent} inputs; HTTP ${statuses}; ${connector.replies} replies reached the Connector; ${refusals} refusals logged`);
  });
});
