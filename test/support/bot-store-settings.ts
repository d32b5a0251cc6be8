/**
 * The settings that start the bot over HTTP on each store: SQLite as configured by default, and
 * Azure Table Storage on a running Azurite (with Graph pointed at nothing, as the Azure store's
 * configuration requires a SharePoint site).
 */
import type { RunningAzurite } from './azurite';

export interface BotStore {
  name: string;
  env: () => Record<string, string>;
}

/** `prefix` keeps one test file's tables apart from another's; `azurite` is read once the test runs. */
export function botStores(prefix: string, azurite: () => RunningAzurite | undefined): BotStore[] {
  return [
    { name: 'SQLite', env: () => ({}) },
    {
      name: 'Azure Table Storage (Azurite)',
      env: () => ({
        STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: azurite()!.connectionString, AZURE_TABLES_PREFIX: `${prefix}${process.pid}`,
        GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222', GRAPH_AUTH: 'none',
      }),
    },
  ];
}
