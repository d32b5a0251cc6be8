/**
 * Why a Graph call got no HTTP answer: Graph could not be reached, or the sign-in failed before it
 * was asked (a credential refused, a certificate file not there). Without importing the Graph client,
 * so /readyz can tell without loading it where Graph is not configured (on-demand.ts).
 */

/** Sign-in errors of @azure/identity, which never reached Graph. */
const SIGN_IN_ERRORS = new Set(['AuthenticationError', 'AuthenticationRequiredError', 'CredentialUnavailableError']);

export function whyUnanswered(error: unknown): 'unreachable' | 'sign-in' | 'other' {
  const e = (error ?? {}) as { statusCode?: unknown; code?: unknown; name?: unknown; message?: unknown };
  // The Graph client wraps what it met in a GraphError with no status (-1), naming it in `code`.
  if (typeof e.statusCode === 'number' && e.statusCode !== -1) return 'other';
  const code = typeof e.statusCode === 'number' && typeof e.code === 'string' ? e.code : String(e.name ?? '');
  const message = String(e.message ?? '');
  if ((code === 'TypeError' && /fetch failed/.test(message)) || /^(ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR)/.test(code)) return 'unreachable';
  if (SIGN_IN_ERRORS.has(code) || /\b(ENOENT|EACCES)\b/.test(`${code} ${message}`)) return 'sign-in';
  return 'other';
}
