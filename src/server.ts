/**
 * The web server: POST /api/messages for the Bot Framework; GET /healthz (the process answers)
 * and GET /readyz (it can do its work: store writable, Graph reachable when configured) for the platform.
 * Run alone with `npm run serve`; `npm start` (src/start.ts) wraps it for local use.
 * botbuilder stays in src/bot: this file sees the adapter and bot only through its types.
 */
// First: Application Insights must instrument http before restify and the SDKs load it (see src/telemetry/telemetry.ts).
import './telemetry/preload';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { Config, ConfigError, loadConfig } from './config';
import { checkDotEnvNames, loadDotEnv } from './config/dot-env';
import { startUpWarnings } from './config/start-up-warnings';
import { calendarDateIn } from './cases/org-time';
import { OrganisationError } from './cases/organisation';
import { Bot, BotAdapter, type TokenCheck, turnLogic } from './bot/adapter';
import { BotRuntime, createBotRuntime } from './composition-root';
import { isOutboxThread, serveOutboxThread, startOutboxThread } from './outbox-thread';
import { routeConsoleToLogger } from './logging/console-to-logger';
import { createLogger, errorFields, Logger, silentLogger } from './logging/logger';
import { appReadinessChecks, botSignInChecks } from './health/app-readiness';
import { checkReadiness, type ReadinessReport } from './health/readiness';
import { sharedReadiness } from './health/shared-readiness';
import { storeFromNewerRelease } from './health/store-release';
import { inSpan, recordTurn, telemetryLogForwarder } from './telemetry/instruments';
import { headerRefusal, readActivityBody } from './http/activity-body';
import { checkActivityShape } from './http/activity-shape';
import { callerRefusal } from './http/caller-policy';
import { CARD_ACTION, httpStatusFor, invokeError, isCardAction } from './http/card-action-answer';
import { hostRefusal } from './http/local-host';
import { stopTelemetry } from './telemetry/telemetry';
import { markRunningCopy } from './adapters/sqlite/running-copy';

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

/** Invokes this bot answers: card actions (Universal Actions, in Teams and Outlook). */
const HANDLED_INVOKES = new Set([CARD_ACTION]);

/**
 * POST /api/messages, in the order a request is checked (issue 15): the body's type, size and the
 * token's presence before it is read (H2, M1); the activity's shape (L6) and depth (L5); the
 * token itself (L1: every failure a 401 and one log line); the channel and tenant (M3, M2)
 * before any bot code runs or anything is stored; invokes the bot does not handle (L5). Each
 * refusal is a 4xx with a JSON body naming the problem and one warning log line.
 */
