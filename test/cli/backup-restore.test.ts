/**
 * Issue 16, item 5: `admin backup --out FILE` and `admin restore FILE`, run as the real command,
 * on a real SQLite file and on Azurite. A store with open cases, delivered and pending outbox
 * items, fired and unfired deadlines is backed up and restored into an empty store: everything
 * is there (compared through the store port), nothing is repeated (a sweep at the same instant
 * fires nothing, and the outbox delivers exactly the items that were pending, once each). A backup taken while cases are being written is restored
 * whole, each case as one commit left it. A restore into a store that holds data is refused with
 * one line, and changes nothing.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { App, createApp } from '../../src/app';
import { SCHEMA_VERSION } from '../../src/adapters/sqlite/schema';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { SqliteRecorder } from '../../src/adapters/sqlite/sqlite-recorder';
import { OutboxWorker } from '../../src/cases/outbox-worker';
import { loadConfig } from '../../src/config';
import type { CaseStore, Deadline, OutboxItem } from '../../src/ports/case-store';
import { RecordingNotifier, SettableClock } from '../../support/world';
import { dataDirEnv } from '../../support/app-on';
import { casesAwaitingTeamManager, openCase } from '../../support/bot-over-http/case-prep';
import { snapshotCases } from '../reliability/support/store-snapshot';
import { startAzurite, type RunningAzurite } from '../support/azurite';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function admin(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('node_modules/.bin/tsx', ['src/cli/admin.ts', ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out, err }));
  });
}

/** Everything the store holds that a restore must bring back, through the port. */
async function everything(store: CaseStore) {
  const cases = await snapshotCases(store);
  const deadlines: Record<string, Deadline[]> = {};
  for (const id of cases.keys()) deadlines[id] = await store.deadlines(id);
  const outbox: Record<string, OutboxItem[]> = {};
  for (const status of ['pending', 'delivered', 'dead'] as const) {
    outbox[status] = (await store.listOutbox(status, 100_000)).map((item) => ({ ...item, leaseOwner: null, leaseUntil: null }));
  }
  return { cases: Object.fromEntries(cases), deadlines, outbox, counts: await store.outboxCounts() };
}

const START = '2026-03-02T10:00:00.000Z';
const AFTER_REMINDERS = '2026-03-05T10:00:00.000Z';

