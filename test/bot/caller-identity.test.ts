import { strict as assert } from 'node:assert';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { ConversationDriver, texts } from './support/conversation-driver';
import { deliveryKeys } from '../../src/ports/delivery-keys';

const TENANT = '11111111-2222-3333-4444-555555555555';

describe('S20 bot: who may talk to it when an app id and tenant are configured', function () {
  let world: World;
  let driver: ConversationDriver;
  beforeEach(() => {
    world = makeWorld();
    driver = new ConversationDriver(world, { requireEntraIdentity: true, tenantId: TENANT });
  });
  afterEach(async () => world.close());

  const asTeams = (aadObjectId: string | undefined, tenantId: string) => ({
    type: 'message' as const,
    text: 'new case',
    id: `m-${Math.random()}`,
    from: aadObjectId ? { id: `29:${aadObjectId}`, aadObjectId, name: PEOPLE.sw.name } : { id: PEOPLE.sw.id, name: PEOPLE.sw.name },
    conversation: { id: 'a:1', tenantId, conversationType: 'personal', isGroup: false, name: '' },
  });

  it('serves a caller with an Entra object id from the configured tenant', async () => {
    const [reply] = await driver.replies(asTeams(PEOPLE.sw.id, TENANT));
    assert.ok(reply?.attachments?.[0], 'the start form');
  });

  it('never takes a client-chosen from.id for an object id', async () => {
    // from.id equals a real social worker's object id, but there is no aadObjectId.
    const [reply] = await driver.replies(asTeams(undefined, TENANT));
    assert.match(reply?.text ?? '', /could not be identified/);
    assert.equal(reply?.attachments, undefined);
    assert.equal(await world.store.getConversation(deliveryKeys.person(PEOPLE.sw.id)), undefined, 'nothing saved for that id');
  });

  it('refuses a caller from another tenant, for messages and card actions alike', async () => {
    const [reply] = await driver.replies(asTeams(PEOPLE.sw.id, 'another-tenant'));
    assert.match(reply?.text ?? '', /one organisation only/);
    const invoke = await driver.replies({
      type: 'invoke', name: 'adaptiveCard/action', id: 'i-foreign',
      from: { id: `29:${PEOPLE.tm.id}`, aadObjectId: PEOPLE.tm.id, name: PEOPLE.tm.name },
      conversation: { id: 'a:2', tenantId: 'another-tenant', conversationType: 'personal', isGroup: false, name: '' },
      value: { action: { type: 'Action.Execute', verb: 'startCase', data: { ref: 'X-1' } }, trigger: 'manual' },
    });
    const body = (invoke[0]?.value as { body?: { value?: unknown } } | undefined)?.body?.value;
    assert.match(texts(body), /one organisation only/);
    assert.equal((await world.store.list()).length, 0);
  });
});
