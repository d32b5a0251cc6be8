/**
 * A real Azurite Table service for tests: started on a free port with its workspace in a temp
 * folder, in memory (nothing to clean up on disk but the folder), and stopped by the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/local-http';

/** Azurite's well-known development account: documented publicly, not a secret. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

// The JS entry point itself, not node_modules/.bin: one process, so stopping it stops Azurite.
const AZURITE_TABLE_MAIN = path.resolve(__dirname, '../../node_modules/azurite/dist/src/table/main.js');

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => { socket.destroy(); resolve(false); });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}

async function startOnce(port: number, workspace: string): Promise<ChildProcess | undefined> {
  const child = spawn(process.execPath, [
    AZURITE_TABLE_MAIN,
    '--tableHost', '127.0.0.1',
    '--tablePort', String(port),
    '--inMemoryPersistence',
    '--skipApiVersionCheck',
    '--loose',
    '--disableTelemetry',
    '--silent',
  ], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      // Another process took the port between freePort() and the start: try another one.
      if (/EADDRINUSE/.test(output)) return undefined;
      throw new Error(`azurite-table exited with code ${child.exitCode}: ${output.trim()}`);
    }
    if (/successfully started/.test(output) && (await accepts(port))) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stopChild(child);
  throw new Error(`azurite-table did not start within 20 s: ${output.trim()}`);
}

/** Starts azurite-table and resolves once it accepts connections. */
export async function startAzurite(): Promise<RunningAzurite> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'azurite-'));
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const child = await startOnce(port, workspace);
    if (!child) continue;
    return {
      port,
      connectionString: [
        'DefaultEndpointsProtocol=http',
        `AccountName=${AZURITE_ACCOUNT}`,
        `AccountKey=${AZURITE_KEY}`,
        `TableEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`,
      ].join(';'),
      stop: async () => {
        await stopChild(child);
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  }
  fs.rmSync(workspace, { recursive: true, force: true });
  throw new Error('azurite-table found no free port in 5 attempts');
}