function storeKinds(): Array<{ name: string; env: (dir: string, tag: string) => Record<string, string>; setUp?: () => Promise<void>; tearDown?: () => Promise<void> }> {
  let azurite: RunningAzurite | undefined;
  return [
    { name: 'SQLite', env: (dir) => dataDirEnv(dir) },
    {
      name: 'Azure Table Storage (Azurite)',
      // Graph is required beside Azure Tables; the tests record decisions locally instead (nothing listens there).
      env: (dir, tag) => ({ ...dataDirEnv(dir), GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222', GRAPH_AUTH: 'none', STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString, AZURE_TABLES_PREFIX: `bk${tag}` }),
      setUp: async () => {
        azurite = await startAzurite();
      },
      tearDown: async () => {
        await azurite?.stop();
      },
    },
  ];
}

for (const kind of storeKinds()) {
  describe(`admin backup and restore: ${kind.name}`, function () {
    this.timeout(300_000);
    const dirs: string[] = [];
    const apps: App[] = [];
    const recorders: SqliteRecorder[] = [];
    let tags = 0;

    function open(clock: SettableClock): { app: App; env: Record<string, string> } {
      const dir = mkdtempSync(join(tmpdir(), 's20-backup-'));
      dirs.push(dir);
      const env = kind.env(dir, `${process.pid}x${++tags}`);
      const recorder = new SqliteRecorder(join(dir, 'records.sqlite'));
      const app = createApp(loadConfig({ LOG_LEVEL: 'silent', ...env }), { clock, notifier: new RecordingNotifier(), recorder });
      apps.push(app);
      recorders.push(recorder);
      return { app, env };
    }

    before(async () => {
      await kind.setUp?.();
    });
    after(async () => {
      for (const app of apps) await app.close();
      for (const recorder of recorders) recorder.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      await kind.tearDown?.();
    });

    it('restores open cases, outbox items and deadlines into an empty store: nothing lost, nothing repeated', async () => {
      const clock = new SettableClock(new Date(START));
      const source = open(clock);
      // Delivered items and fired deadlines, then pending items and unfired deadlines.
      await casesAwaitingTeamManager(source.app.service, 6, 'BK-A');
      await source.app.worker.drain();
      clock.set(AFTER_REMINDERS);
      const swept = await source.app.scheduler.sweep();
      assert.ok(swept.fired >= 6, `reminders fired: ${swept.fired}`);
      await casesAwaitingTeamManager(source.app.service, 3, 'BK-B');
      const before = await everything(source.app.store);
      assert.ok(before.outbox['pending']!.length > 0 && before.outbox['delivered']!.length > 0);
      const allDeadlines = Object.values(before.deadlines).flat();
      assert.ok(allDeadlines.some((d) => d.firedAt) && allDeadlines.some((d) => !d.firedAt));

      const file = join(dirs[0]!, 'backup.out');
      const backup = await admin(source.env, 'backup', '--out', file);
      assert.equal(backup.code, 0, backup.err);
      // On SQLite without Graph the decision records kept on this machine go beside it (backup-local-records.test.ts).
      const beside = kind.name === 'SQLite' ? ' The decision records and case documents kept on this machine \\(Graph is not configured\\) were written beside it: [^\\n]*' : '';
      assert.match(backup.out, new RegExp(`^Backup written to .*: 9 cases, \\d+ audit entries, \\d+ outbox items, \\d+ deadlines, in [\\d.]+ s\\.${beside}\\n$`));
      console.log(`      ${kind.name}: ${backup.out.trim()}`);
      assert.equal(statSync(file).mode & 0o777, 0o600, "the backup holds every child's details: readable by its owner only");

      const target = open(clock);
      const restore = await admin(target.env, 'restore', file);
      assert.equal(restore.code, 0, restore.err);
      assert.match(restore.out, new RegExp(`^Restored from .*: 9 cases, .* in [\\d.]+ s\\.${kind.name === 'SQLite' ? ' The decision records and case documents kept on this machine were restored from beside it \\([^)]*\\)\\.' : ''} Start the bot`));
      console.log(`      ${kind.name}: ${restore.out.trim()}`);

      const after = await everything(target.app.store);
      assert.deepEqual(after, before, 'the restored store holds what the source held');

      // Nothing repeated: at the same instant no deadline fires again, and the outbox delivers
      // exactly the items that were pending, each once.
      assert.equal((await target.app.scheduler.sweep()).fired, 0);
      const delivered: string[] = [];
      const worker = new OutboxWorker(target.app.store, async (item) => {
        delivered.push(item.effectId);
      }, clock, { owner: 'restored-worker' });
      await worker.drain();
      assert.deepEqual([...delivered].sort(), before.outbox['pending']!.map((i) => i.effectId).sort());
      // A restore into a store that now holds data is refused, in one line, and changes nothing.
      const snapshot = await everything(target.app.store);
      const refused = await admin(target.env, 'restore', file);
      assert.equal(refused.code, 2);
      assert.equal(refused.out, '');
      assert.match(refused.err, /^Not restored: the store already holds data, and a restore goes only into an empty store .* Nothing was changed\.\n$/);
      assert.deepEqual(await everything(target.app.store), snapshot);
    });

    it('a backup taken while cases are being written restores each case whole', async () => {
      const clock = new SettableClock(new Date(START));
      const source = open(clock);
      await casesAwaitingTeamManager(source.app.service, 3, 'BK-C');
      const file = join(dirs.at(-1)!, 'online.out');
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await openCase(source.app.service, `BK-D-${++written}`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const backup = await admin(source.env, 'backup', '--out', file);
      writing = false;
      await writer;
      assert.equal(backup.code, 0, backup.err);
      assert.ok(written > 0, 'cases were written while the backup ran');

      const target = open(clock);
      const restore = await admin(target.env, 'restore', file);
      assert.equal(restore.code, 0, restore.err);
      const restored = await snapshotCases(target.app.store);
      assert.ok(restored.size >= 3);
      for (const [id, c] of restored) {
        assert.deepEqual(c.audit.map((e) => (e as { seq: number }).seq), Array.from({ length: c.version }, (_, i) => i + 1), `case ${id}: one audit entry per version`);
        const outbox = [...(await target.app.store.listOutbox('pending', 100_000)), ...(await target.app.store.listOutbox('delivered', 100_000))].filter((i) => i.caseId === id);
        const seqs = outbox.map((i) => i.seq).sort((a, b) => a - b);
        assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), `case ${id}: its outbox items are all there`);
      }
      const bySource = await snapshotCases(source.app.store, [...restored.keys()]);
      for (const [id, c] of restored) assert.deepEqual(c.audit, bySource.get(id)!.audit.slice(0, c.version), `case ${id} as one commit left it`);
    });

    it('refuses a missing file, a file of the other store kind, an existing output file and a folder that does not exist, in one line', async () => {
      const clock = new SettableClock(new Date(START));
      const target = open(clock);
      const missing = await admin(target.env, 'restore', join(dirs.at(-1)!, 'nope.out'));
      assert.equal(missing.code, 2);
      assert.match(missing.err, /^Not restored: there is no file .*nope\.out\.\n$/);
      const notOurs = await admin(target.env, 'restore', 'package.json');
      assert.equal(notOurs.code, 2);
      assert.match(notOurs.err, /^Not restored: package\.json is not a backup of (a SQLite|an Azure Table Storage) store .* Nothing was changed\.\n$/);
      const exists = await admin(target.env, 'backup', '--out', 'package.json');
      assert.equal(exists.code, 2);
      assert.match(exists.err, /^Not written: package\.json already exists\. Name a new file\.\n$/);
      const noFolder = await admin(target.env, 'backup', '--out', join(dirs.at(-1)!, 'no-such-folder', 'backup.out'));
      assert.equal(noFolder.code, 2, noFolder.err);
      assert.match(noFolder.err, /^Not written: there is no folder .*no-such-folder\. Name a file in a folder that exists\.\n$/);
    });
  });
}

describe('admin restore: a SQLite backup from a newer release', function () {
  this.timeout(60_000);

  it('is refused in one line saying so and what to do (exit 2), not "The admin command failed: case store schema version … is newer" (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'restore-newer-'));
    try {
      const backup = join(dir, 'backup.sqlite');
      await createSqliteCaseStore({ path: backup }).close();
      const db = new Database(backup);
      db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 5);
      db.close();
      const restored = await admin({ DATA_DIR: join(dir, 'data') }, 'restore', backup);
      assert.equal(restored.code, 2, restored.err);
      assert.equal(restored.err, `Not restored: ${backup} was taken by a newer release of the bot (schema version ${SCHEMA_VERSION + 5}; this release knows up to ${SCHEMA_VERSION}). Restore it with that release or a newer one. Nothing was changed.\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
