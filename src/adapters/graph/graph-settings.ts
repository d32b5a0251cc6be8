/**
 * Graph settings from the environment, validated with zod into a GraphClientConfig and a site id.
 * A missing or bad setting becomes one line naming it (GraphSettingsError), never a stack trace.
 *
 * GRAPH_BASE_URL                 default https://graph.microsoft.com
 * SHAREPOINT_SITE_ID             required where lists are used
 * GRAPH_AUTH                     client-secret | certificate | managed-identity | none
 *                                (default: certificate if AZURE_CLIENT_CERTIFICATE_PATH is set, else client-secret)
 * AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH
 * AZURE_CLIENT_ID alone selects a user-assigned managed identity.
 * GRAPH_AUTH=azure-cli (provisioning only, as npm run deploy:azure runs it): the operator signed in with `az login`.
 * GRAPH_AUTH=none sends no token and is accepted only for a loopback GRAPH_BASE_URL (the local Graph server).
 */
import { z } from 'zod';
import { AzureCliCredential } from '@azure/identity';
import { DEFAULT_GRAPH_BASE_URL, GraphClientConfig } from './graph-client';

export class GraphSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphSettingsError';
  }
}

export interface GraphSettings {
  client: GraphClientConfig;
  siteId: string;
}

const nonEmpty = (name: string) => z.string({ error: `${name} is not set.` }).trim().min(1, { error: `${name} is empty.` });

const environment = z.object({
  GRAPH_BASE_URL: z
    .url({ error: 'GRAPH_BASE_URL must be a URL such as https://graph.microsoft.com.' })
    .refine((url) => !/\/v1\.0\/?$|\/beta\/?$/.test(url), { error: 'GRAPH_BASE_URL must not include the version (leave off /v1.0).' })
    .optional(),
  SHAREPOINT_SITE_ID: nonEmpty('SHAREPOINT_SITE_ID'),
  GRAPH_AUTH: z
    .enum(['client-secret', 'certificate', 'managed-identity', 'azure-cli', 'none'], {
      error: 'GRAPH_AUTH must be client-secret, certificate, managed-identity, azure-cli or none.',
    })
    .optional(),
  AZURE_TENANT_ID: z.string().optional(),
  AZURE_CLIENT_ID: z.string().optional(),
  AZURE_CLIENT_SECRET: z.string().optional(),
  AZURE_CLIENT_CERTIFICATE_PATH: z.string().optional(),
});

export function parseGraphSettings(env: NodeJS.ProcessEnv): GraphSettings {
  const parsed = environment.safeParse(blankToUndefined(env));
  if (!parsed.success) throw new GraphSettingsError(parsed.error.issues[0]?.message ?? 'The Graph settings are invalid.');
  const settings = parsed.data;
  const baseUrl = settings.GRAPH_BASE_URL ?? DEFAULT_GRAPH_BASE_URL;
  const auth = settings.GRAPH_AUTH ?? (settings.AZURE_CLIENT_CERTIFICATE_PATH ? 'certificate' : 'client-secret');
  const required = (name: 'AZURE_TENANT_ID' | 'AZURE_CLIENT_ID' | 'AZURE_CLIENT_SECRET' | 'AZURE_CLIENT_CERTIFICATE_PATH'): string => {
    const value = settings[name];
    if (!value) throw new GraphSettingsError(`${name} is not set (needed for GRAPH_AUTH=${auth}).`);
    return value;
  };
  const client = (clientConfig: GraphClientConfig['auth']): GraphSettings => ({ client: { baseUrl, auth: clientConfig }, siteId: settings.SHAREPOINT_SITE_ID });
  switch (auth) {
    case 'client-secret':
      return client({ kind: 'client-secret', tenantId: required('AZURE_TENANT_ID'), clientId: required('AZURE_CLIENT_ID'), clientSecret: required('AZURE_CLIENT_SECRET') });
    case 'certificate':
      return client({
        kind: 'certificate',
        tenantId: required('AZURE_TENANT_ID'),
        clientId: required('AZURE_CLIENT_ID'),
        certificatePath: required('AZURE_CLIENT_CERTIFICATE_PATH'),
      });
    case 'managed-identity':
      return client(settings.AZURE_CLIENT_ID ? { kind: 'managed-identity', clientId: settings.AZURE_CLIENT_ID } : { kind: 'managed-identity' });
    case 'azure-cli':
      return client({ kind: 'credential', credential: new AzureCliCredential(settings.AZURE_TENANT_ID ? { tenantId: settings.AZURE_TENANT_ID } : {}) });
    case 'none':
      if (!isLoopback(baseUrl)) throw new GraphSettingsError('GRAPH_AUTH=none is only allowed with a loopback GRAPH_BASE_URL (a local Graph server).');
      return client({ kind: 'none' });
  }
}

export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(env)) result[name] = value === '' ? undefined : value;
  return result;
}
