/**
 * Teams' documented limits on what a bot sends, against the strict local Bot Connector
 * (support/local-bot-connector.ts): the size of a message, the rate per conversation, 429 with
 * Retry-After, and editing a copy by the activity id Teams gave it.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { ProactiveNotifier } from '../../src/bot/proactive-notifier';
import { backoffWithJitter, SendRate } from '../../src/cases/send-rate';
import type { CaseStore } from '../../src/ports/case-store';
import { RecipientUnreachableError } from '../../src/ports/notifier';
import { PermanentRecordError, TransientRecordError } from '../../src/ports/recorder';
import { LocalBotConnector, MAX_MESSAGE_BYTES_UTF16 } from '../../support/local-bot-connector';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { makeWorld, PEOPLE } from '../../support/world';
import { deliveryKeys } from '../../src/ports/delivery-keys';

describe('Teams limits on what the bot sends (strict local Bot Connector)', () => {
  let store: CaseStore;
  let dir: string;
  let connector: LocalBotConnector;
  let notifier: ProactiveNotifier;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-teams-limits-'));
    store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
    connector = await new LocalBotConnector().start();
    notifier = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: store });
    await store.saveConversation(deliveryKeys.person('tm-1'), connector.reference('a:chat-tm', '29:tm'));
  });
  afterEach(async () => {
    await connector.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A case opened in `world`, whose team manager has a chat with the bot on the local connector: its outbox holds real items. */
  async function openCaseWithTeamManagerChat(world: ReturnType<typeof makeWorld>, ref: string): Promise<void> {
    await world.store.saveConversation(deliveryKeys.person('tm-1'), connector.reference('a:chat-tm', '29:tm'));
    const opened = await world.service.openCase({
      idempotencyKey: `open-${ref}`, actor: PEOPLE.sw, ref, trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: '2011-07-19', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    assert.ok(opened.ok);
  }

  it('a message over 100 KB (UTF-16) is refused with 413 MessageSizeTooBig, which is permanent: not retried', async () => {
    // 60,000 characters of text in a card: 120,000 bytes as UTF-16, though only 60 KB as UTF-8.
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(60_000) }] };
    await assert.rejects(notifier.send({ key: 'k1', to: 'tm-1', text: 'Case MOS-1.', card }), (e: unknown) => e instanceof PermanentRecordError && /413 MessageSizeTooBig/.test(e.message));
    assert.deepEqual(connector.refusals.map((r) => r.status), [413]);
    assert.equal(connector.posts.length, 0);
    assert.ok(60_000 * 2 > MAX_MESSAGE_BYTES_UTF16);
  });

  it('posts to one conversation are paced under the documented rate: nine at once all arrive, none refused with 429', async () => {
    await Promise.all(Array.from({ length: 9 }, (_, i) => notifier.send({ key: `k${i}`, to: 'tm-1', text: `Notice ${i}.` })));
    assert.equal(connector.posts.length, 9);
    assert.deepEqual(connector.refusals, []);
  });

  it("a burst of notices leaves room for the bot's replies to what the person types: Teams counts both, and refuses neither", async () => {
    /** The bot's reply in the turn of a message the person typed, as botbuilder posts it (replyToId in the path). */
    const replyInTurn = async (n: number): Promise<number> => {
      const response = await fetch(`${connector.url}/v3/conversations/${encodeURIComponent('a:chat-tm')}/activities/typed-${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'Nothing is waiting for your decision.', replyToId: `typed-${n}` }),
      });
      return response.status;
    };
    // Taylor typed 'my cases' just as nine requests for them came out of the outbox, then typed again during the burst.
    assert.equal(await replyInTurn(1), 200);
    const burst = Promise.all(Array.from({ length: 9 }, (_, i) => notifier.send({ key: `b${i}`, to: 'tm-1', text: `Case BURST-${i}: agreement needed.` })));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(await replyInTurn(2), 200, "the reply to what they typed during the burst is not refused");
    await burst;
    assert.equal(connector.posts.filter((p) => p.body['text']?.toString().startsWith('Case BURST-')).length, 9);
    assert.deepEqual(connector.refusals, [], 'Teams refused nothing: no 429 for the notices or the replies');
  });

  it("a morning's notices to 120 people at once keep under the app's 50 requests a second in the tenant: all arrive, none refused with 429", async () => {
    const people = Array.from({ length: 120 }, (_, i) => `sw-${i}`);
    for (const id of people) await store.saveConversation(deliveryKeys.person(id), connector.reference(`a:chat-${id}`, `29:${id}`));
    await Promise.all(people.map((id) => notifier.send({ key: `r-${id}`, to: id, text: 'Case MOS-1: a visit is due today.' })));
    assert.equal(new Set(connector.posts.map((p) => p.conversation)).size, 120, 'each person has their notice');
    assert.equal(connector.posts.length, 120, 'once each');
    assert.deepEqual(connector.refusals, [], 'Teams refused nothing');
  });

  it("a 429 from Teams is honoured: the outbox is told to wait for its Retry-After", async () => {
    // More 429s than botbuilder's own retries (it retries three times, waiting Retry-After each).
    connector.throttled.set('a:chat-tm', { retryAfterSeconds: 1, times: 4 });
    await assert.rejects(notifier.send({ key: 'k1', to: 'tm-1', text: 'Case MOS-1.' }), (e: unknown) => e instanceof TransientRecordError && e.retryAfterMs === 1000);
    assert.equal(connector.posts.length, 0);
  });

  it('a copy is edited by the activity id Teams gave it; an activity Teams does not know is refused', async () => {
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Decide' }] };
    const copy = await notifier.send({ key: 'k1', to: 'tm-1', text: 'Case MOS-1: agreement needed.', card });
    assert.equal(copy.activityId, connector.posts[0]!.activityId);
    await notifier.update(copy, { key: 'u1', text: 'Case MOS-1: decided.', card: { ...card, body: [{ type: 'TextBlock', text: 'Approved by Taylor Manager' }] } });
    assert.equal(connector.updates.length, 1);
    assert.equal(connector.updates[0]!.activityId, copy.activityId);
    assert.equal(connector.updates[0]!.body['text'], undefined, 'an edited copy is the card alone (the "Update cards" sample), which the Agents Playground also needs');
    await assert.rejects(notifier.update({ ...copy, activityId: 'not-sent' }, { key: 'u2', text: 'x' }), RecipientUnreachableError);
    assert.equal(connector.updates.length, 1);
  });

  it("a case's first channel notice starts a new thread (createConversation, isGroup, the channel's id); its later notices reply in that thread", async () => {
    await store.saveConversation(deliveryKeys.channel('iro'), connector.reference('19:iro@thread.tacv2', '29:someone'));
    await notifier.send({ key: 'n1', to: 'channel:iro', text: 'Case MOS-1: IRO informed.', thread: 'case-1' });
    await notifier.send({ key: 'n2', to: 'channel:iro', text: 'Case MOS-1: approved.', thread: 'case-1' });
    await notifier.send({ key: 'n3', to: 'channel:iro', text: 'Case MOS-2: IRO informed.', thread: 'case-2' });
    const created = connector.calls.filter((c) => c.method === 'CREATE');
    assert.equal(created.length, 2, 'one thread per case');
    assert.ok(created.every((c) => c.conversation.startsWith('19:iro@thread.tacv2;messageid=')));
    const replies = connector.calls.filter((c) => c.method === 'POST');
    assert.deepEqual(replies.map((c) => [c.conversation, c.body['text']]), [[created[0]!.conversation, 'Case MOS-1: approved.']]);
    assert.deepEqual(connector.refusals, []);
  });

  it('refuses a card whose refresh.userIds are not Teams user ids', async () => {
    const card = { type: 'AdaptiveCard', version: '1.5', refresh: { action: { type: 'Action.Execute', verb: 'refreshApproval' }, userIds: ['00000000-0000-0000-0000-000000000021'] }, body: [] };
    await assert.rejects(notifier.send({ key: 'k1', to: 'tm-1', text: 'x', card }));
    assert.deepEqual(connector.refusals.map((r) => [r.status, r.code]), [[400, 'BadArgument']]);
  });

  it('a 400 BadArgument is permanent: the outbox gives the message up after one attempt instead of retrying it twelve times', async () => {
    const badCard = { type: 'AdaptiveCard', version: '1.5', refresh: { action: { type: 'Action.Execute', verb: 'refreshApproval' }, userIds: ['not-a-teams-id'] }, body: [] };
    await assert.rejects(notifier.send({ key: 'k1', to: 'tm-1', text: 'x', card: badCard }), (e: unknown) => e instanceof PermanentRecordError && /HTTP 400 BadArgument/.test(e.message));
    // Through the outbox: a real item, delivered with that card, is dead after its first attempt.
    const world = makeWorld('2026-03-02T10:00:00Z');
    try {
      await openCaseWithTeamManagerChat(world, 'BAD-400');
      const teams = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: world.store });
      const worker = new OutboxWorker(world.store, async () => void (await teams.send({ key: 'k2', to: 'tm-1', text: 'x', card: badCard })), world.clock, { owner: 'bad-400', batchSize: 1, maxAttempts: 12 });
      const before = connector.refusals.length;
      const report = await worker.runOnce();
      assert.deepEqual(report, { delivered: 0, retried: 0, dead: 1 });
      assert.equal(connector.refusals.length - before, 1, 'one request, no retry by botbuilder either');
      assert.equal((await world.store.listOutbox('dead', 10)).length, 1);
    } finally {
      await world.close();
    }
  });
  it("a message held back to keep under Teams' rate is not a failed attempt: however often it is held back, it is never given up", async () => {
    const world = makeWorld('2026-03-02T10:00:00Z');
    try {
      await openCaseWithTeamManagerChat(world, 'PACED-1');
      // The hourly window of this conversation is full: every try is held back for longer than the notifier waits.
      const rate = new SendRate();
      rate.holdOff('a:chat-tm', 3_600_000);
      const teams = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: world.store, rate });
      const worker = new OutboxWorker(world.store, async () => void (await teams.send({ key: 'k-paced', to: 'tm-1', text: 'Case PACED-1.' })), world.clock, { owner: 'paced', batchSize: 1, maxAttempts: 3 });
      for (let pass = 0; pass < 5; pass++) {
        const report = await worker.runOnce();
        assert.deepEqual(report, { delivered: 0, retried: 1, dead: 0 }, `pass ${pass + 1}`);
        world.clock.set(new Date(world.clock.now().getTime() + 3_700_000).toISOString());
      }
      assert.deepEqual(await world.store.listOutbox('dead', 10), []);
      assert.deepEqual((await world.store.listOutbox('pending', 100)).map((i) => i.attempts).filter((n) => n > 0), [], 'held back is not an attempt');
      assert.equal(connector.posts.length, 0, 'nothing was sent while held back');
      assert.deepEqual(connector.refusals, []);
    } finally {
      await world.close();
    }
  });
});

describe('the per-conversation rate (7/s, 8 per 2 s, 60 per 30 s, 1,800 an hour)', () => {
  it('lets seven through in a second, the eighth after the first second, the ninth only after two', () => {
    let now = 0;
    const rate = new SendRate(undefined, () => now);
    for (let i = 0; i < 7; i++) assert.equal(rate.take('c'), 0);
    assert.equal(rate.take('c'), 1000);
    now = 1000;
    assert.equal(rate.take('c'), 0);
    assert.equal(rate.take('c'), 1000, 'eight in two seconds');
    // Another conversation is not held up.
    assert.equal(rate.take('other'), 0);
  });

  it('holds to 60 in 30 seconds and 1,800 in an hour', () => {
    let now = 0;
    const rate = new SendRate(undefined, () => now);
    let sent = 0;
    // Ask every 250 ms for 30 s: only 60 may go.
    for (; now < 30_000; now += 250) if (rate.take('c') === 0) sent += 1;
    assert.equal(sent, 60);
    for (; now < 3_600_000; now += 1000) if (rate.take('c') === 0) sent += 1;
    assert.equal(sent, 1800);
  });

  it('after a 429 nothing more goes to that conversation until its Retry-After', () => {
    let now = 0;
    const rate = new SendRate(undefined, () => now);
    rate.holdOff('c', 5000);
    assert.equal(rate.take('c'), 5000);
    now = 5000;
    assert.equal(rate.take('c'), 0);
  });

  it('back-off grows exponentially, with jitter between half and all of the bound', () => {
    assert.equal(backoffWithJitter(3, 1000, 60_000, () => 0), 4000);
    assert.equal(backoffWithJitter(3, 1000, 60_000, () => 1), 8000);
    assert.equal(backoffWithJitter(20, 1000, 60_000, () => 1), 60_000);
    const waits = new Set(Array.from({ length: 20 }, () => backoffWithJitter(4, 1000, 60_000)));
    assert.ok(waits.size > 1, 'random jitter');
  });
});
