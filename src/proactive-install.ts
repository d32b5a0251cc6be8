/**
 * Proactive installation's parts from the configuration (TEAMS_APP_CATALOG_ID): a Graph client
 * signed in as the bot's own app, because TeamsAppInstallation.ReadWriteSelfForUser.All lets an
 * app install only itself (Graph checks the caller is the app in the manifest's webApplicationInfo),
 * and operators told once a day per kind of failure.
 */
import type { AppParts } from './app';
import { graphClientConfigFrom } from './adapters/graph/graph-client-config';
import { graphModules } from './adapters/on-demand';
import type { Config, GraphAuth } from './config';
import type { Logger } from './logging/logger';
import type { AppInstallError } from './ports/app-installer';
import type { ProactiveNotifierDeps } from './bot/proactive-notifier';

/** The bot's own identity for Graph: its managed identity, or its app id and secret. */
function botGraphAuth(config: Readonly<Config>): GraphAuth {
  const graph = config.graph!;
  const bot = config.bot;
  // Locally (the local Graph server) there is no token to get; loadConfig refuses an app-less bot otherwise.
  if (graph.auth.kind === 'none' || bot.appId === undefined) return graph.auth;
  if (bot.appType === 'UserAssignedMSI') return { kind: 'managed-identity', clientId: bot.appId };
  return { kind: 'client-secret', tenantId: bot.appTenantId ?? '', clientId: bot.appId, clientSecret: bot.appPassword ?? '' };
}

export function proactiveInstall(config: Readonly<Config>, parts: Pick<AppParts, 'graphClient'>, logger: Logger, now: () => number = Date.now): ProactiveNotifierDeps['install'] {
  const catalogAppId = config.teams.appCatalogId;
  if (!catalogAppId || !config.graph) return undefined;
  const graph = graphModules();
  const client = parts.graphClient ?? graph.createGraphClient(graphClientConfigFrom({ ...config.graph, auth: botGraphAuth(config) }));
  const told = new Map<string, number>();
  return {
    installer: graph.createGraphAppInstaller({ client, catalogAppId }),
    serviceUrl: config.teams.serviceUrl,
    tenantId: config.bot.appTenantId,
    onProblem: (error: AppInstallError) => {
      const last = told.get(error.failure);
      if (last !== undefined && now() - last < 24 * 3_600_000) return;
      told.set(error.failure, now());
      logger.error(`Teams app installation problem: ${error.message}`, { code: error.failure });
    },
  };
}
