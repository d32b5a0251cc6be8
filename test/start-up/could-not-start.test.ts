/**
 * What the council's IT staff see when the bot cannot start (`npm run serve`, `npm start`): one plain
 * line saying what to do, no stack trace, and a process that ends, so a service manager or App Service
 * sees it stop and says so, instead of a process that hangs after saying it could not start.
 */
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** The server as `npm run serve:source` runs it, with only these settings; ended after a minute if it hangs. */
function startBot(env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function assertNoStackTrace(result: SpawnSyncReturns<string>): void {
  assert.doesNotMatch(`${result.stdout}${result.stderr}`, /\bat .+:\d+:\d+|node:events|Unhandled/, result.stderr);
}

describe('start-up: the bot cannot start', function () {
  // Starting Node with tsx takes seconds on a busy machine; the wait is generous, the answer is what is tested.
  this.timeout(90_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'could-not-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('on a port another program holds: one line naming the port and PORT, exit code 1, no stack trace', async () => {
    const other: Server = createServer();
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const port = (other.address() as { port: number }).port;
    try {
      const result = startBot({ PORT: String(port), DATA_DIR: join(dir, 'data') });
      assert.equal(result.signal, null, 'the bot ended by itself');
      assert.equal(result.status, 1, result.stderr);
      assert.equal(result.stderr.trim(), `Port ${port} is already in use: stop the other program or set PORT in .env.`);
      assertNoStackTrace(result);
    } finally {
      await new Promise((done) => other.close(done));
    }
  });

  for (const [problem, content, line] of [
    ['missing', undefined, /cannot read the file .*missing\.json \(set ROLES_FILE\)/],
    ['not JSON', '{"teams": [', /it is not valid JSON/],
  ] as const) {
    it(`on an organisation file ${problem}: says so and ends (exit code 2) instead of hanging`, () => {
      const file = join(dir, problem === 'missing' ? 'missing.json' : 'organisation.json');
      if (content !== undefined) writeFileSync(file, content);
      const result = startBot({ PORT: '0', DATA_DIR: join(dir, 'data'), ROLES_FILE: file });
      assert.equal(result.signal, null, `the bot ended by itself (it hung after: ${result.stderr.trim()})`);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^The bot could not start: the organisation file \(ROLES_FILE\) has problems:\n/);
      assert.match(result.stderr, line);
      assertNoStackTrace(result);
    });
  }

  it('on DATA_DIR where no folder can be made (under /proc): says so, naming DATA_DIR, instead of hanging', function () {
    if (!existsSync('/proc/self')) this.skip();
    const result = startBot({ PORT: '0', DATA_DIR: '/proc/no-such-folder/data' });
    assert.equal(result.signal, null, 'the bot ended by itself');
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stderr.trim(), 'The bot could not start: The data folder /proc/no-such-folder/data (DATA_DIR) cannot be used: no folder can be made there. Set DATA_DIR to a folder on a local disk');
  });
});

describe('start-up: an Azure Storage connection string the Tables client cannot read', function () {
  this.timeout(90_000);

  it('is refused as a configuration error naming AZURE_STORAGE_CONNECTION_STRING, without its value, instead of "Cannot read properties of undefined"', () => {
    const result = startBot({
      PORT: '0',
      STORE: 'azure-tables',
      AZURE_STORAGE_CONNECTION_STRING: 'AccountName=council;AccountKey=s3cret-key-value',
      GRAPH_BASE_URL: 'http://127.0.0.1:9',
      SHAREPOINT_SITE_ID: 'site',
      GRAPH_AUTH: 'none',
    });
    assert.equal(result.signal, null, 'the bot ended by itself');
    assert.equal(result.status, 2, result.stderr);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? '', /^Configuration error: AZURE_STORAGE_CONNECTION_STRING is not a connection string Azure Tables can use: copy it whole from the storage account's Access keys page .* See \.env\.example\.$/);
    assert.doesNotMatch(result.stderr, /s3cret/);
    assertNoStackTrace(result);
  });

  it('a connection string with no pairs at all: the same line', () => {
    const result = startBot({ PORT: '0', STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: 'garbage', GRAPH_BASE_URL: 'http://127.0.0.1:9', SHAREPOINT_SITE_ID: 'site', GRAPH_AUTH: 'none' });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^Configuration error: AZURE_STORAGE_CONNECTION_STRING is not a connection string Azure Tables can use/);
    assert.doesNotMatch(result.stderr, /Cannot read properties/);
  });
});
