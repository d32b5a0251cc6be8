/**
 * Card actions that come from Outlook (the Azure Bot's Outlook channel, channelId `outlook`).
 * Microsoft documents Universal Actions as working in Outlook through the Azure Bot's Outlook channel
 * ("Work with Universal Actions for Adaptive Cards",
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/work-with-universal-actions-for-adaptive-cards),
 * but what a real invoke carries (`from.id`, `from.aadObjectId`, the tenant) has not been seen
 * here yet. Until it has, an Outlook action records nothing: the person gets the request back as a
 * card that says so and sends them to Teams, rather than an error in place of the request.
 */
import type { TurnContext } from 'botbuilder';

export const OUTLOOK_CHANNEL = 'outlook';

export const OUTLOOK_NOT_YET = 'Decisions cannot be recorded from Outlook yet, so nothing was recorded. Open the request in Microsoft Teams (type "my cases" to the bot there) to decide.';

export function isFromOutlook(context: TurnContext): boolean {
  return context.activity.channelId === OUTLOOK_CHANNEL;
}
