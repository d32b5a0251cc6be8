/**
 * What /readyz checks for the running app: the store takes a write; on SQLite, its file is still the
 * one the bot opened and the disk holding it has room; with Graph configured, Microsoft Graph answers for the SharePoint site (the same
 * service and token the directory look-ups use, so a failure here means role checks through
 * Entra groups and the records would fail too); with an app id, the bot's own sign-in for Teams
 * messages (botSignInChecks).
 */
import type { App } from '../app';
import { whyUnanswered } from '../adapters/graph/graph-unanswered';
import { tablesProblem } from '../adapters/azure-tables/azure-table-unanswered';
import { StoreFromNewerReleaseError } from '../adapters/case-store-errors';
import { diskSpaceCheck, ReadinessProblem, storeFileInPlace, type ReadinessCheck } from './readiness';

export function appReadinessChecks(app: Pick<App, 'config' | 'store' | 'graphClient'>, now: () => Date = () => new Date()): ReadinessCheck[] {
  const store = app.config.store;
  const inPlace = store.kind === 'sqlite' ? storeFileInPlace(app.config.localFiles.cases) : undefined;
  const checks: ReadinessCheck[] = [
    {
      name: 'case store writable',
      async run() {
        try {
          await app.store.checkWritable(now().toISOString());
        } catch (error) {
          // Tables a newer release upgraded: which release to run, not a bare error name.
          if (error instanceof StoreFromNewerReleaseError) throw new ReadinessProblem(error.message);
          // On Azure, what was wrong with the account and which setting or role to check, not a bare code or a 5 s wait.
          const words = store.kind === 'azure-tables' ? tablesProblem(error, 'accountUrl' in store ? `${store.accountUrl} (AZURE_TABLES_ACCOUNT_URL)` : 'the account AZURE_STORAGE_CONNECTION_STRING names') : undefined;
          throw words === undefined ? error : new ReadinessProblem(words);
        }
        await inPlace?.();
      },
    },
  ];
  if (store.kind === 'sqlite') checks.push(diskSpaceCheck(store.dataDir));
  const graph = app.config.graph;
  const client = app.graphClient;
  if (graph && client) {
    checks.push({
      name: 'Microsoft Graph (directory and SharePoint)',
      async run() {
        let site: { id?: unknown } | null;
        try {
          site = (await client.api(`/sites/${graph.sharePointSiteId}`).select('id').get()) as { id?: unknown } | null;
        } catch (error) {
          // Not "TypeError" or "AuthenticationError" alone: what failed, and which settings to check.
          const why = whyUnanswered(error);
          if (why === 'unreachable') throw new ReadinessProblem(`no connection to Graph at ${graph.baseUrl} (GRAPH_BASE_URL): check it, and this machine's network, proxy and firewall`);
          if (why === 'sign-in') throw new ReadinessProblem(`the sign-in to Graph failed: check GRAPH_AUTH and the app's credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, the secret or certificate)`);
          throw error;
        }
        if (typeof site?.id !== 'string') throw new ReadinessProblem('Graph answered without the SharePoint site');
      },
    });
  }
  return checks;
}

/**
 * With an app id: whether the bot can get the token it sends Teams messages with (an expired or
 * replaced client secret, a certificate not accepted, Entra ID not reached). botbuilder keeps the
 * token until five minutes before it expires and this asks the same cache, so a probe every minute
 * costs one sign-in an hour; a secret that stops working shows here when the token is next renewed.
 */
export function botSignInChecks(appId: string | undefined, adapter: { signInProblem(): Promise<string | undefined> }): ReadinessCheck[] {
  if (appId === undefined) return [];
  return [
    {
      name: 'Bot Framework sign-in (Teams messages)',
      async run() {
        const problem = await adapter.signInProblem();
        if (problem !== undefined) throw new ReadinessProblem(problem);
      },
    },
  ];
}
