/**
 * The layer rules of .dependency-cruiser.cjs (run by npm run lint) catch what they say they catch:
 * a small made-up tree with one breach of each rule, checked with the project's own rule set.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function violations(dir: string, roots: string[]): Promise<string[]> {
  const { cruise } = (await import('dependency-cruiser')) as typeof import('dependency-cruiser');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: unknown[] };
  const result = await cruise(roots, { baseDir: dir, ruleSet: { forbidden: config.forbidden } as never, validate: true, tsPreCompilationDeps: true });
  const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
}

describe('layer rules (dependency-cruiser, as npm run lint runs them)', () => {
  it('refuses each breach of the layers, and passes a tree that keeps them', async () => {
    const dir = tree({
      'src/ports/clock.ts': 'export interface Clock { now(): Date }\n',
      'src/adapters/store.ts': "import type { Clock } from '../ports/clock';\nexport const store = (c: Clock) => c.now();\n",
      'src/protocol/pure.ts': "import { store } from '../adapters/store';\nexport const p = store;\n",
      'src/cases/service.ts': "import { card } from '../bot/card';\nexport const s = card;\n",
      'src/bot/card.ts': "import { store } from '../adapters/store';\nexport const card = store;\n",
      'src/bot/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/bot/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/protocol/handler.ts': "import { guard } from './helpers';\nexport const handler = () => guard;\n",
      'src/protocol/helpers.ts': "import { handler } from './handler';\nexport const guard = () => handler;\n",
      'src/lonely.ts': 'export const nobody = 1;\n',
      'test/helper.ts': 'export const helper = 1;\n',
      'bench/run.ts': "import { helper } from '../test/helper';\nexport const run = helper;\n",
    });
    assert.deepEqual(await violations(dir, ['src', 'bench']), [
      'bench-not-tests: bench/run.ts -> test/helper.ts',
      'bot-not-adapters: src/bot/card.ts -> src/adapters/store.ts',
      'cases-below-the-edges: src/cases/service.ts -> src/bot/card.ts',
      'no-circular: src/bot/a.ts -> src/bot/b.ts',
      'no-circular: src/protocol/handler.ts -> src/protocol/helpers.ts',
      'no-orphans: src/lonely.ts -> src/lonely.ts',
      'protocol-is-pure: src/protocol/pure.ts -> src/adapters/store.ts',
    ]);

    const kept = tree({
      'src/protocol/pure.ts': 'export const p = 1;\n',
      'src/cases/service.ts': "import { p } from '../protocol/pure';\nexport const s = p;\n",
      'src/bot/card.ts': "import { s } from '../cases/service';\nexport const card = s;\n",
      'src/server.ts': "import { card } from './bot/card';\nexport const server = card;\n",
    });
    assert.deepEqual(await violations(kept, ['src']), []);
  });

  it('keeps the cards, views and click handlers of src/bot from the botbuilder edge files, so nothing of them reaches botbuilder', async () => {
    const dir = tree({
      'src/bot/s20-bot.ts': "import { card } from './card-builder';\nimport { route } from './invoke-router';\nexport const bot = [card, route];\n",
      'src/bot/card-builder.ts': "import { bot } from './s20-bot';\nexport const card = () => bot;\n",
      'src/bot/invoke-router.ts': "import { card } from './card-builder';\nexport const route = card;\n",
      'src/bot/case-view.ts': "import { keep } from './reference-keeper';\nexport const view = keep;\n",
      'src/bot/reference-keeper.ts': 'export const keep = 1;\n',
    });
    const found = (await violations(dir, ['src'])).filter((v) => !v.startsWith('no-circular') && !v.startsWith('no-orphans'));
    assert.deepEqual(found, ['presentation-below-the-turn: src/bot/card-builder.ts -> src/bot/s20-bot.ts', 'presentation-below-the-turn: src/bot/case-view.ts -> src/bot/reference-keeper.ts']);
  });

  it('refuses a port that reads its types back from the whole store, even as types only', async () => {
    const dir = tree({
      'src/ports/store.ts': "import type { Outbox, Item } from './outbox';\nexport type { Item };\nexport interface Store extends Outbox { close(): void }\n",
      'src/ports/outbox.ts': "import type { Item } from './store';\nexport interface Item { id: string }\nexport interface Outbox { claim(): Item[] }\n",
    });
    // Reported once, on whichever side of the cycle is cruised first; the general no-circular rule lets type-only cycles pass.
    const found = await violations(dir, ['src']);
    assert.equal(found.length, 1, found.join('; '));
    assert.match(found[0]!, /^ports-without-cycles: src\/ports\/(outbox|store)\.ts -> src\/ports\/(store|outbox)\.ts$/);
  });
});
