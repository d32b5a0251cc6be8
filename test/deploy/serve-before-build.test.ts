/**
 * `npm run serve` runs the compiled bot (dist/server.js). Before `npm run build` there is none, and
 * Node answered with its own stack trace ("Error: Cannot find module ..."): now one plain line says
 * to run `npm run build` first, and the command still fails (exit status not 0).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';

describe('npm run serve before npm run build', function () {
  this.timeout(60_000);
  let dir = '';
  beforeEach(() => {
    // The project's package.json alone, as in a fresh clone before any build: no dist/.
    dir = mkdtempSync(join(tmpdir(), 's20-serve-'));
    copyFileSync(join(REPO_ROOT, 'package.json'), join(dir, 'package.json'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says in one plain line to run npm run build first, with no stack trace, and fails', () => {
    const run = spawnSync('npm', ['run', '--silent', 'serve'], { cwd: dir, encoding: 'utf8', timeout: 30_000, shell: process.platform === 'win32' });
    assert.notEqual(run.status, 0);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.deepEqual(lines, ['The compiled bot (dist/server.js) is not there yet: run npm run build first, then npm run serve.'], run.stderr);
    assert.doesNotMatch(run.stderr + run.stdout, /\s+at\s|Cannot find module/);
  });
});
