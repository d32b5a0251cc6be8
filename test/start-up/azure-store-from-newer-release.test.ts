/**
 * The code rolled back (an older release deployed again, a deployment slot swapped back) onto Azure
 * tables a newer release has upgraded: as on a SQLite store from a newer release, the bot does not
 * start and the admin command refuses, each saying which release to run and not to restore a backup
 * over the store; /readyz says the same, and the store itself writes nothing. Before, the older
 * release ran on them silently: the cases it opened or changed were not filed under the newer
 * release's index entries, and that release, deployed again, never filed them (its upgrade had run),
 * so "case REF" and the lists missed them for ever. Against a real Azurite.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { createAzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { INDEX_VERSION } from '../../src/adapters/azure-tables/azure-table-index-upgrades';
import { StoreFromNewerReleaseError } from '../../src/adapters/case-store-errors';
import { loadConfig } from '../../src/config';
import { appReadinessChecks } from '../../src/health/app-readiness';
import { checkReadiness } from '../../src/health/readiness';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { commitOf } from '../adapters/case-store-contract';

const ROOT = resolve(__dirname, '../..');
const SITE_ID = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function run(script: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, out, err });
    });
  });
}

describe('Azure tables upgraded by a newer release, met by an older one', function () {
  this.timeout(120_000);
  let azurite: RunningAzurite;
  const prefix = `newer${process.pid}`;
  let env: Record<string, string>;
  let dir: string;
  let backup: string;

  before(async () => {
    azurite = await startAzurite();
    env = {
      STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_TABLES_PREFIX: prefix,
      GRAPH_BASE_URL: 'http://127.0.0.1:9', SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none', PORT: '0',
    };
    // A store this release made, holding a case, then upgraded by a release one index version on.
    const store = createAzureTableCaseStore({ connectionString: azurite.connectionString, tablePrefix: prefix });
    const committed = await store.commit(commitOf({ caseId: 'a', ref: 'CR-A' }));
    assert.equal(committed.ok, true);
    await store.close();
    // Its backup, as the newer release would have taken it (the index version it held).
    dir = mkdtempSync(join(tmpdir(), 'newer-release-'));
    backup = join(dir, 'backup.jsonl');
    const taken = await run('src/cli/admin.ts', env, 'backup', '--out', backup);
    assert.equal(taken.code, 0, taken.err);
    const lines = readFileSync(backup, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { table?: string; entity?: { partitionKey: string; rowKey: string; version?: number } });
    const marker = lines.find((l) => l.table === 'Index' && l.entity?.partitionKey === 'meta' && l.entity.rowKey === 'index-version');
    assert.ok(marker?.entity, 'the backup keeps the index version');
    marker.entity.version = INDEX_VERSION + 1;
    writeFileSync(backup, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const index = TableClient.fromConnectionString(azurite.connectionString, `${prefix}Index`, { allowInsecureConnection: true });
    await index.upsertEntity({ partitionKey: 'meta', rowKey: 'index-version', version: INDEX_VERSION + 1 }, 'Replace');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await azurite?.stop();
  });

  const words = new RegExp(
    `^The case store \\(Azure tables ${prefix}Cases and ${prefix}Index\\) was written by a newer release of the bot \\(index version ${INDEX_VERSION + 1}; this release knows up to ${INDEX_VERSION}\\), so this release will not open it\\. ` +
      'Go back to that release or a newer one: deploy it again .*Do not restore a backup over the store or replace it: the cases recorded since would be lost\\.$',
  );

  it('the store reads and writes nothing, saying which release to run', async () => {
    const store = createAzureTableCaseStore({ connectionString: azurite.connectionString, tablePrefix: prefix });
    try {
      await assert.rejects(store.get('a'), (e: unknown) => e instanceof StoreFromNewerReleaseError && words.test(e.message));
      await assert.rejects(store.commit(commitOf({ caseId: 'b', ref: 'CR-B' })), StoreFromNewerReleaseError);
    } finally {
      await store.close();
    }
    const cases = TableClient.fromConnectionString(azurite.connectionString, `${prefix}Cases`, { allowInsecureConnection: true });
    const ids: string[] = [];
    for await (const row of cases.listEntities({ queryOptions: { filter: "RowKey eq 'case'" } })) ids.push(String(row.partitionKey));
    assert.equal(ids.length, 1, 'the case refused was not written');
  });

  it('/readyz says so in the same words', async () => {
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const store = createAzureTableCaseStore({ connectionString: azurite.connectionString, tablePrefix: prefix });
    try {
      const report = await checkReadiness(appReadinessChecks({ config, store, graphClient: null }));
      const check = report.checks.find((c) => c.name === 'case store writable');
      assert.equal(check?.ok, false);
      assert.match(check?.reason ?? '', words);
    } finally {
      await store.close();
    }
  });

  it('the bot does not start: one line, exit code 2', async () => {
    const result = await run('src/server.ts', env);
    assert.equal(result.code, 2, result.err);
    assert.equal(result.out, '', 'it never said it was listening');
    const lines = result.err.trim().split('\n');
    assert.equal(lines.length, 1, result.err);
    assert.match(lines[0]!.replace(/^The bot could not start: /, ''), words);
    assert.match(lines[0]!, /^The bot could not start: /);
  });

  it('the admin command refuses: the same words, exit code 2', async () => {
    const result = await run('src/cli/admin.ts', env, 'cases', 'list');
    assert.equal(result.code, 2, result.err);
    assert.match(result.err.trim(), words);
  });

  it('a backup it took is not restored: the same advice, exit code 2, nothing written', async () => {
    const into = `${prefix}x`;
    const result = await run('src/cli/admin.ts', { ...env, AZURE_TABLES_PREFIX: into }, 'restore', backup);
    assert.equal(result.code, 2, result.err);
    assert.equal(result.err, `Not restored: ${backup} was taken by a newer release of the bot (index version ${INDEX_VERSION + 1}; this release knows up to ${INDEX_VERSION}). Restore it with that release or a newer one. Nothing was changed.\n`);
    const cases = TableClient.fromConnectionString(azurite.connectionString, `${into}Cases`, { allowInsecureConnection: true });
    for await (const row of cases.listEntities()) assert.fail(`nothing restored, yet ${String(row.partitionKey)} is there`);
  });
});
