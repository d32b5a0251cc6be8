/**
 * The compiled build, as production runs it: `node dist/server.js`, no tsx, with only the
 * project's `dependencies` installed. The test builds dist/ first (npm run build), unless
 * BOT_DIST_DIR names a build made already (.ci/run does, to run it on Node 24 with BOT_NODE).
 */
import { strict as assert } from 'node:assert';
import { builtinModules } from 'node:module';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDist, ENTRY_POINTS } from '../../deploy/build';
import { actionOf, cardTexts, compiledBot, ConnectorStandIn, startBotProcess, TeamsUser, type BotProcess } from './support/bot-process';

const ROOT = resolve(__dirname, '..', '..');
/** Optional packages that bundled code tries to load and does without (ws: bufferutil, utf-8-validate; node-fetch: encoding). */
const OPTIONAL = new Set(['bufferutil', 'utf-8-validate', 'encoding']);
const SOCIAL_WORKER = { id: '00000000-0000-0000-0000-00000000001a', name: 'Sam Social (social worker)' }; // a social worker in config/roles.local.json

describe('the compiled server (node dist/server.js)', function () {
  this.timeout(120_000);
  const connector = new ConnectorStandIn();
  let dir: string;
  let bot: BotProcess | undefined;
  let distDir: string;

  before(async () => {
    distDir = resolve(ROOT, process.env.BOT_DIST_DIR ?? 'dist');
    if (process.env.BOT_DIST_DIR === undefined) await buildDist(distDir);
    dir = mkdtempSync(join(tmpdir(), 's20-compiled-'));
    await connector.start();
    bot = await startBotProcess('compiled bot', { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' }, compiledBot());
  });
  after(async () => {
    await bot?.stop();
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with plain node, not through tsx', () => {
    const command = compiledBot();
    assert.deepEqual(command.args, [join(distDir, 'server.js')]);
    const cmdline = readFileSync(`/proc/${bot!.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    assert.ok(!cmdline.some((arg) => /tsx/.test(arg)), `started as ${cmdline.join(' ')}`);
    // On the Node asked for (BOT_NODE: Node 24 in .ci/node24.sh), not just this one.
    assert.equal(realpathSync(`/proc/${bot!.child.pid}/exe`), realpathSync(command.node));
  });

  it('answers GET /healthz', async () => {
    const response = await fetch(`${bot!.url}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status?: string }).status, 'ok');
  });

  it('holds a conversation: help, the start form, a case opened from it, and the case card (cards read from dist/cards)', async () => {
    const worker = new TeamsUser(SOCIAL_WORKER, connector.url);
    await worker.say(bot!.url, 'help');
    const help = connector.received.at(-1)?.body;
    assert.match(String(help?.['text']), /new case/i, 'the help text names "new case"');

    const form = await worker.sayForCard(bot!.url, 'new case', connector);
    assert.equal(actionOf(form, /Start the case/).verb, 'startCase');

    const card = await worker.click(bot!.url, 'startCase', {
      ref: 'DIST-1001', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2014-02-03',
      accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '',
    });
    assert.match(cardTexts(card), /Case DIST-1001/, 'the case card names the new case');

    const again = await worker.sayForCard(bot!.url, 'case DIST-1001', connector);
    assert.match(cardTexts(again), /Case DIST-1001/);
  });

  it('needs only the packages in "dependencies" at run time (App Service installs no devDependencies)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const builtin = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const installed = (name: string): boolean => name in pkg.dependencies || isTransitiveOfDependency(name);
    for (const entry of Object.keys(ENTRY_POINTS)) {
      const code = readFileSync(join(distDir, `${entry}.js`), 'utf8');
      const required = new Set([...code.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((m) => m[1]!));
      const packages = [...required].filter((r) => !builtin.has(r)).map((r) => (r.startsWith('@') ? r.split('/').slice(0, 2).join('/') : r.split('/')[0]!));
      const missing = [...new Set(packages)].filter((name) => !installed(name) && !OPTIONAL.has(name));
      assert.deepEqual(missing, [], `dist/${entry}.js requires packages a production install lacks`);
    }
  });
});

/** Whether npm ci --omit=dev installs `name`: package-lock.json marks what only devDependencies bring as "dev". */
function isTransitiveOfDependency(name: string): boolean {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const entry = lock.packages[`node_modules/${name}`];
  return entry !== undefined && entry.dev !== true;
}
