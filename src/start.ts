/**
 * `npm start`: the bot on this machine with no tenant and no cloud, and the Microsoft 365 Agents
 * Playground pointed at it, signed in as a mock person who holds a role in config/roles.local.json.
 * The Playground cannot change who is signed in while it runs, so switching person restarts it
 * (the bot and its cases keep running). `npm run serve` is the bot alone.
 */
import { createInterface, Interface } from 'node:readline';
import type { Config } from './config';
import { PLAYGROUND_USERS, PlaygroundUser, RunningPlayground, startPlayground } from './local/agents-playground';
import { runFromCommandLine } from './server';

/** The Playground's usual port; it picks another itself when this one is taken. */
const PLAYGROUND_PORT = 56150;

/** The people to switch between, in the order of the protocol, then the other team's manager: numbered 1 to 6. */
const SWITCHABLE: readonly PlaygroundUser[] = ['social worker', 'team manager', 'Head of Service', 'Director', 'IRO', "other team's manager"].map(
  (role) => PLAYGROUND_USERS.find((u) => u.role === role)!,
);

function reason(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

export function playgroundLine(url: string, user: PlaygroundUser, canSwitch: boolean): string {
  const choices = SWITCHABLE.map((u, i) => `${i + 1} ${u.role}`).join(', ');
  return (
    `Open ${url} in your browser: the Agents Playground, signed in as ${user.name} (${user.role}); type "new case" or "help" there. ` +
    (canSwitch ? `To be someone else, type a number here and press Enter (${choices}), then reload the page. ` : '') +
    'Press Ctrl+C to stop the Playground and the bot.'
  );
}

async function main(): Promise<void> {
  let config: Readonly<Config> | undefined;
  const running = await runFromCommandLine({
    announce: (url, loaded) => {
      config = loaded;
      return loaded.bot.appId === undefined
        ? `The bot is running at ${url}/api/messages (no sign-in needed on this machine); starting the Microsoft 365 Agents Playground...`
        : `The bot is running at ${url}/api/messages. Press Ctrl+C to stop.`;
    },
  });
  // The Playground sends no token: with an app id configured the bot would refuse it.
  if (!running || config?.bot.appId !== undefined) return;
  const botEndpoint = `${running.url}/api/messages`;
  const canSwitch = process.stdin.isTTY === true;

  let playground: RunningPlayground | undefined;
  let port = PLAYGROUND_PORT;
  let stopping = false;
  let switching = Promise.resolve();

  const launch = async (user: PlaygroundUser): Promise<void> => {
    try {
      const started = await startPlayground({ botEndpoint, port, user });
      // Keep the port the page is open on, so a reload after switching is enough.
      port = started.port;
      playground = started;
      void started.exited.then((code) => {
        if (!stopping && playground === started) {
          playground = undefined;
          process.stdout.write(`The Agents Playground stopped (exit code ${code ?? 'none'}); the bot keeps running at ${botEndpoint}. Press Ctrl+C to stop it.\n`);
        }
      });
      if (stopping) await started.stop();
      else process.stdout.write(`${playgroundLine(started.url, user, canSwitch)}\n`);
    } catch (error) {
      process.stdout.write(`The Agents Playground could not start (${reason(error)}); the bot keeps running at ${botEndpoint}. Press Ctrl+C to stop it.\n`);
    }
  };

  const input: Interface | undefined = canSwitch ? createInterface({ input: process.stdin }) : undefined;
  const stop = (): void => {
    stopping = true;
    input?.close();
    void playground?.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  input?.on('line', (line) => {
    const choice = SWITCHABLE[Number(line.trim()) - 1];
    if (!/^\d$/.test(line.trim()) || !choice) {
      process.stdout.write(`Type a number from 1 to ${SWITCHABLE.length} and press Enter to switch person, or Ctrl+C to stop.\n`);
      return;
    }
    switching = switching.then(async () => {
      if (stopping) return;
      const previous = playground;
      playground = undefined;
      await previous?.stop();
      await launch(choice);
    });
  });
  switching = switching.then(() => launch(SWITCHABLE[0]!));
  await switching;
}

if (require.main === module) void main();
