/**
 * The outbox thread's proactive turns (notices, requests, card edits) reuse the Bot Connector client
 * of earlier ones with the same service URL, as the incoming turns do (connector-cache.ts), instead
 * of botbuilder building a client with its own HTTP pipeline for every message sent.
 */
import { strict as assert } from 'node:assert';
import type { ConversationReference } from 'botbuilder';
import { createBotAdapter } from '../../src/bot/adapter';
import { createLogger } from '../../src/logging/logger';

const reference = (serviceUrl: string, conversation: string): Partial<ConversationReference> => ({
  channelId: 'msteams',
  serviceUrl,
  conversation: { id: conversation } as ConversationReference['conversation'],
  bot: { id: 'bot', name: 'bot' },
});

describe('the Bot Connector clients of proactive turns', () => {
  const adapter = createBotAdapter({ appId: undefined, appPassword: undefined, appTenantId: undefined, appType: 'MultiTenant' }, createLogger({ write: () => undefined }));

  /** The Bot Connector client a proactive turn in `ref`'s conversation was given. */
  const clientOf = async (ref: Partial<ConversationReference>): Promise<unknown> => {
    let client: unknown;
    await adapter.continueConversationAsync('', ref, async (context) => {
      client = context.turnState.get(adapter.ConnectorClientKey);
    });
    assert.ok(client, 'the turn had a connector client');
    return client;
  };

  it('gives proactive turns to the same service URL one client, even in different conversations', async () => {
    const first = await clientOf(reference('https://smba.example/uk/', 'conv-1'));
    const again = await clientOf(reference('https://smba.example/uk/', 'conv-1'));
    const otherChat = await clientOf(reference('https://smba.example/uk/', 'conv-2'));
    assert.equal(again, first);
    assert.equal(otherChat, first);
  });

  it('makes a client of its own for another service URL', async () => {
    const uk = await clientOf(reference('https://smba.example/uk/', 'conv-1'));
    const emea = await clientOf(reference('https://smba.example/emea/', 'conv-1'));
    assert.notEqual(emea, uk);
    assert.equal((emea as { baseUri?: string }).baseUri ?? 'https://smba.example/emea/', 'https://smba.example/emea/');
  });
});
