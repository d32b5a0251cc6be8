/**
 * The conversation references the bot keeps, to message people and the IRO channel later: a
 * person's personal chat under their Entra object id, the IRO channel as `channel:iro`.
 */
import { TurnContext } from 'botbuilder';
import { IRO_CHANNEL } from '../cases/effect-delivery';
import { deliveryKeys, type ChannelKey, type PersonKey } from '../ports/delivery-keys';
import type { StoredReference } from '../ports/delivery-values';
import type { DeliveryState } from '../ports/delivery-state';
import { isFromOutlook } from './outlook-invoke';

/** How long a saved conversation reference is trusted before it is saved again anyway. */
const REFERENCE_RESAVE_MS = 60 * 60_000;
const SAVED_REFERENCES_KEPT = 10_000;

/**
 * A channel or group chat: seen by more people than the one who wrote, so it is never kept as a
 * person's chat, and the personal commands are not answered there (s20-bot.ts).
 */
export function isSharedConversation(activity: Pick<TurnContext['activity'], 'conversation'>): boolean {
  return activity.conversation?.conversationType === 'channel' || activity.conversation?.isGroup === true;
}

export class ReferenceKeeper {
  private readonly savedReferences = new Map<PersonKey | ChannelKey, { json: string; at: number }>();

  constructor(
    private readonly conversations: DeliveryState,
    private readonly iroChannelId: string | undefined,
  ) {}

  /** `personId`: the caller's id as the bot takes it (src/bot/s20-bot.ts actorOf). */
  async save(context: TurnContext, personId: string): Promise<void> {
    // Without the incoming message's id: a proactive notice is a new message, not a reply to it.
    const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(context.activity);
    const conversation = context.activity.conversation;
    const channelId = (context.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? conversation?.id?.split(';')[0];
    if (this.iroChannelId && conversation?.conversationType === 'channel' && channelId === this.iroChannelId) {
      // The IRO channel: notices start new posts there, so keep the channel, not the thread.
      await this.remember(IRO_CHANNEL, { ...reference, conversation: { ...reference.conversation, id: this.iroChannelId } });
      return;
    }
    if (isSharedConversation(context.activity)) return;
    // Outlook's conversation is a mail, not the person's chat: kept, it would take their Teams notices.
    if (isFromOutlook(context)) return;
    // The store keeps its own entries beside people's references (`receipt:…`, `undelivered:…`,
    // `channel:…`). An Entra object id has no colon; an id that has one (possible only where
    // callers are not authenticated) is not saved, so it can never overwrite those.
    if (personId.includes(':')) return;
    await this.remember(deliveryKeys.person(personId), reference);
  }

  /**
   * Saves a conversation reference unless this instance saved the same one lately: a person's
   * reference rarely changes, and each save is a durable write (an fsync) on every message.
   */
  private async remember(key: PersonKey | ChannelKey, reference: StoredReference): Promise<void> {
    const json = JSON.stringify(reference);
    const now = Date.now();
    const last = this.savedReferences.get(key);
    if (last && last.json === json && now - last.at < REFERENCE_RESAVE_MS) return;
    await this.conversations.saveConversation(key, reference);
    this.savedReferences.delete(key);
    this.savedReferences.set(key, { json, at: now });
    // Bounded: forget the longest-unsaved first (a Map keeps insertion order).
    if (this.savedReferences.size > SAVED_REFERENCES_KEPT) this.savedReferences.delete(this.savedReferences.keys().next().value as PersonKey | ChannelKey);
  }
}
