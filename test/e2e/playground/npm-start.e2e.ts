/**
 * `npm start` (src/start.ts) as a person runs it: the bot and the Agents Playground together,
 * one line saying where to go, and both gone after Ctrl+C (SIGINT).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('npm start: the bot and the Agents Playground together', function () {
  this.timeout(60_000);

  it('prints one line with the Playground address, serves its page and the bot, and stops both on Ctrl+C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'e2e-npm-start-'));
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), 'src/start.ts'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', MICROSOFT_APP_ID: '' },
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no Playground line:\n${out}`)), 40_000);
        const check = (): void => {
          const found = out.split('\n').find((l) => l.startsWith('Open http://localhost:') || l.startsWith('The Agents Playground could not start'));
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        child.stdout.on('data', check);
        void exited.then(() => reject(new Error(`npm start ended:\n${out}`)));
      });
      assert.match(line, /^Open http:\/\/localhost:\d+ in your browser: the Agents Playground, signed in as Alex Wilber \(social worker\); type "new case"/);
      assert.match(line, /Ctrl\+C to stop the Playground and the bot\.$/);
      const page = /^Open (http:\/\/localhost:\d+)/.exec(line)![1]!;
      const bot = /running at (http:\/\/\S+)\/api\/messages/.exec(out)![1]!;
      const html = await (await fetch(page)).text();
      assert.match(html, /<div id="root">|Agents Playground/);
      assert.equal((await fetch(`${bot}/healthz`)).status, 200);
      // Signed in as the mock person who is the social worker in config/roles.local.json.
      const config = (await (await fetch(`${page}/_internal/v1/testConfig`)).json()) as { config: { currentUser: { aadObjectId: string } } };
      assert.equal(config.config.currentUser.aadObjectId, '00000000-0000-0000-0000-0000000000020');

      child.kill('SIGINT');
      assert.equal(await exited, 0, out);
      await assert.rejects(fetch(page), 'the Playground has stopped');
      await assert.rejects(fetch(`${bot}/healthz`), 'the bot has stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
