/**
 * A council running the bot on its own server without Microsoft Graph keeps the decision records
 * (records.sqlite) and the case file's documents (documents.sqlite) beside the case store in
 * DATA_DIR. `admin backup` copied the case store alone, so restoring after a lost disk brought the
 * cases back without a single decision record or document. Now both go beside the backup and
 * `admin restore` puts them back; run as the real command.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { countRows } from '../../src/adapters/sqlite/sqlite-backup';
import { dataDirEnv } from '../../support/app-on';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { makeWorld } from '../../support/world';

function admin(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...dataDirEnv(dir) } });
}

function rows(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return countRows(db).rows;
  } finally {
    db.close();
  }
}

describe('admin backup and restore without Graph: the decision records and documents kept on this machine', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('go beside the backup, and come back with the restore', async () => {
    const source = mkdtempSync(join(tmpdir(), 's20-local-backup-'));
    const target = mkdtempSync(join(tmpdir(), 's20-local-restore-'));
    const out = mkdtempSync(join(tmpdir(), 's20-local-out-'));
    dirs.push(source, target, out);
    const world = makeWorld(undefined, undefined, source);
    await casesAwaitingTeamManager(world.service, 2, 'LOC');
    await world.worker.drain();
    await world.close(true);
    const records = rows(join(source, 'records.sqlite'));
    const documents = rows(join(source, 'documents.sqlite'));
    assert.ok(Object.values(records).some((n) => n > 0) && Object.values(documents).some((n) => n > 0), 'the cases wrote records and documents on this machine');

    const file = join(out, 'backup.sqlite');
    const backup = admin(source, 'backup', '--out', file);
    assert.equal(backup.status, 0, backup.stderr);
    assert.match(backup.stdout, /The decision records and case documents kept on this machine \(Graph is not configured\) were written beside it: .*backup\.sqlite\.records\.sqlite, .*backup\.sqlite\.documents\.sqlite\. Keep them with it: restore puts them back\./);
    assert.doesNotMatch(backup.stdout, /Note:/, 'a private folder (0700) needs no note');
    for (const beside of [`${file}.records.sqlite`, `${file}.documents.sqlite`]) {
      assert.ok(existsSync(beside), `${beside} written`);
      assert.equal(statSync(beside).mode & 0o777, 0o600, 'readable by its owner only');
    }

    const restore = admin(target, 'restore', file);
    assert.equal(restore.status, 0, restore.stderr);
    assert.match(restore.stdout, /The decision records and case documents kept on this machine were restored from beside it/);
    assert.deepEqual(rows(join(target, 'records.sqlite')), records, 'every decision record is back');
    assert.deepEqual(rows(join(target, 'documents.sqlite')), documents, 'every document version is back');

    // A second restore into the same folder is refused before anything is changed.
    const again = admin(target, 'restore', file);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /^Not restored: /);
  });

  it('are refused in a folder other users can write to (their journal or files could be there first), and written with a note in one they can list', async () => {
    const source = mkdtempSync(join(tmpdir(), 's20-local-shared-'));
    const shared = mkdtempSync(join(tmpdir(), 's20-local-shared-out-'));
    dirs.push(source, shared);
    const world = makeWorld(undefined, undefined, source);
    await casesAwaitingTeamManager(world.service, 1, 'SHR');
    await world.worker.drain();
    await world.close(true);

    // Before: written there as anywhere, with nothing said.
    chmodSync(shared, 0o777);
    const refused = admin(source, 'backup', '--out', join(shared, 'backup.sqlite'));
    assert.equal(refused.status, 2, refused.stdout);
    assert.equal(refused.stderr.trim(), `Not written: other users can write to the folder ${shared} (mode 777), so they could put files where the backup's journal and the files beside it go. Back up into a folder only you can write to: mkdir -m 700 a folder of your own (or chmod 700 ${shared}). Nothing was written.`);
    assert.deepEqual(readdirSync(shared), [], 'nothing written');

    chmodSync(shared, 0o755);
    const listed = admin(source, 'backup', '--out', join(shared, 'backup.sqlite'));
    assert.equal(listed.status, 0, listed.stderr);
    assert.ok(listed.stdout.trim().endsWith(`Note: other users can list the folder ${shared} (mode 755): the backup's files are readable by you alone, but keep backups in a private folder: mkdir -m 700 a folder of your own (or chmod 700 ${shared}).`), listed.stdout);
    for (const name of readdirSync(shared)) assert.equal(statSync(join(shared, name)).mode & 0o777, 0o600, name);
  });
});
