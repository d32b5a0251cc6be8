/**
 * A local Bot Connector (the Teams side of the Bot Framework REST API) as strict as Microsoft
 * documents the service, for tests. It answers:
 * - POST /v3/conversations/{id}/activities[/{replyToId}]: send; 200 with the new activity's id.
 * - PUT /v3/conversations/{id}/activities/{activityId}: update; only an activity it gave out in that
 *   conversation (404 otherwise).
 * - POST /v3/conversations: createConversation; with `isGroup` and `channelData.channel.id` it starts
 *   a new thread in that channel and answers its id (`{channel};messageid={activityId}`) and the
 *   activity id of the first post. Without `isGroup`, with one member (an Entra object id or a
 *   `29:` id) and the tenant, it opens the 1:1 chat with that person, only if the app is installed
 *   for them (`personalChats`; Teams answers 403 "Bot is not installed in user's personal scope"
 *   otherwise), and answers the chat's id, the one Graph gives for the same installation.
 * and refuses, as Teams does:
 * - a message over 100 KB counted in UTF-16 with 413 MessageSizeTooBig ("Format your bot messages",
 *   https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages);
 * - more than 7 posts a second, 8 in 2 s, 60 in 30 s or 1,800 an hour to one conversation, or more
 *   than 50 requests a second from the app in the tenant (every conversation together), with 429
 *   and Retry-After ("Optimize your bot with rate limiting in Teams",
 *   https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit);
 * - a card whose `refresh.userIds` holds anything but Teams user ids (`29:…`) or more than 60 of
 *   them, with 400 BadArgument (Universal Actions' user-specific views: the ids are the users' MRIs);
 * - a conversation the person blocked, with 403 MessageWritesBlocked.
 * These limits are written out here on purpose, not imported from src/: the double must not
 * change when the code under test does.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { listenLocally, stopServer } from './local-http';

export const MAX_MESSAGE_BYTES_UTF16 = 100 * 1024;
const WINDOWS = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

/** The global limit per app per tenant: 50 requests a second, whatever the conversation. */
const PER_APP_PER_TENANT = { ms: 1_000, max: 50 };

export interface ConnectorCall {
  /** CREATE: a new channel thread with its first post; OPEN: a 1:1 chat opened (no message). */
  method: 'POST' | 'PUT' | 'CREATE' | 'OPEN';
  conversation: string;
  activityId: string;
  body: Record<string, unknown>;
}

export interface LocalBotConnectorOptions {
  /** Enforce the per-conversation rate (default true). Load tests that measure the bot alone turn it off. */
  rateLimits?: boolean;
  /** The clock for the rate windows (ms). */
  now?: () => number;
  /**
   * The 1:1 chat between the bot and a person (their Entra object id), when the app is installed for
   * them; undefined when it is not. Tests tie it to the local Graph server's installations.
   */
  personalChats?: (aadObjectId: string) => string | undefined;
}

/** The size Teams counts: the message as UTF-16 (two bytes per UTF-16 code unit). */
export const utf16Bytes = (text: string): number => text.length * 2;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Not chained: restify, loaded by other tests in the same process, patches writeHead so it returns nothing.
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const error = (code: string, message: string) => ({ error: { code, message } });

/** The `refresh.userIds` of every Adaptive Card attached, and what is wrong with them. */
function refreshProblem(body: Record<string, unknown>): string | undefined {
  const attachments = Array.isArray(body['attachments']) ? (body['attachments'] as { contentType?: string; content?: { refresh?: { userIds?: unknown } } }[]) : [];
  for (const attachment of attachments) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
    const userIds = attachment.content?.refresh?.userIds;
    if (userIds === undefined) continue;
    if (!Array.isArray(userIds)) return 'refresh.userIds must be an array';
    if (userIds.length > 60) return `refresh.userIds may hold at most 60 users (got ${userIds.length})`;
    const bad = userIds.find((id) => typeof id !== 'string' || !/^29:\S+$/.test(id));
    if (bad !== undefined) return `refresh.userIds must hold Teams user ids (29:...), not ${JSON.stringify(bad)}`;
  }
  return undefined;
}

