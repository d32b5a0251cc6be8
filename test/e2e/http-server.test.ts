/**
 * The running server over real HTTP, speaking the Bot Framework protocol. A small local
 * server stands in for the Bot Connector (the channel's side): it accepts the bot's replies
 * at POST /v3/conversations/{conversationId}/activities/{activityId}, as the Connector
 * REST API documents, and records them.
 */
import { strict as assert } from 'node:assert';
import { ActivityHandler } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { createBotAdapter } from '../../src/bot/adapter';
import { createLogger, silentLogger } from '../../src/logging/logger';
import { RunningServer, startServer } from '../../src/server';
import { ConnectorStandIn } from './support/bot-process';

/** The simplest bot there is: the server's plumbing is under test here, not the case bot. */
const HELP_TEXT = 'Hello. This stand-in bot answers every message with this line.';
function createHelpBot(): ActivityHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(HELP_TEXT);
    await next();
  });
  return bot;
}

/** A message from a Teams user to the bot, as the channel posts it. */
function messageActivity(serviceUrl: string, text: string): Record<string, unknown> {
  return {
    type: 'message',
    id: 'activity-1',
    timestamp: '2026-03-02T09:30:00.000Z',
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user-1', name: 'A Social Worker', aadObjectId: '11111111-2222-3333-4444-555555555555' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot-1', name: 'Return home bot' },
    text,
    locale: 'en-GB',
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('the web server (Bot Framework over HTTP)', () => {
  const connector = new ConnectorStandIn();
  let running: RunningServer | undefined;
  let logLines: string[] = [];

  before(() => connector.start());
  after(() => connector.stop());
  beforeEach(() => {
    connector.received.length = 0;
    logLines = [];
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function start(env: Record<string, string>, bot: ActivityHandler = createHelpBot()): Promise<string> {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env });
    const logger = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
    running = await startServer({ config, logger, bot, adapter: createBotAdapter(config.bot, logger) });
    return running.url;
  }

  it('answers GET /healthz', async () => {
    const url = await start({});
    const response = await fetch(`${url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('answers HEAD /healthz and HEAD /readyz as GET does, without a body (Azure Front Door and many monitors probe with HEAD; a 405 marked the bot down)', async () => {
    const url = await start({});
    for (const path of ['/healthz', '/readyz']) {
      const response = await fetch(`${url}${path}`, { method: 'HEAD' });
      assert.equal(response.status, 200, path);
      assert.equal(await response.text(), '');
    }
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1' });
    const notReady = await startServer({ config, bot: createHelpBot(), adapter: createBotAdapter(config.bot, silentLogger), readiness: async () => ({ ready: false, checks: [{ name: 'disk space', ok: false, reason: 'full' }] }) });
    try {
      assert.equal((await fetch(`${notReady.url}/readyz`, { method: 'HEAD' })).status, 503);
    } finally {
      await notReady.close();
    }
  });

  it('with no app id, answers a message: the help text reaches the Connector as a reply', async () => {
    const url = await start({});
    const response = await post(url, messageActivity(connector.url, 'hello'));
    assert.equal(response.status, 200);

    assert.equal(connector.received.length, 1, JSON.stringify(connector.received));
    const [reply] = connector.received;
    assert.equal(reply?.method, 'POST');
    assert.equal(reply?.path, `/v3/conversations/${encodeURIComponent('a:conversation-1')}/activities/activity-1`);
    assert.equal(reply?.headers.authorization, undefined, 'no token is sent when no app id is configured');
    assert.equal(reply?.body.type, 'message');
    assert.equal(reply?.body.text, HELP_TEXT);
    assert.equal(reply?.body.replyToId, 'activity-1');
    assert.deepEqual(reply?.body.conversation, { id: 'a:conversation-1', conversationType: 'personal', tenantId: 'tenant-1' });
    assert.equal((reply?.body.recipient as { id?: string } | undefined)?.id, '29:user-1');
  });

  it('refuses a body that is not an activity', async () => {
    const url = await start({});
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"no type"}' });
    assert.equal(response.status, 400);
    assert.equal(connector.received.length, 0);
  });

  describe('with an app id configured', () => {
    const registered = { MICROSOFT_APP_ID: '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f', ORG_NAME: 'Mossbank Council' };
    // botbuilder's CloudAdapter console.error()s every refused request with a stack trace; keep the test output readable.
    const consoleError = console.error;
    beforeEach(() => {
      console.error = () => undefined;
    });
    afterEach(() => {
      console.error = consoleError;
    });

    it('refuses a request without a token with 401, and sends nothing', async () => {
      const url = await start(registered);
      const response = await post(url, messageActivity(connector.url, 'hello'));
      assert.equal(response.status, 401);
      assert.equal(connector.received.length, 0);
    });

    it('refuses a request with a bogus token with 401, and sends nothing', async () => {
      const url = await start(registered);
      const response = await post(url, messageActivity(connector.url, 'hello'), { authorization: 'Bearer not-a-jwt' });
      assert.equal(response.status, 401);
      assert.equal(connector.received.length, 0);
    });
  });

  it('when a turn fails: apologises with a reference, and logs the reference but never the message text', async () => {
    const failing = new ActivityHandler();
    failing.onMessage(async () => {
      throw new Error('store unavailable');
    });
    const url = await start({}, failing);
    const text = 'Jamie Example, born 2014-02-03, is going home on Friday';
    const response = await post(url, messageActivity(connector.url, text));
    const correlationId = response.headers.get('x-correlation-id') ?? '';
    assert.match(correlationId, /^[0-9a-f-]{36}$/);

    assert.equal(connector.received.length, 1);
    const apology = String(connector.received[0]?.body.text);
    assert.match(apology, /^Sorry, something went wrong/);
    assert.ok(apology.endsWith(correlationId), 'the apology quotes the reference');

    const failure = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'turn failed');
    assert.equal(failure?.correlationId, correlationId);
    assert.equal(failure?.errorName, 'Error');
    const allLogs = logLines.join('\n');
    assert.ok(!allLogs.includes('Jamie'), 'no child name in the logs');
    assert.ok(!allLogs.includes('2014-02-03'), 'no date of birth in the logs');
  });

  it('when a turn nobody asked for fails (the welcome when the app is added, an install update): logs it with its reference, and sends the person nothing', async () => {
    const failing = new ActivityHandler();
    failing.onMembersAdded(async () => {
      throw new Error('store unavailable');
    });
    failing.onInstallationUpdate(async () => {
      throw new Error('store unavailable');
    });
    const url = await start({}, failing);
    const { text: _text, ...base } = messageActivity(connector.url, '');
    const welcome = { ...base, type: 'conversationUpdate', membersAdded: [{ id: '28:bot-1' }, { id: '29:user-1' }] };
    const install = { ...base, type: 'installationUpdate', action: 'add' };
    for (const activity of [welcome, install]) {
      logLines = [];
      const response = await post(url, activity);
      const correlationId = response.headers.get('x-correlation-id') ?? '';
      assert.match(correlationId, /^[0-9a-f-]{36}$/);
      const failure = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'turn failed');
      assert.equal(failure?.correlationId, correlationId, `${activity.type}: the failure is logged under its reference`);
      assert.equal(failure?.activityType, activity.type);
    }
    assert.deepEqual(connector.received.map((r) => r.body.text), [], 'nobody is told "nothing was recorded, try again" for a turn they did not start');
  });
});
