/**
 * The real bot, in this process: configuration from an env record, the bot runtime (SQLite store
 * in a temp data folder, case service, cards) and the restify server on a free port — exactly
 * what src/server.ts builds, minus the process wiring. Roles come from support/world.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotRuntime, createBotRuntime } from '../../src/composition-root';
import { Config, loadConfig } from '../../src/config';
import { createLogger, Logger, silentLogger } from '../../src/logging/logger';
import type { Clock } from '../../src/ports/clock';
import { RunningServer, startServer } from '../../src/server';
import { appReadinessChecks, botSignInChecks } from '../../src/health/app-readiness';
import { checkReadiness } from '../../src/health/readiness';
import type { RoleConfig } from '../../src/cases/role-config';
import { dataDirEnv } from '../app-on';

export interface BotUnderTest {
  url: string;
  dir: string;
  config: Readonly<Config>;
  runtime: BotRuntime;
  /** Stops the server and the runtime; removes the data folder unless told to keep it. */
  close(keepFiles?: boolean): Promise<void>;
}

export interface BotOptions {
  /** Extra environment (e.g. MICROSOFT_APP_ID); PORT, HOST, DATA_DIR and ROLES_FILE are set here. */
  env?: Record<string, string>;
  /** Base URL of a local Graph server: decisions then go to SharePoint lists there. */
  graphUrl?: string;
  clock?: Clock;
  /** Start the outbox worker and the scheduler (off by default: a run then sees only its own turns). */
  workers?: boolean;
  dir?: string;
  /** Log lines (JSON) go here; silent by default. */
  log?: (line: string) => void;
  /** Who holds which role (default: support/world.ts ROLES). */
  roles?: RoleConfig;
}

export async function startBot(options: BotOptions = {}): Promise<BotUnderTest> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 's20-reliability-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: options.log ? 'debug' : 'silent', ...dataDirEnv(dir, options.graphUrl, options.roles), ...options.env });
  const logger: Logger = options.log ? createLogger({ level: 'debug', write: options.log }) : silentLogger;
  const runtime = createBotRuntime(config, logger, options.clock ? { clock: options.clock } : {});
  let running: RunningServer;
  try {
    const checks = [...appReadinessChecks(runtime.app), ...botSignInChecks(config.bot.appId, runtime.adapter)];
    running = await startServer({ config, logger, bot: runtime.bot, adapter: runtime.adapter, readiness: () => checkReadiness(checks) });
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  if (options.workers) runtime.startWorkers();
  return {
    url: running.url,
    dir,
    config,
    runtime,
    async close(keepFiles = false) {
      await running.close();
      await runtime.stop();
      if (!keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}
