/** The Graph client factory and the Graph settings: which credential, which scope, which errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { createCredential, createGraphClient } from '../../src/adapters/graph/graph-client';
import { GraphSettingsError, parseGraphSettings } from '../../src/adapters/graph/graph-settings';
import { LocalGraphServer } from '../support/local-graph-server';
import { FixedTokenCredential, TEST_TOKEN } from '../support/graph-test-client';

describe('Graph client factory', () => {
  it('chooses the credential the configuration names', () => {
    assert.ok(createCredential({ kind: 'client-secret', tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-000000000001', clientSecret: 's' }) instanceof ClientSecretCredential);
    const pem = path.join(mkdtempSync(path.join(tmpdir(), 'graph-cert-')), 'app.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    assert.ok(
      createCredential({ kind: 'certificate', tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-000000000001', certificatePath: pem }) instanceof
        ClientCertificateCredential,
    );
    assert.ok(createCredential({ kind: 'managed-identity' }) instanceof ManagedIdentityCredential);
    assert.throws(() =>
      createCredential({ kind: 'certificate', tenantId: 't', clientId: 'c', certificatePath: path.join(tmpdir(), 'no-such-cert.pem') }),
    );
  });

  it('refuses to send no token anywhere but a loopback address', () => {
    assert.throws(() => createGraphClient({ baseUrl: 'https://graph.microsoft.com', auth: { kind: 'none' } }), /loopback/);
    assert.doesNotThrow(() => createGraphClient({ baseUrl: 'http://127.0.0.1:9', auth: { kind: 'none' } }));
  });

  it('sends the bearer token to an http base URL (which the stock client would not) and asks for the Graph scope', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    try {
      const credential = new FixedTokenCredential();
      const client = createGraphClient({ baseUrl: server.url, auth: { kind: 'credential', credential } });
      const reply = (await client.api('/sites/site-1/lists').get()) as { value: unknown[] };
      assert.deepEqual(reply.value, []);
      assert.deepEqual(credential.requestedScopes, ['https://graph.microsoft.com/.default']);
      const anonymous = createGraphClient({ baseUrl: server.url, auth: { kind: 'none' } });
      await assert.rejects(anonymous.api('/sites/site-1/lists').get(), (error: { statusCode?: number }) => error.statusCode === 401);
    } finally {
      await server.stop();
    }
  });
});

describe('Graph settings', () => {
  const site = { SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,1,2' };
  const app = { AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'client' };

  function message(env: NodeJS.ProcessEnv): string {
    try {
      parseGraphSettings(env);
    } catch (error) {
      assert.ok(error instanceof GraphSettingsError);
      return error.message;
    }
    assert.fail('expected a GraphSettingsError');
  }

  it('reads a client-secret, certificate or managed-identity configuration', () => {
    assert.deepEqual(parseGraphSettings({ ...site, ...app, AZURE_CLIENT_SECRET: 'secret' }).client, {
      baseUrl: 'https://graph.microsoft.com',
      auth: { kind: 'client-secret', tenantId: 'tenant', clientId: 'client', clientSecret: 'secret' },
    });
    assert.equal(parseGraphSettings({ ...site, ...app, AZURE_CLIENT_CERTIFICATE_PATH: '/etc/app.pem' }).client.auth.kind, 'certificate');
    assert.deepEqual(parseGraphSettings({ ...site, GRAPH_AUTH: 'managed-identity', AZURE_CLIENT_ID: 'uami' }).client.auth, { kind: 'managed-identity', clientId: 'uami' });
    assert.equal(parseGraphSettings({ ...site, GRAPH_AUTH: 'none', GRAPH_BASE_URL: 'http://127.0.0.1:4010' }).client.baseUrl, 'http://127.0.0.1:4010');
    // npm run deploy:azure provisions the lists as the operator signed in with az login.
    const cli = parseGraphSettings({ ...site, GRAPH_AUTH: 'azure-cli' }).client.auth;
    assert.equal(cli.kind, 'credential');
    assert.equal(cli.kind === 'credential' ? cli.credential.constructor.name : '', 'AzureCliCredential');
  });

  it('names the missing or bad setting in one line', () => {
    assert.equal(message({ ...app, AZURE_CLIENT_SECRET: 's' }), 'SHAREPOINT_SITE_ID is not set.');
    assert.equal(message({ ...site, AZURE_CLIENT_SECRET: 's' }), 'AZURE_TENANT_ID is not set (needed for GRAPH_AUTH=client-secret).');
    assert.equal(message({ ...site, GRAPH_AUTH: 'password' }), 'GRAPH_AUTH must be client-secret, certificate, managed-identity, azure-cli or none.');
    assert.equal(message({ ...site, GRAPH_BASE_URL: 'graph' }), 'GRAPH_BASE_URL must be a URL such as https://graph.microsoft.com.');
    assert.equal(message({ ...site, GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0' }), 'GRAPH_BASE_URL must not include the version (leave off /v1.0).');
    assert.equal(message({ ...site, GRAPH_AUTH: 'none' }), 'GRAPH_AUTH=none is only allowed with a loopback GRAPH_BASE_URL (a local Graph server).');
  });
});
