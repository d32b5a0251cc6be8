/**
 * The bot's own credentials failing, as support staff meet it when a client secret expires (or is
 * replaced in Entra ID before the bot's setting is changed): Entra ID refuses the bot its token, so
 * nothing reaches Teams or SharePoint until the secret is renewed. What was waiting must then go
 * out, once each, and the log must say what is wrong in words naming the settings. Before, each
 * Teams message (and each SharePoint record after a Graph secret expired) was tried twelve times
 * over about twenty minutes and dead-lettered, staying there after the renewal until someone ran
 * "outbox replay", and a managed identity not there dead-lettered every record at once; the log
 * said only 'outbox item failed' and 'dead-lettered' with the error's type.
 *
 * Entra ID is the one piece replaced: MSAL's own ServerError (botbuilder's copy of @azure/msal-node)
 * as it throws it for AADSTS7000222, and @azure/identity's own errors for Graph's sign-in.
 */
import { strict as assert } from 'node:assert';
import { AuthenticationRequiredError, CredentialUnavailableError, type AccessToken, type TokenCredential } from '@azure/identity';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { ProactiveNotifier } from '../../src/bot/proactive-notifier';
import { SendRate } from '../../src/cases/send-rate';
import { createGraphClient } from '../../src/adapters/graph/graph-client';
import { teamsSendError } from '../../src/bot/teams-errors';
import { createLogger } from '../../src/logging/logger';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import type { DeliveryState } from '../../src/ports/delivery-state';
import { SignInFailedError } from '../../src/ports/recorder';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { SITE_ID, appOn } from '../../support/app-on';
import type { App } from '../../src/app';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { makeWorld, PEOPLE, RecordingNotifier, SettableClock, WORLD_IRO_CHANNEL, type World } from '../../support/world';

type Line = { level: string; msg: string; [field: string]: unknown };

/** MSAL's ServerError from the copy botbuilder signs in with (not the top-level one: instanceof would not match it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const botMsal = require(require.resolve('@azure/msal-node', { paths: [require.resolve('botframework-connector')] })) as { ServerError: new (code: string, message: string) => Error };
const expiredSecret = (): Error =>
  new botMsal.ServerError('invalid_client', 'AADSTS7000222: The provided client secret keys for app \'3f2b1c4d-1111-2222-3333-444455556666\' are expired. Visit the Azure portal to create new keys for your app.');

const MINUTE = 60_000;

/** Every outbox item the world's worker settles, a minute of its clock at a time, for `minutes`. */
async function passMinutes(world: Pick<World, 'clock' | 'worker'>, minutes: number): Promise<{ dead: number; delivered: number }> {
  let dead = 0;
  let delivered = 0;
  for (let m = 0; m < minutes; m++) {
    world.clock.set(new Date(world.clock.now().getTime() + MINUTE).toISOString());
    const report = await world.worker.drain();
    dead += report.dead;
    delivered += report.delivered;
  }
  return { dead, delivered };
}

