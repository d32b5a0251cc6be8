/**
 * Scale-out, for real: two bot processes (`node --import tsx src/server.ts`, STORE=azure-tables)
 * on one Azure Table Storage account (a real Azurite), one SharePoint (the local Graph server)
 * and one Bot Connector stand-in. Each process reaches Graph through its own small HTTP relay in
 * this test, so the test can tell the two apart and stall one of them.
 *
 * 1. A case is brought to a pending team-manager approval by HTTP turns spread over both processes.
 * 2. Four `decide` clicks for that approval arrive at the same moment, two at each process:
 *    exactly one decision is recorded, and the other three are answered with the card showing
 *    who decided.
 * 3. One process is SIGKILLed while it is delivering an outbox item whose SharePoint write went
 *    through but whose reply never came back. After its lease (OUTBOX_LEASE_MS) runs out the other
 *    process takes the item over and finishes the case's work; every SharePoint row exists once.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { createAzureTableCaseStore, type AzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { createGraphClient } from '../../src/adapters/graph/graph-client';
import { IDEMPOTENCY_KEY_COLUMN } from '../../src/adapters/graph/list-schema';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { LocalGraphServer } from '../../support/local-graph-server';
import { actionOf, cardTexts, ConnectorStandIn, eventually, startBotProcess, TeamsUser, type BotProcess, type Card } from './support/bot-process';
import { listenLocally, stopServer } from '../../support/local-http';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';
const LISTS = ['Cases', 'Decisions', 'Tasks', 'Audit'] as const;
const PEOPLE = {
  sw: { id: '00000000-0000-0000-0000-00000000001a', name: 'Sam Social' },
  tm: { id: '00000000-0000-0000-0000-00000000002b', name: 'Taylor Manager' },
  tm2: { id: '00000000-0000-0000-0000-00000000002c', name: 'Toni Manager' },
  hos: { id: '00000000-0000-0000-0000-00000000003c', name: 'Harper Head' },
  director: { id: '00000000-0000-0000-0000-00000000004d', name: 'Dana Director' },
  iro: { id: '00000000-0000-0000-0000-00000000005e', name: 'Indra Reviewer' },
};
const ROLES = {
  roles: {
    'social-worker': { users: [PEOPLE.sw] },
    'team-manager': { users: [PEOPLE.tm, PEOPLE.tm2] },
    'head-of-service': { users: [PEOPLE.hos] },
    director: { users: [PEOPLE.director] },
    iro: { users: [PEOPLE.iro] },
    'placement-team': { users: [] },
  },
  deputies: [],
  people: [],
};
const REF = 'MOS-2001';
/** The bots run on the real clock, so the case's dates are relative to today. */
const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

type RelayMode = 'pass' | 'hold' | 'swallow-write-replies';

/**
 * One bot process's road to Graph. `pass` forwards everything; `hold` queues requests unforwarded
 * until `pass` again; `swallow-write-replies` forwards everything but, for a write (a POST, PATCH
 * or DELETE of list items, directly or inside a $batch), never answers: the row is written and
 * the bot is left waiting, as when a gateway loses the reply.
 */
