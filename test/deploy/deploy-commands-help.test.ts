/**
 * A new IT person's first try at each deployment command is --help: deploy:azure answered
 * 'unknown option "--help"' (exit 2), package:manifest and package:app refused it as an unknown
 * option (exit 1). Each now prints what it does and its options on standard output, exit 0, and
 * does nothing else; a real unknown option is still refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

function runScript(script: string, args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('deployment commands answer --help', function () {
  this.timeout(120_000);
  const cases: Array<[string, string, RegExp]> = [
    ['deploy:azure', 'deploy/deploy-azure.ts', /^Usage: npm run deploy:azure -- --resource-group RG \[--what-if\] \[--parameters FILE\] \[--name DEPLOYMENT\]\n {2}Deploys deploy\/main\.bicep/],
    ['package:manifest', 'deploy/package-manifest.ts', /^Usage: npm run package:manifest -- \[--out DIR\] {3}\(writes the Teams app package/],
    ['package:app', 'deploy/package-app.ts', /^Usage: npm run package:app -- \[--out DIR\] {3}\(zips the built bot/],
  ];
  for (const [name, script, usage] of cases) {
    it(`${name} --help prints the usage, exit 0, and writes nothing`, () => {
      // The packages' folder as it was: --help writes nothing there.
      const dist = join(ROOT, 'dist');
      const before = existsSync(dist) ? readdirSync(dist).map((f) => `${f} ${statSync(join(dist, f)).mtimeMs}`) : [];
      const help = runScript(script, ['--help']);
      assert.equal(help.code, 0, help.err);
      assert.match(help.out, usage);
      assert.equal(help.err, '');
      assert.deepEqual(existsSync(dist) ? readdirSync(dist).map((f) => `${f} ${statSync(join(dist, f)).mtimeMs}`) : [], before);
      const wrong = runScript(script, ['--bogus']);
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.err, /--bogus|the only option is --out DIR/);
    });
  }
});

describe('package:app and package:manifest refuse bad usage as the other deployment commands do', function () {
  this.timeout(120_000);
  const refusals: Array<[string, string[], RegExp]> = [
    ['deploy/package-app.ts', ['bogus'], /^Cannot package the app: unknown option "bogus": the only option is --out DIR\. Usage: npm run package:app/],
    ['deploy/package-app.ts', ['--out'], /^Cannot package the app: --out needs a folder, e\.g\. --out dist\. Usage:/],
    ['deploy/package-app.ts', ['--out', 'dist', '--verbose'], /^Cannot package the app: unknown option "--verbose": the only option is --out DIR\./],
    ['deploy/package-manifest.ts', ['bogus'], /^Cannot package the Teams app: unknown option "bogus": the only option is --out DIR\. Usage: npm run package:manifest/],
    ['deploy/package-manifest.ts', ['--out'], /^Cannot package the Teams app: --out needs a folder, e\.g\. --out dist\. Usage:/],
  ];
  for (const [script, args, said] of refusals) {
    it(`${script} ${args.join(' ')}: names what is wrong on one line, exit 2, and builds and writes nothing`, () => {
      const dist = join(ROOT, 'dist');
      const before = existsSync(dist) ? readdirSync(dist).map((f) => `${f} ${statSync(join(dist, f)).mtimeMs}`) : [];
      const wrong = runScript(script, args);
      assert.equal(wrong.code, 2, wrong.err);
      assert.match(wrong.err, said);
      assert.equal(wrong.err.split('\n').length, 2, 'one line');
      assert.equal(wrong.out, '');
      assert.deepEqual(existsSync(dist) ? readdirSync(dist).map((f) => `${f} ${statSync(join(dist, f)).mtimeMs}`) : [], before);
    });
  }
});
