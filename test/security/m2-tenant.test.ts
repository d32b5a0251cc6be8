/**
 * M2. With MICROSOFT_APP_TYPE=MultiTenant and no tenant id, a caller from another tenant created
 * a case. Now the council's tenant id is required whenever an app id is set, and a request from
 * any other tenant, with a valid token, is refused (403) before anything is stored: no case, no
 * refusal entry, and no conversation reference (L11), for a message, a card action and an install.
 */
import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config';
import { PEOPLE } from '../../support/world';
import { invokeActivity, messageActivity } from '../../support/bot-over-http/activities';
import { snapshotCases } from '../reliability/support/store-snapshot';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { APP_ID, OTHER_TENANT, SignedBot } from './support/signed-bot';
import { deliveryKeys } from '../../src/ports/delivery-keys';

describe('security: M2 (tenant)', function () {
  this.timeout(60_000);
  let signed: SignedBot;
  beforeEach(async () => {
    signed = await new SignedBot().start();
  });
  afterEach(() => signed.stop());

  it('M2 another tenant with a valid token is refused (403; a card action 200 with the refusal in its body) before anything is stored, its conversation reference included; no tenant id is a configuration error', async () => {
    const store = signed.bot!.runtime.app.store;
    const [target] = await casesAwaitingTeamManager(signed.bot!.runtime.app.service, 1, 'SEC-M2');
    const before = await snapshotCases(store);
    const url = signed.connector.url;
    const install = { ...messageActivity(url, PEOPLE.sw, '', undefined, OTHER_TENANT), type: 'conversationUpdate', membersAdded: [{ id: `29:${PEOPLE.sw.id}` }] };
    const foreign = [
      messageActivity(url, PEOPLE.sw, 'my cases', undefined, OTHER_TENANT),
      install,
      invokeActivity(url, PEOPLE.sw, 'startCase', { ref: 'SEC-M2-NEW', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2015-05-14', accommodatedOn: '2026-10-01' }, undefined, OTHER_TENANT),
      invokeActivity(url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve' }, undefined, OTHER_TENANT),
    ];
    // The tenant in channelData only (conversation.tenantId missing), as some activities carry it.
    const channelDataOnly = messageActivity(url, PEOPLE.sw, 'my cases', undefined, OTHER_TENANT) as { conversation: Record<string, unknown> };
    delete channelDataOnly.conversation.tenantId;
    // No tenant at all: refused too, not waved through.
    const none = messageActivity(url, PEOPLE.sw, 'my cases') as { conversation: Record<string, unknown>; channelData?: unknown };
    delete none.conversation.tenantId;
    delete none.channelData;
    for (const activity of [...foreign, channelDataOnly, none]) {
      const from = signed.logs.length;
      const answer = await signed.post(activity);
      // A card action: HTTP 200 with the refusal in the body, as Universal Actions ask (card-action-status.test.ts).
      const cardAction = (activity as { type: string }).type === 'invoke';
      assert.equal(answer.status, cardAction ? 200 : 403, `${String((activity as { type: string }).type)}: ${answer.text.slice(0, 200)}`);
      assert.match(answer.text, /TENANT_NOT_ACCEPTED/);
      assert.deepEqual(signed.linesSince(from).map((l) => [l.level, l.msg, l.code]), [['warn', 'bot request refused', 'TENANT_NOT_ACCEPTED']]);
    }
    assert.deepEqual(await snapshotCases(store), before, 'no case created or changed, no refusal kept');
    assert.equal(await store.getConversation(deliveryKeys.person(PEOPLE.sw.id)), undefined, 'no conversation reference saved');
    assert.equal(await store.getConversation(deliveryKeys.person(PEOPLE.tm.id)), undefined);
    assert.equal(signed.connector.replies, 0, 'nothing sent');

    // Configuration: an app id without the tenant is refused at start-up, whatever the app type.
    for (const type of ['MultiTenant', 'SingleTenant']) {
      assert.throws(() => loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: type }), (e: unknown) => e instanceof ConfigError && e.variable === 'MICROSOFT_APP_TENANT_ID');
    }
  });
});
