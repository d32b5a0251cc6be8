import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { ACCENT_COLOUR, drawColourIcon, drawOutlineIcon } from '../../deploy/make-icons';
import {
  bundledSchemaFile,
  fillTemplate,
  ManifestPackageError,
  manifestValues,
  packageTeamsApp,
  TEMPLATE_FILE,
  validateManifest,
} from '../../deploy/package-manifest';
import { COLOUR_TYPE_RGB, COLOUR_TYPE_RGBA, decodePng, readPngHeader } from '../../deploy/png';
import { readZip, writeZip } from '../../deploy/zip';

const REPO_ROOT = resolve(__dirname, '..', '..');
const MANIFEST_DIR = join(REPO_ROOT, 'manifest');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const PACKAGER = join(REPO_ROOT, 'deploy', 'package-manifest.ts');

const APP_ID = '3a7c1e52-9d4b-4f0a-8e61-2b5d7c9e0f13';
const DOMAIN = 'return-home-test.azurewebsites.net';
const ENV = { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: DOMAIN, ORG_WEBSITE_URL: 'https://www.example.gov.uk', ORG_NAME: 'Example Council' };

type Json = Record<string, unknown>;

function template(): unknown {
  return JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as unknown;
}

function filled(env: Record<string, string> = ENV): Json {
  return fillTemplate(template(), manifestValues(env, '1.2.3')) as Json;
}

interface Bot {
  botId: string;
  scopes: string[];
  commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[];
}

function bot(manifest: Json): Bot {
  const bots = manifest['bots'] as Bot[];
  assert.equal(bots.length, 1);
  return bots[0] as Bot;
}

