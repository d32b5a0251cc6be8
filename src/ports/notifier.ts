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
  /**
   * For a channel: the thread this notice belongs in (the case id). The first notice of a case
   * starts a new thread in the channel; the case's later notices are replies in it.
   */
  thread?: string;
}

/**
 * Why a recipient cannot be reached, for the words people read: `no-chat` — no saved conversation
 * (the person never opened a chat with the app, or it was never added to the channel's team);
 * `refused` — Teams or Exchange refused it for good (app blocked or removed, 403/404);
 * `no-mail` — no mail address, or mail is not configured; `install-failed` — the app could not be
 * installed for them in Teams (proactive installation refused: a permission, the catalog id).
 */
export type UnreachableReason = 'no-chat' | 'refused' | 'no-mail' | 'install-failed';

export class RecipientUnreachableError extends Error {
  constructor(
    message: string,
    readonly reason: UnreachableReason = 'refused',
  ) {
    super(message);
    this.name = 'RecipientUnreachableError';
  }
}

/**
 * One copy of a message as Teams keeps it: where it went (the conversation reference, opaque here)
 * and the activity id Teams gave it. Kept so the copy can be edited later ("up-to-date cards").
 */
export interface SentCopy {
  conversation: unknown;
  activityId: string;
}

export interface Notifier {
  /** Resolves with the copy Teams made, where the channel gives one (mail does not). */
  send(notice: Notice): Promise<SentCopy | void>;
  /** Replaces a copy sent earlier (Teams updateActivity); absent where nothing can be edited. */
  update?(copy: SentCopy, notice: Omit<Notice, 'to'>): Promise<void>;
}
