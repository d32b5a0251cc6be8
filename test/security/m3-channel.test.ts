/**
 * M3. With a valid token, an activity with channelId "webchat" and a forged aadObjectId created a
 * case. Now, with an app id, only the Teams (msteams) and Outlook (outlook) channels are served
 * (403 otherwise, before anything is stored), and deploy/main.bicep turns Web Chat and Direct
 * Line off on the Azure Bot.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { snapshotCases } from '../reliability/support/store-snapshot';
import { SignedBot, TENANT } from './support/signed-bot';
import { deliveryKeys } from '../../src/ports/delivery-keys';

/** A Bicep resource block by its symbolic name, up to the next top-level resource. */
function bicepResource(bicep: string, name: string): string {
  const start = bicep.indexOf(`resource ${name} `);
  assert.ok(start >= 0, `deploy/main.bicep declares ${name}`);
  const next = bicep.indexOf('\nresource ', start + 1);
  return bicep.slice(start, next < 0 ? undefined : next);
}

describe('security: M3 (channels)', function () {
  this.timeout(60_000);
  let signed: SignedBot;
  beforeEach(async () => {
    signed = await new SignedBot().start();
  });
  afterEach(() => signed.stop());

  it('M3 Web Chat, Direct Line and other channels are refused (403; a card action 200 with the refusal in its body) with a valid token; Teams and Outlook are served; the Bicep turns Web Chat and Direct Line off', async () => {
    const store = signed.bot!.runtime.app.store;
    const before = await snapshotCases(store);
    // A forged Entra object id: the Director's, claimed from Web Chat.
    const forged = { ...PEOPLE.director };
    // (Channels the signing key does not endorse are already refused by botbuilder, 401.)
    for (const channelId of ['webchat', 'directline', 'emulator']) {
      const start = { ...invokeActivity(signed.connector.url, forged, 'startCase', { ref: `SEC-M3-${channelId}`, legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2015-05-14', accommodatedOn: '2026-10-01' }, undefined, TENANT), channelId };
      const answer = await signed.post(start);
      // A card action: HTTP 200 with the refusal in the body, as Universal Actions ask (card-action-status.test.ts).
      assert.equal(answer.status, 200, `${channelId}: ${answer.text.slice(0, 200)}`);
      assert.ok(isInvokeBody(answer.json), 'a typed invoke error');
      assert.equal(answer.json.statusCode, 400);
      assert.match(answer.text, /CHANNEL_NOT_ACCEPTED/);
      const message = await signed.post({ ...messageActivity(signed.connector.url, forged, 'my cases', undefined, TENANT), channelId });
      assert.equal(message.status, 403);
    }
    assert.deepEqual(await snapshotCases(store), before, 'no case created');
    assert.equal(await store.getConversation(deliveryKeys.person(forged.id)), undefined, 'no conversation reference saved');
    assert.equal(signed.connector.replies, 0);

    // Teams and Outlook are served (an invoke answers in the response; nothing needs the Connector).
    for (const channelId of ['msteams', 'outlook']) {
      const show = { ...invokeActivity(signed.connector.url, PEOPLE.sw, 'showCase', { caseId: 'no-such-case' }, undefined, TENANT), channelId };
      const answer = await signed.post(show);
      assert.equal(answer.status, 200, `${channelId}: ${answer.text.slice(0, 200)}`);
    }

    const bicep = readFileSync(join(REPO_ROOT, 'deploy', 'main.bicep'), 'utf8');
    for (const [name, channel] of [['webChatChannel', 'WebChatChannel'], ['directLineChannel', 'DirectLineChannel']] as const) {
      const block = bicepResource(bicep, name);
      assert.match(block, new RegExp(`channelName: '${channel}'`));
      assert.match(block, /isEnabled: false/);
      assert.doesNotMatch(block, /isEnabled: true/);
    }
  });
});
