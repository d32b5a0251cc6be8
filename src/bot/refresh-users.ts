/**
 * Who Teams refreshes an approval card for by itself (Universal Actions' `refresh.userIds`).
 * Teams documents these as Teams user ids — the `29:…` id that is the person's `from.id` in their
 * activities — not Entra object ids ("user MRIs"), and at most 60 of them ("User Specific Views",
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
 * The bot learns a person's Teams id from the conversation reference saved when they first write
 * to it (src/bot/s20-bot.ts), so an approver (named, a deputy, or a group member) is included once
 * the bot has heard from them. An approver it has not heard from yet, or the 61st, sees the card
 * as sent and taps Refresh; and every copy is edited anyway once the request is decided
 * (src/cases/card-copies.ts).
 */
import { barredFromDeciding } from '../cases/barred-recipients';
import { deliveryKeys } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { CaseState } from '../protocol';

/** Teams' cap on refresh.userIds. */
export const MAX_REFRESH_USERS = 60;

const TEAMS_USER_ID = /^29:\S+$/;

export async function teamsUserIds(conversations: Pick<DeliveryState, 'getConversation'> | undefined, entraIds: readonly string[]): Promise<string[]> {
  if (!conversations) return [];
  const found: string[] = [];
  for (const entraId of new Set(entraIds)) {
    const saved = await conversations.getConversation(deliveryKeys.person(entraId));
    const id = saved?.user?.id;
    if (typeof id === 'string' && TEAMS_USER_ID.test(id) && !found.includes(id)) found.push(id);
    if (found.length === MAX_REFRESH_USERS) break;
  }
  return found;
}

/**
 * The Teams user ids to refresh a request's card for: its approvers less anyone the protocol bars
 * from deciding it in person (R-SIGN-4: their own case; the Director's authorisation after giving
 * the Head of Service's agreement), who would only be shown a card without buttons. Left out
 * before the cap of 60, so none of the 60 goes to someone barred.
 */
export function deciderTeamsIds(conversations: Pick<DeliveryState, 'getConversation'> | undefined, state: CaseState, approvalId: string, entraIds: readonly string[]): Promise<string[]> {
  return teamsUserIds(conversations, entraIds.filter((id) => !barredFromDeciding(state, approvalId, id)));
}
