/**
 * The web server: POST /api/messages for the Bot Framework; GET /healthz (the process answers)
 * and GET /readyz (it can do its work: store writable, Graph reachable when configured) for the platform.
 * Run alone with `npm run serve`; `npm start` (src/start.ts) wraps it for local use.
 * botbuilder stays in src/bot: this file sees the adapter and bot only through its types.
 */
// First: Application Insights must instrument http before restify and the SDKs load it (see src/telemetry/telemetry.ts).
import './telemetry/preload';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { Config, ConfigError, loadConfig } from './config';
import { Bot, BotAdapter, turnLogic } from './bot/adapter';
import { BotRuntime, createBotRuntime } from './bot/bot-runtime';
import { createLogger, errorFields, Logger, silentLogger } from './logging/logger';
import { appReadinessChecks } from './health/app-readiness';
import { checkReadiness, type ReadinessReport } from './health/readiness';
import { inSpan, recordTurn, telemetryLogForwarder } from './telemetry/instruments';
import { readActivityBody } from './http/activity-body';
import { stopTelemetry } from './telemetry/telemetry';

export interface ServerParts {
  config: Readonly<Config>;
  bot: Bot;
  adapter: BotAdapter;
  logger?: Logger;
  /** What /readyz reports; without it /readyz says ready with no checks. */
  readiness?: () => Promise<ReadinessReport>;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:3978 */
  url: string;
  /** Stops accepting requests, lets those in flight finish (up to a grace period), then resolves. */
  close(): Promise<void>;
}

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

const NOT_AN_ACTIVITY = 'The request body must be a Bot Framework activity: a JSON object with a "type".';

function isActivityShaped(body: unknown): boolean {
  const type = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { type?: unknown }).type : undefined;
  return typeof type === 'string' && type !== '';
}

const hasId = (value: unknown): boolean => typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';

/**
 * What makes an activity-shaped body unusable, or null. A channel always sends from, recipient,
 * conversation (each with an id), serviceUrl and channelId; without them botbuilder or the bot
 * would fail part-way through the turn (a 500, or a 501 for an invoke) instead of refusing.
 * A card action's value must carry an action object: botbuilder reads value.action.type unguarded.
 */
function activityProblem(body: Record<string, unknown>): string | null {
  for (const field of ['from', 'recipient', 'conversation'] as const) {
    if (!hasId(body[field])) return `The activity's "${field}" must be an object with a string "id".`;
  }
  for (const field of ['serviceUrl', 'channelId'] as const) {
    if (typeof body[field] !== 'string') return `The activity's "${field}" must be a string.`;
  }
  return null;
}

function cardActionProblem(body: Record<string, unknown>): string | null {
  if (body.type !== 'invoke' || body.name !== 'adaptiveCard/action') return null;
  const value = body.value as { action?: unknown } | null | undefined;
  if (typeof value !== 'object' || value === null) return null; // botbuilder answers this one itself (400 "Missing value property")
  return typeof value.action === 'object' && value.action !== null ? null : 'The card action must carry an "action" object.';
}

export function createServer({ config, bot, adapter, logger = silentLogger, readiness }: ServerParts): restify.Server {
  const server = restify.createServer({ name: 'return-home-bot' });
  // No body parser plugin: /api/messages reads its own body (JSON only, size-limited, see src/http/activity-body.ts).

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });

  // 503 with the reasons while any check fails, so the platform's health check and the
  // "readiness failing" alert see it (deploy/main.bicep); 200 again as soon as they pass.
  server.get('/readyz', async (_req, res) => {
    const report = readiness ? await readiness() : { ready: true, checks: [] };
    if (!report.ready) {
      const failing = report.checks.filter((c) => !c.ok);
      logger.warn('not ready', { checks: failing.map((c) => `${c.name}: ${c.reason ?? ''}`).join('; ') });
      res.send(503, { status: 'not ready', reason: failing.map((c) => `${c.name}: ${c.reason ?? 'failed'}`).join('; '), checks: report.checks });
      return;
    }
    res.send(200, { status: 'ready', checks: report.checks });
  });

  server.post('/api/messages', async (req, res) => {
    const correlationId = randomUUID();
    const started = process.hrtime.bigint();
    res.header('x-correlation-id', correlationId);
    const read = await readActivityBody(req, { requireAuthorization: config.bot.appId !== undefined });
    if (!read.ok) {
      // Close the connection: Node would otherwise read (and discard) the rest of a large body.
      res.header('connection', 'close');
      res.send(read.status, { error: read.message, code: read.code });
      logger.warn('bot request refused at the edge', { correlationId, status: read.status, code: read.code });
      return;
    }
    req.body = read.body;
    if (!isActivityShaped(req.body)) {
      // botbuilder would throw on this and restify answer 500; it is the caller's mistake.
      res.send(400, { error: NOT_AN_ACTIVITY });
      logger.warn('bot request refused: not an activity', { correlationId });
      return;
    }
    const body = req.body as Record<string, unknown>;
    const problem = activityProblem(body);
    if (problem) {
      res.send(400, { error: problem });
      logger.warn('bot request refused: incomplete activity', { correlationId });
      return;
    }
    const actionProblem = cardActionProblem(body);
    if (actionProblem) {
      // The typed error an invoke caller expects, as botbuilder gives for a missing value.
      res.send(400, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: actionProblem } });
      logger.warn('bot request refused: card action without an action', { correlationId });
      return;
    }
    const activity = req.body as { type: string; name?: unknown; channelId?: unknown };
    // Only the activity's type, invoke name and channel: its text and card data may name a child.
    const turn = { correlationId, 'activity.type': activity.type, 'activity.name': typeof activity.name === 'string' ? activity.name : '', 'activity.channel': typeof activity.channelId === 'string' ? activity.channelId : '' };
    try {
      await inSpan('bot turn', turn, () => adapter.process(req, res, turnLogic(bot, correlationId)));
    } catch (error) {
      const invalid = error instanceof Error && error.name === 'ZodError';
      logger[invalid ? 'warn' : 'error'](invalid ? 'bot request refused: not a valid activity' : 'bot request failed', { correlationId, ...errorFields(error) });
      if (!res.headersSent) res.send(invalid ? 400 : 500, { error: invalid ? NOT_AN_ACTIVITY : 'The bot could not handle this request.' });
      return;
    }
    const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const status = res.statusCode;
    recordTurn({ durationMs, status, activityType: activity.type });
    const fields = { correlationId, status, durationMs };
    if (status >= 500) logger.error('bot request failed', fields);
    else if (status === 401 || status === 403) logger.warn('bot request refused: missing or invalid token', fields);
    else logger.debug('bot request', fields);
  });

  return server;
}

