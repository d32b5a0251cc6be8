/**
 * M1. Bodies of any size were parsed before authentication (four 250 MB requests took the
 * process from 181 MB to 1.9 GB). Now a body over the limit is refused with 413 on its declared
 * length before any of it is read, or as soon as a chunked body passes the limit; and with an
 * app id a request without an Authorization header is refused (401) before its body is read.
 * Each refusal here arrives while the client is still "sending": the server did not wait for the body.
 */
import { strict as assert } from 'node:assert';
import { MAX_ACTIVITY_BYTES } from '../../src/http/activity-body';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { botEachTest } from './support/bot-over-http';
import { rawRequest } from './support/raw-request';

const APP_ID = '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71';
const TENANT = '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f';
const HUGE = String(250 * 1024 * 1024);

describe('security: M1 (body size and token presence before reading)', function () {
  this.timeout(60_000);
  const each = botEachTest();
  const { connector } = each;

  it('M1 a body over the limit gets 413 before it is read; a missing token gets 401 before the body is read', async () => {
    let bot = await each.start();
    const api = `${bot.url}/api/messages`;
    // Declared 250 MB, 1 KB sent, the rest never comes: the answer must not wait for it.
    const declared = await rawRequest(api, { headers: { 'content-type': 'application/json', 'content-length': HUGE }, chunks: ['{"type":"message",' + ' '.repeat(1000)], holdOpen: true });
    assert.equal(declared.status, 413, declared.text);
    assert.equal(declared.headers.connection, 'close');
    // Chunked (no length): refused once past the limit, the body still open.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const chunked = await rawRequest(api, { headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, chunks: ['{"type":"message","text":"', ...Array.from({ length: MAX_ACTIVITY_BYTES / chunk.length + 1 }, () => chunk)], holdOpen: true });
    assert.equal(chunked.status, 413, chunked.text);
    // Under the limit, a real activity with a long text (Teams' own 100 KB cap) is served.
    const long = await postJson(api, messageActivity(connector.url, PEOPLE.sw, `help ${'x'.repeat(100 * 1024)}`));
    assert.equal(long.status, 200, long.text.slice(0, 200));
    await bot.close();

    bot = await each.start({ env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: TENANT, ORG_NAME: 'Mossbank Council' } });
    const unauthenticated = await rawRequest(`${bot.url}/api/messages`, { headers: { 'content-type': 'application/json', 'content-length': HUGE }, chunks: ['{'], holdOpen: true });
    assert.equal(unauthenticated.status, 401, unauthenticated.text);
    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
