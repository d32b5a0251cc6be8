/**
 * Notifier: proactive Teams messages (1:1 chat, channel posts) and Outlook mail.
 * Called from the outbox worker, never on a card click's path.
 */
export interface Notice {
  /** Idempotency key: the outbox effect id. A repeated send with the same key must not post twice where the channel allows it. */
  key: string;
  /** An Entra object id for a 1:1 chat, or `channel:<name>` for a Teams channel. */
  to: string;
  /** Plain UK English text (what a phone notification shows). */
  text: string;
  /** An optional Adaptive Card (already expanded). */
  card?: unknown;
}

export class RecipientUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipientUnreachableError';
  }
}

export interface Notifier {
  send(notice: Notice): Promise<void>;
}