/** Numeric order of the bundled Teams schema folders (v1.9 < v1.10). */
function newestBundledTeamsSchema(): string {
  const teamsDir = dirname(dirname(bundledSchemaFile('1.0')));
  const versions = readdirSync(teamsDir)
    .map((name) => /^v(\d+)\.(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [Number(match[1]), Number(match[2])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions.at(-1);
  assert.ok(newest, 'the package bundles Teams schemas');
  return `${newest[0]}.${newest[1]}`;
}

describe('Teams app manifest', () => {
  describe('the template', () => {
    it('is on the newest Teams schema that @microsoft/app-manifest bundles, and names it in $schema', () => {
      const manifest = template() as Json;
      const newest = newestBundledTeamsSchema();
      assert.equal(manifest['manifestVersion'], newest);
      assert.equal(manifest['$schema'], `https://developer.microsoft.com/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`);
    });

    it('validates against its schema, offline, once a test app id and domain are filled in', async () => {
      const errors = await validateManifest(filled());
      assert.deepEqual(errors, []);
    });

    it('is refused by the same validation when a field breaks the schema (the check is real)', async () => {
      const manifest = filled();
      bot(manifest).botId = 'not-a-guid';
      (manifest['name'] as Json)['short'] = 'A short name that is far longer than thirty characters';
      const errors = await validateManifest(manifest);
      assert.ok(errors.some((e) => e.includes('/bots/0/botId')), errors.join('\n'));
      assert.ok(errors.some((e) => e.includes('/name/short')), errors.join('\n'));
    });

    it('puts the bot in personal and team scopes with the app id as bot id', () => {
      const b = bot(filled());
      assert.equal(b.botId, APP_ID);
      assert.deepEqual([...b.scopes].sort(), ['personal', 'team']);
    });

    it('lists new case, my cases, new copy and help, each with a description, in the personal scope', () => {
      const personal = bot(filled()).commandLists.find((list) => list.scopes.includes('personal'));
      assert.ok(personal);
      assert.deepEqual(personal.commands.map((c) => c.title), ['new case', 'my cases', 'new copy', 'help']);
      for (const command of personal.commands) assert.ok((command.description ?? '').length > 10, `${command.title} has a description`);
    });

    it('offers only help in a team channel, so case work stays in personal chats', () => {
      const team = bot(filled()).commandLists.find((list) => list.scopes.includes('team'));
      assert.ok(team);
      assert.deepEqual(team.commands.map((c) => c.title), ['help']);
    });

    it('fills the bot domain into validDomains and the app id into webApplicationInfo', () => {
      const manifest = filled();
      assert.deepEqual(manifest['validDomains'], [DOMAIN]);
      assert.deepEqual(manifest['webApplicationInfo'], { id: APP_ID, resource: `api://${DOMAIN}/botid-${APP_ID}` });
      assert.equal(manifest['id'], APP_ID);
      assert.equal(manifest['version'], '1.2.3');
    });

    it('leaves no placeholder unfilled and names no particular council', () => {
      const text = JSON.stringify(filled());
      assert.doesNotMatch(text, /\$\{\{/);
      const wording = JSON.stringify({ name: (template() as Json)['name'], description: (template() as Json)['description'] });
      assert.doesNotMatch(wording, /\b(council of|borough|county council|city council)\b/i);
      assert.equal(((filled() as Json)['developer'] as Json)['name'], 'Example Council', 'the developer is the council ORG_NAME names (there is no default: the example was refused)');
    });

    it('uses the accent colour the icon is drawn on', () => {
      assert.equal((template() as Json)['accentColor'], ACCENT_COLOUR);
    });
  });

  describe('settings for packaging', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['a missing app id', { BOT_DOMAIN: DOMAIN, ORG_WEBSITE_URL: 'https://www.example.gov.uk' }, /^MICROSOFT_APP_ID is required/],
      ['an app id that is not a GUID', { ...ENV, MICROSOFT_APP_ID: 'my-bot' }, /^MICROSOFT_APP_ID must be a GUID/],
      ["the examples' placeholder app id (Teams would take the package, and nothing would reach the bot)", { ...ENV, MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000000' }, /^MICROSOFT_APP_ID is still the examples' placeholder/],
      ['a missing domain', { MICROSOFT_APP_ID: APP_ID, ORG_WEBSITE_URL: 'https://www.example.gov.uk' }, /^BOT_DOMAIN is required/],
      ['a domain given as a URL', { ...ENV, BOT_DOMAIN: `https://${DOMAIN}/api/messages` }, /^BOT_DOMAIN must be a host name only/],
      ['a missing website', { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: DOMAIN }, /^ORG_WEBSITE_URL is required/],
      ["the website of deploy/README.md's example command", { ...ENV, ORG_WEBSITE_URL: 'https://www.yourcouncil.gov.uk' }, /^ORG_WEBSITE_URL is still the example's www\.yourcouncil\.gov\.uk: set it to your council's own page/],
      ["the privacy page of deploy/README.md's example command", { ...ENV, ORG_PRIVACY_URL: 'https://www.yourcouncil.gov.uk/privacy' }, /^ORG_PRIVACY_URL is still the example's/],
      ['a plain-http privacy page', { ...ENV, ORG_PRIVACY_URL: 'http://www.example.gov.uk/privacy' }, /^ORG_PRIVACY_URL must be an https URL/],
      ['a missing organisation name (Teams showed "Your local authority" as the app\'s developer)', { MICROSOFT_APP_ID: APP_ID, BOT_DOMAIN: DOMAIN, ORG_WEBSITE_URL: 'https://www.example.gov.uk' }, /^ORG_NAME is required: your council's name, shown in Teams as the app's developer/],
      ["the organisation name of deploy/README.md's example command", { ...ENV, ORG_NAME: 'Your local authority' }, /^ORG_NAME is still the example's "Your local authority": set it to your council's name/],
      ['an organisation name too long for Teams', { ...ENV, ORG_NAME: 'The Royal Borough of Somewhere Quite Long' }, /^ORG_NAME is 41 characters/],
    ];
    for (const [what, env, message] of cases) {
      it(`refuses ${what} with one line naming the setting`, () => {
        assert.throws(
          () => manifestValues(env, '1.0.0'),
          (error: unknown) => error instanceof ManifestPackageError && message.test(error.message) && !error.message.includes('\n'),
        );
      });
    }

    it('takes the privacy and terms pages from their own settings when given', () => {
      const developer = filled({ ...ENV, ORG_PRIVACY_URL: 'https://www.example.gov.uk/privacy', ORG_TERMS_URL: 'https://www.example.gov.uk/terms' })['developer'] as Json;
      assert.equal(developer['privacyUrl'], 'https://www.example.gov.uk/privacy');
      assert.equal(developer['termsOfUseUrl'], 'https://www.example.gov.uk/terms');
    });
  });

  describe('the icons', () => {
    const colour = readFileSync(join(MANIFEST_DIR, 'color.png'));
    const outline = readFileSync(join(MANIFEST_DIR, 'outline.png'));

    it('color.png is 192×192 and full colour', () => {
      const header = readPngHeader(colour);
      assert.deepEqual([header.width, header.height], [192, 192]);
      const image = decodePng(colour);
      const colours = new Set<string>();
      for (let p = 0; p < image.rgba.length; p += 4) {
        assert.equal(image.rgba[p + 3], 255, 'the colour icon is opaque');
        colours.add(`${image.rgba[p]},${image.rgba[p + 1]},${image.rgba[p + 2]}`);
      }
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(ACCENT_COLOUR.slice(i, i + 2), 16));
      assert.ok(colours.has(`${r},${g},${b}`), 'the background is the accent colour');
      assert.ok(colours.has('255,255,255'), 'the house is white');
    });

    it('outline.png is 32×32, white, with an alpha channel and a transparent background', () => {
      const header = readPngHeader(outline);
      assert.deepEqual([header.width, header.height], [32, 32]);
      assert.equal(header.colourType, COLOUR_TYPE_RGBA);
      const image = decodePng(outline);
      let transparent = 0;
      let opaque = 0;
      for (let p = 0; p < image.rgba.length; p += 4) {
        const alpha = image.rgba[p + 3] ?? 0;
        if (alpha === 0) transparent++;
        if (alpha === 255) opaque++;
        if (alpha > 0) assert.deepEqual([...image.rgba.subarray(p, p + 3)], [255, 255, 255], 'every visible pixel is white');
      }
      assert.ok(transparent > 32 * 32 * 0.3, `most of the background is transparent (${transparent} pixels)`);
      assert.ok(opaque > 32 * 32 * 0.2, `the house is solid white (${opaque} pixels)`);
      // The corners are background.
      for (const p of [0, 31, 32 * 31, 32 * 32 - 1]) assert.equal(image.rgba[p * 4 + 3], 0);
    });

    it('are exactly what deploy/make-icons.ts draws (the committed files are not stale)', () => {
      assert.ok(drawColourIcon().equals(colour));
      assert.ok(drawOutlineIcon().equals(outline));
    });

    it('are read by a decoder that undoes every PNG row filter', () => {
      // A 2×3 RGB image whose rows use filters Sub, Up and Paeth, built by hand.
      const pixels = [
        [10, 20, 30, 40, 50, 60],
        [11, 22, 33, 44, 55, 66],
        [200, 100, 0, 5, 250, 128],
      ];
      const [row0, row1, row2] = pixels as [number[], number[], number[]];
      const sub = row0.map((v, i) => (v - (i >= 3 ? (row0[i - 3] ?? 0) : 0)) & 0xff);
      const up = row1.map((v, i) => (v - (row0[i] ?? 0)) & 0xff);
      const paeth = row2.map((v, i) => {
        const a = i >= 3 ? (row2[i - 3] ?? 0) : 0;
        const b = row1[i] ?? 0;
        const c = i >= 3 ? (row1[i - 3] ?? 0) : 0;
        const p = a + b - c;
        const predictor = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
        return (v - predictor) & 0xff;
      });
      const raw = Buffer.from([1, ...sub, 2, ...up, 4, ...paeth]);
      const png = pngFile(2, 3, COLOUR_TYPE_RGB, deflateSync(raw));
      const image = decodePng(png);
      const rgb = [...image.rgba].filter((_v, i) => i % 4 !== 3);
      assert.deepEqual(rgb, pixels.flat());
    });
  });

  describe('the package', () => {
    let outDir: string;
    beforeEach(() => {
      outDir = mkdtempSync(join(tmpdir(), 'teams-app-'));
    });
    afterEach(() => rmSync(outDir, { recursive: true, force: true }));

    it('holds manifest.json and the two icons at the zip root, and nothing else', async () => {
      const { zipPath } = await packageTeamsApp({ env: ENV, outDir });
      assert.equal(zipPath, join(outDir, 'teams-app.zip'));
      const entries = readZip(readFileSync(zipPath));
      assert.deepEqual(entries.map((e) => e.name).sort(), ['color.png', 'manifest.json', 'outline.png']);
      const byName = new Map(entries.map((e) => [e.name, e.data]));
      assert.ok(byName.get('color.png')?.equals(readFileSync(join(MANIFEST_DIR, 'color.png'))));
      assert.ok(byName.get('outline.png')?.equals(readFileSync(join(MANIFEST_DIR, 'outline.png'))));

      const manifest = JSON.parse(byName.get('manifest.json')?.toString('utf8') ?? '{}') as Json;
      assert.equal(bot(manifest).botId, APP_ID);
      assert.deepEqual(manifest['validDomains'], [DOMAIN]);
      const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(manifest['version'], version);
      assert.deepEqual(await validateManifest(manifest), []);
      const icons = manifest['icons'] as Json;
      assert.ok(byName.has(String(icons['color'])) && byName.has(String(icons['outline'])), 'the icons the manifest names are in the zip');
    });

    it('is a zip that an independent reader accepts (unzip -t, where installed)', async function () {
      const probe = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
      if (probe.error) this.skip();
      const { zipPath } = await packageTeamsApp({ env: ENV, outDir });
      const result = spawnSync('unzip', ['-t', zipPath], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /No errors detected/);
    });

    it('the zip writer round-trips stored and deflated entries with UTF-8 names', () => {
      const entries = [
        { name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
        { name: 'dir/ü.bin', data: Buffer.from([1, 2, 3]) },
      ];
      assert.deepEqual(readZip(writeZip(entries)), entries);
    });

    it('the zip reader notices a corrupted entry', () => {
      const zip = writeZip([{ name: 'x.txt', data: Buffer.from([0, 1, 2, 3, 4]) }]);
      const firstDataByte = 30 + 'x.txt'.length; // the entry is stored: five bytes do not deflate smaller
      zip[firstDataByte] = (zip[firstDataByte] ?? 0) ^ 0xff;
      assert.throws(() => readZip(zip), /bad CRC/);
    });

    it('the command refuses a missing app id with one line and exit code 1, and writes nothing', () => {
      const cwd = mkdtempSync(join(tmpdir(), 'teams-app-cwd-'));
      try {
        writeFileSync(join(cwd, '.env'), `BOT_DOMAIN=${DOMAIN}\n`);
        const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] };
        const result = spawnSync(TSX, [PACKAGER, '--out', outDir], { cwd, env, encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 1, result.stderr);
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /^Cannot package the Teams app: MICROSOFT_APP_ID is required[^\n]*\n$/);
        assert.deepEqual(readdirSync(outDir), []);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });

    it('the command reads .env from the current folder and writes the zip', () => {
      const cwd = mkdtempSync(join(tmpdir(), 'teams-app-cwd-'));
      try {
        writeFileSync(join(cwd, '.env'), Object.entries(ENV).map(([k, v]) => `${k}=${v}`).join('\n'));
        const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] };
        const result = spawnSync(TSX, [PACKAGER, '--out', outDir], { cwd, env, encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /teams-app\.zip/);
        assert.deepEqual(readZip(readFileSync(join(outDir, 'teams-app.zip'))).map((e) => e.name).sort(), ['color.png', 'manifest.json', 'outline.png']);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  });
});

/** A PNG file built by hand around already-filtered, compressed image data. */
function pngFile(width: number, height: number, colourType: number, idat: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = colourType;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}