function displayUrl(address: AddressInfo): string {
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  const host = wildcard ? 'localhost' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** Creates the server and listens on the configured host and port (port 0: any free port). */
export async function startServer(parts: ServerParts): Promise<RunningServer> {
  const server = createServer(parts);
  const http = server.server;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    server.listen(parts.config.server.port, parts.config.server.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const url = displayUrl(http.address() as AddressInfo);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => http.closeAllConnections(), SHUTDOWN_GRACE_MS);
      force.unref();
      http.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Keep-alive connections with no request in flight would hold close() open.
      http.closeIdleConnections();
    });
    return closing;
  };
  return { url, close };
}

/** Reads .env if present; variables already in the environment win. */
function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

export interface RunOptions {
  /** The one line printed once the server is listening. */
  announce?: (url: string, config: Readonly<Config>) => string;
}

/**
 * Starts the bot from the command line: configuration, logger, adapter, bot, server, and
 * a clean stop on Ctrl+C or SIGTERM. Problems end the process with one line on stderr.
 */
export async function runFromCommandLine(options: RunOptions = {}): Promise<RunningServer | undefined> {
  let config: Readonly<Config>;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}. See .env.example.\n`);
    } else {
      process.stderr.write(`Could not read the settings in .env: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    }
    process.exitCode = 2;
    return undefined;
  }

  const forward = telemetryLogForwarder();
  const logger = createLogger({ level: config.logLevel, ...(forward ? { forward } : {}) });
  if (config.bot.appId === undefined) {
    logger.warn('no MICROSOFT_APP_ID: accepting requests without a token (local testing only)', { host: config.server.host });
  }

  let running: RunningServer;
  let runtime: BotRuntime;
  try {
    runtime = createBotRuntime(config, logger);
  } catch (error) {
    // A bad role file or an unreadable data folder: one line saying which.
    process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 2;
    return undefined;
  }
  try {
    const checks = appReadinessChecks(runtime.app);
    running = await startServer({ config, logger, bot: runtime.bot, adapter: runtime.adapter, readiness: () => checkReadiness(checks) });
  } catch (error) {
    await runtime.stop();
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.server.host}:${config.server.port}`;
    const line =
      code === 'EADDRINUSE'
        ? `Port ${config.server.port} is already in use: stop the other program or set PORT in .env.`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `Cannot listen on ${where}: check HOST in .env.`
          : code === 'EACCES'
            ? `Not allowed to listen on ${where}: choose a PORT above 1023.`
            : `The bot could not start (${code ?? (error instanceof Error ? error.name : 'unknown error')}).`;
    logger.error('could not start', errorFields(error));
    process.stderr.write(`${line}\n`);
    process.exitCode = 1;
    return undefined;
  }

  runtime.startWorkers();
  logger.info('listening', { url: running.url });
  const announce = options.announce ?? ((url) => `The bot is listening at ${url}/api/messages (health check: ${url}/healthz). Press Ctrl+C to stop.`);
  process.stdout.write(`${announce(running.url, config)}\n`);

  const stop = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    Promise.all([running.close(), runtime.stop()]).then(async () => {
      logger.info('stopped');
      // Last: sends the buffered telemetry, this line included.
      await stopTelemetry();
    }).then(
      () => undefined,
      (error: unknown) => {
        logger.error('could not stop cleanly', errorFields(error));
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return running;
}

if (require.main === module) void runFromCommandLine();
