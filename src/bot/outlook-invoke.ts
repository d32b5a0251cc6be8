/**
 * Card actions that come from Outlook (the Azure Bot's Outlook channel, channelId `outlook`).
 * Microsoft documents Universal Actions as working in Outlook through the Azure Bot's Outlook channel
 * ("Work with Universal Actions for Adaptive Cards",
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards),
 * but what a real invoke carries (`from.id`, `from.aadObjectId`, the tenant) has not been seen
 * here yet. Until it has, an Outlook action records nothing: the person is told so in a message
 * that sends them to Teams, and the request stays in the mail as it was sent.
 */
import type { TurnContext } from 'botbuilder';
import { OUTLOOK_NOT_YET, OUTLOOK_ON_OPEN, OUTLOOK_READ_IN_TEAMS } from './outlook-words';

export const OUTLOOK_CHANNEL = 'outlook';

export function isFromOutlook(context: Pick<TurnContext, 'activity'>): boolean {
  return context.activity.channelId === OUTLOOK_CHANNEL;
}

/**
 * What an action from Outlook is answered with: a message only, never a card. A card in answer is
 * shown in the mail "in place of the current one" (the response types of Universal Actions:
 * https://learn.microsoft.com/adaptive-cards/authoring-cards/universal-action-model#response-format),
 * so the request the approver was reading, and any comment they had typed, would be gone from the
 * mail; a message is displayed and the request stays as it was sent. Nothing is recorded either way.
 */
export function outlookAnswer(verb: unknown): string {
  if (verb === 'refreshApproval') return OUTLOOK_ON_OPEN;
  if (verb === 'showApproval') return OUTLOOK_READ_IN_TEAMS;
  return OUTLOOK_NOT_YET;
}

export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';
