/**
 * Turns what the Graph client throws (GraphError, network and timeout errors, credential errors) or a
 * failed $batch sub-response into the Recorder's typed errors: retryable (TransientRecordError, with
 * Retry-After) or not (PermanentRecordError). Messages name the operation and Graph's error code,
 * never a field value.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import { PermanentRecordError, SignInFailedError, ThrottledError, TransientRecordError } from '../../ports/recorder';
import { whyUnanswered } from './graph-unanswered';
import { parseRetryAfter, waitWithoutRetryAfter } from '../../cases/retry-after';

/** Statuses a later attempt can succeed on: throttling, outages, gateway trouble, an expired token. */
const TRANSIENT_STATUSES = new Set([401, 408, 429, 500, 502, 503, 504]);

export interface GraphFailure {
  status: number;
  code: string;
  retryAfterMs: number | undefined;
}

/** The status, code and Retry-After of an error thrown by a client call (-1: no HTTP response). */
export function describeThrown(error: unknown): GraphFailure {
  if (error instanceof GraphError) {
    const headers = (error as GraphError & { headers?: Headers }).headers;
    return {
      status: error.statusCode,
      code: error.code ?? 'unknown',
      retryAfterMs: parseRetryAfter(headers?.get('Retry-After') ?? undefined),
    };
  }
  return { status: -1, code: error instanceof Error ? error.name : 'unknown', retryAfterMs: undefined };
}

export function statusOf(error: unknown): number {
  return describeThrown(error).status;
}

const GRAPH_SIGN_IN_ADVICE = "check GRAPH_AUTH and the app's credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, and the client secret or certificate, which may have expired or been replaced in Entra ID)";

/**
 * MSAL's words when Entra ID's sign-in endpoints were not reached, or do not know the tenant
 * (endpoints_resolution_error): no secret or certificate was even tried, so saying it may have
 * expired would send the operator the wrong way during a network or Entra ID outage.
 */
const SIGN_IN_NOT_REACHED = /\b(endpoints_resolution_error|network_error|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\b/;
const GRAPH_SIGN_IN_NOT_REACHED_ADVICE =
  "Entra ID's sign-in (login.microsoftonline.com) could not be reached from this machine, or does not know AZURE_TENANT_ID: check that this machine can reach login.microsoftonline.com (network, DNS, proxy), and AZURE_TENANT_ID; the secret or certificate was not tried, so it is not the cause";

export function toRecordError(error: unknown, what: string): TransientRecordError | PermanentRecordError {
  if (error instanceof TransientRecordError || error instanceof PermanentRecordError) return error;
  // @azure/identity: a rejected, expired or replaced secret or certificate, or no usable credential (the
  // managed identity not there), which the Graph client hands on in a GraphError with no status, naming
  // them in its code. Not the item's fault: kept and tried again until the sign-in works, instead of
  // twelve tries and dead-lettered (every record and mail of the meantime, until 'outbox replay').
  if (whyUnanswered(error) === 'sign-in') {
    const notReached = error instanceof Error && SIGN_IN_NOT_REACHED.test(error.message);
    return new SignInFailedError('Microsoft Graph', notReached ? GRAPH_SIGN_IN_NOT_REACHED_ADVICE : GRAPH_SIGN_IN_ADVICE, what, describeThrown(error).code);
  }
  return fromFailure(describeThrown(error), what);
}

export function fromFailure(failure: GraphFailure, what: string): TransientRecordError | PermanentRecordError {
  const detail = failure.status === -1 ? `no response (${failure.code})` : `HTTP ${failure.status} ${failure.code}`;
  // Throttled (SharePoint answers 429 or 503, with Retry-After): told when to come back, not a failed attempt.
  if ((failure.status === 429 || failure.status === 503) && failure.retryAfterMs !== undefined) return new ThrottledError(`${what}: ${detail}`, failure.retryAfterMs, failure.status);
  // A 429 is throttling even without Retry-After (a 503 without one may be an outage, and counts as a try).
  if (failure.status === 429) return new ThrottledError(`${what}: ${detail}, no Retry-After`, waitWithoutRetryAfter(), 429);
  if (failure.status === -1 || TRANSIENT_STATUSES.has(failure.status)) {
    return new TransientRecordError(`${what}: ${detail}`, failure.retryAfterMs);
  }
  return new PermanentRecordError(`${what}: ${detail}`);
}


/** A header from a $batch sub-response, whose header names may come in any case. */
export function batchHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}
