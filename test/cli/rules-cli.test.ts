/**
 * The real `rules` command as a child process: what support staff run.
 * Exit 0 with the ruling as JSON on stdout; exit 2 with one line on stderr; never a stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rawFacts } from '../protocol/support/facts-builder';
import { REPO_ROOT } from '../protocol/support/paths';
import { assertOutOfScopeReason, isErrorExample, isOutOfScopeExample, loadExamples } from '../protocol/support/protocol-examples';

const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const CLI = path.join('src', 'cli', 'rules.ts');

let workDir = '';
let fileCount = 0;

function factsFile(content: unknown, raw = false): string {
  fileCount += 1;
  const file = path.join(workDir, `facts-${fileCount}.json`);
  writeFileSync(file, raw ? String(content) : JSON.stringify(content, null, 2));
  return file;
}

function runRules(args: readonly string[], stdin?: string): SpawnSyncReturns<string> {
  const result = spawnSync(TSX, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', input: stdin ?? '', timeout: 30_000 });
  if (result.error) throw result.error;
  return result;
}

function assertRuling(result: SpawnSyncReturns<string>): unknown {
  assert.equal(result.stderr, '', 'nothing on stderr for a ruling');
  assert.equal(result.status, 0, `exit ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as unknown;
}

/** Exit 2, nothing on stdout, exactly one line on stderr naming each of `named`, and no stack trace. */
function assertOneLineError(result: SpawnSyncReturns<string>, ...named: RegExp[]): string {
  assert.equal(result.status, 2, `exit ${result.status}; stderr: ${result.stderr}`);
  assert.equal(result.stdout, '', 'no ruling on stdout for an error');
  assert.ok(result.stderr.endsWith('\n'), 'stderr ends its line');
  const lines = result.stderr.split('\n');
  assert.equal(lines.length, 2, `expected exactly one line on stderr, got: ${JSON.stringify(result.stderr)}`);
  const line = lines[0] ?? '';
  assert.ok(line.trim().length > 0, 'the line is empty');
  assert.doesNotMatch(line, /^\s*at /, 'stack frame');
  assert.doesNotMatch(line, /\bat .*:\d+:\d+/, 'stack frame');
  assert.doesNotMatch(line, /\.ts:/, 'source path in the message');
  assert.doesNotMatch(line, /\b(Type|Range|Syntax|Reference)?Error\b/, 'raw error name in the message');
  for (const pattern of named) assert.match(line, pattern);
  return line;
}

