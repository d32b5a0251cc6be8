/** The Graph client's settings from the validated configuration: one mapping for the bot and provisioning alike. */
import type { GraphSettings } from '../../config';
import type { GraphClientConfig } from './graph-client';

/**
 * loadConfig already drops a trailing /v1.0 from GRAPH_BASE_URL (the client adds the version itself);
 * this drops it again for settings built by hand.
 */
export function graphClientConfigFrom(settings: Readonly<GraphSettings>): GraphClientConfig {
  const baseUrl = settings.baseUrl.replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  const auth = settings.auth;
  switch (auth.kind) {
    case 'managed-identity':
      return { baseUrl, auth: auth.clientId === undefined ? { kind: 'managed-identity' } : { kind: 'managed-identity', clientId: auth.clientId } };
    case 'azure-cli':
      return { baseUrl, auth: auth.tenantId === undefined ? { kind: 'azure-cli' } : { kind: 'azure-cli', tenantId: auth.tenantId } };
    default:
      return { baseUrl, auth };
  }
}
