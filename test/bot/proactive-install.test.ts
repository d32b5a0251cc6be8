/**
 * Proactive installation (issue 14 item 5): someone who never opened the app still receives what
 * is asked of them. The bot installs the app for them through Graph (the local Graph server answers
 * installedApps as documented: 201, 409 when already installed, 403 without the permission, 404),
 * reads their chat with the bot, opens that 1:1 through the strict local Bot Connector (which opens
 * it only once the app is installed for them) and sends. Only when installing fails is the message
 * listed as undelivered, with the reason.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { createGraphAppInstaller } from '../../src/adapters/graph/graph-app-installer';
import { createGraphClient } from '../../src/adapters/graph/graph-client';
import { ProactiveNotifier } from '../../src/bot/proactive-notifier';
import { proactiveInstall } from '../../src/proactive-install';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/logger';
import { Authority } from '../../src/cases/authority';
import { createEffectDeliverer } from '../../src/cases/effect-delivery';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { parseRoleConfig } from '../../src/cases/role-config';
import { undeliveredMessages } from '../../src/cases/undelivered-messages';
import type { AppInstallError } from '../../src/ports/app-installer';
import type { CaseStore } from '../../src/ports/case-store';
import { RecipientUnreachableError } from '../../src/ports/notifier';
import { TransientRecordError } from '../../src/ports/recorder';
import { LocalBotConnector } from '../../support/local-bot-connector';
import { LocalGraphServer } from '../../support/local-graph-server';
import { makeWorld, type World } from '../../support/world';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import { TO_THE_TEAM_MANAGER_BRIEFLY } from '../support/case-inputs';

const BOT_APP_ID = '11111111-2222-4333-8444-555555555555';
/** The app's id in the organisation's catalog: not the manifest's id. */
const CATALOG_ID = 'b1c5353a-7aca-41b3-830f-27d5218fe0e5';
const TENANT = '99999999-8888-4777-8666-555555555555';
const SW = { id: '00000000-0000-4000-8000-000000000001', name: 'Sam Social' };
const TM = { id: '00000000-0000-4000-8000-000000000002', name: 'Taylor Manager' };

