/**
 * How a card action (an `adaptiveCard/action` invoke, from Teams or Outlook) is answered when it is
 * refused. The Universal Actions response format: "If the Bot did process an incoming
 * adaptiveCard/action Invoke activity (i.e. if the Bot's code was involved at all in processing the
 * request), the HTTP response's status code returned by the Bot must be equal to 200", with the
 * outcome in the body's `statusCode`, and for an invalid request 400 with type
 * `application/vnd.microsoft.error` (https://learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model#response-format).
 * So a card action refused after its token was accepted (its shape, its tenant or channel, a value
 * botbuilder cannot read) is HTTP 200 with that body; one whose token fails stays HTTP 401, and any
 * other invoke or activity keeps its HTTP status.
 */
export const CARD_ACTION = 'adaptiveCard/action';

/** The typed error an invoke caller (Teams, Outlook) expects, as botbuilder gives for a missing value. */
export function invokeError(status: number, code: string, message: string): Record<string, unknown> {
  return { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } };
}

export function isCardAction(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const activity = body as { type?: unknown; name?: unknown };
  return activity.type === 'invoke' && activity.name === CARD_ACTION;
}

/**
 * The HTTP status for an answer: 200 for a card action's refusal, whose status is in its body. Only
 * the refusals the documentation lists are moved (400, 412; 401 is a sign-in request, never sent
 * here); a 5xx stays a 5xx, so the platform's health alerts still see it.
 */
export function httpStatusFor(cardAction: boolean, status: number, body: unknown): number {
  if (!cardAction || status < 400 || status >= 500) return status;
  const typed = typeof body === 'object' && body !== null && typeof (body as { statusCode?: unknown }).statusCode === 'number';
  return typed ? 200 : status;
}
