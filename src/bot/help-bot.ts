/**
 * A stand-in bot that answers every message with what the product is and what to do next.
 * Temporary: the case bot replaces it, keeping the export `createHelpBot()`.
 */
import { ActivityHandler } from 'botbuilder';

export const HELP_TEXT =
  'Hello. I help children’s social care teams follow the protocol for a child returning home ' +
  'from section 20 accommodation: the checks, the approvals, the visits and the records. ' +
  'Case support is not switched on yet, so for now I can only show this message. ' +
  'If you expected to start a case here, contact the person who looks after this app in your council.';

export function createHelpBot(): ActivityHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(HELP_TEXT);
    await next();
  });
  return bot;
}
