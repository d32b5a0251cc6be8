/**
 * A busy morning's throttling: Teams (the strict local Bot Connector) and Graph (the local Graph
 * server) answer 429 with Retry-After, again and again, for longer than the outbox's twelve tries.
 * Throttled is "come back then", not a failed try: the message and the record are not given up
 * (dead-lettered) with the outbox's default settings, and go out exactly once when the throttling ends.
 */
import { strict as assert } from 'node:assert';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Client } from '@microsoft/microsoft-graph-client';
import { ProactiveNotifier } from '../../src/bot/proactive-notifier';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { OUTBOX_PER_CONVERSATION, SendRate } from '../../src/cases/send-rate';
import { createGraphRecorder } from '../../src/adapters/graph/graph-recorder';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { makeWorld, PEOPLE, type World } from '../../support/world';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';
/** More throttled passes than the outbox's default twelve tries. */
const PASSES = 14;

async function openCase(world: World, ref: string): Promise<void> {
  const opened = await world.service.openCase({
    idempotencyKey: `open-${ref}`, actor: PEOPLE.sw, ref, trigger: 'consent-withdrawn', iro: null,
    facts: { legalStatus: 'S20', dateOfBirth: '2011-07-19', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
  });
  assert.ok(opened.ok);
}

/** Only the first pending item is worked (batch of one); the rest of the case's items wait behind it in its lane. */
async function passUntilSettled(world: World, worker: OutboxWorker, passes: number, stepMs: number): Promise<void> {
  for (let pass = 0; pass < passes; pass++) {
    const report = await worker.runOnce();
    assert.equal(report.dead, 0, `pass ${pass + 1}: nothing given up`);
    world.clock.set(new Date(world.clock.now().getTime() + stepMs).toISOString());
  }
}

describe('throttled by Teams or Graph, again and again (outbox defaults)', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T08:00:00Z');
  });
  afterEach(async () => world.close());

  it('a Teams message met by 429 with Retry-After more than twelve times is kept, and sent once when Teams lets it through', async () => {
    const connector = await new LocalBotConnector().start();
    try {
      await world.store.saveConversation(deliveryKeys.person('tm-1'), connector.reference('a:chat-tm', '29:tm'));
      await openCase(world, 'BUSY-1');
      const teams = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: world.store });
      // botbuilder tries each send four times (its own three retries, each after Retry-After): every pass is refused.
      connector.throttled.set('a:chat-tm', { retryAfterSeconds: 0, times: 4 * PASSES });
      const worker = new OutboxWorker(world.store, async () => void (await teams.send({ key: 'k-busy', to: 'tm-1', text: 'Case BUSY-1: agreement needed.' })), world.clock, { owner: 'busy', batchSize: 1 });
      await passUntilSettled(world, worker, PASSES, 1_000);
      assert.equal(connector.posts.length, 0, 'nothing got through while throttled');
      assert.equal(connector.refusals.filter((r) => r.status === 429).length, 4 * PASSES);
      assert.deepEqual(await world.store.listOutbox('dead', 10), [], 'not given up');

      const after = await worker.runOnce();
      assert.equal(after.delivered, 1);
      assert.equal(connector.posts.length, 1, 'sent once');
      assert.equal(connector.posts[0]!.body['text'], 'Case BUSY-1: agreement needed.');
    } finally {
      await connector.stop();
    }
  });

  it('a Teams message met by 429 without Retry-After more than twelve times is kept (each pass waits half a minute or more, not a try), and sent once when Teams lets it through', async () => {
    const connector = await new LocalBotConnector().start();
    try {
      await world.store.saveConversation(deliveryKeys.person('tm-1'), connector.reference('a:chat-tm', '29:tm'));
      await openCase(world, 'BUSY-3');
      // Its pacing on the world's clock: it holds the chat back as long as the outbox item waits.
      const rate = new SendRate(OUTBOX_PER_CONVERSATION, () => world.clock.now().getTime());
      const teams = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: world.store, rate });
      connector.throttled.set('a:chat-tm', { retryAfterSeconds: null, times: 1_000 });
      const worker = new OutboxWorker(world.store, async () => void (await teams.send({ key: 'k-busy-3', to: 'tm-1', text: 'Case BUSY-3: agreement needed.' })), world.clock, { owner: 'busy', batchSize: 1 });
      for (let pass = 0; pass < PASSES; pass++) {
        const before = world.clock.now().getTime();
        assert.equal((await worker.runOnce()).dead, 0, `pass ${pass + 1}: nothing given up`);
        const item = (await world.store.listOutbox('pending', 100)).find((i) => i.lastError !== null);
        const wait = Date.parse(item!.notBefore) - before;
        assert.ok(wait >= 30_000 && wait <= 60_000, `pass ${pass + 1}: waits ${wait} ms`);
        assert.equal(item!.attempts, 0, 'not counted as a try');
        world.clock.set(new Date(before + 60_000).toISOString());
      }
      assert.equal(connector.posts.length, 0, 'nothing got through while throttled');
      assert.deepEqual(await world.store.listOutbox('dead', 10), [], 'not given up');

      connector.throttled.delete('a:chat-tm');
      assert.equal((await worker.runOnce()).delivered, 1);
      assert.equal(connector.posts.length, 1, 'sent once');
    } finally {
      await connector.stop();
    }
  });

  it('a SharePoint record met by 429 without Retry-After more than twelve times is kept, and written once when Graph lets it through', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    try {
      const client: Client = testGraphClient(server.url);
      await provisionSharePoint(client, SITE);
      await openCase(world, 'BUSY-4');
      const recorder = createGraphRecorder({ client, siteId: SITE });
      const request = { list: 'audit' as const, key: 'audit:BUSY-4:1', caseRef: 'BUSY-4', fields: { Seq: 1, Actor: 'Sam Social', ActorId: PEOPLE.sw.id, At: '2026-03-02T08:00:00Z' } };
      let throttling = true;
      server.fail({ status: 429, forMs: 3_600_000, match: () => throttling });
      const worker = new OutboxWorker(world.store, () => recorder.record(request), world.clock, { owner: 'busy-graph', batchSize: 1 });
      await passUntilSettled(world, worker, PASSES, 60_000);
      assert.equal(server.rows(SITE, 'Audit').length, 0);
      assert.equal((await world.store.listOutbox('pending', 100)).find((i) => i.lastError !== null)!.attempts, 0, 'not counted as a try');

      throttling = false;
      assert.equal((await worker.runOnce()).delivered, 1);
      assert.equal(server.rows(SITE, 'Audit').length, 1, 'written once');
    } finally {
      await server.stop();
    }
  });

  it('a SharePoint record met by 429 with Retry-After more than twelve times is kept, and written once when Graph lets it through', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    try {
      const client: Client = testGraphClient(server.url);
      await provisionSharePoint(client, SITE);
      await openCase(world, 'BUSY-2');
      const recorder = createGraphRecorder({ client, siteId: SITE });
      const request = { list: 'audit' as const, key: 'audit:BUSY-2:1', caseRef: 'BUSY-2', fields: { Seq: 1, Actor: 'Sam Social', ActorId: PEOPLE.sw.id, At: '2026-03-02T08:00:00Z' } };
      let throttling = true;
      server.throttle({ forMs: 3_600_000, retryAfterSeconds: 5, match: () => throttling });
      const worker = new OutboxWorker(world.store, () => recorder.record(request), world.clock, { owner: 'busy-graph', batchSize: 1 });
      await passUntilSettled(world, worker, PASSES, 5_000);
      assert.equal(server.rows(SITE, 'Audit').length, 0);
      assert.deepEqual(await world.store.listOutbox('dead', 10), [], 'not given up');

      throttling = false;
      assert.equal((await worker.runOnce()).delivered, 1);
      assert.equal(server.rows(SITE, 'Audit').length, 1, 'written once');
    } finally {
      await server.stop();
    }
  });
});
