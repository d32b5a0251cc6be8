/**
 * The local Graph server's own contract, over plain HTTP: if the test double drifts from Graph's
 * documented behaviour, the adapter tests built on it prove nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { LocalGraphServer } from '../../support/local-graph-server';

const SITE = 'contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222';

interface Json {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

describe('local Graph server (contract)', () => {
  let server: LocalGraphServer;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Json> {
    const url = path.startsWith('http://') ? path : `${server.url}${path.startsWith('/v1.0') ? '' : '/v1.0'}${path}`;
    const response = await fetch(url, {
      method,
      headers: { Authorization: 'Bearer t', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  const lists = `/sites/${SITE}/lists`;

  async function createWidgets(): Promise<string> {
    const created = await call('POST', lists, {
      displayName: 'Widgets',
      columns: [
        { name: 'Key', text: {}, indexed: true },
        { name: 'Colour', text: {} },
        { name: 'Count', number: {} },
      ],
      list: { template: 'genericList' },
    });
    assert.equal(created.status, 201);
    return String(created.body.id);
  }

  async function addItem(listId: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const created = await call('POST', `${lists}/${listId}/items`, { fields });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body;
  }

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());

  it('creates a list (201 with an id), refuses a duplicate name with 409 nameAlreadyExists, and finds it by displayName', async () => {
    const id = await createWidgets();
    assert.match(id, /^[0-9a-f-]{36}$/);
    const duplicate = await call('POST', lists, { displayName: 'Widgets', list: { template: 'genericList' } });
    assert.equal(duplicate.status, 409);
    assert.equal((duplicate.body.error as Record<string, unknown>).code, 'nameAlreadyExists');
    const found = await call('GET', `${lists}?$filter=displayName eq 'Widgets'`);
    assert.deepEqual((found.body.value as Array<Record<string, unknown>>).map((l) => l.id), [id]);
    const none = await call('GET', `${lists}?$filter=displayName eq 'Gadgets'`);
    assert.deepEqual(none.body.value, []);
  });

  it('lists and adds columns, refusing a duplicate column name', async () => {
    const id = await createWidgets();
    const added = await call('POST', `${lists}/${id}/columns`, { name: 'Size', number: {}, indexed: true });
    assert.equal(added.status, 201);
    assert.equal(added.body.indexed, true);
    const again = await call('POST', `${lists}/${id}/columns`, { name: 'Size', number: {} });
    assert.equal(again.status, 409);
    const columns = await call('GET', `${lists}/${id}/columns`);
    const names = (columns.body.value as Array<Record<string, unknown>>).map((c) => c.name);
    assert.ok(['Title', 'Key', 'Colour', 'Count', 'Size'].every((n) => names.includes(n)));
  });

  it('creates items with a string id and an eTag, and refuses unknown fields with 400', async () => {
    const id = await createWidgets();
    const item = await addItem(id, { Key: 'a', Colour: 'red', Count: 2 });
    assert.equal(typeof item.id, 'string');
    assert.match(String(item.eTag), /^".+,1"$/);
    assert.equal((item.fields as Record<string, unknown>).Colour, 'red');
    const unknown = await call('POST', `${lists}/${id}/items`, { fields: { Flavour: 'x' } });
    assert.equal(unknown.status, 400);
    assert.match(String((unknown.body.error as Record<string, unknown>).message), /Flavour/);
    assert.equal(server.rows(SITE, 'Widgets').length, 1);
  });

  it('honours If-Match: a stale eTag gets 412 and changes nothing; a current one updates and changes the eTag', async () => {
    const id = await createWidgets();
    const item = await addItem(id, { Key: 'a', Colour: 'red' });
    const first = await call('PATCH', `${lists}/${id}/items/${String(item.id)}/fields`, { Colour: 'blue' }, { 'If-Match': String(item.eTag) });
    assert.equal(first.status, 200);
    assert.equal(first.body.Colour, 'blue');
    assert.notEqual(first.body['@odata.etag'], item.eTag);
    const stale = await call('PATCH', `${lists}/${id}/items/${String(item.id)}/fields`, { Colour: 'green' }, { 'If-Match': String(item.eTag) });
    assert.equal(stale.status, 412);
    const read = await call('GET', `${lists}/${id}/items/${String(item.id)}?expand=fields(select=Colour)`);
    assert.equal((read.body.fields as Record<string, unknown>).Colour, 'blue');
    assert.equal(read.body.eTag, first.body['@odata.etag']);
  });

  it('filters on indexed columns only (400 otherwise, unless the Prefer header allows it)', async () => {
    const id = await createWidgets();
    await addItem(id, { Key: 'a', Colour: 'red' });
    await addItem(id, { Key: 'b', Colour: 'blue' });
    const byKey = await call('GET', `${lists}/${id}/items?expand=fields(select=Key,Colour)&$filter=fields/Key eq 'b'`);
    assert.equal(byKey.status, 200);
    assert.deepEqual((byKey.body.value as Array<{ fields: Record<string, unknown> }>).map((i) => i.fields.Colour), ['blue']);
    const byColour = await call('GET', `${lists}/${id}/items?$filter=fields/Colour eq 'red'`);
    assert.equal(byColour.status, 400);
    assert.match(String((byColour.body.error as Record<string, unknown>).message), /not indexed/);
    const allowed = await call('GET', `${lists}/${id}/items?$filter=fields/Colour eq 'red'`, undefined, {
      Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly',
    });
    assert.equal(allowed.status, 200);
    assert.equal((allowed.body.value as unknown[]).length, 1);
  });

  it('a filter on an indexed column follows every create, update and delete, in id order, with paging and a second condition', async () => {
    const id = await createWidgets();
    const keysOf = async (filter: string, top = 200): Promise<string[]> => {
      const seen: string[] = [];
      let next: string | undefined = `${lists}/${id}/items?expand=fields(select=Key,Colour)&$top=${top}&$filter=${filter}`;
      while (next !== undefined) {
        const page = await call('GET', next, undefined, { Prefer: 'HonorNonIndexedQueriesWarningMayFailRandomly' });
        assert.equal(page.status, 200, JSON.stringify(page.body));
        for (const item of page.body.value as Array<{ id: string; fields: Record<string, unknown> }>) seen.push(`${item.id}:${String(item.fields.Colour)}`);
        const link = page.body['@odata.nextLink'];
        next = link === undefined ? undefined : String(link);
      }
      return seen;
    };
    const a1 = await addItem(id, { Key: 'a', Colour: 'red' });
    await addItem(id, { Key: 'b', Colour: 'red' });
    assert.deepEqual(await keysOf("fields/Key eq 'a'"), [`${String(a1.id)}:red`]);
    // Queried once, the column is looked up from then on: later writes must still show.
    const a3 = await addItem(id, { Key: 'a', Colour: 'blue' });
    const b2 = await addItem(id, { Key: 'b', Colour: 'green' });
    assert.deepEqual(await keysOf("fields/Key eq 'a'"), [`${String(a1.id)}:red`, `${String(a3.id)}:blue`]);
    // An update moves the item from one value to the other (and stays in id order).
    const moved = await call('PATCH', `${lists}/${id}/items/${String(a1.id)}/fields`, { Key: 'b' });
    assert.equal(moved.status, 200);
    assert.deepEqual(await keysOf("fields/Key eq 'a'"), [`${String(a3.id)}:blue`]);
    assert.equal((await keysOf("fields/Key eq 'b'")).length, 3);
    assert.equal((await keysOf("fields/Key eq 'b'"))[0], `${String(a1.id)}:red`, 'the moved item keeps its place by id');
    // A second condition still applies; `or` and paging give every match exactly once.
    assert.deepEqual(await keysOf("fields/Key eq 'b' and fields/Colour eq 'green'"), [`${String(b2.id)}:green`]);
    assert.equal((await keysOf("fields/Key eq 'a' or fields/Key eq 'b'", 1)).length, 4);
    const gone = await call('DELETE', `${lists}/${id}/items/${String(b2.id)}`);
    assert.equal(gone.status, 204);
    assert.deepEqual(await keysOf("fields/Key eq 'b' and fields/Colour eq 'green'"), []);
    assert.deepEqual(await keysOf("fields/Key eq 'c'"), []);
  });

  it('pages with $top and an absolute @odata.nextLink (as Graph\'s are) that yields every item exactly once', async () => {
    const id = await createWidgets();
    for (let i = 0; i < 5; i++) await addItem(id, { Key: `k${i}` });
    const seen: string[] = [];
    let next: string | undefined = `${lists}/${id}/items?expand=fields(select=Key)&$top=2`;
    let pages = 0;
    while (next !== undefined) {
      const page = await call('GET', next);
      assert.equal(page.status, 200);
      pages += 1;
      for (const item of page.body.value as Array<{ fields: Record<string, unknown> }>) seen.push(String(item.fields.Key));
      const link = page.body['@odata.nextLink'];
      if (link !== undefined) assert.ok(String(link).startsWith(`${server.url}/v1.0/sites/`), String(link));
      next = link === undefined ? undefined : String(link);
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['k0', 'k1', 'k2', 'k3', 'k4']);
  });

  it('refuses a $batch of more than 20 requests with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `/sites/${SITE}/lists` }));
    const batch = await call('POST', '/$batch', { requests });
    assert.equal(batch.status, 400);
    assert.equal(server.stats().operations, 0);
  });

  it('answers a $batch with 200 and each sub-response; a throttled sub-request is a 429 with Retry-After inside it', async () => {
    const id = await createWidgets();
    server.resetStats();
    server.throttle({ retryAfterSeconds: 2, match: (t) => t.inBatch && t.method === 'POST' });
    const batch = await call('POST', '/$batch', {
      requests: [
        { id: 'a', method: 'POST', url: `/sites/${SITE}/lists/${id}/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: { Key: 'a' } } },
        { id: 'b', method: 'POST', url: `/sites/${SITE}/lists/${id}/items`, headers: { 'Content-Type': 'application/json' }, body: { fields: { Key: 'b' } } },
        { id: 'c', method: 'GET', url: `/sites/${SITE}/lists/${id}/items?$filter=fields/Key eq 'b'` },
      ],
    });
    assert.equal(batch.status, 200);
    const responses = batch.body.responses as Array<{ id: string; status: number; headers: Record<string, string> }>;
    const byId = new Map(responses.map((r) => [r.id, r]));
    assert.equal(byId.get('a')?.status, 429);
    assert.equal(byId.get('a')?.headers['Retry-After'], '2');
    assert.equal(byId.get('b')?.status, 201);
    assert.equal(byId.get('c')?.status, 200);
    assert.deepEqual(server.rows(SITE, 'Widgets').map((r) => r.Key), ['b']);
    // Resource units: each sub-request is charged on its own (the throttled one is not executed).
    assert.equal(server.stats().resourceUnits, 2 + 2);
    assert.equal(server.stats().requests, 1);
    assert.equal(server.stats().operations, 3);
  });

  it('refuses a $batch write without a Content-Type header', async () => {
    const id = await createWidgets();
    const batch = await call('POST', '/$batch', {
      requests: [{ id: '1', method: 'POST', url: `/sites/${SITE}/lists/${id}/items`, body: { fields: { Key: 'a' } } }],
    });
    assert.equal(batch.status, 400);
    assert.equal(server.rows(SITE, 'Widgets').length, 0);
  });

  it('charges resource units: 1 per single-item read, 2 per query, create or update', async () => {
    const id = await createWidgets();
    const item = await addItem(id, { Key: 'a' });
    server.resetStats();
    await call('GET', `${lists}/${id}/items/${String(item.id)}`);
    assert.equal(server.stats().resourceUnits, 1);
    await call('GET', `${lists}/${id}/items`);
    assert.equal(server.stats().resourceUnits, 3);
    await addItem(id, { Key: 'b' });
    assert.equal(server.stats().resourceUnits, 5);
    await call('PATCH', `${lists}/${id}/items/${String(item.id)}/fields`, { Colour: 'x' });
    assert.equal(server.stats().resourceUnits, 7);
  });

  it('throttles with 429 once the per-minute resource-unit budget is spent', async () => {
    const budgeted = await LocalGraphServer.start({ resourceUnitsPerMinute: 4 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${budgeted.url}/v1.0/sites/${SITE}/lists`);
        statuses.push(response.status);
        if (response.status === 429) assert.ok(Number(response.headers.get('Retry-After')) >= 1);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.equal(budgeted.stats().resourceUnits, 4);
    } finally {
      await budgeted.stop();
    }
  });

  it('requires a bearer token when configured', async () => {
    const response = await fetch(`${server.url}/v1.0/sites/${SITE}/lists`);
    assert.equal(response.status, 401);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'InvalidAuthenticationToken');
  });

  it('checks transitive group membership, at most 20 group ids per call', async () => {
    const [user, team, department, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    server.directory.setGroupMembers(team, [user]);
    server.directory.setGroupMembers(department, [team]);
    server.directory.setGroupMembers(other, [randomUUID()]);
    const checked = await call('POST', `/users/${user}/checkMemberGroups`, { groupIds: [team, department, other] });
    assert.equal(checked.status, 200);
    assert.deepEqual(checked.body.value, [team, department]);
    const tooMany = await call('POST', `/users/${user}/checkMemberGroups`, { groupIds: Array.from({ length: 21 }, () => randomUUID()) });
    assert.equal(tooMany.status, 400);
    const unknown = await call('POST', `/users/${randomUUID()}/checkMemberGroups`, { groupIds: [team] });
    assert.equal(unknown.status, 404);
  });

  it('accepts sendMail with 202 and keeps the message for inspection', async () => {
    const sender = randomUUID();
    server.directory.addUser(sender);
    const sent = await call('POST', `/users/${sender}/sendMail`, {
      message: { subject: 'Approval needed', body: { contentType: 'Text', content: 'Case C-1' }, toRecipients: [{ emailAddress: { address: 'tm@example.org' } }] },
    });
    assert.equal(sent.status, 202);
    assert.equal(server.sentMail.length, 1);
    assert.deepEqual(server.sentMail[0]?.to, ['tm@example.org']);
  });

  it('can fail a request after applying it (the change is kept, the reply is a 503)', async () => {
    const id = await createWidgets();
    server.fail({ status: 503, afterApply: true });
    const created = await call('POST', `${lists}/${id}/items`, { fields: { Key: 'a' } });
    assert.equal(created.status, 503);
    assert.equal(server.rows(SITE, 'Widgets').length, 1);
  });

  it('injects 429 for the next N requests, then serves normally', async () => {
    await createWidgets();
    server.throttle({ times: 2, retryAfterSeconds: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call('GET', lists)).status);
    assert.deepEqual(statuses, [429, 429, 200]);
  });

  it('simulates a full outage: connections refused until it ends, 503 in the other mode', async () => {
    await server.outage({ forMs: 60_000, mode: 'refuse' });
    // A fresh connection (no keep-alive pool) so the check sees the closed port, not a reset idle socket.
    const refused = await new Promise<string | undefined>((resolve) => {
      const request = get(`${server.url}/v1.0/sites/${SITE}/lists`, { agent: false }, () => resolve(undefined));
      request.on('error', (error: Error & { code?: string }) => resolve(error.code));
    });
    assert.equal(refused, 'ECONNREFUSED');
    await server.endOutage();
    assert.equal((await call('GET', lists)).status, 200);
    await server.outage({ forMs: 60_000, mode: '503', retryAfterSeconds: 3 });
    const during = await call('GET', lists);
    assert.equal(during.status, 503);
    assert.equal(during.headers.get('Retry-After'), '3');
    await server.endOutage();
    assert.equal((await call('GET', lists)).status, 200);
  });
});
