/**
 * A data folder (DATA_DIR) the SQLite store cannot use, or a store file another program holds:
 * refused at once in words naming DATA_DIR and what to do, never Node's or SQLite's own words
 * ("EEXIST: file already exists, mkdir …", "database is locked").
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { StoreUnusableError } from '../../src/adapters/sqlite/store-unusable';

function refusal(open: () => unknown): StoreUnusableError {
  try {
    open();
  } catch (error) {
    assert.ok(error instanceof StoreUnusableError, `a StoreUnusableError, not ${String(error)}`);
    return error;
  }
  assert.fail('the store opened');
}

describe('SQLite store: a data folder or file it cannot use', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-unusable-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('DATA_DIR naming a file: says it is a file, not a folder, and leaves the file as it was', () => {
    const file = join(dir, 'data');
    writeFileSync(file, 'not a folder', { mode: 0o644 });
    const error = refusal(() => createSqliteCaseStore({ path: join(file, 'cases.sqlite') }));
    assert.equal(error.message, `The data folder ${file} (DATA_DIR) cannot be used: it, or a folder above it, is a file rather than a folder. Set DATA_DIR to a folder`);
    assert.equal(statSync(file).mode & 0o777, 0o644);
  });

  it('a file above DATA_DIR: the same words', () => {
    writeFileSync(join(dir, 'file'), '');
    const error = refusal(() => createSqliteCaseStore({ path: join(dir, 'file', 'data', 'cases.sqlite') }));
    assert.match(error.message, /\(DATA_DIR\) cannot be used: it, or a folder above it, is a file rather than a folder/);
  });

  it('the store file held by another program: says so and what to do', async () => {
    const path = join(dir, 'cases.sqlite');
    await createSqliteCaseStore({ path }).close();
    const other = new Database(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const error = refusal(() => createSqliteCaseStore({ path, busyTimeoutMs: 50 }));
      assert.equal(
        error.message,
        `The case store ${path} is in use by another program (another copy of the bot with the same DATA_DIR, or a tool holding it open), so the bot will not start. Stop that program, or give this copy its own DATA_DIR`,
      );
    } finally {
      other.close();
    }
  });
});
