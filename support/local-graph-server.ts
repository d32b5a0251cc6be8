/**
 * A local Microsoft Graph: a real HTTP server on 127.0.0.1 speaking the documented contract of the
 * Graph calls this bot makes (SharePoint lists and items, $batch, checkMemberGroups, sendMail),
 * backed by an in-process model. It is the test double at the edge of this machine, standing in for
 * the Microsoft cloud — errors, throttling and outages included — and nothing more.
 *
 * Authorization: off by default. graph-client v3's own AuthenticationHandler only attaches the bearer
 * token to https Graph hosts (it strips it for anything else), so a stock client pointed at
 * http://127.0.0.1 sends no Authorization header. Our adapter's client attaches the token itself for
 * its configured base URL; turn `requireAuth` on to prove that it does.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { EntraDirectory, SentMail } from './local-graph/entra-directory';
import { FaultMatcher, FaultPlan, FaultTarget, LatencyFault, StatusFault } from './local-graph/fault-plan';
import { GraphHttpError, GraphOperation, GraphReply, errorReply, isRecord, jsonReply } from './local-graph/graph-reply';
import { SharePointSites, StoredValue } from './local-graph/sharepoint-sites';
import { DocumentDrives } from './local-graph/document-drives';
import { TeamsApps } from './local-graph/teams-apps';
import { listenLocally, stopServer } from './local-http';

export type { FaultTarget, FaultMatcher, StatusFault, LatencyFault } from './local-graph/fault-plan';
export type { SentMail } from './local-graph/entra-directory';
export type { StoredValue } from './local-graph/sharepoint-sites';
export type { DriveFile } from './local-graph/document-drives';

export interface LocalGraphServerOptions {
  /** Default 0: any free port. */
  port?: number;
  host?: string;
  /** Require `Authorization: Bearer …` on every request (401 otherwise). Default false; see the file comment. */
  requireAuth?: boolean;
  /** With requireAuth: the only tokens accepted (default: any non-empty token). */
  acceptedTokens?: readonly string[];
  /** List items (and a site's drives) per page when the caller gives no $top (Graph: 200). */
  pageSize?: number;
  /** Only these SharePoint site ids exist; default: any site id. */
  siteIds?: readonly string[];
  /** Graph does not promise $batch responses in request order; 'reversed' (the default) keeps clients honest. */
  batchResponseOrder?: 'as-sent' | 'reversed';
  /** SharePoint's resource-unit budget per app per minute; beyond it, 429. Default: unlimited. */
  resourceUnitsPerMinute?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  inBatch: boolean;
  status: number;
}

export interface ServerStats {
  /** HTTP requests received (a $batch counts once). */
  requests: number;
  /** Operations executed or refused: top-level requests plus every $batch sub-request. */
  operations: number;
  batches: number;
  /** SharePoint resource units charged: 1 per single-item read, 2 per query/create/update/delete. */
  resourceUnits: number;
  log: RequestLogEntry[];
}

export interface OutageOptions {
  forMs: number;
  /** 'refuse': the port is closed (connection refused); '503': every request gets 503 Service Unavailable. */
  mode: 'refuse' | '503';
  retryAfterSeconds?: number;
}

const MAX_BATCH_REQUESTS = 20;
const VERSION_PREFIX = '/v1.0';

export class LocalGraphServer {
  readonly sharePoint: SharePointSites;
  /** Users and groups; its nextLinks are absolute, to this server, as Graph's are to itself. */
  readonly directory = new EntraDirectory(() => `${this.url}${VERSION_PREFIX}`);
  /** The organisation's Teams app catalog and the apps installed for people (teamwork/installedApps). */
  readonly teamsApps = new TeamsApps((id) => this.directory.hasUser(id));
  /** The document libraries' files (drives). */
  readonly drives: DocumentDrives;
  private readonly faults = new FaultPlan();
  private counters: ServerStats = emptyStats();
  private readonly ruCharges: Array<{ at: number; units: number }> = [];
  private interceptors: Array<{ match: FaultMatcher; run: () => Promise<void> | void }> = [];
  private outage503Until = 0;
  private outage503RetryAfter = 1;
  private reopenTimer: NodeJS.Timeout | undefined;
  private server: Server;
  private port = 0;
  private stopped = false;

  private constructor(private readonly options: LocalGraphServerOptions) {
    this.sharePoint = new SharePointSites({
      siteIds: options.siteIds,
      pageSize: options.pageSize ?? 200,
      baseWebUrl: 'https://contoso.sharepoint.com',
      serviceRoot: () => `${this.url}${VERSION_PREFIX}`,
    });
    this.drives = new DocumentDrives(this.sharePoint, { baseWebUrl: 'https://contoso.sharepoint.com', uploadBase: () => this.url, pageSize: options.pageSize ?? 200 });
    this.server = this.createHttpServer();
  }

