/**
 * A Graph client for tests, built by the production factory and pointed at the local Graph server.
 * Entra ID is the one cloud piece replaced: a credential that hands out a fixed token (the local
 * server, with requireAuth, accepts exactly that token).
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from '../src/adapters/graph/graph-client';

export const TEST_TOKEN = 'local-graph-test-token';

export class FixedTokenCredential implements TokenCredential {
  requestedScopes: string[] = [];

  constructor(private readonly token: string = TEST_TOKEN) {}

  async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.requestedScopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

export function testGraphClient(baseUrl: string, token: string = TEST_TOKEN, timeoutMs = 5_000): Client {
  return createGraphClient({ baseUrl, auth: { kind: 'credential', credential: new FixedTokenCredential(token) }, timeoutMs });
}
