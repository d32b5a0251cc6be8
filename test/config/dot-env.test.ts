/**
 * The settings file .env, as council IT staff write it: read by the admin command as by the bot
 * (a backup or list of the bot's store, not of a new empty one in ./data), and read whole when a
 * Windows editor put a byte order mark before its first setting; a misspelt setting named, not ignored.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv, parseDotEnv } from '../../src/config/dot-env';
import { misspeltSetting } from '../../src/config/misspelt-setting';
import { CONFIG_VARIABLES, ConfigError } from '../../src/config';
import { REPO_ROOT } from '../../support/bot-over-http/bot-process';
import { makeWorld, PEOPLE, World } from '../../support/world';

const BOM = '\uFEFF';
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

/** The environment without the settings a test's .env is to give. */
function without(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

describe('the settings file .env', function () {
  this.timeout(90_000);
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-dotenv-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read whole when it starts with a byte order mark; the environment still wins', () => {
    assert.deepEqual(parseDotEnv(`${BOM}MICROSOFT_APP_ID=abc\nPORT=80\n`), { MICROSOFT_APP_ID: 'abc', PORT: '80' });
    const file = join(dir, '.env');
    writeFileSync(file, `${BOM}ORG_NAME=Testshire\r\nPORT=80\r\n`);
    const env: NodeJS.ProcessEnv = { PORT: '3978' };
    loadDotEnv(file, env);
    assert.deepEqual(env, { PORT: '3978', ORG_NAME: 'Testshire' });
    loadDotEnv(join(dir, 'absent.env'), env);
    assert.deepEqual(env, { PORT: '3978', ORG_NAME: 'Testshire' }, 'no file: nothing changes');
  });

  it('a "#" inside an unquoted value (read as a comment, the rest dropped) is refused naming the setting, not its value; quoted, or a comment after a space, is read', () => {
    const file = join(dir, '.env');
    for (const line of ['MICROSOFT_APP_PASSWORD=s3cret#tail', 'export ORG_WEBSITE_URL=https://council.gov.uk/#privacy']) {
      writeFileSync(file, `LOG_LEVEL=warn\r\n${line}\r\n`);
      const name = /([A-Z_]+)=/.exec(line)![1]!;
      assert.throws(
        () => loadDotEnv(file, {}),
        (e: unknown) => e instanceof ConfigError && e.variable === name && e.message === `${name} in .env has a "#" in its value, which .env reads as the start of a comment, so only the part before it would be used: put the value in double quotes (${name}="…")`,
      );
    }
    writeFileSync(file, 'MICROSOFT_APP_PASSWORD="s3cret#tail"\nORG_NAME=Kent County Council # our name\n# PORT=80#0\n');
    const env: NodeJS.ProcessEnv = {};
    loadDotEnv(file, env);
    assert.deepEqual(env, { MICROSOFT_APP_PASSWORD: 's3cret#tail', ORG_NAME: 'Kent County Council' });
    writeFileSync(file, 'MICROSOFT_APP_PASSWORD=s3cret#tail\n');
    assert.doesNotThrow(() => loadDotEnv(file, { MICROSOFT_APP_PASSWORD: 'from the environment' }), 'the environment wins, so the file\'s value is not used');
  });

  it("the bot refuses a bad first setting of a .env saved with a byte order mark, naming it, instead of starting without it", () => {
    writeFileSync(join(dir, '.env'), `${BOM}MICROSOFT_APP_ID=abc\nLOG_LEVEL=warn\n`);
    const run = spawnSync(TSX, [join(REPO_ROOT, 'src', 'server.ts')], {
      cwd: dir,
      env: { ...without('MICROSOFT_APP_ID', 'LOG_LEVEL'), PORT: '0', DATA_DIR: join(dir, 'data') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 2, `exit ${run.status} (${run.signal ?? 'no signal'}): ${run.stderr}${run.stdout}`);
    assert.match(run.stderr, /^Configuration error: MICROSOFT_APP_ID must be the bot.s Microsoft app id/m);
  });

  it('a name that nearly spells a setting stops the bot, naming it and the setting meant; other programs\' variables are left alone', () => {
    assert.deepEqual(misspeltSetting(['MICROSOFT_APPID'], CONFIG_VARIABLES), { name: 'MICROSOFT_APPID', meant: 'MICROSOFT_APP_ID' });
    assert.deepEqual(misspeltSetting(['log_level'], CONFIG_VARIABLES), { name: 'log_level', meant: 'LOG_LEVEL' });
    assert.deepEqual(misspeltSetting(['VISIT_OFFSET_DAYS'], CONFIG_VARIABLES), { name: 'VISIT_OFFSET_DAYS', meant: 'VISIT_OFFSETS_DAYS' });
    assert.equal(misspeltSetting(['PORT', 'NODE_OPTIONS', 'AZURE_LOG_LEVEL', 'HOME', 'DEBUG', 'TZ'], CONFIG_VARIABLES), undefined);
    writeFileSync(join(dir, '.env'), `HOST=127.0.0.1\nMICROSOFT_APPID=8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71\n`);
    const run = spawnSync(TSX, [join(REPO_ROOT, 'src', 'server.ts')], {
      cwd: dir,
      env: { ...without('MICROSOFT_APP_ID', 'HOST', 'LOG_LEVEL'), PORT: '0', DATA_DIR: join(dir, 'data') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 2, `exit ${run.status} (${run.signal ?? 'no signal'}): ${run.stderr}${run.stdout}`);
    assert.equal(run.stderr, 'Configuration error: MICROSOFT_APPID in .env is not a setting, so it would have no effect (did you mean MICROSOFT_APP_ID?). See .env.example.\n');
  });

  describe('read by the admin command', () => {
    let world: World;
    before(async () => {
      world = makeWorld();
      const opened = await world.service.openCase({
        idempotencyKey: 'open-env', actor: PEOPLE.sw, ref: 'ENV-1', trigger: 'young-person-left', iro: PEOPLE.iro,
        facts: { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' },
      });
      assert.ok(opened.ok);
    });
    after(() => world.close());

    for (const [label, start] of [['plain', ''], ['with a byte order mark', BOM]] as const) {
      it(`lists and backs up the store DATA_DIR in .env names (${label}), not a new empty one in ./data`, () => {
        writeFileSync(join(dir, '.env'), `${start}DATA_DIR=${world.dir}\nLOG_LEVEL=silent\n`);
        const admin = (...args: string[]) => spawnSync(TSX, [join(REPO_ROOT, 'src', 'cli', 'admin.ts'), ...args], { cwd: dir, env: without('DATA_DIR', 'STORE', 'LOG_LEVEL'), encoding: 'utf8', input: '' });
        const list = admin('cases', 'list');
        assert.equal(list.status, 0, list.stderr);
        assert.match(list.stdout, /ENV-1/);
        const backup = admin('backup', '--out', join(dir, 'backup.sqlite'));
        assert.equal(backup.status, 0, backup.stderr);
        assert.match(backup.stdout, /: 1 case,/);
        assert.equal(existsSync(join(dir, 'data')), false, 'no store made in ./data');
      });
    }
  });
});