  static async start(options: LocalGraphServerOptions = {}): Promise<LocalGraphServer> {
    const graph = new LocalGraphServer(options);
    await graph.listen(options.port ?? 0);
    return graph;
  }

  /** Base URL to give a Graph client (`http://127.0.0.1:PORT`); the API lives under `/v1.0`. */
  get url(): string {
    return `http://${this.options.host ?? '127.0.0.1'}:${this.port}`;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reopenTimer) clearTimeout(this.reopenTimer);
    await this.closeListener();
  }

  // ---- fault injection -------------------------------------------------------------------------

  /** 429 Too Many Requests with Retry-After for the next `times` operations or for `forMs`. */
  throttle(options: Omit<StatusFault, 'status'> = {}): void {
    this.faults.addStatus({ retryAfterSeconds: 1, ...options, status: 429 });
  }

  /** Any error status (503 by default); with `afterApply` the change is made and then the reply fails. */
  fail(options: Partial<StatusFault> = {}): void {
    this.faults.addStatus({ ...options, status: options.status ?? 503 });
  }

  delay(options: LatencyFault): void {
    this.faults.addLatency(options);
  }

  /**
   * Runs `run` once, just before the next matching operation is applied — e.g. another writer
   * changing a row between a client's read and its write, deterministically.
   */
  beforeNext(match: FaultMatcher, run: () => Promise<void> | void): void {
    this.interceptors.push({ match, run });
  }

  /** A full outage; resolves once it has begun. It ends by itself after `forMs` (or on endOutage()). */
  async outage(options: OutageOptions): Promise<void> {
    if (options.mode === '503') {
      this.outage503Until = Date.now() + options.forMs;
      this.outage503RetryAfter = options.retryAfterSeconds ?? 1;
      return;
    }
    await this.closeListener();
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = undefined;
      if (!this.stopped) void this.reopen();
    }, options.forMs);
  }

  async endOutage(): Promise<void> {
    this.outage503Until = 0;
    if (this.reopenTimer) {
      clearTimeout(this.reopenTimer);
      this.reopenTimer = undefined;
      await this.reopen();
    }
  }

  clearFaults(): void {
    this.faults.clear();
    this.interceptors = [];
    this.outage503Until = 0;
  }

  // ---- inspection --------------------------------------------------------------------------------

  stats(): ServerStats {
    return { ...this.counters, log: [...this.counters.log] };
  }

  resetStats(): void {
    this.counters = emptyStats();
    this.ruCharges.length = 0;
  }

  get sentMail(): readonly SentMail[] {
    return this.directory.sentMail;
  }

  /** A list's rows as stored, bypassing HTTP (for asserting what the cloud holds). */
  rows(siteId: string, listDisplayName: string): Array<Record<string, StoredValue>> {
    return this.sharePoint.rows(siteId, listDisplayName);
  }

  /** Everything back to empty: data, directory, mail, faults and counters. */
  reset(): void {
    this.sharePoint.reset();
    this.drives.reset();
    this.directory.reset();
    this.teamsApps.reset();
    this.clearFaults();
    this.resetStats();
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private createHttpServer(): Server {
    const server = createServer((request, response) => {
      void this.serve(request, response).catch((error: unknown) => {
        if (!response.headersSent) {
          const reply = errorReply(new GraphHttpError(500, 'generalException', String(error)), randomUUID());
          send(response, reply);
        } else {
          response.destroy();
        }
      });
    });
    // Node closes idle keep-alive sockets after 5 s; a client reusing one at that moment gets
    // ECONNRESET, which under load broke tests at random. Graph's front end keeps idle connections
    // far longer, so this is the closer likeness too.
    server.keepAliveTimeout = 60_000;
    return server;
  }

  private async listen(port: number): Promise<void> {
    this.port = Number(new URL(await listenLocally(this.server, port, this.options.host)).port);
  }

  private async reopen(): Promise<void> {
    this.server = this.createHttpServer();
    await this.listen(this.port);
  }

  private async closeListener(): Promise<void> {
    await stopServer(this.server);
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawBody = await readBody(request);
    const requestId = headerValue(request, 'client-request-id') ?? randomUUID();
    this.counters.requests += 1;
    const url = new URL(request.url ?? '/', 'http://local-graph');
    const method = (request.method ?? 'GET').toUpperCase();

    if (Date.now() < this.outage503Until) {
      send(response, errorReply(new GraphHttpError(503, 'serviceNotAvailable', 'Service Unavailable', { 'Retry-After': String(this.outage503RetryAfter) }), requestId));
      return;
    }
    // An upload session's URL is pre-authenticated: it takes no token (document-drives.ts refuses one).
    const isUploadUrl = url.pathname.startsWith('/upload/');
    const authFailure = isUploadUrl ? undefined : this.checkAuthorization(request);
    if (authFailure) {
      send(response, errorReply(authFailure, requestId));
      return;
    }
    if (isUploadUrl || (method === 'PUT' && url.pathname.endsWith(':/content'))) {
      // A file's bytes, not JSON.
      const operation: GraphOperation = { method, path: isUploadUrl ? url.pathname : url.pathname.slice(VERSION_PREFIX.length), query: url.searchParams, headers: lowerCaseHeaders(request), body: undefined, rawBody, inBatch: false };
      const outcome = await this.runOperation(operation, requestId);
      if (outcome.dropConnection) response.socket?.destroy();
      else send(response, outcome.reply, requestId);
      return;
    }
    if (!url.pathname.startsWith(`${VERSION_PREFIX}/`)) {
      send(response, errorReply(new GraphHttpError(400, 'BadRequest', `Invalid version: the path must start with ${VERSION_PREFIX}/.`), requestId));
      return;
    }
    let body: unknown;
    try {
      body = rawBody.length === 0 ? undefined : JSON.parse(rawBody.toString('utf8'));
    } catch {
      send(response, errorReply(new GraphHttpError(400, 'BadRequest', 'Unable to read JSON request payload.'), requestId));
      return;
    }
    const operation: GraphOperation = {
      method,
      path: url.pathname.slice(VERSION_PREFIX.length),
      query: url.searchParams,
      headers: lowerCaseHeaders(request),
      body,
      inBatch: false,
    };
    if (operation.path === '/$batch' && method === 'POST') {
      this.counters.batches += 1;
      send(response, await this.runBatch(operation, requestId));
      return;
    }
    const outcome = await this.runOperation(operation, requestId);
    if (outcome.dropConnection) {
      response.socket?.destroy();
      return;
    }
    send(response, outcome.reply, requestId);
  }

  private checkAuthorization(request: IncomingMessage): GraphHttpError | undefined {
    if (!this.options.requireAuth) return undefined;
    const header = headerValue(request, 'authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const accepted = this.options.acceptedTokens;
    if (accepted && !accepted.includes(match[1] ?? '')) {
      return new GraphHttpError(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
    }
    return undefined;
  }

  private async runOperation(operation: GraphOperation, requestId: string): Promise<{ reply: GraphReply; dropConnection: boolean }> {
    this.counters.operations += 1;
    const target: FaultTarget = { method: operation.method, path: operation.path, inBatch: operation.inBatch };
    const latency = this.faults.takeLatencyMs(target);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const before = this.faults.takeStatus(target, false);
    if (before) return this.logged(operation, { reply: injectedReply(before, requestId), dropConnection: false });

    const units = SharePointSites.resourceUnits(operation);
    const budgetWait = this.resourceUnitWaitSeconds(units);
    if (budgetWait > 0) {
      const throttled = new GraphHttpError(429, 'TooManyRequests', 'The request has been throttled: resource unit budget exceeded.', { 'Retry-After': String(budgetWait) });
      return this.logged(operation, { reply: errorReply(throttled, requestId), dropConnection: false });
    }

    const interceptor = this.interceptors.findIndex((i) => i.match(target));
    if (interceptor !== -1) {
      const [chosen] = this.interceptors.splice(interceptor, 1);
      await chosen?.run();
    }

    let reply: GraphReply;
    try {
      reply =
        this.sharePoint.handle(operation) ??
        this.drives.handle(operation) ??
        this.directory.handle(operation) ??
        this.teamsApps.handle(operation) ??
        errorReply(new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${operation.path.split('/')[1] ?? ''}'.`), requestId);
    } catch (error) {
      if (!(error instanceof GraphHttpError)) throw error;
      reply = errorReply(error, requestId);
    }
    this.charge(units);

    const after = this.faults.takeStatus(target, true);
    if (after) {
      return this.logged(operation, { reply: injectedReply(after, requestId), dropConnection: (after.dropConnection ?? false) && !operation.inBatch });
    }
    return this.logged(operation, { reply, dropConnection: false });
  }

  private logged<T extends { reply: GraphReply }>(operation: GraphOperation, outcome: T): T {
    this.counters.log.push({ method: operation.method, path: operation.path, inBatch: operation.inBatch, status: outcome.reply.status });
    return outcome;
  }

  private charge(units: number): void {
    if (units === 0) return;
    this.counters.resourceUnits += units;
    this.ruCharges.push({ at: Date.now(), units });
  }

  /** Seconds until `units` more fit in the per-minute budget (0 when they fit now or there is no budget). */
  private resourceUnitWaitSeconds(units: number): number {
    const budget = this.options.resourceUnitsPerMinute;
    if (budget === undefined || units === 0) return 0;
    const windowStart = Date.now() - 60_000;
    while (this.ruCharges.length > 0 && (this.ruCharges[0]?.at ?? 0) <= windowStart) this.ruCharges.shift();
    const used = this.ruCharges.reduce((sum, charge) => sum + charge.units, 0);
    if (used + units <= budget) return 0;
    const oldest = this.ruCharges[0]?.at ?? Date.now();
    return Math.max(1, Math.ceil((oldest + 60_000 - Date.now()) / 1000));
  }

  private async runBatch(envelope: GraphOperation, requestId: string): Promise<GraphReply> {
    const requests = isRecord(envelope.body) ? envelope.body.requests : undefined;
    const invalid = (message: string): GraphReply => errorReply(new GraphHttpError(400, 'BadRequest', message), requestId);
    if (!Array.isArray(requests) || requests.length === 0) return invalid('Invalid batch payload format: requests must be a non-empty array.');
    if (requests.length > MAX_BATCH_REQUESTS) {
      return invalid(`Invalid batch payload format: the batch has ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`);
    }
    const parsed: Array<{ id: string; method: string; url: string; headers: Record<string, string>; body: unknown; dependsOn: string[] }> = [];
    for (const item of requests) {
      if (!isRecord(item) || typeof item.id !== 'string' || typeof item.method !== 'string' || typeof item.url !== 'string') {
        return invalid('Invalid batch payload format: every request needs id, method and url.');
      }
      if (parsed.some((p) => p.id === item.id)) return invalid(`Invalid batch payload format: duplicate request id '${item.id}'.`);
      const headers: Record<string, string> = {};
      if (isRecord(item.headers)) for (const [k, v] of Object.entries(item.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
      if (item.body !== undefined && headers['content-type'] === undefined) {
        return invalid(`Write request id : ${item.id} does not contain Content-Type header or body.`);
      }
      const dependsOn = Array.isArray(item.dependsOn) ? item.dependsOn.filter((d): d is string => typeof d === 'string') : [];
      parsed.push({ id: item.id, method: item.method.toUpperCase(), url: item.url, headers, body: item.body, dependsOn });
    }

    const responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: unknown }> = [];
    for (const sub of parsed) {
      const failedDependency = sub.dependsOn.some((id) => (responses.find((r) => r.id === id)?.status ?? 424) >= 400);
      if (failedDependency) {
        responses.push({ id: sub.id, status: 424, headers: { 'Content-Type': 'application/json' }, body: { error: { code: 'FailedDependency', message: 'A request this one depends on failed.' } } });
        continue;
      }
      if (/^[a-z]+:\/\//i.test(sub.url)) {
        const reply = errorReply(new GraphHttpError(400, 'BadRequest', 'Batch request urls must be relative to the version, e.g. /sites/{id}.'), requestId);
        responses.push({ id: sub.id, status: reply.status, headers: reply.headers ?? {}, body: reply.body });
        continue;
      }
      const url = new URL(sub.url.startsWith('/') ? sub.url : `/${sub.url}`, 'http://local-graph');
      const { reply } = await this.runOperation(
        { method: sub.method, path: url.pathname, query: url.searchParams, headers: sub.headers, body: sub.body, inBatch: true },
        requestId,
      );
      const entry: { id: string; status: number; headers: Record<string, string>; body?: unknown } = { id: sub.id, status: reply.status, headers: reply.headers ?? {} };
      if (reply.body !== undefined) entry.body = reply.body;
      responses.push(entry);
    }
    if ((this.options.batchResponseOrder ?? 'reversed') === 'reversed') responses.reverse();
    return jsonReply(200, { responses });
  }
}

function emptyStats(): ServerStats {
  return { requests: 0, operations: 0, batches: 0, resourceUnits: 0, log: [] };
}

function injectedReply(fault: StatusFault, requestId: string): GraphReply {
  const codes: Record<number, [string, string]> = {
    429: ['TooManyRequests', 'Too many requests.'],
    503: ['serviceNotAvailable', 'Service Unavailable'],
    504: ['gatewayTimeout', 'Gateway Timeout'],
    500: ['generalException', 'An internal server error occurred.'],
    400: ['invalidRequest', 'Invalid request.'],
    403: ['accessDenied', 'Access denied.'],
    404: ['itemNotFound', 'The resource could not be found.'],
  };
  const [code, message] = codes[fault.status] ?? ['generalException', `Injected status ${fault.status}.`];
  const headers: Record<string, string> = fault.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
  return errorReply(new GraphHttpError(fault.status, code, message, headers), requestId);
}

function send(response: ServerResponse, reply: GraphReply, requestId?: string): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (requestId) {
    headers['request-id'] = requestId;
    headers['client-request-id'] = requestId;
  }
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers);
    response.end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(text));
  response.writeHead(reply.status, headers);
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