describe('the bot\'s client secret expires, then is renewed', function () {
  this.timeout(120_000);
  let world: World<ProactiveNotifier>;
  let lines: Line[];
  afterEach(async () => world?.close());

  it('Teams messages wait, are never given up on, go out once each after the renewal, and the log names MICROSOFT_APP_PASSWORD', async () => {
    lines = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Line) });
    let renewed = false;
    const posted: string[] = [];
    // The world's own store, which is made with the world.
    const lateStore = {
      getConversation: (key: Parameters<DeliveryState['getConversation']>[0]) => world.store.getConversation(key),
      saveConversation: (key: Parameters<DeliveryState['saveConversation']>[0], value: Parameters<DeliveryState['saveConversation']>[1]) => world.store.saveConversation(key, value),
    } as DeliveryState;
    // botbuilder's adapter as it behaves while Entra ID refuses the bot's secret: the token is asked for before anything is sent.
    const adapter = {
      async continueConversationAsync(_appId: string, reference: { conversation?: { id?: string } }, logic: (context: unknown) => Promise<void>) {
        if (!renewed) throw expiredSecret();
        await logic({ sendActivity: async () => ({ id: `act-${posted.push(reference.conversation?.id ?? '')}` }) });
      },
      async createConversationAsync(_appId: string, _channel: string, _url: string, _audience: string, parameters: { channelData: { channel: { id: string } } }, logic: (context: unknown) => Promise<void>) {
        if (!renewed) throw expiredSecret();
        posted.push(parameters.channelData.channel.id);
        await logic({ activity: { conversation: { id: `${parameters.channelData.channel.id};messageid=${posted.length}` } } });
      },
    } as unknown as CloudAdapter;
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, {
      logger,
      // Teams' pacing on the world's clock, as the bot's runs on the real one its tries are made on.
      notifier: new ProactiveNotifier({ adapter, appId: '3f2b1c4d-1111-2222-3333-444455556666', conversations: lateStore, rate: new SendRate(undefined, () => world.clock.now().getTime()) }),
    });
    // Everyone has opened a chat with the bot, and it is in the IRO channel's team.
    for (const person of Object.values(PEOPLE)) {
      await world.store.saveConversation(deliveryKeys.person(person.id), { channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: `chat-${person.id}` } });
    }
    await world.store.saveConversation(deliveryKeys.channel('iro'), { channelId: 'msteams', serviceUrl: 'https://smba.example/', conversation: { id: WORLD_IRO_CHANNEL } });

    const caseId = await openCase(world.service, 'SEC-1');
    await toTeamManagerApproval(world.service, caseId);
    const waiting = (await world.store.listOutbox('pending', 1000)).filter((i) => i.kind !== 'record').length;
    assert.ok(waiting > 3, `messages are waiting (${waiting})`);

    // Ninety minutes with the secret expired: far past the twelve attempts an item otherwise gets.
    const meanwhile = await passMinutes(world, 90);
    assert.equal(meanwhile.dead, 0, 'nothing given up on while the bot cannot sign in');
    assert.equal((await world.store.outboxCounts()).dead, 0);
    assert.deepEqual(posted, []);
    const told = lines.filter((l) => l.level === 'error' || l.level === 'warn');
    assert.match(
      told[0]?.msg ?? '',
      /^The bot cannot sign in to the Bot Framework \(Teams messages\): check MICROSOFT_APP_ID, MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_PASSWORD: a client secret that expired or was replaced in Entra ID must be renewed there and set here again\. Nothing is lost: what waits in the outbox is kept and tried again every minute, never given up on, and goes out once the sign-in works\.$/,
    );
    // Then once every 15 minutes while it lasts, not once an item and a try.
    const still = told.slice(1);
    assert.ok(still.length >= 4 && still.length <= 6, `about one reminder each quarter of an hour: ${still.length}`);
    for (const line of still) assert.match(line.msg, /^The bot still cannot sign in to the Bot Framework \(Teams messages\) \(\d+ failed tries since 2026-03-02T10:0\d:00\.000Z\): check MICROSOFT_APP_ID/);
    assert.doesNotMatch(JSON.stringify(lines), /AADSTS|3f2b1c4d/, 'MSAL\'s message (naming the app) is not logged');

    // The secret is renewed (a new one set, the bot restarted or not): everything waiting goes out, once each.
    renewed = true;
    const after = await passMinutes(world, 2);
    assert.equal(after.dead, 0);
    assert.equal((await world.store.outboxCounts()).pending, 0, 'nothing left waiting');
    assert.ok(posted.length >= waiting, `every waiting message went out (${posted.length} posts for ${waiting} items)`);
    const back = lines.filter((l) => l.level === 'info' && /signs in/.test(l.msg));
    assert.equal(back.length, 1);
    assert.equal(back[0]!.msg, 'The bot signs in to the Bot Framework (Teams messages) again: what waited in the outbox is being sent.');
    // Sent once each: a second drain sends nothing more.
    const before = posted.length;
    await passMinutes(world, 5);
    assert.equal(posted.length, before);
  });

  it('botbuilder failing to get its token from Entra ID is held back as a sign-in failure, not a failed message', async () => {
    // The real adapter and MSAL, with an app id and a secret Entra ID will not take (from here it may not even be reached).
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '3f2b1c4d-1111-2222-3333-444455556666', MicrosoftAppPassword: 'expired', MicrosoftAppTenantId: '7a8b9c0d-1111-2222-3333-444455556666', MicrosoftAppType: 'SingleTenant' }));
    let thrown: unknown;
    try {
      await adapter.continueConversationAsync('3f2b1c4d-1111-2222-3333-444455556666', { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' }, bot: { id: 'b', name: 'b' }, user: { id: 'u', name: 'u' } }, async (context) => {
        await context.sendActivity('hello');
      });
    } catch (error) {
      thrown = error;
    }
    const typed = teamsSendError(thrown, 'tm-1').error;
    assert.ok(typed instanceof SignInFailedError, `held back as a sign-in failure: ${String(thrown)}`);
    assert.equal(typed.service, 'the Bot Framework (Teams messages)');
  });

  it("Entra ID's sign-in not reached by botbuilder (network_error): the advice names login.microsoftonline.com and the tenant, not a secret to renew", async () => {
    // The real adapter and MSAL; this machine reaches no Entra ID, as during a network fault or an Entra ID outage.
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '3f2b1c4d-1111-2222-3333-444455556666', MicrosoftAppPassword: 'a-secret-that-is-fine', MicrosoftAppTenantId: '7a8b9c0d-1111-2222-3333-444455556666', MicrosoftAppType: 'SingleTenant' }));
    let thrown: unknown;
    try {
      await adapter.continueConversationAsync('3f2b1c4d-1111-2222-3333-444455556666', { channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/', conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' }, bot: { id: 'b', name: 'b' }, user: { id: 'u', name: 'u' } }, async (context) => {
        await context.sendActivity('hello');
      });
    } catch (error) {
      thrown = error;
    }
    assert.equal((thrown as { errorCode?: unknown }).errorCode, 'network_error', 'Entra ID was not reached from here');
    const typed = teamsSendError(thrown, 'tm-1').error;
    assert.ok(typed instanceof SignInFailedError);
    assert.match(typed.advice, /login\.microsoftonline\.com\) could not be reached/);
    assert.match(typed.advice, /MICROSOFT_APP_TENANT_ID/);
    assert.doesNotMatch(typed.advice, /expired|renewed/);
  });
});

