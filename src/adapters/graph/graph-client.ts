/**
 * Builds the Microsoft Graph client (graph-client v3) with a credential from @azure/identity.
 *
 * We give the client our own middleware chain instead of its default one, for two reasons:
 * - No RetryHandler. The default chain retries 429/503/504 — POSTs included — inside the call, up to
 *   3 times with waits of up to 180 s. A retried POST whose first reply was lost makes a duplicate row,
 *   and the waits would hold an outbox worker. The outbox owns retries: a throttled or failed call
 *   surfaces at once as TransientRecordError with Retry-After, and the idempotency key makes the
 *   outbox's retry safe.
 * - Our own bearer-token step. The stock AuthenticationHandler only attaches the token to https Graph
 *   hosts (or https custom hosts); ours attaches it to the configured base URL's origin and nothing
 *   else, so the same code talks to graph.microsoft.com, a national cloud, or http://127.0.0.1:PORT
 *   in tests, and never leaks a token to another host.
 * Every request also gets a timeout, so a hung connection becomes a retryable failure.
 */
import { Client, Context, HTTPMessageHandler, Middleware, TelemetryHandler } from '@microsoft/microsoft-graph-client';
import { AzureCliCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, TokenCredential } from '@azure/identity';
import { GRAPH_REQUEST_TIMEOUT_MS } from '../../config/graph-settings';
import { readCertificateFile } from './certificate-file';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';

export type GraphAuthConfig =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  | { kind: 'managed-identity'; clientId?: string }
  /** Whoever signed in with `az login` (provisioning by npm run deploy:azure; a developer's machine). */
  | { kind: 'azure-cli'; tenantId?: string }
  /** Any other credential (e.g. a stand-in for Entra ID in tests). */
  | { kind: 'credential'; credential: TokenCredential }
  /** No token at all: only for a loopback base URL (the local Graph server). */
  | { kind: 'none' };

export interface GraphClientConfig {
  /** Default https://graph.microsoft.com; tests give http://127.0.0.1:PORT. No version segment. */
  baseUrl?: string;
  auth: GraphAuthConfig;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
}

export function createCredential(auth: Exclude<GraphAuthConfig, { kind: 'none' }>): TokenCredential {
  switch (auth.kind) {
    case 'client-secret':
      return new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret);
    case 'certificate':
      // PEM with the private key and certificate; read once so a bad path fails at start-up.
      return new ClientCertificateCredential(auth.tenantId, auth.clientId, { certificate: readCertificateFile(auth.certificatePath) });
    case 'managed-identity':
      return auth.clientId ? new ManagedIdentityCredential({ clientId: auth.clientId }) : new ManagedIdentityCredential();
    case 'azure-cli':
      return new AzureCliCredential(auth.tenantId ? { tenantId: auth.tenantId } : {});
    case 'credential':
      return auth.credential;
  }
}

export function createGraphClient(config: GraphClientConfig): Client {
  const baseUrl = (config.baseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
  const url = new URL(baseUrl);
  const origin = url.origin;
  const chain: Middleware[] = [new TimeoutMiddleware(config.timeoutMs ?? GRAPH_REQUEST_TIMEOUT_MS), new TelemetryHandler(), new HTTPMessageHandler()];
  if (config.auth.kind === 'none') {
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new Error('Graph auth "none" is only allowed for a loopback base URL (a local Graph server).');
    }
  } else {
    // A token for Graph is asked for with the resource's /.default scope (national clouds have their own host).
    const scope = `${origin.startsWith('https://') ? origin : DEFAULT_GRAPH_BASE_URL}/.default`;
    chain.unshift(new BearerTokenMiddleware(createCredential(config.auth), scope, origin));
  }
  return Client.initWithMiddleware({ baseUrl, middleware: chain, defaultVersion: 'v1.0' });
}

/** Adds `Authorization: Bearer …` to requests for the configured Graph origin only. */
class BearerTokenMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly origin: string,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.origin) {
      const token = await this.credential.getToken(this.scope);
      if (!token) throw new Error('The Graph credential returned no access token.');
      setHeader(context, 'Authorization', `Bearer ${token.token}`);
    }
    await this.forward(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }

  private async forward(context: Context): Promise<void> {
    if (!this.next) throw new Error('BearerTokenMiddleware is not the last step of the chain.');
    await this.next.execute(context);
  }
}

/** Aborts a request that takes longer than `timeoutMs` (surfaces as a network failure: retryable). */
class TimeoutMiddleware implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly timeoutMs: number) {}

  async execute(context: Context): Promise<void> {
    context.options = { ...(context.options ?? {}), signal: context.options?.signal ?? AbortSignal.timeout(this.timeoutMs) };
    if (!this.next) throw new Error('TimeoutMiddleware is not the last step of the chain.');
    try {
      await this.next.execute(context);
    } catch (error) {
      throw namedAfterCause(error);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * fetch reports every network failure as `TypeError: fetch failed` with the reason in `cause`; the
 * Graph client keeps only the error's name as its code, so name it after the cause (ECONNREFUSED, …).
 */
function namedAfterCause(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const cause = (error as Error & { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code !== 'string') return error;
  const renamed = new Error(`${error.message} (${cause.code})`);
  renamed.name = cause.code;
  return renamed;
}

function setHeader(context: Context, name: string, value: string): void {
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) headers.set(name, value);
  else if (Array.isArray(headers)) options.headers = [...headers.filter(([n]) => n?.toLowerCase() !== name.toLowerCase()), [name, value]];
  else options.headers = { ...(headers ?? {}), [name]: value };
}
