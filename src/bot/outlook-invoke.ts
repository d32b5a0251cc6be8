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

export const OUTLOOK_CHANNEL = 'outlook';

/** The request may have been decided since the mail was sent (in Teams, or by someone else): not "open it to decide". */
const IN_TEAMS = 'Type "my cases" to the bot in Microsoft Teams: it shows whether this request still waits for your decision, and you can decide there.';

/** Said at the top of a request mail's card, before anyone types a comment into it or presses a button. */
export const OUTLOOK_DECIDE_IN_TEAMS = 'Decisions cannot be made from this mail yet: to decide, type **my cases** to the Return home app in Microsoft Teams.';

/** The answer to a decision button pressed in the mail. */
export const OUTLOOK_NOT_YET = `Decisions cannot be recorded from Outlook yet, so nothing was recorded. ${IN_TEAMS}`;

/** The answer to "Read in full" pressed in the mail: nothing was being recorded, so that is not what it speaks of. */
export const OUTLOOK_READ_IN_TEAMS = 'The full text cannot be opened from Outlook yet. Type "my cases" to the bot in Microsoft Teams and open this request there to read it in full (and decide, if it still waits for your decision).';

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
