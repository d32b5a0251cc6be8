/**
 * The signed-token path (issue 15, "Tests and figures"): a key pair made in the test, its OpenID
 * metadata and JWKS served locally, and botbuilder's own validation pointed at them through its
 * documented settings. A well-formed token from the council's tenant in Teams is served; the
 * other findings' tests (M2, M3, L1, L10) use the same path for what must be refused.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody, cardTexts } from '../../support/bot-over-http/activities';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { TENANT, SignedBot } from './support/signed-bot';
import { freePort } from '../../support/local-http';

describe('security: the signed-token path (local OpenID metadata and JWKS)', function () {
  this.timeout(60_000);
  let signed: SignedBot;
  beforeEach(async () => {
    signed = await new SignedBot().start();
  });
  afterEach(() => signed.stop());

  it('a well-formed token from the council tenant in Teams is served: the decision is recorded', async () => {
    const service = signed.bot!.runtime.app.service;
    const [target] = await casesAwaitingTeamManager(service, 1, 'SEC-TOKEN');
    const decide = invokeActivity(signed.connector.url, PEOPLE.tm, 'decide', { caseId: target!.caseId, approvalId: target!.approvalId, outcome: 'approve', comment: 'Fine.' }, undefined, TENANT);
    const answer = await signed.post(decide);
    assert.equal(answer.status, 200, answer.text.slice(0, 300));
    assert.ok(isInvokeBody(answer.json));
    assert.doesNotMatch(cardTexts(answer.json.value), /not set up|could not be identified|another/i);
    const after = await service.get(target!.caseId);
    assert.equal(after?.state.approvals.find((a) => a.approvalId === target!.approvalId)?.decision?.by.id, PEOPLE.tm.id);
    assert.ok(signed.issuer.keyFetches >= 1, 'botbuilder fetched the keys from the local JWKS');

    // The same activity without the token, or with a token for another bot, changes nothing more.
    const version = after!.version;
    assert.equal((await signed.post(decide, null)).status, 401);
    const otherBot = signed.issuer.token({ aud: '11111111-2222-4333-8444-555555555555', serviceurl: signed.connector.url });
    assert.equal((await signed.post(decide, `Bearer ${otherBot}`)).status, 401);
    const otherService = signed.issuer.token({ aud: '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', serviceurl: 'https://evil.example.com/' });
    assert.equal((await signed.post(decide, `Bearer ${otherService}`)).status, 401, 'the token names another service URL');
    const neverExpires = signed.issuer.token({ aud: '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', serviceurl: signed.connector.url, expiresIn: null });
    const refused = await signed.post(decide, `Bearer ${neverExpires}`);
    assert.deepEqual([refused.status, (refused.json as { code?: unknown }).code], [401, 'INVALID_TOKEN'], 'a token that names no expiry would never expire');
    assert.equal((await service.get(target!.caseId))?.version, version);
  });

  it('when the signing keys cannot be fetched the answer is 503 (the channel retries) and an error log line, not a 401', async () => {
    // A port nothing listens on: the metadata fetch is refused.
    const port = await freePort();
    const unreachable = await new SignedBot().start({ env: { BOT_CHANNEL_OPENID_METADATA_URL: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration` } });
    try {
      const from = unreachable.logs.length;
      const answer = await unreachable.post(invokeActivity(unreachable.connector.url, PEOPLE.sw, 'showCase', { caseId: 'x' }, undefined, TENANT));
      assert.equal(answer.status, 503, answer.text);
      assert.deepEqual(unreachable.linesSince(from).map((l) => [l.level, l.code]), [['error', 'KEYS_UNAVAILABLE']]);
    } finally {
      await unreachable.stop();
    }
  });
});
