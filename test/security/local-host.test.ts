/**
 * Without an app id the bot takes no token and listens on this machine only. A web page from any
 * site could still reach it by DNS rebinding (its own name made to resolve to 127.0.0.1): the
 * browser then posts as "same origin" and reads the answers, the case cards included, acting as
 * whoever the page names. Such a request names the page's site in its Host header; it is now refused
 * (403) before anything is read or stored. Requests to localhost, 127.0.0.1 or [::1] are served as
 * before (the Agents Playground posts to 127.0.0.1). With an app id a token is required instead.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { invokeActivity, messageActivity } from '../../support/bot-over-http/activities';
import { botEachTest } from './support/bot-over-http';
import { rawRequest } from './support/raw-request';
import { hostRefusal } from '../../src/http/local-host';
import { deliveryKeys } from '../../src/ports/delivery-keys';

describe('security: without an app id, only requests addressed to this machine', function () {
  this.timeout(60_000);
  const each = botEachTest();
  const { connector } = each;

  it('a request naming another site in its Host header (DNS rebinding) is refused with 403; nothing is answered or stored', async () => {
    const bot = await each.start();
    const port = new URL(bot.url).port;
    const post = (host: string, activity: unknown): ReturnType<typeof rawRequest> => {
      const body = JSON.stringify(activity);
      return rawRequest(`${bot.url}/api/messages`, { headers: { host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }, chunks: [body] });
    };
    for (const host of [`attacker.example:${port}`, `127.0.0.1.attacker.example:${port}`, 'attacker.example', `localhost.:${port}`]) {
      const answer = await post(host, invokeActivity(connector.url, PEOPLE.director, 'showCase', { caseId: 'any' }));
      assert.equal(answer.status, 403, `${host}: ${answer.text.slice(0, 200)}`);
      assert.equal((answer.json as { code?: unknown }).code, 'HOST_NOT_ACCEPTED', host);
      assert.equal((await post(host, messageActivity(connector.url, PEOPLE.sw, 'my cases'))).status, 403, host);
    }
    assert.equal(connector.replies, 0, 'nothing was answered to the page');
    const reference = (): Promise<unknown> => bot.runtime.app.store.getConversation(deliveryKeys.person(PEOPLE.sw.id));
    assert.equal(await reference(), undefined, 'no conversation reference was kept');

    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const answer = await post(host, messageActivity(connector.url, PEOPLE.sw, 'help'));
      assert.equal(answer.status, 200, `${host}: ${answer.text.slice(0, 200)}`);
    }
    assert.ok(connector.replies >= 4);
    assert.notEqual(await reference(), undefined, 'a served message keeps its conversation reference');
  });

  it('only without an app id and on this machine alone: with one (a token checked instead), or INSECURE_ALLOW_NO_TOKEN_ON_NETWORK, any Host is left to the rest', () => {
    assert.equal(hostRefusal('bot.council.example', false), null);
    assert.equal(hostRefusal(undefined, false), null);
    assert.equal(hostRefusal(undefined, true)?.code, 'HOST_NOT_ACCEPTED');
    assert.equal(hostRefusal('127.0.0.2:3978', true), null);
  });
});
