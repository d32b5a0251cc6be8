/**
 * Builds the Teams app package: fills manifest/manifest.template.json from the environment,
 * validates it offline against the Teams schema bundled in @microsoft/app-manifest, checks the
 * icons' sizes, and writes dist/teams-app.zip (manifest.json, color.png, outline.png at the root),
 * ready to upload in the Teams admin centre.
 *
 *   npm run package:manifest                 (reads .env if present; the environment wins)
 *   npm run package:manifest -- --out DIR
 *
 * Settings: MICROSOFT_APP_ID (the bot's app id; also the Teams app id, so it stays the same
 * across versions), BOT_DOMAIN (the bot's host name), ORG_WEBSITE_URL, ORG_NAME, and optionally
 * ORG_PRIVACY_URL and ORG_TERMS_URL (both default to ORG_WEBSITE_URL). The app version is
 * package.json's, so each release has a higher one, as Teams requires for an update.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { COLOUR_ICON_SIZE, OUTLINE_ICON_SIZE } from './make-icons';
import { COLOUR_TYPE_RGBA, PngFormatError, readPngHeader } from './png';
import { writeZip } from './zip';
import { loadDotEnv } from '../src/config/dot-env';
import { NIL_GUID } from '../src/config/setting-kinds';

export const MANIFEST_DIR = resolve(__dirname, '..', 'manifest');
export const TEMPLATE_FILE = join(MANIFEST_DIR, 'manifest.template.json');
export const PACKAGE_FILE_NAME = 'teams-app.zip';

/** A missing or bad setting, or a manifest that fails validation. The message is one line. */
export class ManifestPackageError extends Error {
  override readonly name = 'ManifestPackageError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const DEVELOPER_NAME_MAX = 32;
/** deploy/README.md's example command and .env.example's: not a council's name. */
const EXAMPLE_ORG_NAME = 'Your local authority';

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function httpsUrl(env: Env, name: string, fallback?: string): string {
  const raw = value(env, name) ?? fallback;
  if (raw === undefined) {
    throw new ManifestPackageError(`${name} is required: the organisation's website, shown in Teams as the app's developer link (e.g. https://www.example.gov.uk)`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ManifestPackageError(`${name} must be a URL such as https://www.example.gov.uk (got ${JSON.stringify(raw)})`);
  }
  if (url.protocol !== 'https:') throw new ManifestPackageError(`${name} must be an https URL (got ${JSON.stringify(raw)})`);
  // deploy/README.md's example command: Teams would show staff a link to a site that is not the council's.
  if (/(^|\.)yourcouncil\.gov\.uk$/i.test(url.hostname)) {
    throw new ManifestPackageError(`${name} is still the example's ${url.hostname}: set it to your council's own page (and ORG_NAME to its name), as staff see them in Teams`);
  }
  return raw;
}

/** The values that replace each ${{NAME}} in the template. */
export function manifestValues(env: Env, appVersion: string): Record<string, string> {
  const appId = value(env, 'MICROSOFT_APP_ID');
  if (appId === undefined) {
    throw new ManifestPackageError('MICROSOFT_APP_ID is required: the bot’s Microsoft app id (a GUID), from the Azure Bot’s Configuration page or the deployment outputs');
  }
  if (!GUID.test(appId)) throw new ManifestPackageError(`MICROSOFT_APP_ID must be a GUID like 1b4e28ba-2fa1-41d2-883f-0016d3cca427 (got ${JSON.stringify(appId)})`);
  // Teams would take a package with the examples' zeros, and then nothing would reach the bot.
  if (appId === NIL_GUID) throw new ManifestPackageError(`MICROSOFT_APP_ID is still the examples' placeholder ${NIL_GUID}: set it to the bot's own app id (deploy/README.md step 1)`);

  const domain = value(env, 'BOT_DOMAIN');
  if (domain === undefined) {
    throw new ManifestPackageError('BOT_DOMAIN is required: the bot’s host name, such as return-home.azurewebsites.net (the deployment output botDomain)');
  }
  if (!HOST_NAME.test(domain)) {
    throw new ManifestPackageError(`BOT_DOMAIN must be a host name only, such as return-home.azurewebsites.net, with no https:// and no path (got ${JSON.stringify(domain)})`);
  }

  const website = httpsUrl(env, 'ORG_WEBSITE_URL');
  const orgName = value(env, 'ORG_NAME');
  if (orgName === undefined) throw new ManifestPackageError("ORG_NAME is required: your council's name, shown in Teams as the app's developer (e.g. Mossbank Council)");
  if (orgName.toLowerCase() === EXAMPLE_ORG_NAME.toLowerCase()) {
    throw new ManifestPackageError(`ORG_NAME is still the example's "${EXAMPLE_ORG_NAME}": set it to your council's name, as staff see it in Teams as the app's developer`);
  }
  if (orgName.length > DEVELOPER_NAME_MAX) {
    throw new ManifestPackageError(`ORG_NAME is ${orgName.length} characters, but Teams allows ${DEVELOPER_NAME_MAX} for the developer name: use a shorter form for packaging`);
  }
  return {
    MICROSOFT_APP_ID: appId.toLowerCase(),
    BOT_DOMAIN: domain.toLowerCase(),
    APP_VERSION: appVersion,
    ORG_NAME: orgName,
    ORG_WEBSITE_URL: website,
    ORG_PRIVACY_URL: httpsUrl(env, 'ORG_PRIVACY_URL', website),
    ORG_TERMS_URL: httpsUrl(env, 'ORG_TERMS_URL', website),
  };
}

/** Replaces ${{NAME}} in every string of the parsed template, so no value can break the JSON. */
export function fillTemplate(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === 'string') {
    return template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (_match, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) throw new ManifestPackageError(`the manifest template uses \${{${name}}}, which the packager does not fill in`);
      return replacement;
    });
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([key, inner]) => [key, fillTemplate(inner, values)]));
  }
  return template;
}

