/**
 * npm run documents:sample as an IT person first meets it: --help was refused with the usage on
 * stderr (exit 2); "--out --json" wrote the sample documents into a folder called "--json"; any
 * other argument was ignored or answered with the bare usage; a folder it could not write to was
 * reported as "Could not write the sample documents: Error.". Each now says what is wrong, writes
 * nothing, and --help is an answer (exit 0).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sampleOutDir } from '../../src/cli/sample-documents';

const ROOT = resolve(__dirname, '..', '..');
const sample = (...args: string[]) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sample-documents.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

describe('documents:sample on the command line', function () {
  this.timeout(60_000);

  it('answers --help with the usage on standard output, exit 0', () => {
    const help = sample('--help');
    assert.equal(help.code, 0, help.err);
    assert.match(help.out, /^Usage: npm run --silent documents:sample -- --out DIR {3}\(writes the case file's documents of made-up sample cases, as \.docx files, into DIR\)\n$/);
  });

  it('refuses an option given as the folder, and an unknown argument, naming it and writing nothing', () => {
    assert.match((sampleOutDir(['--out', '--json']) as { problem: string }).problem, /^--out needs a folder/);
    assert.deepEqual(sampleOutDir(['--out', 'docs']), { dir: 'docs' });
    const option = sample('--out', '--json');
    assert.equal(option.code, 2);
    assert.match(option.err, /^--out needs a folder, e.g\. --out sample-documents\. Nothing was written\./);
    assert.ok(!existsSync(join(ROOT, '--json')), 'no folder called --json');
    const unknown = sample('--bogus');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /^Unknown argument "--bogus"\. Nothing was written\./);
    assert.match((sampleOutDir(['--out', 'docs', 'extra']) as { problem: string }).problem, /^Unknown argument "extra"\. Nothing was written\./);
  });

  it('names the reason and the path when the folder cannot be written, not "Error."', () => {
    const dir = mkdtempSync(join(tmpdir(), 's20-sample-'));
    try {
      // A file where the folder should be: it cannot be made.
      writeFileSync(join(dir, 'taken'), '');
      const failed = sample('--out', join(dir, 'taken'));
      assert.equal(failed.code, 1);
      assert.match(failed.err, /^Could not write the sample documents: (EEXIST|ENOTDIR) at .*taken.*\. Choose a folder you can write to with --out DIR\.\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