describe('Microsoft Graph\'s sign-in fails (a secret expired, the managed identity not there), then works again', function () {
  this.timeout(120_000);
  let server: LocalGraphServer;
  let app: App | undefined;
  let dir: string | undefined;
  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  });
  after(async () => server.stop());
  afterEach(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    app = undefined;
  });

  for (const [what, refused] of [
    // What @azure/identity's ClientSecretCredential throws when MSAL is refused the token (AADSTS7000222).
    ['an expired client secret', () => new AuthenticationRequiredError({ scopes: ['https://graph.microsoft.com/.default'], message: 'invalid_client: AADSTS7000222: The provided client secret keys are expired.' })],
    // What ManagedIdentityCredential throws while App Service's identity endpoint is not there.
    ['the managed identity not there', () => new CredentialUnavailableError('ManagedIdentityCredential: The managed identity endpoint is not available.')],
  ] as const) {
    it(`${what}: the SharePoint records wait, are never given up on, and are written once each afterwards; the log names the settings`, async () => {
      server.reset();
      await provisionSharePoint(testGraphClient(server.url), SITE_ID);
      const lines: Line[] = [];
      const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Line) });
      let renewed = false;
      const credential: TokenCredential = {
        async getToken(): Promise<AccessToken> {
          if (!renewed) throw refused();
          return { token: TEST_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      };
      const client = createGraphClient({ baseUrl: server.url, auth: { kind: 'credential', credential } });
      const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
      dir = mkdtempSync(join(tmpdir(), 's20-sign-in-'));
      // The app as the composition root builds it with Graph configured: its recorder and document library on this client.
      app = appOn(dir, { graphUrl: server.url, parts: { clock, logger, graphClient: client, notifier: new RecordingNotifier() } });
      const world = { clock, worker: app.worker, store: app.store };
      const caseId = await openCase(app.service, 'SEC-2');
      await toTeamManagerApproval(app.service, caseId);
      const records = (await world.store.listOutbox('pending', 1000)).filter((i) => i.kind === 'record').length;
      assert.ok(records > 3, `records are waiting (${records})`);

      const meanwhile = await passMinutes(world, 90);
      assert.equal(meanwhile.dead, 0, 'no record given up on while the bot cannot sign in to Graph');
      assert.equal(server.rows(SITE_ID, 'Audit').length, 0);
      const told = lines.filter((l) => l.level === 'error' || l.level === 'warn');
      assert.match(told[0]?.msg ?? '', /^The bot cannot sign in to Microsoft Graph: check GRAPH_AUTH and the app's credentials \(AZURE_TENANT_ID, AZURE_CLIENT_ID, and the client secret or certificate, which may have expired or been replaced in Entra ID\)\. Nothing is lost/);
      assert.ok(told.length <= 7, `told once and then every quarter of an hour, not once an item: ${told.length} lines`);

      renewed = true;
      await passMinutes(world, 3);
      const counts = await world.store.outboxCounts();
      assert.equal(counts.dead, 0);
      assert.equal((await world.store.listOutbox('pending', 1000)).filter((i) => i.kind === 'record').length, 0, 'every record written');
      const audit = server.rows(SITE_ID, 'Audit');
      assert.equal(audit.length, (await world.store.audit(caseId)).length, 'each audit entry written once');
      assert.ok(lines.some((l) => l.level === 'info' && l.msg === 'The bot signs in to Microsoft Graph again: what waited in the outbox is being sent.'));
    });
  }
});