export class LocalBotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Every refusal it gave, with its status and code (for tests to assert none, or some). */
  readonly refusals: { status: number; code: string; conversation: string }[] = [];
  /** Conversations whose user blocked or removed the app. */
  readonly blocked = new Set<string>();
  /** Conversations answered 429 with this Retry-After (seconds; null: none, as Teams sometimes answers) for the next N posts, as a throttled tenant is. */
  readonly throttled = new Map<string, { retryAfterSeconds: number | null; times: number }>();
  url = '';
  private server: Server | undefined;
  private sequence = 0;
  private readonly activities = new Map<string, string>();
  private readonly sent = new Map<string, number[]>();
  /** When each request of the app was let through, every conversation together (the last second's). */
  private appRequests: number[] = [];

  constructor(private readonly options: LocalBotConnectorOptions = {}) {}

  get posts(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'POST' || c.method === 'CREATE');
  }

  get updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  /** The conversation reference Teams would have given the bot for this conversation. */
  reference(conversationId: string, userId: string, aadObjectId?: string): Record<string, unknown> {
    return {
      channelId: 'msteams',
      serviceUrl: `${this.url}/`,
      conversation: { id: conversationId, conversationType: conversationId.startsWith('19:') ? 'channel' : 'personal', tenantId: 'tenant-0001' },
      bot: { id: '28:return-home-bot', name: 'Return home bot' },
      user: { id: userId, ...(aadObjectId ? { aadObjectId } : {}) },
    };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.url = await listenLocally(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }

  private refuse(res: ServerResponse, conversation: string, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    this.refusals.push({ status, code, conversation });
    sendJson(res, status, error(code, message), headers);
  }

  /** Seconds until the app has room in the tenant, or 0 (and the request is counted). */
  private appRateWait(): number {
    if (this.options.rateLimits === false) return 0;
    const now = (this.options.now ?? Date.now)();
    this.appRequests = this.appRequests.filter((t) => t > now - PER_APP_PER_TENANT.ms);
    if (this.appRequests.length >= PER_APP_PER_TENANT.max) return 1;
    this.appRequests.push(now);
    return 0;
  }

  /** Seconds until the conversation has room, or 0 (and the post is counted). */
  private rateWait(conversation: string): number {
    if (this.options.rateLimits === false) return 0;
    const now = (this.options.now ?? Date.now)();
    const times = (this.sent.get(conversation) ?? []).filter((t) => t > now - 3_600_000);
    let waitMs = 0;
    for (const w of WINDOWS) {
      const inWindow = times.filter((t) => t > now - w.ms);
      if (inWindow.length >= w.max) waitMs = Math.max(waitMs, inWindow[inWindow.length - w.max]! + w.ms - now);
    }
    if (waitMs === 0) times.push(now);
    this.sent.set(conversation, times);
    return waitMs === 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000));
  }

  /** createConversation for a 1:1 chat: one member, the tenant, and the app installed for them. */
  private openPersonalChat(res: ServerResponse, body: Record<string, unknown>): void {
    const members = Array.isArray(body['members']) ? (body['members'] as { id?: unknown }[]) : [];
    const tenant = (body['tenantId'] as string | undefined) ?? (body['channelData'] as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    const member = members[0]?.id;
    if (members.length !== 1 || typeof member !== 'string' || !/^(29:\S+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.test(member)) {
      return this.refuse(res, '', 400, 'BadArgument', 'a 1:1 conversation needs exactly one member: a Teams user id (29:...) or an Entra object id');
    }
    if (typeof tenant !== 'string' || tenant === '') return this.refuse(res, '', 400, 'BadArgument', 'a 1:1 conversation in Teams needs the tenant id');
    const chat = this.options.personalChats?.(member.toLowerCase());
    if (chat === undefined) return this.refuse(res, member, 403, 'Forbidden', "Bot is not installed in user's personal scope");
    this.calls.push({ method: 'OPEN', conversation: chat, activityId: '', body });
    return sendJson(res, 201, { id: chat });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '';
    const activity = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url);
    const create = req.method === 'POST' && /^\/v3\/conversations\/?$/.test(url);
    if (!activity && !create) return sendJson(res, 404, error('NotFound', 'no such route'));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.refuse(res, '', 400, 'BadSyntax', 'the body is not JSON');
    }
    if (this.appRateWait() > 0) return this.refuse(res, '', 429, 'TooManyRequests', 'Too many requests from this app in the tenant', { 'retry-after': '1' });
    if (create && body['isGroup'] !== true) return this.openPersonalChat(res, body);
    const conversation = create ? String(((body['channelData'] as { channel?: { id?: string } } | undefined)?.channel?.id) ?? '') : decodeURIComponent(activity![1]!);
    const message = create ? ((body['activity'] as Record<string, unknown> | undefined) ?? {}) : body;
    if (create && (body['isGroup'] !== true || !conversation.startsWith('19:'))) {
      return this.refuse(res, conversation, 400, 'BadArgument', 'a new channel thread needs isGroup: true and channelData.channel.id (a 19: channel id)');
    }
    // The whole message counts, as UTF-16.
    if (utf16Bytes(JSON.stringify(message)) > MAX_MESSAGE_BYTES_UTF16) return this.refuse(res, conversation, 413, 'MessageSizeTooBig', 'Message size too big');
    const refresh = refreshProblem(message);
    if (refresh) return this.refuse(res, conversation, 400, 'BadArgument', refresh);
    if (this.blocked.has(conversation)) return this.refuse(res, conversation, 403, 'MessageWritesBlocked', 'Thread is blocked');
    const throttle = this.throttled.get(conversation);
    if (throttle && throttle.times > 0) {
      throttle.times -= 1;
      return this.refuse(res, conversation, 429, 'TooManyRequests', 'throttled', throttle.retryAfterSeconds === null ? {} : { 'retry-after': String(throttle.retryAfterSeconds) });
    }
    const wait = this.rateWait(conversation);
    if (wait > 0) return this.refuse(res, conversation, 429, 'TooManyRequests', 'Too many requests to this conversation', { 'retry-after': String(wait) });

    if (req.method === 'PUT') {
      const activityId = decodeURIComponent(activity![2] ?? '');
      if (this.activities.get(activityId) !== conversation) return this.refuse(res, conversation, 404, 'ActivityNotFound', 'no such activity in this conversation');
      this.calls.push({ method: 'PUT', conversation, activityId, body });
      return sendJson(res, 200, { id: activityId });
    }
    if (req.method !== 'POST') return sendJson(res, 405, error('BadArgument', 'method not allowed'));
    const activityId = `${Date.now()}${String(++this.sequence).padStart(4, '0')}`;
    if (create) {
      const thread = `${conversation};messageid=${activityId}`;
      this.activities.set(activityId, thread);
      this.calls.push({ method: 'CREATE', conversation: thread, activityId, body: message });
      return sendJson(res, 201, { id: thread, activityId });
    }
    this.activities.set(activityId, conversation);
    this.calls.push({ method: 'POST', conversation, activityId, body });
    return sendJson(res, 200, { id: activityId });
  }
}
