/**
 * How App Service runs the bot (deploy/main.bicep, read as text: no Bicep compiler here): a
 * supported Node LTS that package.json's engines accepts, the compiled server with plain node,
 * only production dependencies installed, and no more instances than the plan allows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENTRY_POINTS } from '../../deploy/build';

const ROOT = resolve(__dirname, '..', '..');
const BICEP = readFileSync(join(ROOT, 'deploy', 'main.bicep'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };

/** Node LTS lines App Service offers on Linux that are still supported (end of life: 22 on 2027-04-30, 24 on 2028-04-30). */
const SUPPORTED_LTS = [22, 24];

function siteConfig(name: string): string {
  const match = new RegExp(`^\\s*${name}: '([^']*)'`, 'm').exec(BICEP);
  assert.ok(match, `main.bicep sets ${name}`);
  return match[1] ?? '';
}

describe('Azure deployment: how App Service runs the bot', () => {
  it('runs a supported Node LTS, one that package.json "engines" accepts', () => {
    const runtime = /^NODE\|(\d+)-lts$/.exec(siteConfig('linuxFxVersion'));
    assert.ok(runtime, 'linuxFxVersion is NODE|<major>-lts');
    const major = Number(runtime[1]);
    assert.ok(SUPPORTED_LTS.includes(major), `Node ${major} is not a supported LTS on App Service`);
    const minimum = /^>=(\d+)\.(\d+)$/.exec(PACKAGE.engines.node);
    assert.ok(minimum, `engines.node is ">=major.minor" (got ${PACKAGE.engines.node})`);
    assert.ok(SUPPORTED_LTS.includes(Number(minimum[1])), 'engines starts at a supported LTS, not Node 20 (end of life 2026-04-30)');
    assert.ok(major >= Number(minimum[1]));
  });

  it('starts the compiled server with plain node, as npm run serve does', () => {
    assert.equal(siteConfig('appCommandLine'), 'node dist/server.js');
    // npm run serve first checks the build is there (one plain line if not), then runs the same command.
    assert.match(PACKAGE.scripts['serve'] ?? '', / && node dist\/server\.js$/);
    assert.ok('server' in ENTRY_POINTS, 'npm run build writes dist/server.js');
  });

  it('installs only production dependencies on App Service, and does not build there', () => {
    const command = /name: 'CUSTOM_BUILD_COMMAND'\s*\n\s*value: '([^']*)'/.exec(BICEP);
    assert.ok(command, 'CUSTOM_BUILD_COMMAND replaces Oryx’s npm install and npm run build');
    assert.match(command[1] ?? '', /^npm ci --omit=dev\b/);
  });

  it('allows no more instances than the largest plan it offers runs', () => {
    const max = Number(/@maxValue\((\d+)\)\s*\nparam instanceCount int/.exec(BICEP)?.[1]);
    const skus = [...(/@allowed\(\[([^\]]*)\]\)\s*\nparam appServiceSku/.exec(BICEP)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1] ?? '');
    assert.ok(skus.length > 0, 'appServiceSku lists its sizes');
    const limit = (sku: string): number => (sku.startsWith('B') ? 3 : sku.startsWith('S') ? 10 : 30);
    assert.ok(max <= Math.max(...skus.map(limit)), `instanceCount allows ${max}`);
  });
});
