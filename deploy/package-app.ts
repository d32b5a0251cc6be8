/**
 * `npm run package:app`: the web app's deployment package, dist/app.zip. It holds the compiled
 * build (npm run build) and package.json with its lock file, nothing else: no source, no tests,
 * no node_modules, never .env or data/. App Service then runs `npm ci --omit=dev`
 * (CUSTOM_BUILD_COMMAND in main.bicep), so the production dependencies are installed for its own
 * Node and Linux (better-sqlite3 is native) and no devDependency reaches the server.
 *
 *   npm run package:app            (builds first)
 *   npm run package:app -- --out DIR
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildDist, ROOT } from './build';
import { writeZip, type ZipEntry } from './zip';

export const APP_PACKAGE_FILE_NAME = 'app.zip';

/** The files of the package, as paths inside it, given a built dist/ under `root`. */
export function appPackageEntries(root: string, distDir = join(root, 'dist')): ZipEntry[] {
  const entries: ZipEntry[] = [
    { name: 'package.json', data: readFileSync(join(root, 'package.json')) },
    { name: 'package-lock.json', data: readFileSync(join(root, 'package-lock.json')) },
  ];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      // The build's output only: dist/ also holds the zips this and package:manifest write.
      else if (name.endsWith('.js') || name.endsWith('.json')) entries.push({ name: `dist/${relative(distDir, path).split('\\').join('/')}`, data: readFileSync(path) });
    }
  };
  walk(distDir);
  return entries;
}

/** Builds dist/ and writes `outDir`/app.zip. */
export async function packageApp(outDir = join(ROOT, 'dist')): Promise<{ zipPath: string; entries: string[] }> {
  const distDir = join(ROOT, 'dist');
  await buildDist(distDir);
  const entries = appPackageEntries(ROOT, distDir);
  const zipPath = join(outDir, APP_PACKAGE_FILE_NAME);
  writeFileSync(zipPath, writeZip(entries));
  return { zipPath, entries: entries.map((e) => e.name) };
}

/** The folder asked for with --out (undefined: the default), or what is wrong with the arguments, naming the first one not understood. */
export function outDirOf(args: readonly string[]): string | undefined | { problem: string } {
  if (args.length === 0) return undefined;
  if (args[0] !== '--out') return { problem: `unknown option ${JSON.stringify(args[0])}: the only option is --out DIR` };
  const dir = args[1];
  if (dir === undefined || dir === '' || dir.startsWith('-')) return { problem: '--out needs a folder, e.g. --out dist' };
  if (args.length > 2) return { problem: `unknown option ${JSON.stringify(args[2])}: the only option is --out DIR` };
  return resolve(dir);
}

const APP_USAGE = 'Usage: npm run package:app -- [--out DIR]   (zips the built bot, npm run build first, for App Service into DIR, by default dist)';

if (require.main === module && process.argv.length === 3 && ['help', '--help', '-h'].includes(process.argv[2]!)) {
  // Asked for, the usage is an answer (exit 0), not a refusal.
  process.stdout.write(`${APP_USAGE}\n`);
} else if (require.main === module) {
  const outDir = outDirOf(process.argv.slice(2));
  if (typeof outDir === 'object') {
    // Bad usage is exit 2, as the other deployment commands answer it; nothing is built or written.
    process.stderr.write(`Cannot package the app: ${outDir.problem}. ${APP_USAGE}\n`);
    process.exitCode = 2;
  } else {
    packageApp(outDir).then(
      ({ zipPath, entries }) => console.log(`Wrote ${zipPath} (${entries.length} files): deploy it with az webapp deploy --type zip, or npm run deploy:azure.`),
      (error: unknown) => {
        process.stderr.write(`Cannot package the app: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  }
}
