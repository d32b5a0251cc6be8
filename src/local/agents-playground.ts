/**
 * The Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, a dev dependency) as a
 * child process pointed at the local bot. Used by `npm start` and by the end-to-end tests.
 *
 * Facts about the Playground 0.2.28 this relies on (read from its bundled source):
 * - `agentsplayground start -e ENDPOINT -c msteams -p PORT --disable-telemetry`; it falls back to a
 *   random port when PORT is taken, and prints "Listening on N".
 * - `TEAMSAPPTESTER_BROWSER=none` stops it opening a browser; a no-op `xdg-open` first on PATH is a
 *   second guard. `M365_AGENTS_PLAYGROUND_LOGFILE` moves its log out of `./devTools`.
 * - The person "signed in" is `currentUser` in the YAML file named by `M365_AGENTS_PLAYGROUND_CONFIG_PATH`
 *   (default: `.m365agentsplayground.yml` in its working folder). It cannot be changed while it runs
 *   (no API, no control in the page), so acting as someone else means restarting it with another file.
 * - Messages and card clicks carry `from.aadObjectId` = that user's `aadObjectId`.
 * - It listens on every interface and has no setting for that; ./loopback-only.cjs, preloaded, keeps it on 127.0.0.1.
 */
import { spawn, ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface PlaygroundUser {
  /** The Playground's own account id (`user-id-N`). */
  id: string;
  name: string;
  /** What the bot sees as `from.aadObjectId` (mapped to roles in config/roles.local.json). */
  aadObjectId: string;
  email: string;
  /** The role this person holds in config/roles.local.json, in staff's words. */
  role: string;
}

/**
 * The Playground's built-in mock people (same ids as its default configuration), with their roles
 * here, and one more: config/roles.local.json puts Alex Wilber and Megan Bowen in one team and
 * Johanna Lorenz, the other team's manager, in another.
 */
export const PLAYGROUND_USERS = [
  { id: 'user-id-0', name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020', email: 'alexw@example.com', role: 'social worker' },
  { id: 'user-id-1', name: 'Megan Bowen', aadObjectId: '00000000-0000-0000-0000-0000000000021', email: 'meganb@example.com', role: 'team manager' },
  { id: 'user-id-2', name: 'Adele Vance', aadObjectId: '00000000-0000-0000-0000-0000000000022', email: 'adelev@example.com', role: 'Head of Service' },
  { id: 'user-id-3', name: 'Isaiah Langer', aadObjectId: '00000000-0000-0000-0000-0000000000023', email: 'isaiahl@example.com', role: 'Director' },
  { id: 'user-id-4', name: 'Patti Fernandez', aadObjectId: '00000000-0000-0000-0000-0000000000024', email: 'pattif@example.com', role: 'IRO' },
  { id: 'user-id-5', name: 'Lynne Robbins', aadObjectId: '00000000-0000-0000-0000-0000000000025', email: 'lynner@example.com', role: 'placement team' },
  // Not one of the Playground's built-in people: added so that the other team's manager can be tried,
  // who is asked nothing about Alex Wilber's cases and cannot open them (issue 11).
  { id: 'user-id-6', name: 'Johanna Lorenz', aadObjectId: '00000000-0000-0000-0000-0000000000026', email: 'johannal@example.com', role: "other team's manager" },
] as const satisfies readonly PlaygroundUser[];

export type PlaygroundRole = (typeof PLAYGROUND_USERS)[number]['role'];

export function playgroundUser(role: PlaygroundRole): PlaygroundUser {
  return PLAYGROUND_USERS.find((u) => u.role === role)!;
}

function yamlUser(u: PlaygroundUser, indent: string): string {
  const [givenName, ...rest] = u.name.split(' ');
  return [
    `id: ${u.id}`,
    `name: ${u.name}`,
    `userPrincipleName: ${u.email}`,
    `aadObjectId: "${u.aadObjectId}"`,
    `givenName: ${givenName ?? u.name}`,
    `surname: ${rest.join(' ') || u.name}`,
    `email: ${u.email}`,
  ].join(`\n${indent}`);
}

/** The Playground's configuration file with `current` signed in; each person has their own personal chat id. */
export function playgroundConfig(current: PlaygroundUser): string {
  // Its configuration holds at most 5 people beside the one signed in ("/users: must NOT have more
  // than 5 items"); the bot never asks it for the others, so whoever is last is left out.
  const others = PLAYGROUND_USERS.filter((u) => u.id !== current.id).slice(0, 5);
  return [
    '# Written by the return-home bot (src/local/agents-playground.ts): who is signed in to the Playground.',
    'version: "0.1.1"',
    'tenantId: 00000000-0000-0000-0000-0000000000001',
    'bot:',
    '  id: 00000000-0000-0000-0000-00000000000011',
    '  name: Return home bot',
    'currentUser:',
    `  ${yamlUser(current, '  ')}`,
    'users:',
    ...others.map((u) => `  - ${yamlUser(u, '    ')}`),
    'personalChat:',
    `  id: personal-chat-${current.id}`,
    'groupChat:',
    '  id: group-chat',
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: My Team',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    '    - id: channel-announcements-id',
    '      name: Announcements',
    '',
  ].join('\n');
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** Port to ask for (0 or taken: the Playground picks another). */
  port: number;
  user: PlaygroundUser;
  /** Folder for its configuration and log; a new temporary folder if not given. */
  workDir?: string;
  /** How long to wait for it to listen. */
  startTimeoutMs?: number;
}

export interface RunningPlayground {
  /** The page to open, e.g. http://localhost:56150 */
  url: string;
  port: number;
  user: PlaygroundUser;
  /** Resolves when the process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export class PlaygroundStartError extends Error {
  override readonly name = 'PlaygroundStartError';
}

/** Starts the Playground and resolves once it is listening; rejects (and leaves nothing running) if it cannot. */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  let cli: string;
  try {
    // A dev dependency: absent after `npm ci --omit=dev`, which must not stop the bot.
    cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  } catch {
    throw new PlaygroundStartError('The Agents Playground is not installed (run npm install, which includes dev dependencies)');
  }
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'agents-playground-'));
  const bin = join(workDir, 'bin');
  mkdirSync(bin, { recursive: true });
  // Its browser opener must do nothing: it runs headless in CI and must not reach out.
  writeFileSync(join(bin, 'xdg-open'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const configPath = join(workDir, `playground-${options.user.id}.yml`);
  writeFileSync(configPath, playgroundConfig(options.user));

  const child: ChildProcess = spawn(
    process.execPath,
    // It would listen on every interface: loopback-only.cjs keeps it on this machine, as the bot is.
    ['--require', join(__dirname, 'loopback-only.cjs'), cli, 'start', '--app-endpoint', options.botEndpoint, '--channel-id', 'msteams', '--port', String(options.port), '--disable-telemetry'],
    {
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env['PATH'] ?? ''}`,
        BROWSER: join(bin, 'xdg-open'),
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'playground.log'),
      },
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${(options.startTimeoutMs ?? 30_000) / 1000} s`), options.startTimeoutMs ?? 30_000);
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const last = output.trim().split('\n').filter(Boolean).pop();
      reject(new PlaygroundStartError(`The Agents Playground ${why}${last ? ` (last output: ${last.slice(0, 200)})` : ''}`));
    };
    const onData = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-4000);
      const listening = /Listening on (\d+)/.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => fail(`could not be run: ${error.message}`));
    void exited.then((code) => fail(`stopped at once (exit code ${code ?? 'none'})`));
  });
  // Keep draining its output so it never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
      if (options.workDir === undefined) rmSync(workDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  return { url: `http://localhost:${port}`, port, user: options.user, exited, stop };
}
