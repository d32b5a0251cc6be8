/**
 * `npm start`: the bot on this machine with no tenant and no cloud. For now the same as
 * `npm run serve` with a line saying what to do next; the Agents Playground joins it later.
 */
import { runFromCommandLine } from './server';

function nextSteps(url: string): string {
  return (
    `The bot is running at ${url}/api/messages (no sign-in needed on this machine). ` +
    `Next: point a Bot Framework client, such as the Microsoft 365 Agents Playground, at that address and say hello; ` +
    `${url}/healthz shows it is up. Press Ctrl+C to stop.`
  );
}

if (require.main === module) void runFromCommandLine({ announce: (url, config) => (config.bot.appId === undefined ? nextSteps(url) : `The bot is running at ${url}/api/messages. Press Ctrl+C to stop.`) });