type ManifestForValidation = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
type SchemaForValidation = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/**
 * The Teams schema for `manifestVersion`, read from @microsoft/app-manifest's own copy, so
 * validation never reaches for the network (it would, for a version the package does not bundle).
 */
export function bundledSchemaFile(manifestVersion: string): string {
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return join(packageDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

/** Schema errors for the manifest (empty when it is valid), checked offline. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const version = manifest['manifestVersion'];
  if (typeof version !== 'string') return ['manifestVersion is missing'];
  const schemaFile = bundledSchemaFile(version);
  if (!existsSync(schemaFile)) return [`@microsoft/app-manifest has no bundled schema for manifest version ${version}`];
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as SchemaForValidation;
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as ManifestForValidation, schema);
}

function icon(file: string, size: number, needsAlpha: boolean): Buffer {
  const path = join(MANIFEST_DIR, file);
  if (!existsSync(path)) throw new ManifestPackageError(`manifest/${file} is missing: run npx tsx deploy/make-icons.ts`);
  const png = readFileSync(path);
  let header: ReturnType<typeof readPngHeader>;
  try {
    header = readPngHeader(png);
  } catch (error) {
    throw new ManifestPackageError(`manifest/${file} is not a readable PNG: ${error instanceof PngFormatError ? error.message : 'unknown format'}`);
  }
  if (header.width !== size || header.height !== size) {
    throw new ManifestPackageError(`manifest/${file} is ${header.width}×${header.height}; Teams needs ${size}×${size}`);
  }
  if (needsAlpha && header.colourType !== COLOUR_TYPE_RGBA) {
    throw new ManifestPackageError(`manifest/${file} has no alpha channel; Teams needs the outline icon on a transparent background`);
  }
  return png;
}

export interface PackageResult {
  zipPath: string;
  manifest: Record<string, unknown>;
}

/** Fills, validates and zips the Teams app package into `outDir` (created if need be). */
export async function packageTeamsApp(options: { env: Env; outDir: string }): Promise<PackageResult> {
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  const template = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as unknown;
  const manifest = fillTemplate(template, manifestValues(options.env, version)) as Record<string, unknown>;

  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new ManifestPackageError(`the manifest does not match the Teams schema: ${errors.map((e) => e.replace(/\s+/g, ' ').trim()).join('; ')}`);
  }

  const entries = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: icon('color.png', COLOUR_ICON_SIZE, false) },
    { name: 'outline.png', data: icon('outline.png', OUTLINE_ICON_SIZE, true) },
  ];
  mkdirSync(options.outDir, { recursive: true });
  const zipPath = join(options.outDir, PACKAGE_FILE_NAME);
  writeFileSync(zipPath, writeZip(entries));
  return { zipPath, manifest };
}

function parseArguments(args: readonly string[]): { outDir: string } {
  let outDir = resolve(__dirname, '..', 'dist');
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out') {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new ManifestPackageError('--out needs a folder, e.g. --out dist');
      outDir = resolve(next);
    } else {
      throw new ManifestPackageError(`unknown option ${JSON.stringify(arg)}: the only option is --out DIR`);
    }
  }
  return { outDir };
}

const MANIFEST_USAGE = 'Usage: npm run package:manifest -- [--out DIR]   (writes the Teams app package, from MICROSOFT_APP_ID, BOT_DOMAIN, ORG_NAME and ORG_WEBSITE_URL, into DIR, by default dist)';

async function main(): Promise<void> {
  // Asked for, the usage is an answer (exit 0), not "unknown option".
  if (process.argv.length === 3 && ['help', '--help', '-h'].includes(process.argv[2]!)) {
    process.stdout.write(`${MANIFEST_USAGE}\n`);
    return;
  }
  let outDir: string;
  try {
    ({ outDir } = parseArguments(process.argv.slice(2)));
  } catch (error) {
    // Bad usage is exit 2, as the other deployment commands answer it (a failed packaging is 1); nothing is read or written.
    process.stderr.write(`Cannot package the Teams app: ${(error as Error).message}. ${MANIFEST_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    loadDotEnv();
    const { zipPath } = await packageTeamsApp({ env: process.env, outDir });
    console.log(`Wrote ${zipPath}: upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app).`);
  } catch (error) {
    const message = error instanceof ManifestPackageError ? error.message : error instanceof Error ? (error.message.split('\n')[0] ?? 'unknown error') : String(error);
    process.stderr.write(`Cannot package the Teams app: ${message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
