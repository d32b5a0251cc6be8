import assert from 'node:assert/strict';
import { citeRule, inRuleOrder, RULE_IDS, RULES } from '../../src/protocol/rule-catalogue';
import { documentedRules } from './support/rules-document';

/** The rule ids the ruling can put in its output (ruling-contract.md). */
const RULING_RULE_IDS = ['R-SCOPE-2', 'R-SIGN-1', 'R-SIGN-2', 'R-SIGN-3', 'R-ASSESS-1', 'R-ASSESS-2', 'R-ASSESS-3', 'R-PLAN-2', 'R-PLAN-5', 'R-VISIT-1'];

describe('rule catalogue', () => {
  const documented = documentedRules();

  it('the parser finds the rules of docs/protocol/rules.md (and only rule rows)', () => {
    assert.ok(documented.length >= 30, `only ${documented.length} rules found`);
    for (const { id, source } of documented) {
      assert.match(id, /^R-[A-Z]+-\d+$/);
      assert.match(source, /^(P:\d+|F)(, (P:\d+|F))*$/, `${id} has an odd source: ${source}`);
    }
    assert.deepStrictEqual(documented.find((r) => r.id === 'R-SIGN-2'), { id: 'R-SIGN-2', source: 'P:18' });
  });

  it('rules.md lists each id once', () => {
    const ids = documented.map((r) => r.id);
    assert.deepStrictEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  it('has exactly the ids of rules.md, in the same order', () => {
    assert.deepStrictEqual(RULE_IDS, documented.map((r) => r.id));
  });

  it('gives every rule the source column of rules.md', () => {
    const mismatches = documented
      .filter(({ id, source }) => (RULES as Record<string, { source: string } | undefined>)[id]?.source !== source)
      .map(({ id, source }) => `${id}: rules.md "${source}", catalogue "${(RULES as Record<string, { source: string } | undefined>)[id]?.source}"`);
    assert.deepStrictEqual(mismatches, []);
  });

  it('states every rule in a sentence', () => {
    for (const id of RULE_IDS) {
      const { text } = RULES[id];
      assert.ok(text.trim().length > 20, id);
      assert.match(text, /[.]$/, `${id} text does not end a sentence`);
    }
  });

  it('contains every rule id the ruling uses, and rules.md documents each of them', () => {
    for (const id of RULING_RULE_IDS) {
      assert.ok(id in RULES, `${id} missing from the catalogue`);
      assert.ok(documented.some((r) => r.id === id), `${id} missing from rules.md`);
    }
  });

  it('inRuleOrder sorts by catalogue order and drops repeats', () => {
    assert.deepStrictEqual(inRuleOrder(['R-SIGN-3', 'R-SIGN-1', 'R-SIGN-3', 'R-SIGN-2']), ['R-SIGN-1', 'R-SIGN-2', 'R-SIGN-3']);
    assert.deepStrictEqual(inRuleOrder(['R-ASSESS-3', 'R-ASSESS-2']), ['R-ASSESS-2', 'R-ASSESS-3']);
    // Catalogue order, not text order: R-UNPL-10 comes after R-UNPL-9.
    assert.deepStrictEqual(inRuleOrder(['R-UNPL-10', 'R-UNPL-9']), ['R-UNPL-9', 'R-UNPL-10']);
    assert.deepStrictEqual(inRuleOrder([]), []);
  });

  it('citeRule states the rule with its id and source', () => {
    assert.equal(citeRule('R-SIGN-2'), `${RULES['R-SIGN-2'].text} (R-SIGN-2; P:18)`);
    assert.match(citeRule('R-VISIT-1'), /\(R-VISIT-1; P:21, F\)$/);
  });
});
