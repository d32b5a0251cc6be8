/**
 * Entra ID's sign-in cannot be reached (a network or DNS fault, an Entra ID outage): the real
 * ClientSecretCredential, its authority pointed at a closed port, through the real Graph client.
 * The record waits as for any sign-in failure, and the words sent to the operator say the sign-in
 * service was not reached, not that the secret may have expired (it was never tried).
 */
import { strict as assert } from 'node:assert';
import { ClientSecretCredential } from '@azure/identity';
import { createGraphClient } from '../../src/adapters/graph/graph-client';
import { createGraphRecorder } from '../../src/adapters/graph/graph-recorder';
import { SignInFailedError } from '../../src/ports/recorder';
import { LocalGraphServer } from '../../support/local-graph-server';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

describe("Microsoft Graph's sign-in service cannot be reached", function () {
  this.timeout(30_000);

  it('the record is held back as a sign-in failure whose advice names login.microsoftonline.com and the tenant, not an expired secret', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true });
    try {
      const credential = new ClientSecretCredential('7a8b9c0d-1111-2222-3333-444455556666', '3f2b1c4d-1111-2222-3333-444455556666', 'a-secret-that-is-fine', { authorityHost: 'https://127.0.0.1:1', disableInstanceDiscovery: true });
      const client = createGraphClient({ baseUrl: server.url, auth: { kind: 'credential', credential } });
      const recorder = createGraphRecorder({ client, siteId: SITE });
      let thrown: unknown;
      try {
        await recorder.record({ list: 'audit', key: 'audit:NR-1:1', caseRef: 'NR-1', fields: { Seq: 1 } });
      } catch (error) {
        thrown = error;
      }
      assert.ok(thrown instanceof SignInFailedError, `held back as a sign-in failure: ${String(thrown)}`);
      assert.match(thrown.advice, /login\.microsoftonline\.com could not be reached|sign-in \(login\.microsoftonline\.com\) could not be reached/);
      assert.match(thrown.advice, /AZURE_TENANT_ID/);
      assert.doesNotMatch(thrown.advice, /may have expired/);
      assert.equal(server.stats().requests, 0, 'Graph was never asked');
    } finally {
      await server.stop();
    }
  });
});
