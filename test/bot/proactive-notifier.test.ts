import { strict as assert } from 'node:assert';
import { createServer, IncomingMessage, Server } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { ProactiveNotifier } from '../../src/bot/proactive-notifier';
import { createBotAdapter } from '../../src/bot/adapter';
import { createLogger } from '../../src/logging/logger';
import { RecipientUnreachableError } from '../../src/ports/notifier';
import type { CaseStore } from '../../src/ports/case-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenLocally, stopServer } from '../../support/local-http';
import { deliveryKeys } from '../../src/ports/delivery-keys';

/** A local stand-in for the Bot Connector service: POST /v3/conversations/{id}/activities. */
function connector(blocked: Set<string>, failing: Map<string, number> = new Map()): Promise<{ server: Server; url: string; posted: { conversation: string; body: Record<string, unknown> }[] }> {
  const posted: { conversation: string; body: Record<string, unknown> }[] = [];
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  };
  // Not chained (writeHead(...).end()): restify, loaded by other tests in the same process,
  // patches http.ServerResponse.prototype.writeHead so that it returns nothing.
  const server = createServer((req, res) => {
    const match = /^\/v3\/conversations\/([^/]+)\/activities(\/[^/]+)?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404);
      res.end();
      return;
    }
    const conversation = decodeURIComponent(match[1]!);
    void read(req).then((body) => {
      res.setHeader('content-type', 'application/json');
      const status = failing.get(conversation);
      if (status !== undefined) {
        res.writeHead(status);
        res.end(JSON.stringify({ error: { code: 'ServiceError', message: 'failed' } }));
        return;
      }
      if (blocked.has(conversation)) {
        res.writeHead(403);
        res.end(JSON.stringify({ error: { code: 'MessageWritesBlocked', message: 'Thread is blocked' } }));
        return;
      }
      posted.push({ conversation, body });
      res.writeHead(200);
      res.end(JSON.stringify({ id: `act-${posted.length}` }));
    });
  });
  return listenLocally(server).then((url) => ({ server, url, posted }));
}

describe('proactive notifier (CloudAdapter against a local Bot Connector)', () => {
  let store: CaseStore;
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-notifier-'));
    store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function reference(url: string, conversationId: string) {
    return { channelId: 'msteams', serviceUrl: `${url}/`, conversation: { id: conversationId }, bot: { id: '28:bot', name: 'S20' }, user: { id: '29:u' } };
  }

  it('sends a 1:1 message with a card, posts to the IRO channel, and reports unreachable recipients', async () => {
    const blocked = new Set(['conv-blocked']);
    const { server, url, posted } = await connector(blocked);
    try {
      const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
      const notifier = new ProactiveNotifier({ adapter, appId: '', conversations: store });
      await store.saveConversation(deliveryKeys.person('tm-1'), reference(url, 'conv-tm'));
      await store.saveConversation(deliveryKeys.channel('iro'), reference(url, '19:iro@thread.tacv2'));
      await store.saveConversation(deliveryKeys.person('gone-1'), reference(url, 'conv-blocked'));

      const card = { type: 'AdaptiveCard', version: '1.4', body: [{ type: 'TextBlock', text: 'Decide' }] };
      await notifier.send({ key: 'k1', to: 'tm-1', text: 'Case MOS-1: your agreement is needed.', card });
      await notifier.send({ key: 'k2', to: 'channel:iro', text: 'Case MOS-1: IRO informed.' });
      assert.equal(posted.length, 2);
      assert.equal(posted[0]!.conversation, 'conv-tm');
      assert.equal(posted[0]!.body['text'], 'Case MOS-1: your agreement is needed.');
      const attachments = posted[0]!.body['attachments'] as { contentType: string; content: unknown }[];
      assert.equal(attachments[0]!.contentType, 'application/vnd.microsoft.card.adaptive');
      assert.deepEqual(attachments[0]!.content, card);
      assert.equal(posted[1]!.conversation, '19:iro@thread.tacv2');

      await assert.rejects(notifier.send({ key: 'k3', to: 'never-wrote', text: 'x' }), RecipientUnreachableError);
      await assert.rejects(notifier.send({ key: 'k4', to: 'gone-1', text: 'x' }), (e: unknown) => e instanceof RecipientUnreachableError && /403/.test(e.message));
      assert.equal(posted.length, 2);
    } finally {
      await stopServer(server);
    }
  });
  it("with the bot's own adapter (its turn-error handler set), a failed send is reported to the outbox, not taken as delivered", async () => {
    const failing = new Map([['conv-busy', 503], ['conv-gone', 404]]);
    const { server, url, posted } = await connector(new Set(), failing);
    const lines: string[] = [];
    try {
      const adapter = createBotAdapter({ appId: undefined, appPassword: undefined, appTenantId: undefined, appType: 'MultiTenant' }, createLogger({ write: (line) => lines.push(line) }));
      const notifier = new ProactiveNotifier({ adapter, appId: '', conversations: store });
      await store.saveConversation(deliveryKeys.person('busy'), reference(url, 'conv-busy'));
      await store.saveConversation(deliveryKeys.person('gone'), reference(url, 'conv-gone'));
      await store.saveConversation(deliveryKeys.person('ok'), reference(url, 'conv-ok'));
      await store.saveConversation(deliveryKeys.person('nobody-listening'), reference('http://127.0.0.1:9', 'conv-x'));

      // A 503 or a refused connection may heal: thrown as is, so the outbox retries.
      await assert.rejects(notifier.send({ key: 'k1', to: 'busy', text: 'x' }), (e: unknown) => !(e instanceof RecipientUnreachableError) && (e as { statusCode?: number }).statusCode === 503);
      await assert.rejects(notifier.send({ key: 'k2', to: 'nobody-listening', text: 'x' }), (e: unknown) => !(e instanceof RecipientUnreachableError));
      // A 404 will not heal.
      await assert.rejects(notifier.send({ key: 'k3', to: 'gone', text: 'x' }), (e: unknown) => e instanceof RecipientUnreachableError && /404/.test(e.message));
      await notifier.send({ key: 'k4', to: 'ok', text: 'Case MOS-1: visit due.' });
      assert.deepEqual(posted.map((p) => p.conversation), ['conv-ok']);
      // No apology is sent into a proactive turn: nobody is waiting for an answer there.
      assert.ok(!lines.some((line) => line.includes('could not send the apology')), lines.join('\n'));
    } finally {
      await stopServer(server);
    }
  });
});
