/**
 * What a failed Teams (Bot Connector) call means for the outbox, as Microsoft documents it:
 * - 429: throttled; wait for Retry-After, else back off with jitter (neither a failed attempt) ("Optimize your bot with rate
 *   limiting in Teams", https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit);
 *   412, 502 and 504 are retried too (same page).
 * - 413 MessageSizeTooBig: the message is over 100 KB counted in UTF-16 ("Format your bot messages",
 *   https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages):
 *   the same card will never fit, so it is permanent, not retried.
 * - 400 (BadArgument, BadSyntax: the Bot Connector's "the request is malformed", e.g. a card's
 *   refresh.userIds that are not Teams user ids): the same request will never succeed, so it is
 *   permanent, not retried (the Bot Connector API reference lists 400 as "the request was malformed
 *   or otherwise incorrect", https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#errors).
 * - 403 (MessageWritesBlocked: the app was blocked or removed) and 404: this person cannot be reached.
 * - MSAL's errors (ServerError 'invalid_client' for a client secret expired or replaced in Entra ID,
 *   ClientAuthError when the sign-in service is not reached): the bot never got its token, so the
 *   message was never sent; held back until the sign-in works, never given up on (SignInFailedError).
 */
import { RecipientUnreachableError } from '../ports/notifier';
import { HeldBackError, PermanentRecordError, SignInFailedError, ThrottledError } from '../ports/recorder';
import { parseRetryAfter, waitWithoutRetryAfter } from '../cases/retry-after';

interface ConnectorFailure {
  statusCode?: unknown;
  code?: unknown;
  /** Set by the pacer: how long until the conversation has room. */
  paced?: number;
  response?: { headers?: { get?(name: string): string | null | undefined } };
}


/** MSAL's error classes (botbuilder gets the bot's token with @azure/msal-node, its own copy, so not instanceof). */
const MSAL_ERRORS = new Set(['ServerError', 'ClientAuthError', 'ClientConfigurationError', 'InteractionRequiredAuthError']);
const BOT_SIGN_IN_ADVICE =
  'check MICROSOFT_APP_ID, MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_PASSWORD: a client secret that expired or was replaced in Entra ID must be renewed there and set here again';

/** MSAL's codes when Entra ID's sign-in was not reached (or does not know the tenant): the secret was never tried. */
const SIGN_IN_NOT_REACHED = new Set(['network_error', 'endpoints_resolution_error']);
const BOT_SIGN_IN_NOT_REACHED_ADVICE =
  "Entra ID's sign-in (login.microsoftonline.com) could not be reached from this machine, or does not know MICROSOFT_APP_TENANT_ID: check that this machine can reach login.microsoftonline.com (network, DNS, proxy), and MICROSOFT_APP_TENANT_ID; the client secret was not tried, so it is not the cause";

export function teamsSendError(error: unknown, who: string): { error: unknown; retryAfterMs?: number } {
  const msal = error as { name?: unknown; errorCode?: unknown } | null;
  if (error instanceof Error && MSAL_ERRORS.has(String(msal?.name)) && typeof msal?.errorCode === 'string') {
    // The error code only ('invalid_client'): MSAL's message names the app and the tenant.
    // No retryAfterMs: not the conversation's rate, so the pacer does not hold it back for it.
    const advice = SIGN_IN_NOT_REACHED.has(msal.errorCode) ? BOT_SIGN_IN_NOT_REACHED_ADVICE : BOT_SIGN_IN_ADVICE;
    return { error: new SignInFailedError('the Bot Framework (Teams messages)', advice, `a message to ${who}`, `${String(msal.name)} ${msal.errorCode}`) };
  }
  const failure = (error ?? {}) as ConnectorFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  if (status === 429) {
    if (failure.paced !== undefined) {
      const held = new HeldBackError(`Teams' rate for one conversation is used up for now (documented limit); trying again in ${failure.paced} ms`, failure.paced);
      return { error: held, retryAfterMs: failure.paced };
    }
    const said = parseRetryAfter(failure.response?.headers?.get?.('retry-after'));
    // Throttled, with or without Retry-After: not a failed attempt (ThrottledError); without one, it waits half a minute or so.
    const wait = said ?? waitWithoutRetryAfter();
    return { error: new ThrottledError(`Teams throttled the bot (HTTP 429${said === undefined ? ', no Retry-After' : ''})`, wait), retryAfterMs: wait };
  }
  if (status === 413) return { error: new PermanentRecordError(`Teams refused the message as too big (HTTP 413 ${typeof failure.code === 'string' ? failure.code : 'MessageSizeTooBig'}); it will not be retried`) };
  if (status === 400) return { error: new PermanentRecordError(`Teams refused the message as malformed (HTTP 400 ${typeof failure.code === 'string' ? failure.code : 'BadArgument'}); it will not be retried`) };
  if (status === 403 || status === 404) return { error: new RecipientUnreachableError(`${who} cannot be reached (HTTP ${status})`, 'refused') };
  return { error };
}
