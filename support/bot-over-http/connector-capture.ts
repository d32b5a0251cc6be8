/**
 * The Bot Connector stand-in for load and reliability runs: a local HTTP server that accepts the
 * bot's replies at POST /v3/conversations/{conversationId}/activities[/{activityId}] as the
 * Connector REST API documents, answers 200 with a resource id, and counts them. It keeps only
 * counts and, on request, the last few bodies: a load run posts tens of thousands of replies.
 */
import { createServer, Server } from 'node:http';
import { MAX_MESSAGE_BYTES_UTF16, utf16Bytes } from '../local-bot-connector';
import { listenLocally, stopServer } from '../local-http';

const REPLY_PATH = /^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/;

export interface CapturedReply {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export class ConnectorCapture {
  /** Replies accepted (POSTs to the activities route). */
  replies = 0;
  /** Requests to anything else (answered 404). */
  strays = 0;
  /** Messages refused as Teams would (too big, refresh.userIds not Teams user ids). */
  refused = 0;
  /** The most recent replies, newest last, up to `keep`. */
  readonly recent: CapturedReply[] = [];
  url = '';
  private server: Server | undefined;

  constructor(private readonly keep = 50) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        // As strict as Teams on what any message may be (support/local-bot-connector.ts has the
        // sources): over 100 KB in UTF-16 is 413 MessageSizeTooBig; refresh.userIds must be Teams user ids.
        // (The per-conversation rate is not enforced here: load runs measure the bot, not Teams' pacing.)
        const raw = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'POST' && REPLY_PATH.test(req.url ?? '')) {
          if (utf16Bytes(raw) > MAX_MESSAGE_BYTES_UTF16 || notTeamsUserIds(raw)) {
            this.refused += 1;
            res.writeHead(utf16Bytes(raw) > MAX_MESSAGE_BYTES_UTF16 ? 413 : 400, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: utf16Bytes(raw) > MAX_MESSAGE_BYTES_UTF16 ? 'MessageSizeTooBig' : 'BadArgument', message: 'refused' } }));
            return;
          }
          this.replies += 1;
          if (this.keep > 0) {
            let body: Record<string, unknown>;
            try {
              body = JSON.parse(raw) as Record<string, unknown>;
            } catch {
              body = {};
            }
            this.recent.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
            if (this.recent.length > this.keep) this.recent.shift();
          }
          // Not chained: restify patches http.ServerResponse.prototype.writeHead, which then returns nothing.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: `reply-${this.replies}` }));
        } else {
          this.strays += 1;
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'NotFound', message: 'no such route' } }));
        }
      });
    });
    this.server.keepAliveTimeout = 60_000;
    this.url = await listenLocally(this.server, port);
    return this;
  }

  reset(): void {
    this.replies = 0;
    this.strays = 0;
    this.refused = 0;
    this.recent.length = 0;
  }

  async stop(): Promise<void> {
    await stopServer(this.server);
  }
}

/** Whether any refresh.userIds list holds an id that is not a Teams user id (`29:…`). */
function notTeamsUserIds(raw: string): boolean {
  for (const list of raw.matchAll(/"userIds":\[([^\]]*)\]/g)) {
    const ids = (list[1] ?? '').match(/"[^"]*"/g) ?? [];
    if (ids.some((id) => !id.startsWith('"29:'))) return true;
  }
  return false;
}
