/**
 * MAIL_SENDER_ID without OUTLOOK_ORIGINATOR_ID: every request mail went out with a card Outlook
 * removes (no registered originator), so approvers saw only the mail's text, and nothing told the
 * operator. The README allows mail without cards (Outlook then "shows only the mail's text"), so the
 * bot starts, and says once, on stderr and in the log, what approvers will see and what to set.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { dataDirEnv, SITE_ID } from '../../support/app-on';

/** Starts the real server as an operator would, and gives back what it wrote once it is listening. */
async function startAndStop(env: NodeJS.ProcessEnv): Promise<{ out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (/listening at http/.test(out)) resolve();
      });
      child.once('exit', () => reject(new Error(`exited: ${err}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return { out, err };
}

describe('start-up warnings: mail without an Outlook originator', function () {
  this.timeout(90_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-warn-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    ...process.env,
    ...dataDirEnv(dir),
    PORT: '0',
    LOG_LEVEL: 'warn',
    MICROSOFT_APP_ID: '',
    GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0',
    SHAREPOINT_SITE_ID: SITE_ID,
    GRAPH_AUTH: 'none',
    OUTLOOK_ORIGINATOR_ID: '',
    MAIL_SENDER_ID: 'approvals@council.example',
    ...extra,
  });

  it('MAIL_SENDER_ID set without OUTLOOK_ORIGINATOR_ID: starts, and says once what approvers will see and which settings to change', async () => {
    const { out, err } = await startAndStop(env({}));
    const warnings = err.split('\n').filter((line) => line.startsWith('WARNING: MAIL_SENDER_ID'));
    assert.equal(warnings.length, 1, err);
    assert.match(warnings[0]!, /OUTLOOK_ORIGINATOR_ID is empty: approval requests are mailed, but Outlook shows no approval card in them, only the mail's text/);
    assert.match(warnings[0]!, /set OUTLOOK_ORIGINATOR_ID to the originator id from the Actionable Email Developer Dashboard; to send no mail, clear MAIL_SENDER_ID\.$/);
    assert.equal(out.match(/"level":"warn","time":"[^"]+","msg":"MAIL_SENDER_ID is set but OUTLOOK_ORIGINATOR_ID is empty/g)?.length, 1, out);
  });

  it('with OUTLOOK_ORIGINATOR_ID set, no such warning', async () => {
    const { out, err } = await startAndStop(env({ OUTLOOK_ORIGINATOR_ID: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }));
    assert.doesNotMatch(err, /OUTLOOK_ORIGINATOR_ID/);
    assert.doesNotMatch(out, /OUTLOOK_ORIGINATOR_ID/);
  });

  it('EXTRA_NON_WORKING_DAYS whose every day has passed: starts, and says once that the list has run out (test/config/closure-day-warnings.test.ts)', async () => {
    const { out, err } = await startAndStop(env({ OUTLOOK_ORIGINATOR_ID: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', EXTRA_NON_WORKING_DAYS: '2025-12-29,2025-12-30' }));
    const warnings = err.split('\n').filter((line) => line.startsWith('WARNING: EXTRA_NON_WORKING_DAYS'));
    assert.deepEqual(warnings.map((w) => w.slice(0, 94)), ['WARNING: EXTRA_NON_WORKING_DAYS lists no day after today: the last is Tue 30 Dec 2025, so from'], err);
    assert.match(warnings[0]!, /and restart the bot\.$/);
    assert.equal(out.match(/"level":"warn","time":"[^"]+","msg":"EXTRA_NON_WORKING_DAYS lists no day after today/g)?.length, 1, out);
  });
});

/**
 * AZURE_STORAGE_CONNECTION_STRING beside STORE=sqlite (the default) was ignored without a word: an
 * operator who meant the tables kept cases in a local SQLite file. The bot still starts (shells
 * often export the string for Azurite), and says once which store it uses, without the key.
 */
describe('start-up warnings: a storage connection string beside SQLite', function () {
  this.timeout(90_000);
  const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  const CONNECTION_STRING = `DefaultEndpointsProtocol=https;AccountName=councilstore;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-warn-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base['AZURE_STORAGE_CONNECTION_STRING'];
    delete base['STORE'];
    return { ...base, ...dataDirEnv(dir), PORT: '0', LOG_LEVEL: 'warn', MICROSOFT_APP_ID: '', GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none', ...extra };
  };

  it('starts on SQLite, and says once (stderr and log) that the connection string is not used and what to set, never its key', async () => {
    const { out, err } = await startAndStop(env({ AZURE_STORAGE_CONNECTION_STRING: CONNECTION_STRING }));
    const warnings = err.split('\n').filter((line) => line.startsWith('WARNING: AZURE_STORAGE_CONNECTION_STRING'));
    assert.equal(warnings.length, 1, err);
    assert.match(warnings[0]!, /is set but STORE is sqlite: cases are kept in SQLite in DATA_DIR \(.+\), not in Azure Table Storage, and the connection string is not used\. To keep cases in the tables, set STORE=azure-tables; otherwise clear AZURE_STORAGE_CONNECTION_STRING/);
    assert.equal(out.match(/"level":"warn","time":"[^"]+","msg":"AZURE_STORAGE_CONNECTION_STRING is set but STORE is sqlite/g)?.length, 1, out);
    for (const secret of [KEY, 'AccountKey', 'councilstore']) {
      assert.ok(!err.includes(secret) && !out.includes(secret), `${secret} is not written out`);
    }
  });

  it('STORE=sqlite without a connection string: no such warning', async () => {
    const { out, err } = await startAndStop(env({ STORE: 'sqlite' }));
    assert.doesNotMatch(err + out, /AZURE_STORAGE_CONNECTION_STRING/);
  });
});
