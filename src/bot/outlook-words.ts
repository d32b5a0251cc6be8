/**
 * What the bot says to someone in Outlook (src/bot/outlook-invoke.ts): in a request mail (its card
 * and its body, src/bot/mail-request-card.ts and the mailer), and in answer to an action or a
 * message from there. Plain words, kept apart from the botbuilder edge so that the cards and the
 * mail say them too.
 */
import { APP_NAME } from '../protocol';

/** The request may have been decided since the mail was sent (in Teams, or by someone else): not "open it to decide". */
const IN_TEAMS = `Type "my cases" to ${APP_NAME} in Microsoft Teams: it shows whether this request still waits for your decision, and you can decide there.`;

/**
 * Said first in a request mail, on its card and in its body (the same words, passed to the mailer
 * with the mail): the mail has no buttons and no comment box, as nothing can be recorded from it yet.
 */
// Also mailed to those who only chase a request (the Director with a Head of Service's escalation): not "to decide".
export const OUTLOOK_DECIDE_IN_TEAMS = `This mail is for reading only: nothing can be decided or recorded from it. Decisions are made in ${APP_NAME} in Microsoft Teams: type "my cases" there to see what waits for you.`;

/** The mail's way to the app's chat in Teams (src/bot/teams-app-link.ts), when the app's catalog id is known. */
export const OUTLOOK_OPEN_TEAMS = `Open ${APP_NAME} in Teams`;

/** Where a request mail cuts a long answer: its Teams card has "Read in full", the mail has not. */
export const OUTLOOK_SHORTENED_HERE = ' (shortened in this mail: the rest is on the request in Teams)';

/** The answer to a decision button pressed in a mail sent before the mail lost its buttons. */
export const OUTLOOK_NOT_YET = `Decisions cannot be recorded from Outlook yet, so nothing was recorded. ${IN_TEAMS}`;

/** The answer to "Read in full" pressed in such a mail: nothing was being recorded, so that is not what it speaks of. */
export const OUTLOOK_READ_IN_TEAMS = `The full text cannot be opened from Outlook yet. Type "my cases" to ${APP_NAME} in Microsoft Teams and open this request there to read it in full (and decide, if it still waits for your decision).`;

/** The answer to the refresh Outlook sends when such a mail is opened: nothing was pressed, so nothing is said to be "not recorded". */
export const OUTLOOK_ON_OPEN = `Decisions cannot be made from Outlook yet. ${IN_TEAMS}`;

/**
 * The answer to anything typed to the bot from Outlook. Who sent it is as unsure as for an action,
 * so nothing of a case is shown, and the person's Teams chat is not replaced by this conversation
 * (src/bot/reference-keeper.ts): their requests and notices would no longer reach them in Teams.
 */
export const OUTLOOK_MESSAGE = `Cases are worked on in your chat with ${APP_NAME} in Microsoft Teams, so nothing was done here. Open it in Teams and type "help" there.`;
