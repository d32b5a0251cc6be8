/**
 * L10 (the tenant id part; the date of birth part is sec-domain's). A non-GUID or upper-case
 * tenant id was accepted and then refused everyone. Now MICROSOFT_APP_TENANT_ID must be a GUID,
 * and tenant ids are compared in any case: configured in upper case, a Teams activity carrying
 * the id in lower (or upper) case is served.
 */
import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config';
import { PEOPLE } from '../../support/world';
import { invokeActivity } from '../../support/bot-over-http/activities';
import { APP_ID, OTHER_TENANT, SignedBot, TENANT } from './support/signed-bot';

describe('security: L10 (tenant ids)', function () {
  this.timeout(60_000);
  let signed: SignedBot | undefined;
  afterEach(async () => {
    await signed?.stop();
    signed = undefined;
  });

  it('L10 tenant ids must be GUIDs and are compared case-insensitively', async () => {
    const base = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'p', ORG_NAME: 'Mossbank Council' };
    for (const bad of ['contoso.onmicrosoft.com', 'tenant-0001', `${TENANT}x`, '{5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f}']) {
      assert.throws(() => loadConfig({ ...base, MICROSOFT_APP_TENANT_ID: bad }), (e: unknown) => e instanceof ConfigError && e.variable === 'MICROSOFT_APP_TENANT_ID' && /GUID/.test(e.message), bad);
    }
    assert.equal(loadConfig({ ...base, MICROSOFT_APP_TENANT_ID: TENANT.toUpperCase() }).bot.appTenantId, TENANT);

    signed = await new SignedBot().start({ env: { MICROSOFT_APP_TENANT_ID: TENANT.toUpperCase() } });
    for (const tenant of [TENANT, TENANT.toUpperCase()]) {
      const answer = await signed.post(invokeActivity(signed.connector.url, PEOPLE.sw, 'showCase', { caseId: 'no-such-case' }, undefined, tenant));
      assert.equal(answer.status, 200, `${tenant}: ${answer.text.slice(0, 200)}`);
      assert.doesNotMatch(answer.text, /another|TENANT_NOT_ACCEPTED/);
    }
    const foreign = await signed.post(invokeActivity(signed.connector.url, PEOPLE.sw, 'showCase', { caseId: 'no-such-case' }, undefined, OTHER_TENANT.toUpperCase()));
    // A card action: HTTP 200 with the refusal in the body, as Universal Actions ask (card-action-status.test.ts).
    assert.equal(foreign.status, 200);
    assert.match(foreign.text, /"statusCode":400.*TENANT_NOT_ACCEPTED/);
  });
});
