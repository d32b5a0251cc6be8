/**
 * What each kind of delivery-state key keeps (src/ports/delivery-keys.ts): a key's kind names its
 * value's type, so saving a receipt under a person's key, or reading a case's document links as
 * its undelivered messages, does not compile. The stores keep each value as JSON, unchanged.
 */
import type { StoredDocumentLink } from './document-library';
import type { SentCopy, UnreachableReason } from './notifier';

/**
 * A Teams conversation reference as kept (botbuilder's ConversationReference without the id of
 * the message it came with; the ports do not import botbuilder): enough to send into that chat.
 */
export interface StoredReference {
  channelId?: string;
  serviceUrl?: string;
  conversation?: { id: string; tenantId?: string };
  user?: { id: string; aadObjectId?: string };
  bot?: { id: string };
}

/** That a message with a send key went, or that its recipient could not be reached (and why). */
export type Receipt = { sentAt: string } | { unreachableAt: string; reason: UnreachableReason };

/** Why a message was not delivered, in the words people read (src/cases/undelivered-messages.ts REASON_TEXT). */
/**
 * `everyone-barred`: all who hold the role may not decide this request in person (R-SIGN-4), so nobody was asked.
 * `no-holder`: nobody holds the role on this case (the organisation file names nobody, or its group is empty).
 */
export type UndeliveredReason = UnreachableReason | 'channel-not-set-up' | 'gave-up' | 'group-unresolved' | 'everyone-barred' | 'no-holder';

/** A case's message that reached no one. */
export interface UndeliveredMessage {
  /** The outbox effect it came from. */
  effectId: string;
  /** What it was, in plain words: "the request for the Head of Service's written agreement". */
  what: string;
  /** Who it was for: a person's name and role ("Pat Smith (Head of Service)"), or "the IRO channel". */
  to: string;
  reason: UndeliveredReason;
  /** When it was given up on (ISO instant). */
  at: string;
  /** For an approval request: shown only while the approval is still waiting. */
  approvalId?: string;
  /**
   * Messages that reached nobody (no holder of the role, or all barred) are kept as one entry per
   * request or role (`group`), not one per reminder: how many (`count`), the first one's time
   * (`firstAt`; `at` is the latest) and what the latest was (`latestWhat`).
   */
  group?: string;
  count?: number;
  firstAt?: string;
  latestWhat?: string;
}

/** A copy of an approval's card Teams keeps (src/cases/card-copies.ts). */
export interface KeptCopy extends SentCopy {
  /** Who it went to (a recipient key), or `opened:<conversation id>` for a copy opened by a click. */
  to: string;
  /** Set once the copy shows the outcome. */
  updatedAt?: string;
}

/** Where one of a case's documents was kept, for the case card (src/documents/document-links.ts). */
export interface CaseDocumentLink extends StoredDocumentLink {
  docId: string;
  title: string;
}

/** Each key kind's value. */
export interface DeliveryValues {
  person: StoredReference;
  channel: StoredReference;
  thread: StoredReference;
  receipt: Receipt;
  undelivered: { items: UndeliveredMessage[] };
  'card-copies': { copies: KeptCopy[] };
  /** Which approval a copy opened in a chat shows ('' once it shows another card). */
  showing: { approvalId: string };
  'document-links': { items: CaseDocumentLink[] };
  /** The file's change tag on SharePoint before an upload was started (null: there was no file). */
  'document-upload': { cTag: string | null };
  /** The Director's holders (JSON) the last catch-up put on the open cases, when, and whether it finished. */
  'director-on-open-cases': { director: string; at: string; finished: boolean };
}
