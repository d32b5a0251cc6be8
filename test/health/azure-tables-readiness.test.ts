/**
 * /readyz on the Azure Table store, as an operator meets it on Azure: the account not reached (a
 * wrong address, a firewall, the emulator stopped) is told at once with the setting to check, not
 * as "no answer within 5 s" after the client's retries; an account that refuses the bot's identity
 * names the role to give; and a new account with no tables yet is ready (the probe makes them).
 * Against a real Azurite, a closed port, and a stand-in answering as the Table service does.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import { createAzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { loadConfig } from '../../src/config';
import { appReadinessChecks } from '../../src/health/app-readiness';
import { checkReadiness } from '../../src/health/readiness';
import { freePort, listenLocally, stopServer } from '../../support/local-http';
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type RunningAzurite } from '../support/azurite';

const SITE_ID = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

function connectionString(endpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};TableEndpoint=${endpoint}/${AZURITE_ACCOUNT};`;
}

async function storeCheck(connection: string, prefix: string) {
  const config = loadConfig({
    STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: connection, AZURE_TABLES_PREFIX: prefix,
    GRAPH_BASE_URL: 'http://127.0.0.1:9', SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none', LOG_LEVEL: 'silent',
  });
  if (config.store.kind !== 'azure-tables' || !('connectionString' in config.store)) throw new Error('not the Azure store');
  const store = createAzureTableCaseStore({ connectionString: config.store.connectionString, tablePrefix: prefix });
  const started = Date.now();
  try {
    const report = await checkReadiness(appReadinessChecks({ config, store, graphClient: null }));
    return { check: report.checks.find((c) => c.name === 'case store writable'), tookMs: Date.now() - started };
  } finally {
    await store.close();
  }
}

describe('readiness on Azure Table Storage', function () {
  this.timeout(60_000);

  it('names the account it cannot reach at once, and the settings to check', async () => {
    const port = await freePort();
    const { check, tookMs } = await storeCheck(connectionString(`http://127.0.0.1:${port}`), `probeDown${process.pid}`);
    assert.equal(check?.ok, false);
    assert.equal(
      check?.reason,
      "no connection to Azure Table Storage at the account AZURE_STORAGE_CONNECTION_STRING names (ECONNREFUSED): check the address, and that the storage account's networking lets this app in",
    );
    assert.ok(tookMs < 3_000, `told within 3 s, not after the client's retries (${tookMs} ms)`);
    assert.doesNotMatch(check?.reason ?? '', new RegExp(AZURITE_KEY.slice(0, 12)), 'never the key');
  });

  describe('an account that answers', () => {
    let server: Server | undefined;
    let azurite: RunningAzurite | undefined;
    afterEach(async () => {
      await stopServer(server);
      await azurite?.stop();
      server = undefined;
      azurite = undefined;
    });

    it('names the role to give when the account refuses the bot (403 AuthorizationPermissionMismatch)', async () => {
      // As the Table service answers an identity without a data role (JSON, x-ms-error-code).
      server = createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(403, { 'content-type': 'application/json;odata=minimalmetadata', 'x-ms-error-code': 'AuthorizationPermissionMismatch' });
          res.end(JSON.stringify({ 'odata.error': { code: 'AuthorizationPermissionMismatch', message: { lang: 'en-US', value: 'This request is not authorized to perform this operation using this permission.' } } }));
        });
      });
      const url = await listenLocally(server);
      const { check } = await storeCheck(connectionString(url), `probeRefused${process.pid}`);
      assert.equal(check?.ok, false);
      assert.match(check?.reason ?? '', /^Azure Table Storage at the account AZURE_STORAGE_CONNECTION_STRING names refused the bot's identity \(403 AuthorizationPermissionMismatch\): give the managed identity \(AZURE_CLIENT_ID\) the role Storage Table Data Contributor/);
    });

    it('is ready on a new account with no tables yet', async () => {
      azurite = await startAzurite();
      const { check } = await storeCheck(azurite.connectionString, `probeNew${process.pid}`);
      assert.deepEqual(check, { name: 'case store writable', ok: true });
    });
  });
});
