/**
 * M6: a damaged case store must not start. The real server (`node src/server.ts`, as in
 * production) is started on a data folder whose store was damaged in the ways seen: damaged pages,
 * a zero-byte file where cases were, a deleted file, a file from a newer release. Each time it
 * refuses with one line naming the file and saying how to restore, and leaves the file as it was.
 * A sound store with cases, and a new empty folder, still start.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, SpawnSyncReturns } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../../src/adapters/sqlite/schema';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { hasCasesMarkerPath } from '../../src/adapters/sqlite/store-integrity';
import { makeWorld } from '../../support/world';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { dataDirEnv } from '../../support/app-on';
import { REPO_ROOT, spawnBot } from '../../support/bot-over-http/bot-process';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server until it exits (a refusal) or says it is listening (then stops it and fails). */
function startServer(dir: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...dataDirEnv(dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (/listening at http/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A data folder with a store of `cases` cases, closed cleanly (the WAL folded into the file). */
async function storeWithCases(cases: number): Promise<{ dir: string; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 's20-m6-'));
  const world = makeWorld(undefined, undefined, dir);
  await casesAwaitingTeamManager(world.service, cases, 'M6');
  await world.close(true);
  return { dir, file: join(dir, 'cases.sqlite') };
}

function admin(dir: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/admin.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...dataDirEnv(dir) } });
}

function assertRefused(exit: Exit, file: string, problem: RegExp): void {
  assert.equal(exit.code, 2, `refused to start: ${exit.stdout} ${exit.stderr}`);
  assert.doesNotMatch(exit.stdout, /listening/);
  const lines = exit.stderr.trim().split('\n').filter((l) => !l.startsWith('{'));
  assert.equal(lines.length, 1, `one line: ${exit.stderr}`);
  assert.match(lines[0]!, new RegExp(`The case store ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
  assert.match(lines[0]!, problem);
  assert.match(lines[0]!, /will not start\. Restore it from your latest backup: move it aside, then npm run --silent admin -- restore FILE/);
  assert.doesNotMatch(exit.stderr, /\n\s+at /, 'no stack trace');
}

describe('a case store from a newer release (the code rolled back): not damaged, so no restore', function () {
  this.timeout(120_000);
  let dir: string | undefined;
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('neither the bot nor the admin command opens it; both say to run that release again and not to restore a backup over it', async () => {
    const made = await storeWithCases(1);
    dir = made.dir;
    const raw = new Database(made.file);
    raw.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1);
    raw.close();
    const words =
      `The case store ${made.file} was written by a newer release of the bot (schema version ${SCHEMA_VERSION + 1}; this release knows up to ${SCHEMA_VERSION}), so this release will not open it. ` +
      'Go back to that release or a newer one: deploy it again (or check it out and run npm ci). Do not restore a backup over the store or replace it: the cases recorded since would be lost.';
    const exit = await startServer(dir);
    assert.equal(exit.code, 2);
    assert.doesNotMatch(exit.stdout, /listening/);
    assert.deepEqual(exit.stderr.trim().split('\n').filter((l) => !l.startsWith('{')), [`The bot could not start: ${words}`]);
    const listed = admin(dir, ['cases', 'list']);
    assert.equal(listed.status, 2, 'refused as the operator’s situation, not as the command failing');
    assert.equal(listed.stderr, `${words}\n`);
  });
});

describe('M6 a damaged case store does not start (real server process)', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('M6 a store with damaged pages refuses to start, saying how to restore', async () => {
    const { dir, file } = await storeWithCases(5);
    dirs.push(dir);
    const fd = openSync(file, 'r+');
    const size = statSync(file).size;
    for (let page = 2; page * 4096 < size - 4096; page += 2) writeSync(fd, Buffer.alloc(200, 0xa5), 0, 200, page * 4096 + 100);
    closeSync(fd);
    const damaged = readFileSync(file);
    assertRefused(await startServer(dir), file, /is damaged/);
    assert.ok(readFileSync(file).equals(damaged), 'the file is left as it was, for restoring or inspection');
  });

  it('M6 a zero-byte store where cases were refuses to start instead of starting empty', async () => {
    const { dir, file } = await storeWithCases(2);
    dirs.push(dir);
    assert.ok(existsSync(hasCasesMarkerPath(file)), 'the store is marked as having held cases');
    const backup = join(dir, 'backup.sqlite');
    assert.equal(admin(dir, ['backup', '--out', backup]).status, 0);
    truncateSync(file, 0);
    assertRefused(await startServer(dir), file, /is empty \(0 bytes\) but held cases/);
    assert.equal(statSync(file).size, 0, 'not made into a new empty store');

    // As the line says: move it aside, restore the backup, start.
    rmSync(file);
    const restored = admin(dir, ['restore', backup]);
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(restored.stdout, /Restored from .*: 2 cases/);
    const bot = await spawnBot(dataDirEnv(dir));
    await bot.stop();
    assert.match(admin(dir, ['cases', 'list']).stdout, /M6-00002/);
  });

  it('M6 a deleted store where cases were refuses to start', async () => {
    const { dir, file } = await storeWithCases(1);
    dirs.push(dir);
    rmSync(file);
    assertRefused(await startServer(dir), file, /is missing but held cases/);
    assert.equal(existsSync(file), false, 'no new empty store was created');
  });

  it('M6 a store replaced by an empty one (no cases) refuses to start', async () => {
    const { dir, file } = await storeWithCases(1);
    const other = mkdtempSync(join(tmpdir(), 's20-m6-empty-'));
    dirs.push(dir, other);
    await createSqliteCaseStore({ path: join(other, 'cases.sqlite') }).close();
    copyFileSync(join(other, 'cases.sqlite'), file);
    assertRefused(await startServer(dir), file, /has no cases but held cases/);
  });

  it('M6 a store with an unknown schema version refuses to start', async () => {
    const missing = await storeWithCases(1);
    dirs.push(missing.dir);
    const raw2 = new Database(missing.file);
    raw2.exec('DROP TABLE schema_version');
    raw2.close();
    assertRefused(await startServer(missing.dir), missing.file, /no schema version/);
  });

  it('M6 a sound store with cases, and a new data folder, start as before', async () => {
    const { dir } = await storeWithCases(2);
    const fresh = mkdtempSync(join(tmpdir(), 's20-m6-new-'));
    dirs.push(dir, fresh);
    for (const d of [dir, fresh]) {
      const bot = await spawnBot(dataDirEnv(d));
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
      await bot.stop();
    }
  });
});
