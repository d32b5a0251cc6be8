/**
 * M5. HOST=0.0.0.0 without an app id was accepted: the unauthenticated mode on the network.
 * Now the real server refuses to start with one line naming HOST and why, unless the loudly
 * named local-only override INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true is set (then it starts and
 * warns on stderr and in the log). Loopback addresses start as before (npm start's Playground path).
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { dataDirEnv } from '../../support/app-on';

describe('security: M5 (unauthenticated mode on the network)', function () {
  this.timeout(90_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-m5-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('M5 HOST=0.0.0.0 without an app id is refused at start-up with one line, unless INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true', async () => {
    const env = { ...process.env, ...dataDirEnv(dir), PORT: '0', LOG_LEVEL: 'warn', MICROSOFT_APP_ID: '' };
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: REPO_ROOT, env: { ...env, HOST: host }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 2, `${host}: ${run.stderr}`);
      const lines = run.stderr.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, `one line: ${run.stderr}`);
      assert.match(lines[0]!, /^Configuration error: HOST=\S+ would let anyone on the network use the bot without signing in, because MICROSOFT_APP_ID is empty/);
      assert.match(lines[0]!, /INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true/);
      assert.doesNotMatch(run.stderr, /\s+at\s/);
    }
    // Loopback in any spelling is fine.
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      assert.equal(loadConfig({ HOST: host }).server.host, host);
    }

    // The override: it starts, and says loudly what it means.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: REPO_ROOT, env: { ...env, HOST: '0.0.0.0', INSECURE_ALLOW_NO_TOKEN_ON_NETWORK: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const match = /listening at (http:\/\/localhost:\d+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', () => reject(new Error(`exited: ${err}`)));
      });
      const health = await fetch(`${url.replace('localhost', '127.0.0.1')}/healthz`);
      assert.equal(health.status, 200);
      assert.match(err, /^WARNING: the bot accepts requests without sign-in on 0\.0\.0\.0/);
      assert.match(out, /"level":"warn","time":"[^"]+","msg":"INSECURE: no MICROSOFT_APP_ID and listening beyond this machine/);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
