/** The Graph client factory and the Graph settings: which credential, which scope, which errors. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AzureCliCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential } from '@azure/identity';
import { createCredential, createGraphClient } from '../../src/adapters/graph/graph-client';
import { LocalGraphServer } from '../../support/local-graph-server';
import { FixedTokenCredential, TEST_TOKEN } from '../../support/graph-test-client';

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
    // npm run deploy:azure provisions the lists as the operator signed in with az login.
    assert.ok(createCredential({ kind: 'azure-cli', tenantId: 'contoso.onmicrosoft.com' }) instanceof AzureCliCredential);
    const missing = path.join(tmpdir(), 'no-such-cert.pem');
    assert.throws(
      () => createCredential({ kind: 'certificate', tenantId: 't', clientId: 'c', certificatePath: missing }),
      // Said at start-up as "The bot could not start: …": the setting named, not Node's "ENOENT: no such file or directory, open …".
      { message: `The certificate file ${missing} (AZURE_CLIENT_CERTIFICATE_PATH) cannot be read (ENOENT): set AZURE_CLIENT_CERTIFICATE_PATH to the PEM file holding the app's certificate and private key, readable by the bot's account` },
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