export function createServer({ config, bot, adapter, logger = silentLogger, readiness }: ServerParts): restify.Server {
  const server = restify.createServer({ name: 'return-home-bot' });
  // No body parser plugin: /api/messages reads its own body (JSON only, size-limited, see src/http/activity-body.ts).
  const policy = { restricted: config.bot.appId !== undefined, tenantId: config.bot.appTenantId };
  const loopbackOnly = !policy.restricted && !config.server.insecureNoTokenOnNetwork;

  // GET and HEAD alike: Azure Front Door's and many monitors' probes ask with HEAD, and a 405 marked the bot down.
  const healthz: restify.RequestHandler = async (_req, res) => {
    res.send(200, { status: 'ok' });
  };
  server.get('/healthz', healthz);
  server.head('/healthz', healthz);

  // 503 with the reasons while any check fails, so the platform's health check and the
  // "readiness failing" alert see it (deploy/main.bicep); 200 again as soon as they pass.
  const readyz: restify.RequestHandler = async (_req, res) => {
    const report = readiness ? await readiness() : { ready: true, checks: [] };
    if (!report.ready) {
      const failing = report.checks.filter((c) => !c.ok);
      logger.warn('not ready', { checks: failing.map((c) => `${c.name}: ${c.reason ?? ''}`).join('; ') });
      res.send(503, { status: 'not ready', reason: failing.map((c) => `${c.name}: ${c.reason ?? 'failed'}`).join('; '), checks: report.checks });
      return;
    }
    res.send(200, { status: 'ready', checks: report.checks });
  };
  server.get('/readyz', readyz);
  server.head('/readyz', readyz);

  server.post('/api/messages', async (req, res) => {
    const correlationId = randomUUID();
    const started = process.hrtime.bigint();
    res.header('x-correlation-id', correlationId);
    const refuse = (status: number, code: string, message: string, invoke = false): void => {
      res.send(status, invoke ? invokeError(status, code, message) : { error: message, code });
      logger.warn('bot request refused', { correlationId, status, code });
    };
    // A card action refused once its token was accepted: HTTP 200, the refusal (always 400 "invalid request") in the body (card-action-answer.ts).
    const refuseCardAction = (code: string, message: string): void => {
      res.send(200, invokeError(400, code, message));
      logger.warn('bot request refused', { correlationId, status: 400, code });
    };

    const host = hostRefusal(req.headers.host, loopbackOnly);
    if (host) {
      res.header('connection', 'close');
      refuse(host.status, host.code, host.message);
      return;
    }

    const refuseToken = (token: Extract<TokenCheck, { ok: false }>): void => {
      res.send(token.status, { error: token.status === 503 ? 'The signing keys could not be fetched; try again.' : 'The request has no valid Bot Framework token.', code: token.code });
      const fields = { correlationId, status: token.status, code: token.code, errorName: token.errorName };
      if (token.status === 503) logger.error('bot request not checked: signing keys unavailable', fields);
      else logger.warn('bot request refused: invalid token', fields);
    };
    const authorization = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';

    // With an app id, a bad token is refused before the body is read, let alone parsed (after what the headers alone refuse).
    const bodyRules = { requireAuthorization: policy.restricted };
    if (policy.restricted && headerRefusal(req, bodyRules) === null) {
      const early = await adapter.checkTokenAlone(authorization);
      if (!early.ok) {
        res.header('connection', 'close');
        refuseToken(early);
        return;
      }
    }
    const read = await readActivityBody(req, bodyRules);
    if (!read.ok) {
      // Close the connection: Node would otherwise read (and discard) the rest of a large body.
      res.header('connection', 'close');
      refuse(read.status, read.code, read.message);
      return;
    }
    const body = read.body;
    const isInvoke = (body as { type?: unknown } | undefined)?.type === 'invoke';
    const cardAction = isCardAction(body);
    const shape = checkActivityShape(body);
    if (!shape.ok) {
      // Without an app id there is no token to pass, and a card action is answered the same way.
      if (cardAction) refuseCardAction(shape.code, shape.message);
      else refuse(400, shape.code, shape.message, isInvoke && shape.code !== 'NOT_AN_ACTIVITY');
      return;
    }
    const activity = shape.activity;

    const token = await adapter.checkToken(body, authorization);
    if (!token.ok) {
      refuseToken(token);
      return;
    }
    const caller = callerRefusal(activity, policy);
    if (caller) {
      if (cardAction) refuseCardAction(caller.code, caller.message);
      else refuse(caller.status, caller.code, caller.message, isInvoke);
      return;
    }
    if (isInvoke && !HANDLED_INVOKES.has(activity.name ?? '')) {
      // botbuilder would answer 501 and the server log it as an error; it is only a request this bot does not serve.
      refuse(400, 'NOT_SUPPORTED', 'This bot does not handle this kind of request.', true);
      return;
    }

    // Only the activity's type, invoke name and channel: its text and card data may name a child.
    const turn = { correlationId, 'activity.type': activity.type, 'activity.name': activity.name ?? '', 'activity.channel': activity.channelId };
    // What the bot answered (a card action's refusal included, which goes out as HTTP 200: card-action-answer.ts).
    let status: number;
    try {
      const answer = await inSpan('bot turn', turn, () => adapter.runTurn(token.request, body, turnLogic(bot, correlationId)));
      status = answer?.status ?? 200;
      // botbuilder answers a card action it cannot read (no value) with HTTP 400 and the typed body.
      const http = httpStatusFor(cardAction, status, answer?.body);
      if (answer?.body !== undefined) res.send(http, answer.body);
      else {
        res.status(http);
        res.end();
      }
    } catch (error) {
      logger.error('bot request failed', { correlationId, ...errorFields(error) });
      if (!res.headersSent) res.send(500, { error: 'The bot could not handle this request.' });
      return;
    }
    const durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    recordTurn({ durationMs, status, activityType: activity.type });
    const fields = { correlationId, status, durationMs };
    if (status >= 500) logger.error('bot request failed', fields);
    else if (status >= 400) logger.warn('bot request answered with a refusal', fields);
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
    // On restify's server, not Node's: restify passes Node's 'error' on to its own, which would
    // throw (a stack trace) for a port in use if nothing listened there.
    server.once('error', reject);
    server.listen(parts.config.server.port, parts.config.server.host, () => {
      server.off('error', reject);
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
    checkDotEnvNames(loadDotEnv());
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
  routeConsoleToLogger(logger);
  if (config.server.insecureNoTokenOnNetwork) {
    logger.warn('INSECURE: no MICROSOFT_APP_ID and listening beyond this machine (INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true): anyone who can reach this address can act as anyone. For local testing only', { host: config.server.host });
    process.stderr.write(`WARNING: the bot accepts requests without sign-in on ${config.server.host} (INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true). Anyone who can reach it can act as anyone. Use this for local testing only.\n`);
  } else if (config.bot.appId === undefined) {
    logger.warn('no MICROSOFT_APP_ID: accepting requests without a token (local testing only)', { host: config.server.host });
  }
  for (const warning of startUpWarnings(config, calendarDateIn(new Date(), config.organisation.timeZone))) {
    logger.warn(warning);
    process.stderr.write(`WARNING: ${warning}.\n`);
  }

  let running: RunningServer;
  let runtime: BotRuntime;
  try {
    // The outbox thread started below copies the store's write-ahead log into its file (SQLite), and
    // this thread's commits are written in a thread of their own (sqlite-writer-thread.ts).
    runtime = createBotRuntime(config, logger, { checkpoints: 'answering' });
  } catch (error) {
    // A bad organisation file (one line per problem) or an unreadable data folder: one line saying which.
    if (error instanceof OrganisationError) process.stderr.write(`The bot could not start: the organisation file (ROLES_FILE) has problems:\n${error.problems.map((p) => `  ${p}\n`).join('')}`);
    else if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}. See .env.example.\n`);
    else process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
    process.exitCode = 2;
    return undefined;
  }
  // Tables a newer release upgraded (SQLite's newer schema is refused as the store opens, above).
  const newer = config.store.kind === 'azure-tables' ? await storeFromNewerRelease(runtime.app.store, new Date().toISOString()) : undefined;
  if (newer) {
    await runtime.stop();
    logger.error('could not start: the case store was written by a newer release', { error: newer.name });
    process.stderr.write(`The bot could not start: ${newer.message}\n`);
    process.exitCode = 2;
    return undefined;
  }
  try {
    const checks = [...appReadinessChecks(runtime.app), ...botSignInChecks(config.bot.appId, runtime.adapter)];
    running = await startServer({ config, logger, bot: runtime.bot, adapter: runtime.adapter, readiness: sharedReadiness(() => checkReadiness(checks)) });
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

  // The outbox's Graph and Teams traffic and the scheduler's sweeps run in their own thread, off the
  // event loop that answers clicks.
  const outbox = startOutboxThread(__filename, logger);
  runtime.startWorkers({ outbox: false, scheduler: false });
  // Azure's store is shared by design; a second copy on one SQLite folder is nearly always a mistake (running-copy.ts).
  const copy = config.store.kind === 'sqlite' ? markRunningCopy(config.dataDir) : undefined;
  if (copy?.otherPid !== undefined) {
    logger.warn('another copy of the bot is running with this data folder', { otherPid: copy.otherPid, dataDir: config.dataDir });
    process.stderr.write(
      `WARNING: another copy of the bot (process ${copy.otherPid}) is already running with this data folder (DATA_DIR ${config.dataDir}). This copy also sends that copy's messages and fires its deadlines, with its own settings, and Teams sends each message to one copy only: unless this was meant, stop this copy (Ctrl+C) or give it its own DATA_DIR.\n`,
    );
  }
  logger.info('listening', { url: running.url });
  const announce = options.announce ?? ((url) => `The bot is listening at ${url}/api/messages (health check: ${url}/healthz). Press Ctrl+C to stop.`);
  process.stdout.write(`${announce(running.url, config)}\n`);

  const stop = (signal: NodeJS.Signals): void => {
    logger.info('stopping', { signal });
    Promise.all([running.close(), outbox.stop(), runtime.stop()]).then(async () => {
      copy?.release();
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

/** The outbox thread (src/outbox-thread.ts): the same settings and runtime, running only the outbox worker and the scheduler. */
function runOutboxThread(): void {
  serveOutboxThread(async () => {
    loadDotEnv();
    const config = loadConfig();
    const forward = telemetryLogForwarder();
    const logger = createLogger({ level: config.logLevel, ...(forward ? { forward } : {}) });
    // This thread's connection copies the store's write-ahead log into its file, in 64 MB steps (wal-checkpoints.ts).
    const runtime = createBotRuntime(config, logger, { checkpoints: 'background' });
    runtime.startWorkers();
    logger.debug('the outbox thread is delivering and sweeping deadlines');
    return { stop: () => runtime.stop() };
  });
}

if (isOutboxThread()) runOutboxThread();
else if (require.main === module) void runFromCommandLine();
