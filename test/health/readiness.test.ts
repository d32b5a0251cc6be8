/**
 * /readyz's checks against real parts: a SQLite store in a temp folder, the local Graph server
 * (up, then stopped), and the free-space check with the disk's answer given.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { loadConfig } from '../../src/config';
import { appReadinessChecks } from '../../src/health/app-readiness';
import { checkReadiness, diskSpaceCheck, MIN_FREE_BYTES } from '../../src/health/readiness';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { LocalGraphServer } from '../../support/local-graph-server';

const SITE_ID = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

describe('readiness (/readyz checks)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-readiness-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is ready with a writable store, room on the disk and Graph answering; names Graph when it stops answering', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    const config = loadConfig({ DATA_DIR: dir, GRAPH_BASE_URL: `${server.url}/v1.0`, SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none', LOG_LEVEL: 'silent' });
    const store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
    try {
      const checks = appReadinessChecks({ config, store, graphClient: testGraphClient(server.url) });
      const up = await checkReadiness(checks);
      assert.deepEqual(up.checks.map((c) => [c.name, c.ok]), [['case store writable', true], ['disk space', true], ['Microsoft Graph (directory and SharePoint)', true]]);
      assert.equal(up.ready, true);

      await server.stop();
      const down = await checkReadiness(checks);
      assert.equal(down.ready, false);
      const graph = down.checks.find((c) => c.name.startsWith('Microsoft Graph'));
      assert.equal(graph?.ok, false);
      assert.ok(graph?.reason && graph.reason.length > 0);
      assert.ok(down.checks.filter((c) => c.name !== graph?.name).every((c) => c.ok));
    } finally {
      await store.close();
      await server.stop();
    }
  });

  it('reports a closed (unwritable) store with its error code, and no Graph check without Graph', async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const store = createSqliteCaseStore({ path: join(dir, 'cases.sqlite') });
    await store.close();
    const report = await checkReadiness(appReadinessChecks({ config, store, graphClient: null }));
    assert.equal(report.ready, false);
    assert.deepEqual(report.checks.map((c) => c.name), ['case store writable', 'disk space']);
    assert.equal(report.checks[0]?.ok, false);
  });

  it('reports a disk with less than the minimum free, with how much is left', async () => {
    const report = await checkReadiness([diskSpaceCheck(dir, MIN_FREE_BYTES, async () => 5 * 1024 * 1024)]);
    assert.equal(report.ready, false);
    assert.match(report.checks[0]?.reason ?? '', /5 MB free \(needs at least 32 MB\)/);
    assert.equal((await checkReadiness([diskSpaceCheck(dir, MIN_FREE_BYTES, async () => MIN_FREE_BYTES)])).ready, true);
  });

  it('fails a check that does not answer in time instead of hanging', async () => {
    const report = await checkReadiness([{ name: 'slow', run: () => new Promise(() => undefined) }], 50);
    assert.deepEqual(report.checks, [{ name: 'slow', ok: false, reason: 'no answer within 0.05 s' }]);
  });
});
