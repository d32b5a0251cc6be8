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
import { sharedReadiness } from '../../src/health/shared-readiness';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { dataDirEnv } from '../../support/app-on';
import { spawnBot } from '../../support/bot-over-http/bot-process';
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
      assert.equal(graph?.reason, `no connection to Graph at ${server.url} (GRAPH_BASE_URL): check it, and this machine's network, proxy and firewall`, 'in words, not "TypeError"');
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

  it('reports a data folder deleted, and then a store file replaced, while the bot runs, instead of "ready" (its writes go to a file nothing will find)', async () => {
    const data = join(dir, 'data');
    const config = loadConfig({ DATA_DIR: data, LOG_LEVEL: 'silent' });
    const store = createSqliteCaseStore({ path: config.localFiles.cases });
    try {
      const checks = appReadinessChecks({ config, store, graphClient: null });
      assert.equal((await checkReadiness(checks)).ready, true);

      rmSync(data, { recursive: true, force: true });
      const gone = await checkReadiness(checks);
      assert.equal(gone.ready, false);
      assert.deepEqual(gone.checks.map((c) => [c.name, c.ok, c.reason]), [
        ['case store writable', false, `the case store file ${config.localFiles.cases} is not the one the bot opened (deleted, moved or replaced while it runs): what it records now is not kept there. Stop the bot, put the file back, and start it again`],
        ['disk space', false, `the data folder ${data} is not there (deleted or moved while the bot runs): stop the bot, put the folder back, and start it again`],
      ]);

      // A new folder with a new, empty store where the old one was (a copy put back, a restore by hand).
      await createSqliteCaseStore({ path: config.localFiles.cases }).close();
      const replaced = await checkReadiness(checks);
      assert.deepEqual(replaced.checks.map((c) => [c.name, c.ok]), [['case store writable', false], ['disk space', true]]);
    } finally {
      await store.close();
    }
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

  it('a flood of /readyz (it answers anyone, without a token) asks Graph and writes to the store once, not once a request (real server process)', async () => {
    const graph = await LocalGraphServer.start({ requireAuth: false });
    const bot = await spawnBot({ ...dataDirEnv(dir, graph.url), SHAREPOINT_SITE_ID: SITE_ID });
    try {
      const siteReads = (): number => graph.stats().log.filter((e) => e.method === 'GET' && e.path.includes('/sites/')).length;
      const before = siteReads();
      const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`${bot.url}/readyz`)));
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
      const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ status: string }>));
      assert.ok(bodies.every((b) => b.status === 'ready'));
      assert.equal(siteReads() - before, 1, 'Graph was asked once for the 50');
    } finally {
      await bot.stop();
      await graph.stop();
    }
  });

  it("with an app id, says when the bot cannot sign in to the Bot Framework (here Entra ID is not reached, as in a network fault), in words, without MSAL's message; without one, no such check", async function () {
    this.timeout(120_000);
    const appId = '3f2b1c4d-1111-2222-3333-444455556666';
    const tenant = '7a8b9c0d-1111-2222-3333-444455556666';
    const signedIn = await spawnBot({ ...dataDirEnv(dir), MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: 'a-secret', MICROSOFT_APP_TENANT_ID: tenant, MICROSOFT_APP_TYPE: 'SingleTenant', ORG_NAME: 'Mossbank Council' });
    try {
      const answer = await fetch(`${signedIn.url}/readyz`);
      const body = (await answer.json()) as { status: string; checks: Array<{ name: string; ok: boolean; reason?: string }> };
      assert.equal(answer.status, 503);
      assert.deepEqual(body.checks.map((c) => [c.name, c.ok]), [['case store writable', true], ['disk space', true], ['Bot Framework sign-in (Teams messages)', false]]);
      assert.equal(
        body.checks[2]!.reason,
        "the bot cannot sign in to the Bot Framework, so no Teams message can be sent (ClientAuthError network_error): Entra ID's sign-in (login.microsoftonline.com) could not be reached from this machine, or does not know MICROSOFT_APP_TENANT_ID: check that this machine can reach login.microsoftonline.com (network, DNS, proxy), and MICROSOFT_APP_TENANT_ID; the client secret was not tried, so it is not the cause",
      );
      assert.doesNotMatch(JSON.stringify(body), new RegExp(`${appId}|${tenant}|a-secret`), 'neither the app, the tenant nor the secret');
    } finally {
      await signedIn.stop();
    }
    const local = await spawnBot(dataDirEnv(dir));
    try {
      const body = (await (await fetch(`${local.url}/readyz`)).json()) as { checks: Array<{ name: string }> };
      assert.deepEqual(body.checks.map((c) => c.name), ['case store writable', 'disk space']);
    } finally {
      await local.stop();
    }
  });

  it('callers share one run of the checks while it runs, and its report for a few seconds after; a new run after that', async () => {
    let runs = 0;
    let clock = 0;
    let finish: (() => void) | undefined;
    const shared = sharedReadiness(async () => {
      runs += 1;
      await new Promise<void>((resolve) => (finish = resolve));
      return { ready: runs === 1, checks: [] };
    }, 5_000, () => clock);
    const waiting = [shared(), shared(), shared()];
    finish!();
    assert.deepEqual((await Promise.all(waiting)).map((r) => r.ready), [true, true, true]);
    clock = 4_999;
    assert.equal((await shared()).ready, true);
    assert.equal(runs, 1);
    clock = 5_000;
    const next = shared();
    finish!();
    assert.equal((await next).ready, false, 'a fresh report');
    assert.equal(runs, 2);
  });
});
