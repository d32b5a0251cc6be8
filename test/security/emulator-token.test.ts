/**
 * botbuilder takes the Bot Framework Emulator's tokens beside the channels' own: an Entra ID token
 * for the bot's app whose client (appid, or azp) is that app too, from any tenant, with no service
 * URL bound to it. Anyone holding the app's secret, or able to use its managed identity, could get
 * one from Entra ID (client credentials, scope "{app id}/.default") and post activities naming any
 * person as the caller: approve as the Director. Teams and Outlook
 * send only the Bot Connector's tokens (issuer https://api.botframework.com, or the configured one),
 * so any other is refused with 401. The check runs through botbuilder's real validation: the local
 * issuer serves the keys for both paths.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity } from '../../support/bot-over-http/activities';
import { EdgeAdapter, KeptClientsAuthentication } from '../../src/bot/adapter';
import { APP_ID, TENANT } from './support/signed-bot';
import { TokenIssuer } from './support/token-issuer';

describe('security: only the channels\' tokens are taken (not the Emulator\'s)', function () {
  this.timeout(30_000);
  const issuer = new TokenIssuer();
  const serviceUrl = 'https://smba.trafficmanager.net/uk/';
  let adapter: EdgeAdapter;
  before(async () => {
    await issuer.start();
    adapter = new EdgeAdapter(
      new KeptClientsAuthentication({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppTenantId: TENANT,
        MicrosoftAppType: 'SingleTenant',
        ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
        ToChannelFromBotOAuthScope: 'https://api.botframework.com',
        OAuthUrl: 'https://api.botframework.com',
        CallerId: 'urn:botframework:azure',
        ValidateAuthority: true,
        ToBotFromChannelOpenIdMetadataUrl: issuer.metadataUrl,
        ToBotFromChannelTokenIssuer: issuer.issuer,
        // Where botbuilder fetches the Emulator path's keys: Entra ID's, here the same local issuer.
        ToBotFromEmulatorOpenIdMetadataUrl: issuer.metadataUrl,
      }),
    );
  });
  after(() => issuer.stop());

  const decide = invokeActivity(serviceUrl, PEOPLE.director, 'decide', { caseId: 'c', approvalId: 'a', outcome: 'approve' }, undefined, TENANT);

  it('a channel token for this bot and service URL is taken', async () => {
    const check = await adapter.checkToken(decide, `Bearer ${issuer.token({ aud: APP_ID, serviceurl: serviceUrl })}`);
    assert.equal(check.ok, true, JSON.stringify(check));
  });

  it('an Entra ID token whose client is the bot app (the Emulator path) is refused with 401, v1 and v2 alike (another audience botbuilder already refused)', async () => {
    for (const more of <Array<Record<string, string>>>[
      { ver: '1.0', tid: TENANT, appid: APP_ID },
      { ver: '2.0', tid: TENANT, azp: APP_ID },
    ]) {
      const iss = more.ver === '1.0' ? `https://sts.windows.net/${TENANT}/` : `https://login.microsoftonline.com/${TENANT}/v2.0`;
      for (const aud of ['https://management.azure.com/', APP_ID]) {
        const token = issuer.token({ iss, aud, serviceurl: 'https://evil.example.com/', more });
        const check = await adapter.checkToken(decide, `Bearer ${token}`);
        assert.deepEqual(check.ok ? 'taken' : [check.status, check.code], [401, 'INVALID_TOKEN'], `${more.ver} token for ${aud}`);
      }
    }
  });
});
