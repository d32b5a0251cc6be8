import { strict as assert } from 'node:assert';
import { Activity, TestAdapter } from 'botbuilder';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';
import { deliveryKeys, type DeliveryKey } from '../../src/ports/delivery-keys';
import type { UndeliveredMessage } from '../../src/ports/delivery-values';
import { ConversationDriver } from './support/conversation-driver';

/** The conversation reference kept for proactive notices: saved when it changes, not on every message. */
describe('the bot keeps each person’s conversation reference', () => {
  let world: World;
  let adapter: TestAdapter;
  let saves: { key: DeliveryKey; reference: Record<string, unknown> }[];
  let next = 0;

  beforeEach(() => {
    saves = [];
    // The real store, its saves counted: each save is a durable write.
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, {
      storeAs: (store) => wrapStore(store, {
        saveConversation: async (key, reference) => {
          saves.push({ key, reference: reference as unknown as Record<string, unknown> });
          await store.saveConversation(key, reference);
        },
      }),
    });
    // The bot as the composition root builds it on the world's services.
    adapter = new ConversationDriver(world).adapter;
  });
  afterEach(async () => world.close());

  function say(text: string, serviceUrl?: string): Promise<void> {
    const activity: Partial<Activity> = { type: 'message', text, id: `m-${++next}`, from: { id: `29:${PEOPLE.sw.id}`, aadObjectId: PEOPLE.sw.id, name: PEOPLE.sw.name } };
    if (serviceUrl) activity.serviceUrl = serviceUrl;
    return adapter.processActivity(activity).then(() => undefined);
  }

  it('saves it once for several messages, without the message id (a notice is a new message, not a reply)', async () => {
    await say('help');
    await say('my cases');
    await say('help');
    assert.equal(saves.length, 1);
    assert.equal(saves[0]!.key, PEOPLE.sw.id);
    const stored = (await world.store.getConversation(deliveryKeys.person(PEOPLE.sw.id))) as Record<string, unknown>;
    assert.ok(stored && typeof stored === 'object' && 'conversation' in stored);
    assert.equal('activityId' in stored, false);
  });

  it('saves it again when it changes (Teams moved the person to another service address)', async () => {
    await say('help', 'https://smba.trafficmanager.net/emea/');
    await say('help', 'https://smba.trafficmanager.net/uk/');
    await say('help', 'https://smba.trafficmanager.net/uk/');
    assert.equal(saves.length, 2);
    const stored = (await world.store.getConversation(deliveryKeys.person(PEOPLE.sw.id))) as { serviceUrl: string };
    assert.equal(stored.serviceUrl, 'https://smba.trafficmanager.net/uk/');
  });

  it("never saves under an id with a colon (unauthenticated callers only), so the store's own entries cannot be overwritten", async () => {
    const kept = { items: [{ effectId: 'e1', what: 'x', to: 'y', reason: 'no-chat', at: '2026-03-02T10:00:00.000Z' }] as UndeliveredMessage[] };
    await world.store.saveConversation(deliveryKeys.undelivered('case-1'), kept);
    // That one was the test's own; from here, only the bot's count.
    saves.length = 0;
    for (const id of ['undelivered:case-1', 'receipt:e1:tm-1', 'channel:iro']) {
      await adapter.processActivity({ type: 'message', text: 'help', id: `m-${++next}`, from: { id, name: 'Someone' } });
    }
    assert.deepEqual(saves, []);
    assert.deepEqual(await world.store.getConversation(deliveryKeys.undelivered('case-1')), kept);
    assert.equal(await world.store.getConversation(deliveryKeys.receipt('e1:tm-1')), undefined);
  });
});
