/**
 * INSECURE_ALLOW_NO_TOKEN_ON_NETWORK lets a bot with no app id answer anyone on the network: for a
 * test on a developer's second machine only. On Azure App Service (which sets WEBSITE_SITE_NAME and
 * WEBSITE_INSTANCE_ID in every app's environment) it would put the bot on the internet with no
 * sign-in, so the bot refuses to start there, naming the setting, whatever else is set.
 */
import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config';

describe('security: INSECURE_ALLOW_NO_TOKEN_ON_NETWORK on Azure App Service', () => {
  const insecure = { HOST: '0.0.0.0', INSECURE_ALLOW_NO_TOKEN_ON_NETWORK: 'true' };

  for (const appService of [{ WEBSITE_SITE_NAME: 'council-s20-bot' }, { WEBSITE_INSTANCE_ID: '0f1e2d3c4b5a' }]) {
    it(`is refused with one line naming the setting (${Object.keys(appService)[0]} set)`, () => {
      assert.throws(
        () => loadConfig({ ...insecure, ...appService }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.variable, 'INSECURE_ALLOW_NO_TOKEN_ON_NETWORK');
          assert.match(error.message, /^INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true is refused on Azure App Service/);
          assert.doesNotMatch(error.message, /\n/);
          return true;
        },
      );
    });
  }

  it('is still allowed off App Service (a local test from another machine), and unset is fine on App Service', () => {
    assert.equal(loadConfig(insecure).server.insecureNoTokenOnNetwork, true);
    assert.equal(loadConfig({ WEBSITE_SITE_NAME: 'council-s20-bot' }).server.host, '127.0.0.1');
  });
});
