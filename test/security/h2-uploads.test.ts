/**
 * H2. Unauthenticated file uploads filled the disk: restify's bodyParser accepted
 * multipart/form-data before the route and the token check, streaming each part to the temp
 * folder and never deleting it. Now only application/json is read on /api/messages (415
 * otherwise) and there is no multipart parser: checked against the real server process with a
 * temp folder of its own, which must stay empty.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnBot, BotProcess } from '../../support/bot-over-http/bot-process';
import { dataDirEnv } from '../../support/app-on';
import { multipartUpload, rawRequest } from './support/raw-request';

describe('security: H2 (uploads)', function () {
  this.timeout(90_000);
  let bot: BotProcess | undefined;
  let dir = '';
  let botTmp = '';

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-h2-'));
    botTmp = mkdtempSync(join(tmpdir(), 's20-h2-tmp-'));
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    rmSync(dir, { recursive: true, force: true });
    rmSync(botTmp, { recursive: true, force: true });
  });

  it('H2 multipart uploads and other non-JSON bodies get 415 and nothing reaches the temp folder', async () => {
    // TMPDIR is where a multipart parser (formidable) would write each part.
    bot = await spawnBot({ ...dataDirEnv(dir), TMPDIR: botTmp, LOG_LEVEL: 'silent' });
    const api = `${bot.url}/api/messages`;
    const upload = multipartUpload(100 * 1024);
    for (let i = 0; i < 5; i += 1) {
      const answer = await rawRequest(api, { headers: { 'content-type': upload.contentType, 'content-length': String(upload.body.length) }, chunks: [upload.body] });
      assert.equal(answer.status, 415, answer.text);
      assert.match(String((answer.json as { error?: unknown } | undefined)?.error), /application\/json/);
    }
    for (const contentType of ['application/x-www-form-urlencoded', 'application/octet-stream', 'text/plain', 'application/xml']) {
      const body = Buffer.from('type=message&text=hello');
      const answer = await rawRequest(api, { headers: { 'content-type': contentType, 'content-length': String(body.length) }, chunks: [body] });
      assert.equal(answer.status, 415, `${contentType}: ${answer.text}`);
    }
    // A compressed body could grow past the size limit after it was checked.
    const gz = await rawRequest(api, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': '4' }, chunks: ['abcd'] });
    assert.equal(gz.status, 415);
    // (tsx keeps its compile cache there too.)
    assert.deepEqual(readdirSync(botTmp).filter((name) => !name.startsWith('tsx-')), [], 'nothing was written to the temp folder');
    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200);
  });
});