describe('rules command (src/cli/rules.ts)', function () {
  this.timeout(60_000);

  before(() => {
    workDir = mkdtempSync(path.join(tmpdir(), 'rules-cli-'));
  });

  after(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  describe('the worked examples (docs/protocol/examples.json)', () => {
    for (const example of loadExamples()) {
      it(example.name, () => {
        const result = runRules(['--facts', factsFile(example.facts)]);
        if (isErrorExample(example)) {
          assertOneLineError(result, /accommodatedOn/, /returnedHomeOn/);
          return;
        }
        const ruling = assertRuling(result) as Record<string, unknown>;
        if (isOutOfScopeExample(example)) {
          assertOutOfScopeReason(ruling.reason);
          assert.deepStrictEqual({ ...ruling, reason: example.expect.reason }, example.expect);
          return;
        }
        assert.deepStrictEqual(ruling, example.expect);
      });
    }
  });

  describe('reading the facts', () => {
    const [first] = loadExamples();

    it('reads the facts from standard input with --facts -', () => {
      assert.ok(first);
      assert.deepStrictEqual(assertRuling(runRules(['--facts', '-'], JSON.stringify(first.facts))), first.expect);
    });

    it('answers --help (help, -h) with the usage on standard output and exit code 0, not "Missing --facts." (exit 2)', () => {
      for (const ask of ['--help', 'help', '-h']) {
        const result = runRules([ask]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /^Usage: npm run --silent rules -- --facts FILE/);
        assert.equal(result.stderr, '');
      }
    });

    it('accepts --facts=FILE', () => {
      assert.ok(first);
      assert.deepStrictEqual(assertRuling(runRules([`--facts=${factsFile(first.facts)}`])), first.expect);
    });

    it('accepts a file saved with a byte-order mark', () => {
      assert.ok(first);
      assert.deepStrictEqual(assertRuling(runRules(['--facts', factsFile(`\uFEFF${JSON.stringify(first.facts)}`, true)])), first.expect);
    });

    it('runs through `npm run --silent rules -- --facts FILE`', () => {
      assert.ok(first);
      const result = spawnSync('npm', ['run', '--silent', 'rules', '--', '--facts', factsFile(first.facts)], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (result.error) throw result.error;
      assert.equal(result.status, 0, result.stderr);
      // npm may print its own config warnings on stderr; the ruling on stdout is what counts.
      assert.deepStrictEqual(JSON.parse(result.stdout), first.expect);
    });
  });

  describe('invalid facts: exit 2 and one line naming the field', () => {
    it('dateOfBirth after accommodatedOn, without printing the date of birth', () => {
      const line = assertOneLineError(runRules(['--facts', factsFile(rawFacts({ dateOfBirth: '2026-01-06', accommodatedOn: '2026-01-05' }))]), /dateOfBirth/);
      assert.ok(!line.includes('2026-01-06'), line);
    });

    it('an impossible date of birth, without printing it', () => {
      const line = assertOneLineError(runRules(['--facts', factsFile(rawFacts({ dateOfBirth: '2009-02-30' }))]), /dateOfBirth/);
      assert.ok(!line.includes('2009-02-30'), line);
    });

    it('a malformed date, read from standard input', () => {
      assertOneLineError(runRules(['--facts', '-'], JSON.stringify(rawFacts({ asOf: '01/03/2026' }))), /asOf/);
    });

    it('an unknown field, and a field name with a line break kept on the one line', () => {
      assertOneLineError(runRules(['--facts', factsFile(rawFacts({ childName: 'Amelia Pond' }))]), /childName/);
      const line = assertOneLineError(runRules(['--facts', factsFile(rawFacts({ 'two\nlines': true }))]), /unknown field/);
      assert.match(line, /two\\nlines/);
    });

    it('a missing field and a wrong legal status together', () => {
      assertOneLineError(runRules(['--facts', factsFile(rawFacts({ pathway: undefined, legalStatus: 'EPO' }))]), /pathway/, /legalStatus/);
    });

    it('facts that are not an object', () => {
      assertOneLineError(runRules(['--facts', factsFile([])]), /JSON object/);
      assertOneLineError(runRules(['--facts', '-'], 'null'), /JSON object/);
    });
  });

  describe('bad input: exit 2 and one line, never a stack trace', () => {
    it('a file that is not JSON', () => {
      assertOneLineError(runRules(['--facts', factsFile('{ "asOf": "2026-03-02",', true)]), /not valid JSON/);
    });

    it('empty standard input', () => {
      assertOneLineError(runRules(['--facts', '-'], ''), /standard input/, /not valid JSON/);
    });

    it('a missing file', () => {
      assertOneLineError(runRules(['--facts', path.join(workDir, 'no-such-file.json')]), /No facts file/, /no-such-file\.json/);
    });

    it('a missing file whose name holds a line break', () => {
      assertOneLineError(runRules(['--facts', path.join(workDir, 'no\nsuch.json')]), /No facts file/);
    });

    it('a directory instead of a file', () => {
      const dir = path.join(workDir, 'a-directory');
      mkdirSync(dir);
      assertOneLineError(runRules(['--facts', dir]), /Cannot read/);
    });

    it('no --facts argument', () => {
      assertOneLineError(runRules([]), /Missing --facts/, /Usage/);
    });

    it('--facts with no file after it', () => {
      assertOneLineError(runRules(['--facts']), /Missing --facts/);
      assertOneLineError(runRules(['--facts=']), /Missing --facts/);
    });

    it('an unknown argument', () => {
      const [first] = loadExamples();
      assert.ok(first);
      assertOneLineError(runRules(['--facts', factsFile(first.facts), '--verbose']), /Unknown argument --verbose/);
    });

    it('an unknown argument and no --facts: names the argument, not "Missing --facts"', () => {
      const line = assertOneLineError(runRules(['bogus']), /Unknown argument bogus\./, /Usage/);
      assert.doesNotMatch(line, /Missing --facts/);
    });
  });
});
