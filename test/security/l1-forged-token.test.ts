/**
 * L1. A forged token naming a real key id got 500 and a raw stack trace outside the JSON logger.
 * Now every token failure is a 401 and one JSON log line: run against the real server process,
 * its stdout must be JSON lines only (besides its one "listening" line) and its stderr empty.
 * Also an expired token (botbuilder printed its stack trace) and an unknown key id.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { BotProcess, spawnBot } from '../../support/bot-over-http/bot-process';
import { dataDirEnv } from '../../support/app-on';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { postJson } from '../../support/bot-over-http/http-post';
import { APP_ID, TENANT } from './support/signed-bot';
import { TokenIssuer } from './support/token-issuer';

describe('security: L1 (forged tokens)', function () {
  this.timeout(90_000);
  const issuer = new TokenIssuer();
  const connector = new ConnectorCapture();
  let bot: BotProcess | undefined;
  let dir = '';
  before(async () => {
    await issuer.start();
    await connector.start();
  });
  after(async () => {
    await issuer.stop();
    await connector.stop();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('L1 a forged token naming a real key id gets 401 and one JSON log line, never a 500 or a stack trace', async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-l1-'));
    bot = await spawnBot({ ...dataDirEnv(dir), LOG_LEVEL: 'info', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: TENANT, ORG_NAME: 'Mossbank Council', ...issuer.env() });
    const api = `${bot.url}/api/messages`;
    const claims = { aud: APP_ID, serviceurl: connector.url };
    const unknownKid = issuer.token(claims).replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'no-such-key' })).toString('base64url'));
    const tokens: Array<[string, string, string]> = [
      ['forged signature, real kid', issuer.forged(claims), 'INVALID_TOKEN'],
      ['expired', issuer.token({ ...claims, expiresIn: -3600 }), 'EXPIRED_TOKEN'],
      ['unknown kid', unknownKid, 'INVALID_TOKEN'],
    ];
    // The JSON lines (the one "listening" announcement aside).
    const logLines = (): string[] => bot!.stdout().split('\n').filter((line) => line !== '' && !line.startsWith('The bot is listening'));
    const linesBefore = (): number => logLines().length;
    for (const [what, token, code] of tokens) {
      const from = linesBefore();
      const answer = await postJson(api, messageActivity(connector.url, PEOPLE.sw, 'my cases', undefined, TENANT), { headers: { authorization: `Bearer ${token}` } });
      assert.equal(answer.status, 401, `${what}: ${answer.text}`);
      assert.doesNotMatch(answer.text, /\s+at\s|Error:/, `${what}: no stack or error text in the answer`);
      // The log line may reach us just after the answer.
      for (let wait = 0; wait < 50 && linesBefore() === from; wait += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      const lines = logLines().slice(from);
      const parsed = lines.map((line) => JSON.parse(line) as { level: string; msg: string; code?: string });
      assert.deepEqual(parsed.map((l) => [l.level, l.code]), [['warn', code]], `${what}: exactly one warning line: ${lines.join('\n')}`);
    }
    assert.ok(issuer.keyFetches >= 1, 'botbuilder checked the tokens against the local keys');
    // Every stdout line but the "listening" announcement is JSON; stderr is empty.
    for (const line of logLines()) {
      assert.doesNotThrow(() => JSON.parse(line), `not a JSON line: ${line}`);
    }
    assert.equal(bot.stderr(), '', 'nothing on stderr');
    assert.equal(connector.replies, 0);
  });
});
