/** The case store: SQLite in DATA_DIR, or Azure Table Storage by managed identity or connection string. */
import { ConfigError, required } from './config-error';
import type { Environment } from './environment';

export type StoreSettings =
  /** `connectionStringIgnored`: AZURE_STORAGE_CONNECTION_STRING was set (shells often export it for Azurite), and SQLite is used anyway: said at start-up. */
  | { kind: 'sqlite'; dataDir: string; connectionStringIgnored?: true }
  /** `tablePrefix` undefined: the adapter's default table names. */
  | { kind: 'azure-tables'; connectionString: string; tablePrefix: string | undefined }
  /** On Azure: the account's table endpoint, signed in to as the managed identity (AZURE_CLIENT_ID, or the system-assigned one). No key. */
  | { kind: 'azure-tables'; accountUrl: string; managedIdentityClientId: string | undefined; tablePrefix: string | undefined };

/** The store STORE names (SQLite unless told); the Tables store's settings are refused beside SQLite rather than ignored. */
export function storeSettings(e: Environment, dataDir: string): StoreSettings {
  if ((e.STORE ?? 'sqlite') === 'azure-tables') return azureTablesSettings(e);
  if (e.AZURE_TABLES_ACCOUNT_URL !== undefined) {
    throw new ConfigError('AZURE_TABLES_ACCOUNT_URL', 'AZURE_TABLES_ACCOUNT_URL is set but STORE is sqlite: set STORE=azure-tables, or clear AZURE_TABLES_ACCOUNT_URL');
  }
  if (e.AZURE_TABLES_PREFIX !== undefined) {
    throw new ConfigError('AZURE_TABLES_PREFIX', 'AZURE_TABLES_PREFIX is set but STORE is sqlite: set STORE=azure-tables, or clear AZURE_TABLES_PREFIX');
  }
  // Not refused like the two above: a shell that exports it for Azurite or another project is common, and SQLite is the default.
  return e.AZURE_STORAGE_CONNECTION_STRING !== undefined ? { kind: 'sqlite', dataDir, connectionStringIgnored: true } : { kind: 'sqlite', dataDir };
}

/** The Tables store: by the account URL and the managed identity (Azure), or by a connection string (Azurite, or a key where one is allowed). */
function azureTablesSettings(e: Environment): StoreSettings {
  if (e.AZURE_TABLES_ACCOUNT_URL !== undefined && e.AZURE_STORAGE_CONNECTION_STRING !== undefined) {
    throw new ConfigError('AZURE_TABLES_ACCOUNT_URL', 'set AZURE_TABLES_ACCOUNT_URL (managed identity, on Azure) or AZURE_STORAGE_CONNECTION_STRING (Azurite), not both');
  }
  if (e.AZURE_TABLES_ACCOUNT_URL !== undefined) {
    return { kind: 'azure-tables', accountUrl: e.AZURE_TABLES_ACCOUNT_URL, managedIdentityClientId: e.AZURE_CLIENT_ID, tablePrefix: e.AZURE_TABLES_PREFIX };
  }
  const connectionString = required('AZURE_STORAGE_CONNECTION_STRING', e.AZURE_STORAGE_CONNECTION_STRING, 'when STORE is azure-tables, unless AZURE_TABLES_ACCOUNT_URL is set');
  return { kind: 'azure-tables', connectionString, tablePrefix: e.AZURE_TABLES_PREFIX };
}