describe('proactive installation: people who never opened the app (local Graph + strict local Bot Connector)', () => {
  let graph: LocalGraphServer;
  let connector: LocalBotConnector;
  let store: CaseStore;
  let dir: string;
  let problems: AppInstallError[];
  let notifier: ProactiveNotifier;

  beforeEach(async () => {
    graph = await LocalGraphServer.start();
    graph.directory.addUser(SW.id);
    graph.directory.addUser(TM.id);
    graph.teamsApps.publish({ id: CATALOG_ID, externalId: BOT_APP_ID, displayName: 'Return home' });
    connector = await new LocalBotConnector({ personalChats: (id) => graph.teamsApps.chatIdFor(id, BOT_APP_ID) }).start();
    dir = mkdtempSync(join(tmpdir(), 's20-install-'));
    store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
    problems = [];
    notifier = new ProactiveNotifier({
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      appId: '',
      conversations: store,
      install: {
        installer: createGraphAppInstaller({ client: createGraphClient({ baseUrl: graph.url, auth: { kind: 'none' } }), catalogAppId: CATALOG_ID }),
        serviceUrl: `${connector.url}/`,
        tenantId: TENANT,
        onProblem: (e) => problems.push(e),
      },
    });
  });
  afterEach(async () => {
    await connector.stop();
    await graph.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const graphCalls = () => graph.stats().log.map((l) => `${l.method} ${l.path.replace(/installedApps\/[^/]+/, 'installedApps/{id}')} ${l.status}`);

  it('installs the app for them, reads their chat, opens it and sends there; later messages go straight to it', async () => {
    graph.teamsApps.grantSelfInstall(CATALOG_ID);
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Decide' }] };
    const copy = await notifier.send({ key: 'k1', to: TM.id, text: 'Case MOS-1: your agreement is needed.', card });

    const chatId = graph.teamsApps.chatIdFor(TM.id, BOT_APP_ID);
    assert.ok(chatId?.startsWith('19:') && chatId.endsWith('@unq.gbl.spaces'));
    assert.deepEqual(graphCalls(), [
      `POST /users/${TM.id}/teamwork/installedApps 201`,
      `GET /users/${TM.id}/teamwork/installedApps 200`,
      `GET /users/${TM.id}/teamwork/installedApps/{id}/chat 200`,
    ]);
    const opened = connector.calls.filter((c) => c.method === 'OPEN');
    assert.equal(opened.length, 1);
    assert.deepEqual(opened[0]!.body['members'], [{ id: TM.id, name: '' }]);
    assert.equal((opened[0]!.body['channelData'] as { tenant: { id: string } }).tenant.id, TENANT);
    assert.deepEqual(connector.posts.map((p) => [p.conversation, p.body['text']]), [[chatId, 'Case MOS-1: your agreement is needed.']]);
    assert.equal(copy.activityId, connector.posts[0]!.activityId, 'a copy that can be edited later');
    assert.deepEqual(connector.refusals, []);

    graph.resetStats();
    await notifier.send({ key: 'k2', to: TM.id, text: 'Case MOS-1: reminder.' });
    assert.deepEqual(graphCalls(), [], 'the chat was kept: no second installation');
    assert.equal(connector.posts.length, 2);
    assert.equal(connector.posts[1]!.conversation, chatId);
  });

  it('an app already installed (409 Conflict) is normal: it goes straight on to the chat', async () => {
    graph.teamsApps.grantSelfInstall(CATALOG_ID);
    // Installed by a Teams app setup policy, but the person never wrote to the bot.
    graph.teamsApps.installFor(TM.id, CATALOG_ID);
    await notifier.send({ key: 'k1', to: TM.id, text: 'Case MOS-1: your agreement is needed.' });
    assert.equal(graphCalls()[0], `POST /users/${TM.id}/teamwork/installedApps 409`);
    assert.equal(connector.posts.length, 1);
    assert.deepEqual(problems, []);
  });

  it('without TeamsAppInstallation.ReadWriteSelfForUser.All (403): nothing is sent, the reason is install-failed, operators are told what to grant', async () => {
    await assert.rejects(notifier.send({ key: 'k1', to: TM.id, text: 'Case MOS-1.' }), (e: unknown) => e instanceof RecipientUnreachableError && e.reason === 'install-failed');
    assert.deepEqual(graphCalls(), [`POST /users/${TM.id}/teamwork/installedApps 403`]);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.failure, 'not-permitted');
    assert.match(problems[0]!.message, /TeamsAppInstallation\.ReadWriteSelfForUser\.All/);
    assert.equal(connector.calls.length, 0);
    assert.equal(await store.getConversation(deliveryKeys.person(TM.id)), undefined);
  });

  it('a person Entra does not know (404) is install-failed too; a Graph outage is retried, not given up', async () => {
    graph.teamsApps.grantSelfInstall(CATALOG_ID);
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    await assert.rejects(notifier.send({ key: 'k1', to: unknown, text: 'x' }), (e: unknown) => e instanceof RecipientUnreachableError && e.reason === 'install-failed');
    assert.equal(problems[0]?.failure, 'not-found');
    graph.fail({ status: 503, times: 1, retryAfterSeconds: 2 });
    await assert.rejects(notifier.send({ key: 'k2', to: TM.id, text: 'x' }), (e: unknown) => e instanceof TransientRecordError && e.retryAfterMs === 2000);
    assert.equal(problems.length, 1);
    // The next attempt goes through.
    await notifier.send({ key: 'k2', to: TM.id, text: 'x' });
    assert.equal(connector.posts.length, 1);
  });

  it('from the configuration: TEAMS_APP_CATALOG_ID turns it on, and each kind of failure is logged for operators once, not per message', async () => {
    const config = loadConfig({ GRAPH_BASE_URL: graph.url, GRAPH_AUTH: 'none', SHAREPOINT_SITE_ID: 'site', TEAMS_APP_CATALOG_ID: CATALOG_ID, TEAMS_SERVICE_URL: `${connector.url}/` });
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
    assert.equal(proactiveInstall(loadConfig({ GRAPH_BASE_URL: graph.url, GRAPH_AUTH: 'none', SHAREPOINT_SITE_ID: 'site' }), {}, logger), undefined, 'off without TEAMS_APP_CATALOG_ID');
    const install = proactiveInstall(config, {}, logger);
    assert.ok(install);
    assert.equal(install.serviceUrl, `${connector.url}/`);
    const wired = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: store, install: { ...install, tenantId: TENANT } });
    for (const key of ['k1', 'k2']) await assert.rejects(wired.send({ key, to: TM.id, text: 'x' }), RecipientUnreachableError);
    const logged = lines.map((l) => JSON.parse(l) as { level: string; msg: string });
    assert.equal(logged.length, 1, lines.join('\n'));
    assert.equal(logged[0]!.level, 'error');
    assert.match(logged[0]!.msg, /^Teams app installation problem: .*TeamsAppInstallation\.ReadWriteSelfForUser\.All/);
    graph.teamsApps.grantSelfInstall(CATALOG_ID);
    await wired.send({ key: 'k3', to: TM.id, text: 'Case MOS-1.' });
    assert.equal(connector.posts.length, 1);
  });

  it('a channel key or a group key is never installed for: they stay no-chat', async () => {
    graph.teamsApps.grantSelfInstall(CATALOG_ID);
    await assert.rejects(notifier.send({ key: 'k1', to: 'channel:iro', text: 'x' }), (e: unknown) => e instanceof RecipientUnreachableError && e.reason === 'no-chat');
    assert.deepEqual(graphCalls(), []);
  });

  describe('through the outbox: an approval request to a team manager who never opened the app', () => {
    let world: World;
    let worker: OutboxWorker;
    let caseId: string;
    beforeEach(async () => {
      const organisation = parseRoleConfig({
        roles: { 'social-worker': { users: [SW] }, 'team-manager': { users: [TM] }, 'head-of-service': { users: [] }, director: { users: [] }, iro: { users: [] }, 'placement-team': { users: [] } },
        deputies: [],
      });
      world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation });
      const teams = new ProactiveNotifier({ adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})), appId: '', conversations: world.store, install: { installer: createGraphAppInstaller({ client: createGraphClient({ baseUrl: graph.url, auth: { kind: 'none' } }), catalogAppId: CATALOG_ID }), serviceUrl: `${connector.url}/`, tenantId: TENANT } });
      const deliver = createEffectDeliverer({ store: world.store, recorder: world.recorder, notifier: teams, authority: new Authority(organisation, null), timeZone: 'Europe/London', iroChannelConfigured: false, now: () => world.clock.now() });
      worker = new OutboxWorker(world.store, deliver, world.clock, { owner: 'install-worker', backoffBaseMs: 0 });
      // The social worker has written to the bot; the team manager never has.
      await world.store.saveConversation(deliveryKeys.person(SW.id), connector.reference('a:chat-sw', '29:sw', SW.id));
      const opened = await world.service.openCase({ idempotencyKey: 'open', actor: SW, ref: 'MOS-7', trigger: 'consent-withdrawn', iro: null, facts: { legalStatus: 'S20', dateOfBirth: '2011-07-19', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } });
      assert.ok(opened.ok, JSON.stringify(opened));
      caseId = opened.caseId;
      let n = 0;
      for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) {
        const outcome = await world.service.apply({ idempotencyKey: `e${++n}`, caseId, actor: SW, event });
        assert.ok(outcome.ok, JSON.stringify(outcome));
      }
    });
    afterEach(async () => world.close());

    const requestsTo = (chat: string | undefined) => connector.posts.filter((p) => p.conversation === chat && /agreement|decision|approv/i.test(String(p.body['text'])));

    it('the team manager receives the request in a chat the bot opened; nothing for them is listed as undelivered', async () => {
      graph.teamsApps.grantSelfInstall(CATALOG_ID);
      await worker.drain();
      const chat = graph.teamsApps.chatIdFor(TM.id, BOT_APP_ID);
      assert.ok(chat, 'installed for the team manager');
      assert.ok(requestsTo(chat).length >= 1, `the request reached them: ${JSON.stringify(connector.posts.map((p) => [p.conversation, p.body['text']]))}`);
      // This organisation names no IRO, so only the IRO's notice reached nobody (and is listed as such).
      assert.deepEqual((await undeliveredMessages(world.store, caseId)).map((m) => [m.to, m.reason]), [['the Independent Reviewing Officer', 'no-holder']]);
      assert.equal(connector.posts.filter((p) => p.conversation === 'a:chat-sw' && /Not delivered/.test(String(p.body['text'])) && String(p.body['text']).includes(TM.name)).length, 0);
    });

    it('when installing is refused, the request is listed as undelivered with the reason, and the social worker is told', async () => {
      await worker.drain();
      // The IRO's notice reached nobody as this organisation names no IRO: listed on its own, apart.
      const undelivered = (await undeliveredMessages(world.store, caseId)).filter((m) => m.reason !== 'no-holder');
      assert.ok(undelivered.length >= 1);
      assert.ok(undelivered.every((m) => m.reason === 'install-failed' && m.to.startsWith(TM.name)), JSON.stringify(undelivered));
      const told = connector.posts.filter((p) => p.conversation === 'a:chat-sw' && /Not delivered/.test(String(p.body['text'])) && String(p.body['text']).includes(TM.name));
      assert.equal(told.length, 1);
      assert.match(String(told[0]!.body['text']), /could not be added to their Teams/);
    });
  });
});
