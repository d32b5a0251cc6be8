/**
 * What the bot says to someone in Outlook (src/bot/outlook-invoke.ts): on a request mail's card, and
 * in answer to an action or a message from there. Plain words, kept apart from the botbuilder edge so
 * that the cards (approval-card-renderer.ts) can say them too.
 */

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
