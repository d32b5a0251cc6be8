import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describeFactsProblems, Facts, parseFacts } from '../../src/protocol/facts';
import { RULE_IDS } from '../../src/protocol/rule-catalogue';
import { InScopeRuling, ruleOn } from '../../src/protocol/ruling';
import { dayNumberOf, factsArbitrary, GeneratedFacts, isoDate } from './support/fact-arbitraries';

const RUNS = { numRuns: 600 };

function parsed(facts: GeneratedFacts): Facts {
  const result = parseFacts(facts);
  if (!result.ok) assert.fail(`generated facts were refused: ${describeFactsProblems(result.problems)} ${JSON.stringify(facts)}`);
  return result.facts;
}

function inScope(facts: GeneratedFacts): InScopeRuling {
  const ruling = ruleOn(parsed(facts));
  if (!ruling.inScope) assert.fail('an S20 child was ruled out of scope');
  return ruling;
}

/** Strictly ascending in catalogue ("id") order, hence also free of duplicates. */
function assertInIdOrder(rules: readonly string[]): void {
  const positions = rules.map((id) => RULE_IDS.indexOf(id as (typeof RULE_IDS)[number]));
  assert.ok(positions.every((p) => p >= 0), `unknown rule id in ${rules.join(', ')}`);
  positions.forEach((p, i) => {
    if (i > 0) assert.ok(p > (positions[i - 1] ?? -1), `not in id order or repeated: ${rules.join(', ')}`);
  });
}

