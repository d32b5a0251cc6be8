/**
 * A card action (adaptiveCard/action) refused once its token was accepted was answered HTTP 400 or
 * 403, where the Universal Actions response format asks for HTTP 200 with the refusal in the body's
 * statusCode ("If the Bot did process an incoming adaptiveCard/action Invoke activity ... the HTTP
 * response's status code ... must be equal to 200"). Now HTTP 200 with statusCode 400 and type
 * application/vnd.microsoft.error, naming the problem; a bad token is still HTTP 401, and other
 * invokes and activities keep their HTTP status. Nothing is stored, and each refusal is one warning.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { snapshotCases } from '../reliability/support/store-snapshot';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { OTHER_TENANT, SignedBot, TENANT } from './support/signed-bot';

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { inner: value };
  return value;
}

describe('security: a refused card action is HTTP 200 with its status in the body (Universal Actions)', function () {
  this.timeout(60_000);
  let signed: SignedBot;
  beforeEach(async () => {
    signed = await new SignedBot().start();
  });
  afterEach(() => signed.stop());

  it('shape, tenant, channel and an unreadable value: HTTP 200, statusCode 400 with the code; a bad token 401; other invokes 400', async () => {
    const url = signed.connector.url;
    const store = signed.bot!.runtime.app.store;
    const [target] = await casesAwaitingTeamManager(signed.bot!.runtime.app.service, 1, 'SEC-UA');
    const before = await snapshotCases(store);
    const card = (tenant = TENANT): Record<string, unknown> => invokeActivity(url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve' }, undefined, tenant);
    const badFrom = card();
    (badFrom.from as Record<string, unknown>).id = 42;
    const fromOutlookElsewhere = { ...card(OTHER_TENANT), channelId: 'outlook' };
    const webChat = { ...card(), channelId: 'webchat' };
    const refused: Array<[string, Record<string, unknown>, string]> = [
      ['value without an action', { ...card(), value: {} }, 'NO_CARD_ACTION'],
      ['value that is text', { ...card(), value: 'x' }, 'NO_CARD_ACTION'],
      ['card data 100 levels deep', { ...card(), value: { action: { type: 'Action.Execute', verb: 'decide', data: { extra: nested(100) } } } }, 'TOO_DEEP'],
      ['from.id a number', badFrom, 'BAD_FIELD'],
      ['another tenant (Teams)', card(OTHER_TENANT), 'TENANT_NOT_ACCEPTED'],
      ['another tenant (Outlook)', fromOutlookElsewhere, 'TENANT_NOT_ACCEPTED'],
      ['a channel not served', webChat, 'CHANNEL_NOT_ACCEPTED'],
    ];
    for (const [what, activity, code] of refused) {
      const from = signed.logs.length;
      const answer = await signed.post(activity);
      assert.equal(answer.status, 200, `${what}: HTTP 200: ${answer.text.slice(0, 200)}`);
      assert.ok(isInvokeBody(answer.json), what);
      assert.equal(answer.json.statusCode, 400, what);
      assert.equal(answer.json.type, 'application/vnd.microsoft.error', what);
      assert.equal((answer.json.value as { code?: string }).code, code, what);
      assert.deepEqual(signed.linesSince(from).map((l) => [l.level, l.code]), [['warn', code]], `${what}: one warning`);
    }
    // No value at all: botbuilder's own typed 400, sent as HTTP 200 too, and still logged as a refusal.
    const noValue = card();
    delete noValue.value;
    const from = signed.logs.length;
    const answer = await signed.post(noValue);
    assert.equal(answer.status, 200, answer.text.slice(0, 200));
    assert.ok(isInvokeBody(answer.json));
    assert.equal(answer.json.statusCode, 400);
    assert.deepEqual(signed.linesSince(from).map((l) => [l.level, l.msg, l.status]), [['warn', 'bot request answered with a refusal', 400]]);

    // Authentication failures stay HTTP 401; other invokes and messages keep their 400 / 403.
    assert.equal((await signed.post(card(), 'Bearer not-a-token')).status, 401);
    assert.equal((await signed.post(card(), null)).status, 401);
    assert.equal((await signed.post({ ...card(), name: 'task/fetch', value: { data: {} } })).status, 400);
    assert.equal((await signed.post(messageActivity(url, PEOPLE.sw, 'my cases', undefined, OTHER_TENANT))).status, 403);
    assert.deepEqual(await snapshotCases(store), before, 'nothing recorded');
    assert.equal(signed.connector.replies, 0, 'nothing sent');
    // A card action is still served.
    assert.equal((await signed.post(card())).status, 200);
  });
});
