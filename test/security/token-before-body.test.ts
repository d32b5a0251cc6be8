/**
 * With an app id, a request carrying any Authorization header had its body read (up to 256 KB),
 * parsed and walked before the token was checked. 256 KB of small arrays or keys cost the answering
 * thread about 0.1 s each (measured here: JSON.parse plus the shape check, 80–125 ms a body on a busy
 * 2-core machine), so a few requests a second from anyone, with "Bearer x", held every click. The
 * token is now checked before the body is read: a bad one is refused with 401 while the body is still
 * coming, and the connection closed. A good token is still served, and checked in full with its body.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { APP_ID, SignedBot, TENANT } from './support/signed-bot';
import { rawRequest, RawAnswer } from './support/raw-request';

/** The answer, or "no answer" once `ms` have passed: the old server waited for a body that never came. */
function within(ms: number, answer: Promise<RawAnswer>): Promise<RawAnswer | 'no answer'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'no answer'>((resolve) => {
    timer = setTimeout(() => resolve('no answer'), ms);
  });
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

describe('security: the token is checked before the body is read', function () {
  this.timeout(60_000);
  let signed: SignedBot;
  beforeEach(async () => {
    signed = await new SignedBot().start();
  });
  afterEach(() => signed.stop());

  it('a junk, forged, expired or other bot\'s token gets 401 before the body is sent, and one log line', async () => {
    const serviceurl = signed.connector.url;
    const tokens = {
      junk: 'Bearer x',
      forged: `Bearer ${signed.issuer.forged({ aud: APP_ID, serviceurl })}`,
      expired: `Bearer ${signed.issuer.token({ aud: APP_ID, serviceurl, expiresIn: -3600 })}`,
      otherBot: `Bearer ${signed.issuer.token({ aud: '11111111-2222-4333-8444-555555555555', serviceurl })}`,
    };
    // 200 KB declared, the first 1 KB of a body of many small arrays sent, the rest held back.
    const start = `{"type":"message","channelId":"msteams","x":[${'[],'.repeat(340)}`;
    for (const [name, authorization] of Object.entries(tokens)) {
      const from = signed.logs.length;
      const answer = await within(5_000, rawRequest(signed.api, { headers: { 'content-type': 'application/json', 'content-length': String(200 * 1024), authorization }, chunks: [start], holdOpen: true }));
      assert.notEqual(answer, 'no answer', `${name}: the server waited for the body before checking the token`);
      if (answer === 'no answer') return;
      assert.equal(answer.status, 401, `${name}: ${answer.text}`);
      assert.equal(answer.headers.connection, 'close', name);
      assert.match((answer.json as { code: string }).code, /^(INVALID|EXPIRED)_TOKEN$/, name);
      assert.deepEqual(signed.linesSince(from).map((l) => [l.level, l.msg]), [['warn', 'bot request refused: invalid token']], name);
    }
  });

  it('a good token is served, and the same token with a body naming another service URL is still refused', async () => {
    const token = signed.token();
    assert.equal((await signed.post(messageActivity(signed.connector.url, PEOPLE.sw, 'help', undefined, TENANT), `Bearer ${token}`)).status, 200);
    assert.equal((await signed.post(messageActivity(signed.connector.url, PEOPLE.sw, 'help', undefined, TENANT), `Bearer ${token}`)).status, 200);
    const elsewhere = await signed.post(messageActivity('https://evil.example.com/', PEOPLE.sw, 'help', undefined, TENANT), `Bearer ${token}`);
    assert.equal(elsewhere.status, 401, elsewhere.text);
  });
});
