/**
 * The keys of the delivery state (src/ports/delivery-state.ts): one kind per thing kept, each made
 * only by its constructor below, so a free string, or a key of the wrong shape, does not compile.
 * Each kind carries the type of the value kept under it (src/ports/delivery-values.ts).
 * The text of each kind is what the stores have always kept, so existing stores need no change.
 */
import type { DeliveryValues } from './delivery-values';

declare const kindOf: unique symbol;
/** A key's text, marked with its kind. */
type Key<Kind extends keyof DeliveryValues> = string & { readonly [kindOf]: Kind };

/** A person's 1:1 conversation reference: their Entra object id (which has no colon). */
export type PersonKey = Key<'person'>;
/** A Teams channel's conversation reference: `channel:<name>`, such as `channel:iro`. */
export type ChannelKey = Key<'channel'>;
/** The thread a case's notices share in a channel: `thread:channel:<name>:<thread>`. */
export type ThreadKey = Key<'thread'>;
/** That a message with this send key went, or could not reach its recipient: `receipt:<send key>`. */
export type ReceiptKey = Key<'receipt'>;
/** A case's messages that reached no one: `undelivered:<case id>`. */
export type UndeliveredKey = Key<'undelivered'>;
/** The copies of an approval's card Teams keeps, to edit them once it is decided: `copies:<approval id>`. */
export type CardCopiesKey = Key<'card-copies'>;
/** Which approval a copy opened in a chat shows: `showing:<conversation id>:<activity id>`. */
export type ShowingKey = Key<'showing'>;
/** A case's document links: `documents:<case id>`. */
export type DocumentLinksKey = Key<'document-links'>;
/** An upload to SharePoint that was started, by its revision key: `document-upload:<revision key>`. */
export type DocumentUploadKey = Key<'document-upload'>;

/** The Director the last catch-up put on every open case (src/cases/director-catch-up.ts): `director-on-open-cases`. */
export type DirectorOnOpenCasesKey = Key<'director-on-open-cases'>;

export type DeliveryKey = PersonKey | ChannelKey | ThreadKey | ReceiptKey | UndeliveredKey | CardCopiesKey | ShowingKey | DocumentLinksKey | DocumentUploadKey | DirectorOnOpenCasesKey;

/** The value kept under a key, by its kind: a receipt under a receipt key, a conversation reference under a person's. */
export type DeliveryValue<K extends DeliveryKey> = K extends Key<infer Kind> ? DeliveryValues[Kind] : never;

/** What a Notice's `to` names for a Teams channel: `channel:<name>`. */
export const CHANNEL_PREFIX = 'channel:';

export const deliveryKeys = {
  person: (entraId: string) => entraId as PersonKey,
  channel: (name: string) => `${CHANNEL_PREFIX}${name}` as ChannelKey,
  thread: (channel: ChannelKey, thread: string) => `thread:${channel}:${thread}` as ThreadKey,
  receipt: (sendKey: string) => `receipt:${sendKey}` as ReceiptKey,
  undelivered: (caseId: string) => `undelivered:${caseId}` as UndeliveredKey,
  cardCopies: (approvalId: string) => `copies:${approvalId}` as CardCopiesKey,
  showing: (conversationId: string, activityId: string) => `showing:${conversationId}:${activityId}` as ShowingKey,
  documentLinks: (caseId: string) => `documents:${caseId}` as DocumentLinksKey,
  documentUpload: (revisionKey: string) => `document-upload:${revisionKey}` as DocumentUploadKey,
  directorOnOpenCases: () => 'director-on-open-cases' as DirectorOnOpenCasesKey,
};

/** Whether a recipient's key names a channel. */
export function isChannelKey(key: PersonKey | ChannelKey): key is ChannelKey {
  return key.startsWith(CHANNEL_PREFIX);
}

/** The key of a Notice's recipient (`to`): a channel (`channel:<name>`) or else a person's Entra object id. */
export function recipientKey(to: string): PersonKey | ChannelKey {
  return to.startsWith(CHANNEL_PREFIX) ? (to as ChannelKey) : deliveryKeys.person(to);
}
