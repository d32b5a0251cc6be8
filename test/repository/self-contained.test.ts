/**
 * The repository stands alone: a user's clone has nothing beside it, so no test, script or
 * build step may read outside it (the project's own copy of the protocol documents is in
 * docs/protocol). Two checks:
 *  - a static one over every file the repository tracks: no path climbs out of the repository
 *    (`join(__dirname, '..', …)` chains, `../shared`, absolute paths of this machine);
 *  - a run: the tracked files are copied into an empty temporary folder, with only node_modules
 *    linked in, and the protocol, CLI and deployment tests run there. A test that reads
 *    ../shared (or anything else beside the clone) fails in that copy.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The suites run in the copy: the ones that read the protocol documents, the CLIs and the deployment files. */
const SUITES_IN_COPY = ['test/protocol/**/*.test.ts', 'test/cli/rules-cli.test.ts', 'test/cli/admin-cli.test.ts', 'test/deploy/*.test.ts'];

/** Tracked files, and new ones not yet committed (not ignored), that exist in the work tree. */
function repositoryFiles(): string[] | undefined {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) return undefined;
  return [...new Set(listed.stdout.split('\0').filter(Boolean))].filter((file) => existsSync(join(ROOT, file)) && statSync(join(ROOT, file)).isFile());
}

const CODE = /\.(ts|mjs|cjs|js|sh|json)$/;
const CLIMBS = /\b(?:join|resolve)\(\s*__dirname((?:\s*,\s*'[^']*')+)\s*\)/g;
/** Places that exist only on the machines that built this project, never in a user's clone. */
const OUTSIDE = [/\.\.\/shared\b/, /['"`]\/work\//, /['"`]\/tmp\/(?!\$)[\w.-]+\//];

describe('the repository stands alone (nothing read from beside the clone)', function () {
  const files = repositoryFiles();

  before(function () {
    if (!files) {
      console.log('      skipped: not a git work tree, so the tracked files are unknown');
      this.skip();
    }
  });

  it('no file names a path outside the repository', () => {
    const problems: string[] = [];
    const itself = relative(ROOT, __filename).split(sep).join('/'); // names the patterns it looks for
    for (const file of (files ?? []).filter((f) => CODE.test(f) && f !== 'package-lock.json' && f !== itself)) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const pattern of OUTSIDE) {
        const found = pattern.exec(text);
        if (found) problems.push(`${file}: ${found[0]}`);
      }
      for (const match of text.matchAll(CLIMBS)) {
        const parts = [...(match[1] ?? '').matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
        const target = resolve(ROOT, dirname(file), ...parts);
        if (target !== ROOT && !target.startsWith(ROOT + sep)) problems.push(`${file}: ${match[0]} leaves the repository`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('the protocol, CLI and deployment tests pass in a copy of the tracked files with nothing beside it', function () {
    this.timeout(600_000);
    const parent = mkdtempSync(join(tmpdir(), 's20-alone-'));
    const clone = join(parent, 'clone');
    try {
      for (const file of files ?? []) {
        mkdirSync(dirname(join(clone, file)), { recursive: true });
        copyFileSync(join(ROOT, file), join(clone, file));
      }
      symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
      assert.deepEqual(relative(parent, clone), 'clone', 'the copy is alone in its folder');
      const run = spawnSync(process.execPath, [join(clone, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '60000', '--reporter', 'dot', ...SUITES_IN_COPY], {
        cwd: clone,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 540_000,
      });
      const summary = `${run.stdout.slice(-3000)}\n${run.stderr.slice(-2000)}`;
      assert.equal(run.status, 0, `tests failed in the lone copy:\n${summary}`);
      assert.match(run.stdout, /\d+ passing/, summary);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
