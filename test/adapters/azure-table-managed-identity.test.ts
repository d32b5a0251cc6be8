/**
 * On Azure the Tables store signs in as the managed identity (AZURE_TABLES_ACCOUNT_URL, no key;
 * the storage account has shared-key access turned off). Azurite takes no Entra tokens, so the
 * Azurite tests keep the connection string; here the store is pointed at an https account URL
 * with a credential that records what it is asked for and then refuses, which shows the client
 * asks for a Storage token before sending anything.
 */
import { strict as assert } from 'node:assert';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { createAzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { ConfigError, loadConfig } from '../../src/config';

class RefusingCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    throw new Error('no token in this test');
  }
}

const AZURE = {
  STORE: 'azure-tables',
  GRAPH_BASE_URL: 'https://graph.microsoft.com',
  SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222',
  GRAPH_AUTH: 'managed-identity',
  AZURE_CLIENT_ID: '6b1d2c3e-4f50-4a61-8b72-9c83d4e5f607',
};

describe('Azure Tables store: the managed identity instead of an account key', () => {
  it('AZURE_TABLES_ACCOUNT_URL selects the managed identity (AZURE_CLIENT_ID), with no connection string', () => {
    const config = loadConfig({ ...AZURE, AZURE_TABLES_ACCOUNT_URL: 'https://stexample.table.core.windows.net/' });
    assert.deepEqual(config.store, { kind: 'azure-tables', accountUrl: 'https://stexample.table.core.windows.net/', managedIdentityClientId: AZURE.AZURE_CLIENT_ID, tablePrefix: undefined });
  });

  it('refuses both ways at once, a URL that is not https, and a URL with the SQLite store, naming the setting', () => {
    const refused = (env: Record<string, string>, pattern: RegExp): void => {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));
    };
    refused({ ...AZURE, AZURE_TABLES_ACCOUNT_URL: 'https://stexample.table.core.windows.net/', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }, /AZURE_TABLES_ACCOUNT_URL .*not both/);
    refused({ ...AZURE, AZURE_TABLES_ACCOUNT_URL: 'http://stexample.table.core.windows.net/' }, /^AZURE_TABLES_ACCOUNT_URL /);
    refused({ AZURE_TABLES_ACCOUNT_URL: 'https://stexample.table.core.windows.net/' }, /STORE is sqlite/);
    refused({ ...AZURE }, /AZURE_STORAGE_CONNECTION_STRING is required .*unless AZURE_TABLES_ACCOUNT_URL/);
  });

  it('the store asks the credential for an Azure Storage token, and fails without one (nothing is sent with a key)', async () => {
    const credential = new RefusingCredential();
    const store = createAzureTableCaseStore({ accountUrl: 'https://127.0.0.1:9/', credential, tablePrefix: 'miTest' });
    try {
      await assert.rejects(store.get('case-1'));
      assert.ok(credential.scopes.includes('https://storage.azure.com/.default'), `asked for ${JSON.stringify(credential.scopes)}`);
    } finally {
      await store.close();
    }
  });
});
