/**
 * Why Azure Table Storage did not take a write, in words an operator can act on (for /readyz):
 * the account not reached, the bot's identity without its role, the account's network rules, or
 * the managed identity's sign-in. Without importing the Tables client, so /readyz can tell without
 * loading it on a SQLite store. Undefined for anything else (its code is shown as it is).
 */

/** Sign-in errors of @azure/identity: the token for the account was never had. */
const SIGN_IN_ERRORS = new Set(['AuthenticationError', 'AuthenticationRequiredError', 'CredentialUnavailableError']);

/** `where`: the account as the settings name it, never the connection string (it holds the key). */
export function tablesProblem(error: unknown, where: string): string | undefined {
  const e = (error ?? {}) as { statusCode?: unknown; code?: unknown; name?: unknown; details?: { errorCode?: unknown } };
  // A network failure carries its code; the service's refusal carries its own in the x-ms-error-code header (details.errorCode).
  const code = typeof e.code === 'string' ? e.code : typeof e.details?.errorCode === 'string' ? e.details.errorCode : '';
  const name = typeof e.name === 'string' ? e.name : '';
  if (/^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR)/.test(code)) {
    return `no connection to Azure Table Storage at ${where} (${code}): check the address, and that the storage account's networking lets this app in`;
  }
  if (SIGN_IN_ERRORS.has(name)) {
    return `the bot could not sign in to Azure Table Storage as its managed identity (${name}): check that the identity named by AZURE_CLIENT_ID is assigned to this app`;
  }
  if (e.statusCode === 403 && code === 'AuthorizationPermissionMismatch') {
    return `Azure Table Storage at ${where} refused the bot's identity (403 ${code}): give the managed identity (AZURE_CLIENT_ID) the role Storage Table Data Contributor on the storage account; a new role assignment can take a few minutes to apply`;
  }
  if (e.statusCode === 403) {
    return `Azure Table Storage at ${where} refused the request (403${code ? ` ${code}` : ''}): check the storage account's networking (firewall, private endpoint) lets this app in, and that shared-key access is on if a connection string with a key is used`;
  }
  return undefined;
}
