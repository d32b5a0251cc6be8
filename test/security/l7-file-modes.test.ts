/**
 * L7: the SQLite files hold dates of birth and free text about children. The real bot creates them
 * 0600 in a 0700 data folder, and tightens files and folders left open by an earlier release.
 */
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PEOPLE } from '../../support/world';
import { messageActivity } from '../../support/bot-over-http/activities';
import { startBot } from '../../support/bot-over-http/bot-under-test';
import { openCase } from '../../support/bot-over-http/case-prep';
import { ConnectorCapture } from '../../support/bot-over-http/connector-capture';
import { postJson } from '../../support/bot-over-http/http-post';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

describe('L7 the SQLite files are private to the bot (real bot)', function () {
  this.timeout(60_000);
  const connector = new ConnectorCapture();
  const dirs: string[] = [];
  before(() => connector.start());
  after(async () => {
    await connector.stop();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /** `dataDir` need not exist; the roles file goes in `dir`. */
  async function runOnce(dir: string, dataDir = dir): Promise<void> {
    const bot = await startBot({ dir, workers: true, env: { DATA_DIR: dataDir } });
    try {
      await openCase(bot.runtime.app.service, `L7-${Date.now()}`);
      assert.equal((await postJson(`${bot.url}/api/messages`, messageActivity(connector.url, PEOPLE.sw, 'my cases'))).status, 200);
      await bot.runtime.app.worker.drain();
      // While running: the WAL and shared-memory files exist too.
      const sqliteFiles = readdirSync(dataDir).filter((f) => f.includes('.sqlite'));
      assert.ok(sqliteFiles.includes('cases.sqlite-wal') && sqliteFiles.includes('records.sqlite'), sqliteFiles.join(', '));
      for (const f of sqliteFiles) assert.equal(mode(join(dataDir, f)), '600', f);
      assert.equal(mode(dataDir), '700', 'the data folder');
    } finally {
      await bot.close(true);
    }
  }

  it('L7 a new data folder is 0700 and every SQLite file in it 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 's20-l7-'));
    dirs.push(parent);
    await runOnce(parent, join(parent, 'data'));
  });

  it('L7 a data folder and files left 0755/0644 by an earlier release are tightened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's20-l7-old-'));
    dirs.push(dir);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    for (const name of ['cases.sqlite', 'records.sqlite']) {
      new Database(join(dir, name)).close();
      chmodSync(join(dir, name), 0o644);
    }
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    await runOnce(dir);
  });
});
