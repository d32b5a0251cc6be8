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

/**
 * A refresh of the mailed request (Outlook asks when the mail is opened). A card in answer would
 * be shown in the mail in place of the request, so the answer is a message only ("a message that
 * the client should display"; a card is displayed "in place of the current one":
 * https://learn.microsoft.com/javascript/api/@microsoft/teamsfx/invokeresponsefactory), and the
 * request stays readable in the mail as it was sent.
 */
export function isOutlookRefresh(context: TurnContext, verb: unknown): boolean {
  return isFromOutlook(context) && verb === 'refreshApproval';
}

export const MESSAGE_RESPONSE_TYPE = 'application/vnd.microsoft.activity.message';
