/**
 * The Microsoft cloud's stand-ins for `npm run bench` (the local Bot Connector capture and the local
 * Graph server) in a process of their own, not on the event loop of the load generator. In
 * production Teams and Graph answer from Microsoft's servers; in one process with autocannon, every
 * notice, record and document our bot's outbox sent during a phase was handled on the loop that
 * times the answers, so our bot's clicks were timed late by its own background traffic, and the
 * bare bot's (which sends none) were not. They still share the machine's cores, as before.
 *
 * The parent forks this file and talks to it over the IPC channel: it prints nothing, sends
 * `{ connector, graph }` (their URLs) once listening, and answers `replies`/`reset` for the
 * connector's count of replies and `stop`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { ConnectorCapture } from '../support/bot-over-http/connector-capture';
import { LocalGraphServer } from '../support/local-graph-server';

type Request = { id: number; ask: 'replies' | 'reset' | 'stop' };

/** The parent's handle on the stand-ins' process. */
export interface StandIns {
  connectorUrl: string;
  graphUrl: string;
  /** The child's pid, to read its CPU time from /proc. */
  pid: number;
  /** Replies the connector accepted since the last reset. */
  replies(): Promise<number>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStandIns(): Promise<StandIns> {
  const child: ChildProcess = fork(__filename, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const urls = await new Promise<{ connector: string; graph: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { connector: string; graph: string }));
    child.once('exit', (code) => reject(new Error(`the stand-ins' process exited before listening (${code})`)));
  });
  let next = 1;
  const waiting = new Map<number, (value: number) => void>();
  child.on('message', (m) => {
    const { id, value } = m as { id: number; value: number };
    waiting.get(id)?.(value);
    waiting.delete(id);
  });
  const ask = (what: Request['ask']): Promise<number> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, ask: what } satisfies Request);
    });
  return {
    connectorUrl: urls.connector,
    graphUrl: urls.graph,
    pid: child.pid!,
    replies: () => ask('replies'),
    reset: async () => {
      await ask('reset');
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        await ask('stop');
        await exited;
      }
    },
  };
}

async function serveStandIns(): Promise<void> {
  const connector = await new ConnectorCapture(0).start();
  const graph = await LocalGraphServer.start();
  process.on('message', (m) => {
    const { id, ask } = m as Request;
    if (ask === 'replies') process.send!({ id, value: connector.replies });
    else if (ask === 'reset') {
      connector.reset();
      process.send!({ id, value: 0 });
    } else if (ask === 'stop') {
      void Promise.all([connector.stop(), graph.stop()]).then(() => {
        process.send!({ id, value: 0 }, () => process.exit(0));
      });
    }
  });
  // If the bench dies, so do the stand-ins.
  process.on('disconnect', () => process.exit(0));
  process.send!({ connector: connector.url, graph: graph.url });
}

if (require.main === module) void serveStandIns();
