/**
 * The real bot, in this process: configuration from an env record, the bot runtime (SQLite store
 * in a temp data folder, case service, cards) and the restify server on a free port — exactly
 * what src/server.ts builds, minus the process wiring. Roles come from support/world.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotRuntime, createBotRuntime } from '../../src/composition-root';
import { Config, loadConfig } from '../../src/config';
import { createLogger, Logger, silentLogger } from '../../src/logging/logger';
import type { Clock } from '../../src/ports/clock';
import { RunningServer, startServer } from '../../src/server';
import { appReadinessChecks } from '../../src/health/app-readiness';
import { checkReadiness } from '../../src/health/readiness';
import type { RoleConfig } from '../../src/cases/role-config';
import { ROLES } from '../world';

export const SITE_ID = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

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

/** The data folder's roles file and the env that points at it. */
export function dataDirEnv(dir: string, graphUrl?: string, roles: RoleConfig = ROLES): Record<string, string> {
  const rolesFile = join(dir, 'roles.json');
  writeFileSync(rolesFile, JSON.stringify(roles));
  const graph: Record<string, string> = graphUrl ? { GRAPH_BASE_URL: `${graphUrl}/v1.0`, SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none' } : {};
  return { DATA_DIR: dir, ROLES_FILE: rolesFile, ...graph };
}

export async function startBot(options: BotOptions = {}): Promise<BotUnderTest> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 's20-reliability-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: options.log ? 'debug' : 'silent', ...dataDirEnv(dir, options.graphUrl, options.roles), ...options.env });
  const logger: Logger = options.log ? createLogger({ level: 'debug', write: options.log }) : silentLogger;
  const runtime = createBotRuntime(config, logger, options.clock ? { clock: options.clock } : {});
  let running: RunningServer;
  try {
    const checks = appReadinessChecks(runtime.app);
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
