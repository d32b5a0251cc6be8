/**
 * The server's two connections to the SQLite file and its checkpoints (src/adapters/sqlite/
 * wal-checkpoints.ts): the answering thread's only as a backstop, the background thread's in 64 MB
 * steps, below that backstop (else the answering thread would take the checkpoints back); a
 * process alone on the file keeps SQLite's 1,000 pages. How a connection leaves checkpoints to
 * another is shown in sqlite-wal-sync.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/app';
import { loadConfig } from '../../src/config';
import { SqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { CHECKPOINT_PAGES, type CheckpointRole } from '../../src/adapters/sqlite/wal-checkpoints';

describe('SQLite store checkpoints for the server', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-checkpoints-'));
    writeFileSync(join(dir, 'roles.json'), '{}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function pagesFor(checkpoints?: CheckpointRole): Promise<number> {
    const store = openStore(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dir, ROLES_FILE: join(dir, 'roles.json') }), checkpoints ? { checkpoints } : {});
    try {
      assert.ok(store instanceof SqliteCaseStore);
      return store.connection().pragma('wal_autocheckpoint', { simple: true }) as number;
    } finally {
      await store.close();
    }
  }

  it("opens each thread's connection with its step, the background's below the answering thread's backstop", async () => {
    assert.equal(await pagesFor(), 1000, "alone on the file: SQLite's own rule");
    assert.equal(await pagesFor('background'), CHECKPOINT_PAGES.background);
    assert.equal(await pagesFor('answering'), CHECKPOINT_PAGES.answering);
    assert.ok(CHECKPOINT_PAGES.background > 1000 && CHECKPOINT_PAGES.background < CHECKPOINT_PAGES.answering);
  });
});
