/**
 * A click can turn a message into an approval request's card: the social worker opens the request
 * from their case card, an approver from a reminder. Teams keeps that card on the message the
 * click came from (the invoke's `replyToId`), so it is one more copy to edit once the request is
 * decided (src/cases/card-copies.ts). Which approval a message shows is noted per message, since the
 * person may move that message on to another card before then: that card is then left alone.
 */
import { TurnContext } from 'botbuilder';
import { keepCopy } from '../cases/card-copies';
import { deliveryKeys } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { CardJson } from './card-builder';
import { isSharedConversation } from './reference-keeper';

type Store = DeliveryState;

/** The approval whose request card this is (its refresh action names it), if it is one. */
function approvalShown(card: CardJson): string | undefined {
  const refresh = (card as { refresh?: { action?: { verb?: unknown; data?: { approvalId?: unknown } } } }).refresh;
  const id = refresh?.action?.verb === 'refreshApproval' ? refresh.action.data?.approvalId : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export async function noteShownCard(store: Store, context: TurnContext, card: CardJson): Promise<void> {
  const activityId = context.activity.replyToId;
  const conversationId = context.activity.conversation?.id;
  if (!activityId || !conversationId) return;
  // The answer to a click is the clicker's alone, but an edit of a message in a channel or group chat is
  // seen by everyone in it: such a message is never kept as a copy (the bot puts no buttons there).
  if (isSharedConversation(context.activity)) return;
  // Which approval's card this message shows now (the person may move it on to another card).
  const key = deliveryKeys.showing(conversationId, activityId);
  const approvalId = approvalShown(card);
  if (!approvalId) {
    // Only a message that showed a request has anything to forget: its note goes (no note reads as no request).
    const before = await store.getConversation(key);
    if (before) await store.forgetConversation(key);
    return;
  }
  await store.saveConversation(key, { approvalId });
  await keepCopy(store, approvalId, { to: `opened:${conversationId}`, conversation: TurnContext.getConversationReference(context.activity), activityId });
}
