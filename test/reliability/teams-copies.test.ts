/**
 * Every copy of an approval request's card is edited once it is decided (issue 14 item 2), over
 * real HTTP: the real bot (SQLite, case service, outbox) against the strict local Bot Connector,
 * which accepts an update only for an activity it gave out in that conversation, and a card's
 * refresh.userIds only as Teams user ids (29:…).
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { BotUnderTest, startBot } from '../../support/bot-over-http/bot-under-test';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';

describe('every copy of a request is edited when it is decided (real bot over HTTP, strict local Bot Connector)', function () {
  this.timeout(120_000);
  let connector: LocalBotConnector;
  let bot: BotUnderTest;
  beforeEach(async () => {
    connector = await new LocalBotConnector().start();
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.close();
    await connector.stop();
  });

  const api = () => `${bot.url}/api/messages`;
  const cardText = (body: Record<string, unknown>) => JSON.stringify((body['attachments'] as { content: unknown }[] | undefined)?.[0]?.content ?? {});

  it("the other team manager's copy, the decider's own and the social worker's opened copy all say who approved, without anyone reloading", async () => {
    // Each person has written to the bot once, so it knows their chat and their Teams user id.
    for (const who of [PEOPLE.tm, PEOPLE.managerWithCases, PEOPLE.sw]) {
      assert.equal((await postJson(api(), messageActivity(connector.url, who, 'help'))).status, 200);
    }
    const service = bot.runtime.app.service;
    const caseId = await openCase(service, 'MOS-7001');
    const approvalId = await toTeamManagerApproval(service, caseId);
    await bot.runtime.app.worker.drain();

    const requests = connector.posts.filter((p) => cardText(p.body).includes('"verb":"refreshApproval"'));
    assert.deepEqual(requests.map((p) => p.conversation).sort(), [`a:personal-${PEOPLE.managerWithCases.id}`, `a:personal-${PEOPLE.tm.id}`].sort());
    // refresh.userIds: the approvers' Teams user ids, never Entra object ids.
    const userIds = (requests[0]!.body['attachments'] as { content: { refresh: { userIds: string[] } } }[])[0]!.content.refresh.userIds;
    assert.deepEqual([...userIds].sort(), [`29:${PEOPLE.managerWithCases.id}`, `29:${PEOPLE.tm.id}`].sort());

    // The social worker opens the request on the message the bot last sent them (their help reply).
    const swMessage = connector.posts.filter((p) => p.conversation === `a:personal-${PEOPLE.sw.id}`).at(-1)!;
    const open = await postJson(api(), { ...invokeActivity(connector.url, PEOPLE.sw, 'showApproval', { caseId, approvalId }), replyToId: swMessage.activityId });
    assert.ok(isInvokeBody(open.json) && JSON.stringify(open.json.value).includes('refreshApproval'), `the request card: ${JSON.stringify(open.json).slice(0, 600)}`);

    // The team manager approves from their copy.
    const tmCopy = requests.find((p) => p.conversation === `a:personal-${PEOPLE.tm.id}`)!;
    const decided = await postJson(api(), { ...invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'approve' }), replyToId: tmCopy.activityId });
    assert.ok(isInvokeBody(decided.json) && JSON.stringify(decided.json.value).includes('Approved by Taylor Manager'));
    await bot.runtime.app.worker.drain();

    const edited = connector.updates.filter((u) => cardText(u.body).includes('Approved by Taylor Manager'));
    const where = edited.map((u) => [u.conversation, u.activityId]);
    for (const copy of [...requests, swMessage]) assert.ok(where.some(([c, a]) => c === copy.conversation && a === copy.activityId), `copy in ${copy.conversation} edited: ${JSON.stringify(where)}`);
    assert.deepEqual(connector.refusals, []);

    // Each copy once: later messages of the case edit nothing again.
    const before = connector.updates.length;
    await bot.runtime.app.worker.drain();
    assert.equal(connector.updates.length, before);
  });

  it("a request opened on a message in a channel (a forged click: the bot puts no buttons there) is not kept as a copy: the channel's message is not edited into the decision for everyone in it", async () => {
    const CHANNEL = '19:a-team-channel@thread.tacv2';
    const inChannel = (activity: Record<string, unknown>): Record<string, unknown> => ({ ...activity, conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: (activity['conversation'] as { tenantId?: string }).tenantId } });
    for (const who of [PEOPLE.tm, PEOPLE.sw]) assert.equal((await postJson(api(), messageActivity(connector.url, who, 'help'))).status, 200);
    const service = bot.runtime.app.service;
    const caseId = await openCase(service, 'MOS-7002');
    const approvalId = await toTeamManagerApproval(service, caseId);
    await bot.runtime.app.worker.drain();

    // The social worker writes in a channel of a team the app is in; the bot answers there.
    assert.equal((await postJson(api(), inChannel(messageActivity(connector.url, PEOPLE.sw, 'help')))).status, 200);
    const channelMessage = connector.posts.filter((p) => p.conversation === CHANNEL).at(-1);
    assert.ok(channelMessage, 'the bot answered in the channel');
    // A click forged on that message opens the request: the answer is theirs alone (Teams replaces the card for the one who clicked).
    const open = await postJson(api(), { ...inChannel(invokeActivity(connector.url, PEOPLE.sw, 'showApproval', { caseId, approvalId })), replyToId: channelMessage.activityId });
    assert.equal(open.status, 200);

    const tmCopy = connector.posts.find((p) => p.conversation === `a:personal-${PEOPLE.tm.id}` && cardText(p.body).includes('"verb":"refreshApproval"'))!;
    await postJson(api(), { ...invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'approve' }), replyToId: tmCopy.activityId });
    await bot.runtime.app.worker.drain();
    assert.ok(connector.updates.some((u) => cardText(u.body).includes('Approved by Taylor Manager')), 'the personal copies are edited');
    assert.deepEqual(connector.updates.filter((u) => u.conversation === CHANNEL).map((u) => cardText(u.body).slice(0, 200)), [], 'nothing edited in the channel, where everyone would see it');
  });
});

describe('a card action from Outlook (real bot over HTTP)', function () {
  this.timeout(60_000);
  it('a decision pressed in the mail records nothing and is answered with a message sending the person to Teams, not a card that would take the request (and the comment typed) out of the mail', async () => {
    const connector = await new LocalBotConnector().start();
    const bot = await startBot();
    try {
      const service = bot.runtime.app.service;
      const caseId = await openCase(service, 'MOS-7002');
      const approvalId = await toTeamManagerApproval(service, caseId);
      const before = (await service.get(caseId))!.version;
      const answer = await postJson(`${bot.url}/api/messages`, { ...invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId, approvalId, outcome: 'reject', comment: 'The safety plan needs the school.' }), channelId: 'outlook' });
      assert.equal(answer.status, 200);
      assert.ok(isInvokeBody(answer.json));
      // A card answer is shown "in place of the current one": the request would be gone from the mail (see README, Outlook).
      assert.equal(answer.json.type, 'application/vnd.microsoft.activity.message');
      assert.equal(String(answer.json.value), 'Decisions cannot be recorded from Outlook yet, so nothing was recorded. Type "my cases" to the Return home app in Microsoft Teams: it shows whether this request still waits for your decision, and you can decide there.');
      assert.equal((await service.get(caseId))!.version, before, 'nothing recorded');
    } finally {
      await bot.close();
      await connector.stop();
    }
  });

  it('"Read in full" pressed in the mail is told where to read it, not that decisions cannot be recorded, and the request stays in the mail', async () => {
    const connector = await new LocalBotConnector().start();
    const bot = await startBot();
    try {
      const service = bot.runtime.app.service;
      const caseId = await openCase(service, 'MOS-7004');
      const approvalId = await toTeamManagerApproval(service, caseId);
      const before = (await service.get(caseId))!.version;
      const answer = await postJson(`${bot.url}/api/messages`, { ...invokeActivity(connector.url, PEOPLE.tm, 'showApproval', { caseId, approvalId, full: 'riskAnalysis' }), channelId: 'outlook' });
      assert.equal(answer.status, 200);
      assert.ok(isInvokeBody(answer.json));
      assert.equal(answer.json.type, 'application/vnd.microsoft.activity.message');
      assert.equal(String(answer.json.value), 'The full text cannot be opened from Outlook yet. Type "my cases" to the Return home app in Microsoft Teams and open this request there to read it in full (and decide, if it still waits for your decision).');
      assert.doesNotMatch(String(answer.json.value), /MOS-7004|nothing was recorded/);
      assert.equal((await service.get(caseId))!.version, before, 'nothing recorded');
    } finally {
      await bot.close();
      await connector.stop();
    }
  });

  it("an automatic refresh of the mailed request leaves the request in the mail as it is: no card in place of it, a message only, nothing recorded", async () => {
    const connector = await new LocalBotConnector().start();
    const bot = await startBot();
    try {
      const service = bot.runtime.app.service;
      const caseId = await openCase(service, 'MOS-7003');
      const approvalId = await toTeamManagerApproval(service, caseId);
      const before = (await service.get(caseId))!.version;
      const refresh = invokeActivity(connector.url, PEOPLE.tm, 'refreshApproval', { caseId, approvalId });
      const answer = await postJson(`${bot.url}/api/messages`, { ...refresh, value: { ...(refresh['value'] as object), trigger: 'automatic' }, channelId: 'outlook' });
      assert.equal(answer.status, 200);
      assert.ok(isInvokeBody(answer.json));
      // A card answer is shown in place of the mail's card; a message answer is not (see README, Outlook).
      assert.equal(answer.json.type, 'application/vnd.microsoft.activity.message');
      assert.equal(typeof answer.json.value, 'string');
      // Only opened, nothing pressed: not told "nothing was recorded" (they may have decided in Teams), nor "to decide" a request perhaps decided.
      assert.equal(String(answer.json.value), 'Decisions cannot be made from Outlook yet. Type "my cases" to the Return home app in Microsoft Teams: it shows whether this request still waits for your decision, and you can decide there.');
      assert.doesNotMatch(String(answer.json.value), /MOS-7003/);
      assert.equal((await service.get(caseId))!.version, before, 'nothing recorded');
    } finally {
      await bot.close();
      await connector.stop();
    }
  });
});
