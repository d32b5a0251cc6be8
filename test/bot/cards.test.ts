import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CARD_NAMES, CARDS_DIR, expandCard } from '../../src/bot/card-builder';
import { cardProblems } from './support/card-check';

/** Cards that also go to Outlook (an approval card and what it refreshes into) must be 1.4. */
const OUTLOOK_CARDS = new Set(['approval-request', 'decision-status']);

describe('card templates in cards/', () => {
  it('every template has sample data beside it and the builder knows it', () => {
    const files = readdirSync(CARDS_DIR);
    const templates = files.filter((f) => f.endsWith('.json') && !f.endsWith('.data.json')).map((f) => f.replace(/\.json$/, ''));
    assert.deepEqual([...templates].sort(), [...CARD_NAMES].sort());
    for (const name of templates) assert.ok(files.includes(`${name}.data.json`), `${name}.data.json is missing`);
  });

  for (const name of CARD_NAMES) {
    describe(name, () => {
      const template = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')) as { version: string };
      const data = JSON.parse(readFileSync(join(CARDS_DIR, `${name}.data.json`), 'utf8')) as unknown;

      it(`declares version ${OUTLOOK_CARDS.has(name) ? '1.4 (Outlook)' : '1.5 (Teams)'}`, () => {
        assert.equal(template.version, OUTLOOK_CARDS.has(name) ? '1.4' : '1.5');
      });

      it('expands with its sample data into a card the adaptivecards parser accepts, with nothing unexpanded', () => {
        const card = expandCard(name, data);
        assert.deepEqual(cardProblems(card), []);
      });
    });
  }

  it('the card checker itself notices an unknown property, a bad element and a leftover expression', () => {
    const problems = cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${x}', colour: 'Good' }, { type: 'Nope' }] });
    assert.ok(problems.some((p) => p.includes('colour')));
    assert.ok(problems.some((p) => p.includes('Nope')));
    assert.ok(problems.some((p) => p.includes('unexpanded')));
  });
});
