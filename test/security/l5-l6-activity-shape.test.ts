/**
 * L5. Unhandled invoke types and deeply nested card data got 501 and error-level logs: now a
 * typed 400 (the invoke error body Teams expects) and one warning.
 * L6. Identity fields of the wrong type (a number or an object for from.id) threw inside the
 * turn: the activity's shape is now checked at the edge (zod) and answered with 400 naming the
 * field (a member added or removed too: a list of them that was text threw in the welcome). A card
 * action whose value is not an object got 501 and an error log: now the typed 400. Both with a valid token, so the refusals are the edge's and not the token check's;
 * nothing is stored and nothing is sent.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { snapshotCases } from '../reliability/support/store-snapshot';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { SignedBot, TENANT } from './support/signed-bot';
import { deliveryKeys } from '../../src/ports/delivery-keys';

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { inner: value };
  return value;
}

/** The activity as JSON with `data` nested `depth` levels deep, written as text (JSON.stringify would overflow). */
function deeplyNested(activity: Record<string, unknown>, depth: number): string {
  const data = `${'{"inner":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
  return JSON.stringify({ ...activity, value: { action: { type: 'Action.Execute', verb: 'decide', data: '__DATA__' } } }).replace('"__DATA__"', data);
}

describe('security: L5 and L6 (what an activity may be)', function () {
  this.timeout(60_000);
  let signed: SignedBot;
  beforeEach(async () => {
    signed = await new SignedBot().start();
  });
  afterEach(() => signed.stop());

  it('L5 unhandled invoke types and deeply nested card data get a typed 400 (a card action: HTTP 200 with the 400 in its body) and one warning, never a 501 or an error log', async () => {
    const url = signed.connector.url;
    const [target] = await casesAwaitingTeamManager(signed.bot!.runtime.app.service, 1, 'SEC-L5');
    const before = await snapshotCases(signed.bot!.runtime.app.store);
    const card = invokeActivity(url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve' }, undefined, TENANT);
    const inputs: Array<[string, Record<string, unknown> | string]> = [
      ['task/fetch', { ...card, name: 'task/fetch', value: { data: {} } }],
      ['composeExtension/query', { ...card, name: 'composeExtension/query', value: { commandId: 'x' } }],
      ['signin/verifyState', { ...card, name: 'signin/verifyState', value: { state: '1' } }],
      ['an invoke with no name', { ...card, name: undefined }],
      ['card data 100 levels deep', { ...card, value: { action: { type: 'Action.Execute', verb: 'decide', data: { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve', extra: nested(100) } } } }],
      ['card data 5,000 levels deep', deeplyNested(card, 5000)],
      ['a card action whose value is text, not an object', { ...card, value: 'x' }],
      ['a card action whose value is a list', { ...card, value: [{ action: {} }] }],
    ];
    for (const [what, activity] of inputs) {
      const from = signed.logs.length;
      const answer = await signed.post(activity);
      // A refused card action is HTTP 200 with the 400 in its body, as Universal Actions ask (card-action-status.test.ts); other invokes 400.
      const cardAction = typeof activity === 'string' || activity['name'] === 'adaptiveCard/action';
      assert.equal(answer.status, cardAction ? 200 : 400, `${what}: ${answer.text.slice(0, 200)}`);
      assert.ok(isInvokeBody(answer.json), `${what}: a typed invoke error: ${answer.text.slice(0, 200)}`);
      assert.equal(answer.json.statusCode, 400);
      assert.equal(answer.json.type, 'application/vnd.microsoft.error');
      const lines = signed.linesSince(from);
      assert.deepEqual(lines.map((l) => l.level), ['warn'], `${what}: one warning: ${JSON.stringify(lines)}`);
    }
    // A card action is still served.
    const served = await signed.post(card);
    assert.equal(served.status, 200, served.text.slice(0, 200));
    const after = await snapshotCases(signed.bot!.runtime.app.store);
    assert.equal(after.get(target!.caseId)!.version, before.get(target!.caseId)!.version + 1, 'only the well-formed card action changed the case');
  });

  it('L6 identity fields of the wrong type get 400 naming the field; nothing stored, nothing sent', async () => {
    const url = signed.connector.url;
    const store = signed.bot!.runtime.app.store;
    const before = await snapshotCases(store);
    const message = (): Record<string, unknown> => messageActivity(url, PEOPLE.sw, 'my cases', undefined, TENANT);
    const cases: Array<[string, (a: Record<string, unknown>) => void, RegExp]> = [
      ['from.id a number', (a) => ((a.from as Record<string, unknown>).id = 42), /"from\.id"/],
      ['from.id an object', (a) => ((a.from as Record<string, unknown>).id = { id: 'x' }), /"from\.id"/],
      ['from.aadObjectId a number', (a) => ((a.from as Record<string, unknown>).aadObjectId = 7), /"from\.aadObjectId"/],
      ['from.name an array', (a) => ((a.from as Record<string, unknown>).name = ['a']), /"from\.name"/],
      ['from missing', (a) => delete a.from, /"from" is missing/],
      ['recipient.id null', (a) => ((a.recipient as Record<string, unknown>).id = null), /"recipient\.id"/],
      ['conversation an array', (a) => (a.conversation = ['a']), /"conversation"/],
      ['conversation.tenantId a number', (a) => ((a.conversation as Record<string, unknown>).tenantId = 5), /"conversation\.tenantId"/],
      ['channelData.tenant.id an object', (a) => (a.channelData = { tenant: { id: { x: 1 } } }), /"channelData\.tenant\.id"/],
      ['channelId a number', (a) => (a.channelId = 1), /"channelId"/],
      ['text an object', (a) => (a.text = { text: 'my cases' }), /"text"/],
      ['membersAdded text', (a) => Object.assign(a, { type: 'conversationUpdate', text: undefined, membersAdded: 'x' }), /"membersAdded"/],
      ['membersAdded not a list', (a) => Object.assign(a, { type: 'conversationUpdate', text: undefined, membersAdded: { length: 1 } }), /"membersAdded"/],
      ['a member added that is null', (a) => Object.assign(a, { type: 'conversationUpdate', text: undefined, membersAdded: [null] }), /"membersAdded\.0"/],
      ['a member removed without an id', (a) => Object.assign(a, { type: 'conversationUpdate', text: undefined, membersRemoved: [{ name: 'x' }] }), /"membersRemoved\.0\.id"/],
    ];
    for (const [what, damage, named] of cases) {
      const activity = message();
      damage(activity);
      const from = signed.logs.length;
      const answer = await signed.post(activity);
      assert.equal(answer.status, 400, `${what}: ${answer.text.slice(0, 200)}`);
      assert.match(String((answer.json as { error?: unknown }).error), named, what);
      assert.deepEqual(signed.linesSince(from).map((l) => [l.level, l.code]), [['warn', 'BAD_FIELD']], what);
    }
    // The same fields wrong in a card action get the typed invoke error.
    const action = invokeActivity(url, PEOPLE.sw, 'showCase', { caseId: 'x' }, undefined, TENANT);
    (action.from as Record<string, unknown>).id = 42;
    const answer = await signed.post(action);
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json));
    assert.equal(answer.json.statusCode, 400);
    assert.deepEqual(await snapshotCases(store), before);
    assert.equal(await store.getConversation(deliveryKeys.person(PEOPLE.sw.id)), undefined);
    assert.equal(signed.connector.replies, 0);
  });
});
