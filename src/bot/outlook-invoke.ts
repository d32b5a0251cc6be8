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

/** The request may have been decided since the mail was sent (in Teams, or by someone else): not "open it to decide". */
const IN_TEAMS = 'Type "my cases" to the bot in Microsoft Teams: it shows whether this request still waits for your decision, and you can decide there.';

/** The answer to a button pressed in the mail. */
export const OUTLOOK_NOT_YET = `Decisions cannot be recorded from Outlook yet, so nothing was recorded. ${IN_TEAMS}`;

/** The answer to the refresh Outlook sends when the mail is opened: nothing was pressed, so nothing is said to be "not recorded". */
export const OUTLOOK_ON_OPEN = `Decisions cannot be made from Outlook yet. ${IN_TEAMS}`;

/**
 * The answer to anything typed to the bot from Outlook. Who sent it is as unsure as for an action,
 * so nothing of a case is shown, and the person's Teams chat is not replaced by this conversation
 * (src/bot/reference-keeper.ts): their requests and notices would no longer reach them in Teams.
 */
export const OUTLOOK_MESSAGE = 'Cases are worked on in your chat with this app in Microsoft Teams, so nothing was done here. Open the app in Teams and type "help" there.';

export function isFromOutlook(context: Pick<TurnContext, 'activity'>): boolean {
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
