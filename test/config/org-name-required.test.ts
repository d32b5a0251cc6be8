/**
 * ORG_NAME left at its default ("Your local authority") on a real deployment (an app id set): the
 * placeholder headed every case document and each child's "Your time in our care" letter, and nothing
 * stopped it. Now the server, started as an operator starts it, refuses with one line naming ORG_NAME.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { dataDirEnv } from '../../support/app-on';

describe('ORG_NAME on a real deployment', function () {
  this.timeout(90_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-org-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with MICROSOFT_APP_ID set and ORG_NAME unset, the server refuses to start with one line naming ORG_NAME', () => {
    const { ORG_NAME: _unset, ...inherited } = process.env;
    const env = { ...inherited, ...dataDirEnv(dir), PORT: '0', LOG_LEVEL: 'warn', MICROSOFT_APP_ID: '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', MICROSOFT_APP_PASSWORD: 'not-a-real-secret', MICROSOFT_APP_TENANT_ID: '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 2, run.stderr);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, `one line: ${run.stderr}`);
    assert.match(lines[0]!, /^Configuration error: ORG_NAME is not set \("Your local authority"\) but MICROSOFT_APP_ID is set: set ORG_NAME to your council's name/);
    assert.doesNotMatch(run.stderr, /\s+at\s/);
  });
});
