/**
 * The real bot as its own OS process, from source (`node --import tsx src/server.ts`) or, with
 * BOT_UNDER_TEST=dist, compiled as production runs it (`node dist/server.js`, what `npm run serve`
 * and App Service run; BOT_NODE picks another Node binary, BOT_DIST_DIR another build: .ci/run
 * uses both to run these tests on Node 24), with a local stand-in for the Bot Connector that records what the bot sends, and helpers
 * that speak the Bot Framework protocol to the bot over HTTP.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { listenLocally, stopServer } from '../../../support/local-http';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface BotCommand {
  node: string;
  args: string[];
}

/** The source, run through tsx on this Node. */
export const SOURCE_BOT: BotCommand = { node: process.execPath, args: ['--import', 'tsx', 'src/server.ts'] };

/** The compiled server in BOT_DIST_DIR (default dist/), on BOT_NODE (default this Node). */
export function compiledBot(): BotCommand {
  const dir = resolve(ROOT, process.env.BOT_DIST_DIR ?? 'dist');
  return { node: process.env.BOT_NODE ?? process.execPath, args: [join(dir, 'server.js')] };
}

/** What BOT_UNDER_TEST asks for: source (the default) or dist. */
export function botUnderTest(): BotCommand {
  const mode = process.env.BOT_UNDER_TEST ?? 'source';
  if (mode === 'source') return SOURCE_BOT;
  if (mode === 'dist') return compiledBot();
  throw new Error(`BOT_UNDER_TEST must be source or dist, not ${JSON.stringify(mode)}`);
}

export interface BotProcess {
  name: string;
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Every stdout line so far (JSON log lines and the announcement). */
  lines: string[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 30 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

/** Starts the bot with exactly `env` (plus PATH) on a free port, and resolves once it listens. */
export async function startBotProcess(name: string, env: Record<string, string>, command: BotCommand = botUnderTest()): Promise<BotProcess> {
  const child = spawn(command.node, command.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: 'pipe',
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('close', (code, signal) => done({ code, signal })));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s: ${stderr.trim()}`)), 60_000);
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        const listening = /listening at (http:\/\/[^/\s]+)\/api\/messages/.exec(line);
        if (listening?.[1]) {
          clearTimeout(timer);
          resolveUrl(listening[1]);
        }
      }
    });
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${e.signal ?? e.code}) before listening: ${stderr.trim()}`));
    });
  });
  return {
    name, child, url, lines, exited,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

export interface ConnectorRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** The Bot Connector stand-in: answers POST …/activities as the Connector REST API documents, and records it. */
export class ConnectorStandIn {
  readonly received: ConnectorRequest[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    let replies = 0;
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
        if (req.method === 'POST' && /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(req.url ?? '')) {
          replies += 1;
          // Not chained: restify patches http.ServerResponse.prototype.writeHead, which then returns nothing.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `reply-${replies}` }));
        } else {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'NotFound', message: 'no such route' } }));
        }
      });
    });
    this.url = await listenLocally(this.server);
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }
}

export interface Person {
  id: string;
  name: string;
}

export interface CardAction {
  type: string;
  title: string;
  verb: string;
  data: Record<string, string>;
}

export interface Card {
  body?: unknown[];
  actions?: CardAction[];
}

export { cardTexts } from '../../../support/card-texts';

/** The card's actions and those of the ActionSets in its body (the case card's request waiting for the reader, under its facts). */
function actionsOf(card: Card): CardAction[] {
  const found: CardAction[] = [...(card.actions ?? [])];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as { type?: unknown; actions?: CardAction[] };
      if (n.type === 'ActionSet' && Array.isArray(n.actions)) found.push(...n.actions);
      Object.values(node).forEach(walk);
    }
  };
  walk(card.body);
  return found;
}

export function actionOf(card: Card, title: RegExp): CardAction {
  const found = actionsOf(card).find((a) => title.test(a.title));
  if (!found) throw new Error(`no action ${String(title)} among ${actionsOf(card).map((a) => a.title).join(', ') || 'none'}`);
  return found;
}

let activityCounter = 0;

/** Speaks to a running bot as Teams would for one person in their 1:1 chat with the bot. */
export class TeamsUser {
  constructor(
    readonly person: Person,
    private readonly serviceUrl: string,
  ) {}

  private base(type: string): Record<string, unknown> {
    return {
      type,
      id: `act-${process.pid}-${++activityCounter}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from: { id: `29:${this.person.id}`, name: this.person.name, aadObjectId: this.person.id },
      conversation: { id: `a:chat-${this.person.id}`, conversationType: 'personal', tenantId: 'tenant-1' },
      recipient: { id: '28:bot', name: 'Return home bot' },
      locale: 'en-GB',
    };
  }

  /** A message; its replies go to the Connector stand-in. */
  async say(bot: string, text: string): Promise<void> {
    const response = await postActivity(bot, { ...this.base('message'), text });
    if (response.status !== 200) throw new Error(`message refused with ${response.status}: ${await response.text()}`);
  }

  /** A message whose reply is a card (e.g. "case REF"): the card as the Connector stand-in received it. */
  async sayForCard(bot: string, text: string, connector: ConnectorStandIn): Promise<Card> {
    const activity: Record<string, unknown> = { ...this.base('message'), text };
    const response = await postActivity(bot, activity);
    if (response.status !== 200) throw new Error(`message refused with ${response.status}: ${await response.text()}`);
    const reply = connector.received.find((r) => r.body['replyToId'] === activity['id']);
    const card = (reply?.body['attachments'] as { content?: Card }[] | undefined)?.[0]?.content;
    if (!card) throw new Error(`no card in the reply to "${text}": ${JSON.stringify(reply?.body ?? null)}`);
    return card;
  }

  /** An Action.Execute click; resolves with the card the bot answers with in the invoke response. */
  async click(bot: string, verb: string, data: Record<string, unknown>): Promise<Card> {
    const response = await postActivity(bot, { ...this.base('invoke'), name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`invoke refused with ${response.status}: ${text}`);
    const body = JSON.parse(text) as { statusCode?: number; type?: string; value?: Card };
    if (body.statusCode !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) throw new Error(`not a card: ${text}`);
    return body.value;
  }

  async press(bot: string, card: Card, title: RegExp, inputs: Record<string, unknown> = {}): Promise<Card> {
    const action = actionOf(card, title);
    return this.click(bot, action.verb, { ...action.data, ...inputs });
  }
}

export async function postActivity(bot: string, activity: Record<string, unknown>): Promise<Response> {
  return fetch(`${bot}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
}

/** Waits until `check` returns a value (not undefined), polling; fails after `timeoutMs` with `what`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