class GraphRelay {
  mode: RelayMode = 'pass';
  readonly swallowed: string[] = [];
  private held: (() => void)[] = [];
  private server: Server | undefined;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.route(req, res, Buffer.concat(chunks)));
    });
    this.url = await listenLocally(this.server);
  }

  setMode(mode: RelayMode): void {
    this.mode = mode;
    if (mode !== 'hold') for (const release of this.held.splice(0)) release();
  }

  private route(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    if (this.mode === 'hold') {
      this.held.push(() => this.route(req, res, body));
      return;
    }
    const text = body.toString('utf8');
    const isWrite = /\/items/.test(req.url ?? '') && ['POST', 'PATCH', 'DELETE'].includes(req.method ?? '')
      || (/\/\$batch$/.test(req.url ?? '') && /"method"\s*:\s*"(POST|PATCH|DELETE)"/i.test(text) && /\/items/.test(text));
    const swallow = this.mode === 'swallow-write-replies' && isWrite;
    const forward = httpRequest(`${this.target}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } }, (reply) => {
      const replyChunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => replyChunks.push(chunk));
      reply.on('end', () => {
        if (swallow) {
          this.swallowed.push(text);
          return; // the write is done; its reply never reaches the bot
        }
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        res.end(Buffer.concat(replyChunks));
      });
    });
    forward.on('error', () => { if (!res.headersSent) { res.writeHead(502); res.end(); } });
    forward.end(body);
  }

  async stop(): Promise<void> {
    this.held = [];
    await stopServer(this.server);
  }
}

describe('two bot processes on one Azure Table Storage account', function () {
  this.timeout(240_000);
  let azurite: RunningAzurite;
  let graph: LocalGraphServer;
  const connector = new ConnectorStandIn();
  const relays = { a: undefined as GraphRelay | undefined, b: undefined as GraphRelay | undefined };
  const bots: BotProcess[] = [];
  let store: AzureTableCaseStore;
  let dir: string;
  const prefix = `twobots${process.pid}x${Date.now() % 100_000}`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-two-bots-'));
    azurite = await startAzurite();
    graph = await LocalGraphServer.start();
    await provisionSharePoint(createGraphClient({ baseUrl: graph.url, auth: { kind: 'none' } }), SITE);
    await connector.start();
    relays.a = new GraphRelay(graph.url);
    relays.b = new GraphRelay(graph.url);
    await relays.a.start();
    await relays.b.start();
    store = createAzureTableCaseStore({ connectionString: azurite.connectionString, tablePrefix: prefix });
  });

  afterEach(function () {
    // On failure, what the bots said about it (warnings and errors only).
    if (this.currentTest?.state !== 'failed') return;
    for (const bot of bots) {
      const worth = bot.lines.filter((line) => /"level":"(warn|error)"/.test(line));
      console.log(`--- ${bot.name}: ${worth.length} warnings/errors\n${worth.slice(-15).join('\n')}\n${bot.stderr().slice(-2000)}`);
    }
  });

  after(async () => {
    for (const bot of bots) bot.child.kill('SIGKILL');
    await Promise.all(bots.map((bot) => bot.exited));
    await store?.close();
    for (const suffix of ['Cases', 'Index']) {
      await TableClient.fromConnectionString(azurite.connectionString, `${prefix}${suffix}`, { allowInsecureConnection: true }).deleteTable().catch(() => undefined);
    }
    await relays.a?.stop();
    await relays.b?.stop();
    await connector.stop();
    await graph?.stop();
    await azurite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startBot(name: 'a' | 'b', relay: GraphRelay): Promise<BotProcess> {
    const rolesFile = join(dir, `roles-${name}.json`);
    writeFileSync(rolesFile, JSON.stringify(ROLES));
    const bot = await startBotProcess(name, {
      STORE: 'azure-tables',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_TABLES_PREFIX: prefix,
      GRAPH_BASE_URL: relay.url,
      SHAREPOINT_SITE_ID: SITE,
      GRAPH_AUTH: 'none',
      ROLES_FILE: rolesFile,
      DATA_DIR: join(dir, `data-${name}`),
      OUTBOX_POLL_MS: '200',
      OUTBOX_LEASE_MS: '2000',
      LOG_LEVEL: 'debug',
    });
    bots.push(bot);
    return bot;
  }

  /** Rows per idempotency key in each SharePoint list. */
  function rowsByKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const list of LISTS) {
      for (const row of graph.rows(SITE, list)) {
        const key = `${list}:${String(row[IDEMPOTENCY_KEY_COLUMN])}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    return counts;
  }

  async function outboxSettled(): Promise<true | undefined> {
    const counts = await store.outboxCounts();
    return counts.pending === 0 ? true : undefined;
  }

  it('agree on one decision among concurrent clicks, and finish a killed instance’s delivery exactly once', async () => {
    const [a, b] = await Promise.all([startBot('a', relays.a!), startBot('b', relays.b!)]);
    if (!a || !b) throw new Error('bots did not start');
    const user = (person: { id: string; name: string }) => new TeamsUser(person, connector.url);
    const sw = user(PEOPLE.sw);
    const tm = user(PEOPLE.tm);
    const tm2 = user(PEOPLE.tm2);
    const iro = user(PEOPLE.iro);
    // Everyone opens a chat with the bot (one process or the other), so notices can reach them.
    await sw.say(a.url, 'hello');
    await tm.say(b.url, 'hello');
    await tm2.say(a.url, 'hello');
    await iro.say(b.url, 'hello');

    // 1. To a pending team-manager approval, alternating between the processes.
    let card: Card = await sw.click(a.url, 'startCase', {
      ref: REF, legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14',
      accommodatedOn: daysAgo(40), previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '',
    });
    assert.match(cardTexts(card), new RegExp(`Case ${REF}`));
    card = await sw.press(b.url, card, /child's views/);
    card = await sw.press(a.url, card, /Record/, { views: 'Wants to go home.' });
    card = await sw.press(b.url, await sw.press(a.url, card, /immediate risk/), /^Record /, { summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'false', childProtectionConferenceNeeded: 'false' });
    card = await sw.press(a.url, await sw.press(b.url, card, /parents' views/), /^Record /, { views: 'Mother agrees.', plannedReturnAgreed: 'false' });
    card = await sw.press(a.url, await sw.press(b.url, card, /Inform the IRO/), /Inform the IRO now/);
    card = await sw.press(a.url, await sw.press(b.url, card, /Submit the assessment/), /Submit for agreement/, {
      form: 's20-return-home-assessment', viable: 'true', riskAnalysis: 'Low risk.', safetyPlan: 'Daily contact.', stepdown: 'trusted-adult', purpose: 'Someone to call.', completedOn: daysAgo(1),
    });
    assert.match(cardTexts(card), /sent to the team manager/, cardTexts(card).split('\n').slice(0, 12).join(' / '));
    const request = await tm.press(b.url, await tm.sayForCard(a.url, `case ${REF}`, connector), /Open the request/);
    const approve = actionOf(request, /^Approve$/);

    // 2. Four decisions at once, two at each process, from both team managers.
    const answers = await Promise.all([
      tm.click(a.url, 'decide', approve.data),
      tm2.click(b.url, 'decide', { ...approve.data, outcome: 'request-changes', comment: 'Please add the school plan.' }),
      tm.click(b.url, 'decide', approve.data),
      tm2.click(a.url, 'decide', approve.data),
    ]);
    const stored = await store.getByRef<{ approvals: { decision?: { by?: { name?: string } } }[] }>(REF);
    const decided = stored?.state.approvals.filter((approval) => approval.decision) ?? [];
    assert.equal(decided.length, 1, `exactly one decision recorded: ${JSON.stringify(decided)}`);
    const texts = answers.map(cardTexts);
    const winners = texts.filter((t) => !/already decided/.test(t));
    const told = texts.filter((t) => /already decided/.test(t));
    assert.equal(winners.length, 1, `one click decided: ${JSON.stringify(texts)}`);
    assert.equal(told.length, 3, 'the other three were told it was already decided');
    const decider = /(Approved|Changes requested|Rejected) by ([A-Z][a-z]+ Manager)/.exec(winners[0] ?? '')?.[2];
    assert.ok(decider, `the winning card names the decider: ${winners[0] ?? ''}`);
    for (const t of told) assert.match(t, new RegExp(`already decided by ${decider}`), 'each loser sees who decided');
    assert.ok(answers.every((answer) => !answer.actions?.some((action) => action.verb === 'decide')), 'no card offers to decide again');
    await eventually('the decision’s outbox to drain', outboxSettled, 120_000); // as step 4's: Azurite and two bots on a loaded machine can take over a minute

    // 3. Stall process b's road to Graph and make a's writes lose their replies; then give the case more work.
    relays.b!.setMode('hold');
    relays.a!.setMode('swallow-write-replies');
    const iroCase = await iro.sayForCard(a.url, `case ${REF}`, connector);
    const viewForm = await iro.press(a.url, iroCase, /IRO's view/);
    const recorded = await iro.press(a.url, viewForm, /^Record /, { view: 'Supports the return.', reviewBroughtForward: 'true' });
    assert.doesNotMatch(cardTexts(recorded), /Sorry/);
    // a claims an item (at once, or once b's stalled lease runs out), writes to SharePoint and waits for a reply that never comes.
    await eventually('process a to be mid-delivery with a write applied', () => (relays.a!.swallowed.length > 0 ? true : undefined), 90_000);
    const rowsBeforeKill = rowsByKey();
    a.child.kill('SIGKILL');
    assert.equal((await a.exited).signal, 'SIGKILL');
    relays.b!.setMode('pass');

    // b takes the item over after a's lease and finishes the case's work.
    await eventually('process b to deliver everything', outboxSettled, 120_000);
    const counts = await store.outboxCounts();
    assert.equal(counts.dead, 0, `nothing went to dead-letter: ${JSON.stringify(counts)}`);
    const rows = rowsByKey();
    const twice = [...rows].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no SharePoint row written twice');
    for (const key of rowsBeforeKill.keys()) assert.equal(rows.get(key), 1, `${key} still once`);
    assert.ok(rows.size > rowsBeforeKill.size, 'b wrote the rows a never got to');
    const takenOver = b.lines.filter((line) => /outbox item delivered/.test(line)).length;
    assert.ok(takenOver > 0, 'b delivered outbox items');
    console.log(`      decided by ${decider}; ${relays.a!.swallowed.length} write(s) by a lost their reply before the kill; rows before/after: ${rowsBeforeKill.size}/${rows.size}`);
  });
});
