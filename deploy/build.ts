/**
 * `npm run build`: compiles the bot into dist/ for production, where it runs with plain `node`
 * (no tsx, no devDependencies):
 *
 *   dist/server.js                 the web server (npm run serve; App Service's start command)
 *   dist/admin.js, dist/rules.js   the support CLIs (node dist/admin.js cases list)
 *   dist/provision-sharepoint.js   creates the SharePoint lists (npm run deploy:azure runs it)
 *   dist/sqlite-writer.js          the thread in which the server writes the SQLite store's commits
 *   dist/cards/*.json              the Adaptive Card templates the server reads
 *
 * esbuild bundles our code and the pure-JavaScript packages into one file per entry, because
 * resolving and reading some 2,000 module files was most of the start-up under tsx or tsc's
 * one-file-per-module output (measured in README "Figures"). Left outside the bundle, and so
 * installed by `npm ci --omit=dev` beside it:
 *  - better-sqlite3 (a native module, built for the Node that runs it) and dtrace-provider
 *    (restify's optional native probe);
 *  - @azure/* and @opentelemetry/*: Application Insights instruments them by hooking `require`,
 *    which cannot see into a bundle, and the Azure Monitor distro loads parts of itself by path.
 *
 *   npm run build                  (about 2 s)
 *   npm run build -- --out DIR
 */
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

export const ROOT = resolve(__dirname, '..');

/** Entry points, by the file name they get in dist/. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  server: 'src/server.ts',
  admin: 'src/cli/admin.ts',
  rules: 'src/cli/rules.ts',
  'provision-sharepoint': 'deploy/provision-sharepoint.ts',
  'sqlite-writer': 'src/adapters/sqlite/sqlite-writer-thread.ts',
};

/** Loaded from node_modules at run time (see above). */
export const EXTERNAL_PACKAGES = ['better-sqlite3', 'dtrace-provider', '@azure/monitor-opentelemetry', '@azure/core-tracing', '@opentelemetry/*'];

/** The oldest Node the build must run on: this machine's and CI's (App Service runs 24). */
const TARGET = 'node20';

export interface BuildResult {
  outDir: string;
  files: string[];
}

/** Compiles every entry point into `outDir` and copies the card templates beside them. */
export async function buildDist(outDir = join(ROOT, 'dist')): Promise<BuildResult> {
  mkdirSync(outDir, { recursive: true });
  // Only what this build writes: dist/ also holds teams-app.zip and app.zip from the packaging steps.
  for (const name of Object.keys(ENTRY_POINTS)) rmSync(join(outDir, `${name}.js`), { force: true });
  rmSync(join(outDir, 'cards'), { recursive: true, force: true });

  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRY_POINTS)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: TARGET,
    format: 'cjs',
    external: EXTERNAL_PACKAGES,
    logLevel: 'warning',
    // The worker threads require tsx only when started from a .ts file (npm start, the tests), never from this bundle.
    logOverride: { 'require-resolve-not-external': 'silent' },
    // Errors and logs name our functions as in the source.
    // Less for V8 to parse at start-up (about 0.1 s and 10 MB here). Names are kept as written:
    // minified identifiers measured slower and bigger (V8 compiles more of the bundle eagerly),
    // and they would make stack traces in the logs unreadable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
  });

  const cards = join(outDir, 'cards');
  mkdirSync(cards, { recursive: true });
  for (const file of readdirSync(join(ROOT, 'cards'))) {
    // The templates only: *.data.json are sample data for the tests and the card designer.
    if (file.endsWith('.json') && !file.endsWith('.data.json')) cpSync(join(ROOT, 'cards', file), join(cards, file));
  }
  return { outDir, files: [...Object.keys(ENTRY_POINTS).map((name) => `${name}.js`), 'cards/'] };
}

function outDirFrom(args: readonly string[]): string | undefined {
  if (args.length === 0) return undefined;
  if (args[0] === '--out' && args[1] !== undefined && !args[1].startsWith('--') && args.length === 2) return resolve(args[1]);
  throw new Error(`unknown arguments ${JSON.stringify(args.join(' '))}: the only option is --out DIR`);
}

if (require.main === module) {
  const started = Date.now();
  Promise.resolve()
    .then(() => buildDist(outDirFrom(process.argv.slice(2))))
    .then(
      (result) => {
        console.log(`Built ${result.files.join(', ')} in ${result.outDir} (${((Date.now() - started) / 1000).toFixed(1)} s). Run it with: npm run serve`);
      },
      (error: unknown) => {
        process.stderr.write(`The build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
        process.exitCode = 1;
      },
    );
}
