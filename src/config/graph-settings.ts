/** Microsoft Graph: its root, the SharePoint site, and how the bot signs in to it. */
import { resolve } from 'node:path';
import { ConfigError, required } from './config-error';
import type { Environment } from './environment';
import { LOOPBACK_HOSTS } from './setting-kinds';

/** How long one Graph request may take before it is abandoned (and retried); the outbox lease must outlast it. */
export const GRAPH_REQUEST_TIMEOUT_MS = 30_000;

export type GraphAuth =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  | { kind: 'managed-identity'; clientId: string | undefined }
  | { kind: 'azure-cli'; tenantId: string | undefined }
  | { kind: 'none' };

export interface GraphSettings {
  /** Graph's root, without the version or a trailing slash, e.g. https://graph.microsoft.com */
  baseUrl: string;
  sharePointSiteId: string;
  auth: GraphAuth;
}

export function graphSettings(env: Environment): GraphSettings | undefined {
  if (env.GRAPH_BASE_URL === undefined) {
    for (const variable of ['SHAREPOINT_SITE_ID', 'MAIL_SENDER_ID'] as const) {
      if (env[variable] !== undefined) {
        throw new ConfigError(variable, `${variable} is set but GRAPH_BASE_URL is empty: set GRAPH_BASE_URL (e.g. https://graph.microsoft.com), or clear ${variable}`);
      }
    }
    return undefined;
  }
  const whenGraph = 'when GRAPH_BASE_URL is set';
  const sharePointSiteId = required('SHAREPOINT_SITE_ID', env.SHAREPOINT_SITE_ID, whenGraph);
  // The site's address, easily pasted for its id, makes every record a Graph error at delivery instead.
  if (/^https?:\/\//i.test(sharePointSiteId)) {
    throw new ConfigError('SHAREPOINT_SITE_ID', `SHAREPOINT_SITE_ID must be the site's id (hostname,site-guid,web-guid), not its address: find it as deploy/README.md step 2 shows (got ${JSON.stringify(sharePointSiteId)})`);
  }
  const kind = env.GRAPH_AUTH ?? 'client-secret';
  const whenAuth = `when GRAPH_AUTH is ${kind}`;
  let auth: GraphAuth;
  if (kind === 'managed-identity') {
    auth = { kind, clientId: env.AZURE_CLIENT_ID };
  } else if (kind === 'azure-cli') {
    auth = { kind, tenantId: env.AZURE_TENANT_ID };
  } else if (kind === 'none') {
    if (!LOOPBACK_HOSTS.includes(new URL(env.GRAPH_BASE_URL).hostname)) {
      throw new ConfigError('GRAPH_AUTH', 'GRAPH_AUTH=none is allowed only with a localhost GRAPH_BASE_URL (the local Graph server)');
    }
    auth = { kind };
  } else {
    const tenantId = required('AZURE_TENANT_ID', env.AZURE_TENANT_ID, whenAuth);
    const clientId = required('AZURE_CLIENT_ID', env.AZURE_CLIENT_ID, whenAuth);
    auth =
      kind === 'certificate'
        ? { kind, tenantId, clientId, certificatePath: resolve(required('AZURE_CLIENT_CERTIFICATE_PATH', env.AZURE_CLIENT_CERTIFICATE_PATH, whenAuth)) }
        : { kind, tenantId, clientId, clientSecret: required('AZURE_CLIENT_SECRET', env.AZURE_CLIENT_SECRET, whenAuth) };
  }
  return { baseUrl: env.GRAPH_BASE_URL, sharePointSiteId, auth };
}