describe('ruling properties (generated valid facts)', () => {
  it('the generator only makes facts the contract calls valid, and parseFacts returns them unchanged', () => {
    fc.assert(
      fc.property(factsArbitrary(fc.constantFrom('S20', 'ICO', 'CO')), (facts) => {
        assert.deepStrictEqual(parsed(facts), facts);
      }),
      RUNS,
    );
  });

  it('directorSignOff.required is exactly "some R-SIGN rule applies"', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const { directorSignOff } = inScope(facts);
        assert.equal(directorSignOff.required, directorSignOff.rules.length > 0);
      }),
      RUNS,
    );
  });

  it('rule lists are unique, in id order, and drawn from the right rules', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const ruling = inScope(facts);
        assertInIdOrder(ruling.directorSignOff.rules);
        assertInIdOrder(ruling.assessment.rules);
        for (const id of ruling.directorSignOff.rules) assert.ok(['R-SIGN-1', 'R-SIGN-2', 'R-SIGN-3'].includes(id), id);
        for (const id of ruling.assessment.rules) assert.ok(['R-ASSESS-1', 'R-ASSESS-2', 'R-ASSESS-3'].includes(id), id);
      }),
      RUNS,
    );
  });

  it('daysInCare is never negative and is the day count from accommodatedOn to returnedHomeOn, else asOf', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const ruling = inScope(facts);
        const end = facts.returnedHomeOn ?? facts.asOf;
        assert.ok(ruling.daysInCare >= 0);
        assert.equal(ruling.daysInCare, dayNumberOf(end) - dayNumberOf(facts.accommodatedOn));
      }),
      RUNS,
    );
  });

  it('visits: five strictly ascending dates after the return (first-visit, then weekly check-ins), none when not home', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const { visits } = inScope(facts);
        if (facts.returnedHomeOn === null) {
          assert.deepStrictEqual(visits, []);
          return;
        }
        const home = dayNumberOf(facts.returnedHomeOn);
        assert.deepStrictEqual(visits.map((v) => v.kind), ['first-visit', 'weekly-check-in', 'weekly-check-in', 'weekly-check-in', 'weekly-check-in']);
        assert.deepStrictEqual(visits.map((v) => dayNumberOf(v.due) - home), [3, 7, 14, 21, 28]);
        visits.forEach((v, i) => {
          assert.equal(v.due, isoDate(dayNumberOf(v.due)), `not a real YYYY-MM-DD date: ${v.due}`);
          if (i > 0) assert.ok(v.due > (visits[i - 1]?.due ?? ''), 'not strictly ascending');
        });
      }),
      RUNS,
    );
  });

  it('shortFormAllowed is exactly "R-ASSESS-1 is not listed", and R-ASSESS-1 is only ever alone', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const { assessment } = inScope(facts);
        assert.equal(assessment.form, 'child-and-family-reassessment');
        assert.equal(assessment.shortFormAllowed, !assessment.rules.includes('R-ASSESS-1'));
        assert.ok(assessment.rules.length > 0);
        if (assessment.rules.includes('R-ASSESS-1')) assert.deepStrictEqual(assessment.rules, ['R-ASSESS-1']);
      }),
      RUNS,
    );
  });

  it('R-SIGN-1 implies R-SIGN-2; R-SIGN-3 never comes with R-SIGN-2; R-SIGN-2 is exactly 20 days or more', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const ruling = inScope(facts);
        const rules = ruling.directorSignOff.rules;
        if (rules.includes('R-SIGN-1')) {
          assert.ok(rules.includes('R-SIGN-2'));
          assert.ok(ruling.ageYears === 16 || ruling.ageYears === 17, `R-SIGN-1 at age ${ruling.ageYears}`);
        }
        assert.ok(!(rules.includes('R-SIGN-3') && rules.includes('R-SIGN-2')));
        assert.equal(rules.includes('R-SIGN-2'), ruling.daysInCare >= 20);
        assert.equal(rules.includes('R-SIGN-1'), ruling.daysInCare >= 20 && (ruling.ageYears === 16 || ruling.ageYears === 17));
        if (rules.includes('R-SIGN-3')) assert.notEqual(facts.previousEpisodeEndedOn, null);
      }),
      RUNS,
    );
  });

  it('under 20 days always allows the short form under both R-ASSESS-2 and R-ASSESS-3', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const ruling = inScope(facts);
        if (ruling.daysInCare < 20) assert.deepStrictEqual(ruling.assessment.rules, ['R-ASSESS-2', 'R-ASSESS-3']);
      }),
      RUNS,
    );
  });

  it('edgeOfCareEligible is exactly 8 ≤ ageYears ≤ 17', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const ruling = inScope(facts);
        assert.ok(Number.isInteger(ruling.ageYears) && ruling.ageYears >= 0);
        assert.equal(ruling.edgeOfCareEligible, ruling.ageYears >= 8 && ruling.ageYears <= 17);
      }),
      RUNS,
    );
  });

  it('plannedReturnHorizon is reunificationStartedOn + 112 days on the planned pathway, else null', () => {
    fc.assert(
      fc.property(factsArbitrary(), (facts) => {
        const { plannedReturnHorizon } = inScope(facts);
        if (facts.pathway === 'planned' && facts.reunificationStartedOn != null) {
          assert.ok(plannedReturnHorizon !== null);
          assert.equal(dayNumberOf(plannedReturnHorizon) - dayNumberOf(facts.reunificationStartedOn), 112);
        } else {
          assert.equal(plannedReturnHorizon, null);
        }
      }),
      RUNS,
    );
  });

  it('a longer stay never loses R-SIGN-2 and never gains R-ASSESS-2', () => {
    fc.assert(
      fc.property(factsArbitrary(), fc.integer({ min: 1, max: 200 }), (facts, extra) => {
        const end = facts.returnedHomeOn ?? facts.asOf;
        const later = isoDate(dayNumberOf(end) + extra);
        const longer: GeneratedFacts = { ...facts, asOf: isoDate(dayNumberOf(facts.asOf) + extra), returnedHomeOn: facts.returnedHomeOn === null ? null : later };
        const before = inScope(facts);
        const after = inScope(longer);
        if (before.directorSignOff.rules.includes('R-SIGN-2')) assert.ok(after.directorSignOff.rules.includes('R-SIGN-2'));
        if (after.assessment.rules.includes('R-ASSESS-2')) assert.ok(before.assessment.rules.includes('R-ASSESS-2'));
      }),
      RUNS,
    );
  });

  it('an earlier previous episode never adds R-SIGN-3', () => {
    fc.assert(
      fc.property(factsArbitrary(), fc.integer({ min: 1, max: 200 }), (facts, earlier) => {
        if (facts.previousEpisodeEndedOn === null) return;
        const moved = { ...facts, previousEpisodeEndedOn: isoDate(dayNumberOf(facts.previousEpisodeEndedOn) - earlier) };
        if (inScope(moved).directorSignOff.rules.includes('R-SIGN-3')) assert.ok(inScope(facts).directorSignOff.rules.includes('R-SIGN-3'));
      }),
      RUNS,
    );
  });

  it('is deterministic and pure: same facts, same ruling, facts untouched, plain JSON out', () => {
    fc.assert(
      fc.property(factsArbitrary(fc.constantFrom('S20', 'ICO', 'CO')), (facts) => {
        const valid = parsed(facts);
        const copy = structuredClone(valid);
        const first = ruleOn(Object.freeze(valid));
        const second = ruleOn(copy);
        assert.deepStrictEqual(second, first);
        assert.deepStrictEqual(valid, copy);
        assert.deepStrictEqual(JSON.parse(JSON.stringify(first)), first);
      }),
      RUNS,
    );
  });

  it('ICO and CO are always out of scope with only inScope, reason and rules ["R-SCOPE-2"]', () => {
    fc.assert(
      fc.property(factsArbitrary(fc.constantFrom('ICO', 'CO')), (facts) => {
        const ruling = ruleOn(parsed(facts));
        assert.deepStrictEqual(Object.keys(ruling).sort(), ['inScope', 'reason', 'rules']);
        assert.ok(!ruling.inScope);
        assert.deepStrictEqual(ruling.rules, ['R-SCOPE-2']);
        assert.match(ruling.reason, /court/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('validation properties (valid facts with one ordering rule broken)', () => {
  type Breakage = [name: string, field: string, breakIt: (facts: GeneratedFacts, k: number) => GeneratedFacts];
  const shift = (date: string, days: number): string => isoDate(dayNumberOf(date) + days);
  const breakages: Breakage[] = [
    ['accommodatedOn after asOf', 'accommodatedOn', (f, k) => ({ ...f, accommodatedOn: shift(f.asOf, k) })],
    ['accommodatedOn after returnedHomeOn', 'accommodatedOn', (f, k) => ({ ...f, returnedHomeOn: shift(f.accommodatedOn, -k) })],
    ['dateOfBirth after accommodatedOn', 'dateOfBirth', (f, k) => ({ ...f, dateOfBirth: shift(f.accommodatedOn, k) })],
    ['returnedHomeOn after asOf', 'returnedHomeOn', (f, k) => ({ ...f, returnedHomeOn: shift(f.asOf, k) })],
    ['previousEpisodeEndedOn on or after accommodatedOn', 'previousEpisodeEndedOn', (f, k) => ({ ...f, previousEpisodeEndedOn: shift(f.accommodatedOn, k - 1) })],
    ['reunificationStartedOn after asOf', 'reunificationStartedOn', (f, k) => ({ ...f, reunificationStartedOn: shift(f.asOf, k) })],
  ];

  for (const [name, field, breakIt] of breakages) {
    it(`${name}: refused, naming ${field}, on one line, without the date of birth`, () => {
      fc.assert(
        fc.property(factsArbitrary(fc.constantFrom('S20', 'ICO', 'CO')), fc.integer({ min: 1, max: 500 }), (facts, k) => {
          const broken = breakIt(facts, k);
          const result = parseFacts(broken);
          if (result.ok) assert.fail(`accepted ${JSON.stringify(broken)}`);
          const problem = result.problems.find((p) => p.field === field);
          assert.ok(problem, JSON.stringify(result.problems));
          assert.match(problem.message, new RegExp(`\\b${field}\\b`));
          const line = describeFactsProblems(result.problems);
          assert.doesNotMatch(line, /[\r\n]/);
          const otherDates = Object.entries(broken).filter(([key]) => key !== 'dateOfBirth').map(([, value]) => value);
          // The date of birth can legitimately appear only if another field holds the same date.
          if (!otherDates.includes(broken.dateOfBirth)) assert.ok(!line.includes(broken.dateOfBirth), `date of birth leaked: ${line}`);
        }),
        { numRuns: 200 },
      );
    });
  }
});
