import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeFactsProblems, parseFacts } from '../../src/protocol/facts';
import { ruleOn } from '../../src/protocol/ruling';
import { inScopeRuling, validFacts } from './support/facts-builder';
import { PROTOCOL_DOCS_DIR } from './support/paths';
import { assertOutOfScopeReason, isErrorExample, isOutOfScopeExample, loadExamples } from './support/protocol-examples';

/** A 12-year-old: old enough for Edge of Care, too young for R-SIGN-1, so the day counts alone decide. */
const AGED_12 = '2013-09-01';

function signOffRules(overrides: Record<string, unknown>): string[] {
  const ruling = inScopeRuling({ dateOfBirth: AGED_12, ...overrides });
  assert.equal(ruling.directorSignOff.required, ruling.directorSignOff.rules.length > 0);
  return ruling.directorSignOff.rules;
}

function assessmentRules(overrides: Record<string, unknown>): string[] {
  const ruling = inScopeRuling({ dateOfBirth: AGED_12, ...overrides });
  assert.equal(ruling.assessment.form, 'child-and-family-reassessment');
  assert.equal(ruling.assessment.shortFormAllowed, !ruling.assessment.rules.includes('R-ASSESS-1'));
  return ruling.assessment.rules;
}

describe('ruling', () => {
  describe('the worked examples (docs/protocol/examples.json)', () => {
    const examples = loadExamples();

    it('has the examples the contract promises: in scope, out of scope and an error', () => {
      assert.ok(examples.some((e) => !isErrorExample(e) && !isOutOfScopeExample(e)));
      assert.ok(examples.some(isOutOfScopeExample));
      assert.ok(examples.some(isErrorExample));
    });

    for (const example of examples) {
      it(example.name, () => {
        const parsed = parseFacts(example.facts);
        if (isErrorExample(example)) {
          assert.ok(!parsed.ok, 'the error example was accepted');
          const line = describeFactsProblems(parsed.problems);
          assert.ok(parsed.problems.some((p) => p.field === 'accommodatedOn'), line);
          assert.match(line, /accommodatedOn/);
          assert.match(line, /returnedHomeOn/);
          return;
        }
        assert.ok(parsed.ok, JSON.stringify(parsed));
        const ruling = ruleOn(parsed.facts);
        if (isOutOfScopeExample(example)) {
          assert.ok(!ruling.inScope);
          assertOutOfScopeReason(ruling.reason);
          assert.deepStrictEqual({ ...ruling, reason: example.expect.reason }, example.expect);
          return;
        }
        assert.deepStrictEqual(ruling, example.expect);
      });
    }
  });

  describe('the example in ruling-contract.md', () => {
    it('gives the ruling printed under the facts', () => {
      const text = readFileSync(path.join(PROTOCOL_DOCS_DIR, 'ruling-contract.md'), 'utf8');
      const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1] ?? '') as unknown);
      assert.equal(blocks.length, 2, 'expected a facts block and a ruling block');
      const parsed = parseFacts(blocks[0]);
      assert.ok(parsed.ok);
      assert.deepStrictEqual(ruleOn(parsed.facts), blocks[1]);
    });
  });

  describe('R-SCOPE-2: interim care orders and care orders are out of scope', () => {
    for (const [legalStatus, order] of [['ICO', /Interim Care Order/], ['CO', /(?<!Interim )Care Order/]] as const) {
      it(`${legalStatus}: only inScope, reason and rules ["R-SCOPE-2"]`, () => {
        // Facts that would otherwise trigger every rule: a 16-year-old, long stay, planned, already home.
        const ruling = ruleOn(validFacts({
          legalStatus,
          dateOfBirth: '2009-05-14',
          accommodatedOn: '2025-01-05',
          previousEpisodeEndedOn: '2024-12-01',
          lastAssessmentCompletedOn: '2026-02-01',
          pathway: 'planned',
          reunificationStartedOn: '2026-01-12',
          returnedHomeOn: '2026-02-27',
        }));
        assert.deepStrictEqual(Object.keys(ruling).sort(), ['inScope', 'reason', 'rules']);
        assert.ok(!ruling.inScope);
        assert.deepStrictEqual(ruling.rules, ['R-SCOPE-2']);
        assertOutOfScopeReason(ruling.reason);
        assert.match(ruling.reason, order);
        assert.match(ruling.reason, /section 20/);
      });
    }

    it('S20 is in scope', () => {
      assert.equal(ruleOn(validFacts({ legalStatus: 'S20' })).inScope, true);
    });
  });

  describe('daysInCare and the end date', () => {
    it('counts to returnedHomeOn when the child is home (1 Jan → 21 Jan is 20)', () => {
      const ruling = inScopeRuling({ accommodatedOn: '2026-01-01', returnedHomeOn: '2026-01-21', asOf: '2026-03-02' });
      assert.equal(ruling.daysInCare, 20);
    });

    it('counts to asOf when the child is not home', () => {
      const ruling = inScopeRuling({ accommodatedOn: '2026-01-01', returnedHomeOn: null, asOf: '2026-03-02' });
      assert.equal(ruling.daysInCare, 60);
    });

    it('is 0 when the child went home the day they were accommodated', () => {
      assert.equal(inScopeRuling({ accommodatedOn: '2026-03-02', returnedHomeOn: '2026-03-02' }).daysInCare, 0);
    });

    it('counts 29 February in a leap year', () => {
      assert.equal(inScopeRuling({ accommodatedOn: '2024-02-01', returnedHomeOn: '2024-03-01', asOf: '2024-03-01' }).daysInCare, 29);
      assert.equal(inScopeRuling({ accommodatedOn: '2025-02-01', returnedHomeOn: '2025-03-01', asOf: '2025-03-01' }).daysInCare, 28);
    });

    it('takes the age on the end date, not on asOf', () => {
      // 16 on 1 Feb 2026: home on 21 Jan aged 15, though 16 by asOf.
      const ruling = inScopeRuling({ dateOfBirth: '2010-02-01', accommodatedOn: '2026-01-01', returnedHomeOn: '2026-01-21', asOf: '2026-03-02' });
      assert.equal(ruling.ageYears, 15);
      assert.deepStrictEqual(ruling.directorSignOff.rules, ['R-SIGN-2']);
    });
  });

  describe('R-SIGN-2: every S20 child in care 20 days or more', () => {
    const home = { accommodatedOn: '2026-01-01', asOf: '2026-03-02' };
    it('19 days: not required', () => {
      assert.deepStrictEqual(signOffRules({ ...home, returnedHomeOn: '2026-01-20' }), []);
      assert.equal(inScopeRuling({ dateOfBirth: AGED_12, ...home, returnedHomeOn: '2026-01-20' }).directorSignOff.required, false);
    });
    it('20 days: required', () => {
      assert.deepStrictEqual(signOffRules({ ...home, returnedHomeOn: '2026-01-21' }), ['R-SIGN-2']);
      assert.equal(inScopeRuling({ dateOfBirth: AGED_12, ...home, returnedHomeOn: '2026-01-21' }).directorSignOff.required, true);
    });
    it('21 days: required', () => {
      assert.deepStrictEqual(signOffRules({ ...home, returnedHomeOn: '2026-01-22' }), ['R-SIGN-2']);
    });
    it('counts to asOf when not home: 19 and 20 days', () => {
      assert.deepStrictEqual(signOffRules({ accommodatedOn: '2026-01-01', asOf: '2026-01-20' }), []);
      assert.deepStrictEqual(signOffRules({ accommodatedOn: '2026-01-01', asOf: '2026-01-21' }), ['R-SIGN-2']);
    });
  });

  describe('R-SIGN-1: ages 16 and 17 only, with 20 days or more', () => {
    // 1 Jan → 21 Jan 2026 is 20 days; the age is taken on 21 Jan.
    const twentyDays = { accommodatedOn: '2026-01-01', returnedHomeOn: '2026-01-21', asOf: '2026-03-02' };
    const cases: Array<[string, number, string[]]> = [
      ['2010-01-22', 15, ['R-SIGN-2']],
      ['2010-01-21', 16, ['R-SIGN-1', 'R-SIGN-2']],
      ['2009-06-30', 16, ['R-SIGN-1', 'R-SIGN-2']],
      ['2008-01-22', 17, ['R-SIGN-1', 'R-SIGN-2']],
      ['2008-01-21', 18, ['R-SIGN-2']],
    ];
    for (const [dateOfBirth, age, rules] of cases) {
      it(`born ${dateOfBirth}: aged ${age} → ${rules.join(', ')}`, () => {
        const ruling = inScopeRuling({ ...twentyDays, dateOfBirth });
        assert.equal(ruling.ageYears, age);
        assert.deepStrictEqual(ruling.directorSignOff.rules, rules);
      });
    }

    it('a 16-year-old in care 19 days needs no sign-off', () => {
      const ruling = inScopeRuling({ accommodatedOn: '2026-01-01', returnedHomeOn: '2026-01-20', dateOfBirth: '2009-06-30' });
      assert.equal(ruling.ageYears, 16);
      assert.deepStrictEqual(ruling.directorSignOff, { required: false, rules: [] });
    });

    it('a child born on 29 February is 16 on 29 February of a leap year', () => {
      const before = inScopeRuling({ dateOfBirth: '2008-02-29', accommodatedOn: '2024-01-05', asOf: '2024-02-28' });
      assert.equal(before.ageYears, 15);
      assert.deepStrictEqual(before.directorSignOff.rules, ['R-SIGN-2']);
      const on = inScopeRuling({ dateOfBirth: '2008-02-29', accommodatedOn: '2024-01-05', asOf: '2024-02-29' });
      assert.equal(on.ageYears, 16);
      assert.deepStrictEqual(on.directorSignOff.rules, ['R-SIGN-1', 'R-SIGN-2']);
    });

    it('a child born on 29 February turns 18 on 1 March of a non-leap year', () => {
      const stillSeventeen = inScopeRuling({ dateOfBirth: '2008-02-29', accommodatedOn: '2026-01-05', asOf: '2026-02-28' });
      assert.equal(stillSeventeen.ageYears, 17);
      assert.deepStrictEqual(stillSeventeen.directorSignOff.rules, ['R-SIGN-1', 'R-SIGN-2']);
      const eighteen = inScopeRuling({ dateOfBirth: '2008-02-29', accommodatedOn: '2026-01-05', asOf: '2026-03-01' });
      assert.equal(eighteen.ageYears, 18);
      assert.deepStrictEqual(eighteen.directorSignOff.rules, ['R-SIGN-2']);
    });
  });

  describe('R-SIGN-3: under 20 days with another episode in the previous three months', () => {
    // Accommodated 10 Apr, home 20 Apr: 10 days. 10 Apr − 3 months = 10 Jan.
    const shortStay = { accommodatedOn: '2026-04-10', returnedHomeOn: '2026-04-20', asOf: '2026-05-01' };
    it('previous episode ended exactly accommodatedOn − 3 months: applies', () => {
      assert.deepStrictEqual(signOffRules({ ...shortStay, previousEpisodeEndedOn: '2026-01-10' }), ['R-SIGN-3']);
      assert.equal(inScopeRuling({ ...shortStay, previousEpisodeEndedOn: '2026-01-10' }).directorSignOff.required, true);
    });
    it('one day earlier: does not apply', () => {
      assert.deepStrictEqual(signOffRules({ ...shortStay, previousEpisodeEndedOn: '2026-01-09' }), []);
    });
    it('ended the day before this episode began: applies', () => {
      assert.deepStrictEqual(signOffRules({ ...shortStay, previousEpisodeEndedOn: '2026-04-09' }), ['R-SIGN-3']);
    });
    it('no previous episode: does not apply', () => {
      assert.deepStrictEqual(signOffRules({ ...shortStay, previousEpisodeEndedOn: null }), []);
    });
    it('at 19 days applies; at 20 days R-SIGN-2 applies instead, never both', () => {
      const recent = { accommodatedOn: '2026-04-10', previousEpisodeEndedOn: '2026-03-01', asOf: '2026-05-10' };
      assert.deepStrictEqual(signOffRules({ ...recent, returnedHomeOn: '2026-04-29' }), ['R-SIGN-3']);
      assert.deepStrictEqual(signOffRules({ ...recent, returnedHomeOn: '2026-04-30' }), ['R-SIGN-2']);
    });
    it('a 16-year-old under 20 days gets R-SIGN-3 alone (R-SIGN-1 needs 20 days)', () => {
      const ruling = inScopeRuling({ ...shortStay, dateOfBirth: '2009-05-14', previousEpisodeEndedOn: '2026-03-01' });
      assert.equal(ruling.ageYears, 16);
      assert.deepStrictEqual(ruling.directorSignOff.rules, ['R-SIGN-3']);
    });
    it('clamps at the month end: accommodated 31 May → window from 28 Feb', () => {
      const stay = { accommodatedOn: '2026-05-31', returnedHomeOn: '2026-06-05', asOf: '2026-06-10' };
      assert.deepStrictEqual(signOffRules({ ...stay, previousEpisodeEndedOn: '2026-02-28' }), ['R-SIGN-3']);
      assert.deepStrictEqual(signOffRules({ ...stay, previousEpisodeEndedOn: '2026-02-27' }), []);
    });
    it('clamps at the month end in a leap year: accommodated 31 May 2024 → window from 29 Feb', () => {
      const stay = { accommodatedOn: '2024-05-31', returnedHomeOn: '2024-06-05', asOf: '2024-06-10' };
      assert.deepStrictEqual(signOffRules({ ...stay, previousEpisodeEndedOn: '2024-02-29' }), ['R-SIGN-3']);
      assert.deepStrictEqual(signOffRules({ ...stay, previousEpisodeEndedOn: '2024-02-28' }), []);
    });
    it('crosses the year end: accommodated 15 Feb → window from 15 Nov', () => {
      const stay = { accommodatedOn: '2026-02-15', returnedHomeOn: '2026-02-20', asOf: '2026-03-02' };
      assert.deepStrictEqual(signOffRules({ ...stay, previousEpisodeEndedOn: '2025-11-15' }), ['R-SIGN-3']);
      assert.deepStrictEqual(signOffRules({ ...stay, previousEpisodeEndedOn: '2025-11-14' }), []);
    });
  });

  describe('R-ASSESS-1/2: three months or less in care', () => {
    // Accommodated 5 Jan 2026: + 3 months = 5 Apr. No recent assessment; stays of 20 days or more.
    const stay = { accommodatedOn: '2026-01-05', asOf: '2026-04-30', lastAssessmentCompletedOn: null };
    it('home exactly three months later: R-ASSESS-2, short form allowed', () => {
      assert.deepStrictEqual(assessmentRules({ ...stay, returnedHomeOn: '2026-04-05' }), ['R-ASSESS-2']);
      assert.equal(inScopeRuling({ ...stay, returnedHomeOn: '2026-04-05' }).assessment.shortFormAllowed, true);
    });
    it('one day less: R-ASSESS-2', () => {
      assert.deepStrictEqual(assessmentRules({ ...stay, returnedHomeOn: '2026-04-04' }), ['R-ASSESS-2']);
    });
    it('one day more: R-ASSESS-1, short form not allowed', () => {
      assert.deepStrictEqual(assessmentRules({ ...stay, returnedHomeOn: '2026-04-06' }), ['R-ASSESS-1']);
      assert.equal(inScopeRuling({ ...stay, returnedHomeOn: '2026-04-06' }).assessment.shortFormAllowed, false);
    });
    it('not home: measured to asOf (exactly three months, and one day more)', () => {
      assert.deepStrictEqual(assessmentRules({ ...stay, returnedHomeOn: null, asOf: '2026-04-05' }), ['R-ASSESS-2']);
      assert.deepStrictEqual(assessmentRules({ ...stay, returnedHomeOn: null, asOf: '2026-04-06' }), ['R-ASSESS-1']);
    });
    it('clamps at the month end: accommodated 30 Nov 2025 → three months end 28 Feb 2026', () => {
      const nov = { accommodatedOn: '2025-11-30', lastAssessmentCompletedOn: null };
      assert.deepStrictEqual(assessmentRules({ ...nov, asOf: '2026-02-27' }), ['R-ASSESS-2']);
      assert.deepStrictEqual(assessmentRules({ ...nov, asOf: '2026-02-28' }), ['R-ASSESS-2']);
      assert.deepStrictEqual(assessmentRules({ ...nov, asOf: '2026-03-01' }), ['R-ASSESS-1']);
    });
    it('clamps at the month end in a leap year: accommodated 30 Nov 2023 → three months end 29 Feb 2024', () => {
      const nov = { accommodatedOn: '2023-11-30', lastAssessmentCompletedOn: null };
      assert.deepStrictEqual(assessmentRules({ ...nov, asOf: '2024-02-28' }), ['R-ASSESS-2']);
      assert.deepStrictEqual(assessmentRules({ ...nov, asOf: '2024-02-29' }), ['R-ASSESS-2']);
      assert.deepStrictEqual(assessmentRules({ ...nov, asOf: '2024-03-01' }), ['R-ASSESS-1']);
    });
    it('a 31-day month end: accommodated 31 Oct → three months end 31 Jan', () => {
      const oct = { accommodatedOn: '2025-10-31', lastAssessmentCompletedOn: null };
      assert.deepStrictEqual(assessmentRules({ ...oct, asOf: '2026-01-31' }), ['R-ASSESS-2']);
      assert.deepStrictEqual(assessmentRules({ ...oct, asOf: '2026-02-01' }), ['R-ASSESS-1']);
    });
  });

  describe('R-ASSESS-3: assessment in the last 3 months, or under 20 days in care', () => {
    // In care since 2025, so R-ASSESS-2 never applies here.
    const longStay = { accommodatedOn: '2025-01-01', returnedHomeOn: null };
    it('assessment exactly asOf − 3 months: R-ASSESS-3', () => {
      assert.deepStrictEqual(assessmentRules({ ...longStay, asOf: '2026-03-02', lastAssessmentCompletedOn: '2025-12-02' }), ['R-ASSESS-3']);
    });
    it('one day earlier: R-ASSESS-1', () => {
      assert.deepStrictEqual(assessmentRules({ ...longStay, asOf: '2026-03-02', lastAssessmentCompletedOn: '2025-12-01' }), ['R-ASSESS-1']);
    });
    it('on asOf itself: R-ASSESS-3', () => {
      assert.deepStrictEqual(assessmentRules({ ...longStay, asOf: '2026-03-02', lastAssessmentCompletedOn: '2026-03-02' }), ['R-ASSESS-3']);
    });
    it('clamps at the month end: asOf 31 May → window from 28 Feb', () => {
      assert.deepStrictEqual(assessmentRules({ ...longStay, asOf: '2026-05-31', lastAssessmentCompletedOn: '2026-02-28' }), ['R-ASSESS-3']);
      assert.deepStrictEqual(assessmentRules({ ...longStay, asOf: '2026-05-31', lastAssessmentCompletedOn: '2026-02-27' }), ['R-ASSESS-1']);
    });
    it('clamps at the month end in a leap year: asOf 31 May 2024 → window from 29 Feb', () => {
      const stay = { accommodatedOn: '2023-01-01', returnedHomeOn: null, asOf: '2024-05-31' };
      assert.deepStrictEqual(assessmentRules({ ...stay, lastAssessmentCompletedOn: '2024-02-29' }), ['R-ASSESS-3']);
      assert.deepStrictEqual(assessmentRules({ ...stay, lastAssessmentCompletedOn: '2024-02-28' }), ['R-ASSESS-1']);
    });
    it('the window runs back from asOf, not from the return home', () => {
      // Home 1 Dec 2025; asOf 2 Mar 2026 → window from 2 Dec 2025. From the return it would start 1 Sep 2025.
      const stay = { accommodatedOn: '2025-01-01', returnedHomeOn: '2025-12-01', asOf: '2026-03-02' };
      assert.deepStrictEqual(assessmentRules({ ...stay, lastAssessmentCompletedOn: '2025-10-01' }), ['R-ASSESS-1']);
      assert.deepStrictEqual(assessmentRules({ ...stay, lastAssessmentCompletedOn: '2025-12-02' }), ['R-ASSESS-3']);
    });
    it('no assessment: R-ASSESS-1 for a long stay', () => {
      assert.deepStrictEqual(assessmentRules({ ...longStay, asOf: '2026-03-02', lastAssessmentCompletedOn: null }), ['R-ASSESS-1']);
    });
    it('19 days in care: R-ASSESS-3 (with R-ASSESS-2, in id order); 20 days: R-ASSESS-2 alone', () => {
      const short = { accommodatedOn: '2026-01-01', asOf: '2026-03-02', lastAssessmentCompletedOn: null };
      assert.deepStrictEqual(assessmentRules({ ...short, returnedHomeOn: '2026-01-20' }), ['R-ASSESS-2', 'R-ASSESS-3']);
      assert.deepStrictEqual(assessmentRules({ ...short, returnedHomeOn: '2026-01-21' }), ['R-ASSESS-2']);
    });
    it('within three months and a recent assessment: both, in id order', () => {
      assert.deepStrictEqual(
        assessmentRules({ accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-27', asOf: '2026-03-02', lastAssessmentCompletedOn: '2026-01-20' }),
        ['R-ASSESS-2', 'R-ASSESS-3'],
      );
    });
  });

  describe('R-PLAN-2: Edge of Care for ages 8 to 17 inclusive', () => {
    // Not home: the age is taken on asOf, 2 Mar 2026.
    const cases: Array<[string, number, boolean]> = [
      ['2018-03-03', 7, false],
      ['2018-03-02', 8, true],
      ['2008-03-03', 17, true],
      ['2008-03-02', 18, false],
    ];
    for (const [dateOfBirth, age, eligible] of cases) {
      it(`born ${dateOfBirth}: aged ${age} → ${eligible ? 'eligible' : 'not eligible'}`, () => {
        const ruling = inScopeRuling({ dateOfBirth, accommodatedOn: '2026-01-05', asOf: '2026-03-02' });
        assert.equal(ruling.ageYears, age);
        assert.equal(ruling.edgeOfCareEligible, eligible);
      });
    }

    it('a baby accommodated at birth is not eligible', () => {
      const ruling = inScopeRuling({ dateOfBirth: '2026-01-05', accommodatedOn: '2026-01-05', asOf: '2026-03-02' });
      assert.equal(ruling.ageYears, 0);
      assert.equal(ruling.edgeOfCareEligible, false);
    });

    it('29 February birthdays: 8 on 29 Feb 2024; 18 on 1 Mar 2026', () => {
      assert.equal(inScopeRuling({ dateOfBirth: '2016-02-29', accommodatedOn: '2024-01-05', asOf: '2024-02-28' }).edgeOfCareEligible, false);
      assert.equal(inScopeRuling({ dateOfBirth: '2016-02-29', accommodatedOn: '2024-01-05', asOf: '2024-02-29' }).edgeOfCareEligible, true);
      assert.equal(inScopeRuling({ dateOfBirth: '2008-02-29', accommodatedOn: '2026-01-05', asOf: '2026-02-28' }).edgeOfCareEligible, true);
      assert.equal(inScopeRuling({ dateOfBirth: '2008-02-29', accommodatedOn: '2026-01-05', asOf: '2026-03-01' }).edgeOfCareEligible, false);
    });
  });

  describe('R-PLAN-5: planned return horizon of 16 weeks', () => {
    it('planned, reunification started 12 Jan 2026 → 4 May 2026 (112 days)', () => {
      assert.equal(inScopeRuling({ pathway: 'planned', reunificationStartedOn: '2026-01-12' }).plannedReturnHorizon, '2026-05-04');
    });
    it('counts 29 February: 1 Jan 2024 → 22 Apr 2024; 1 Jan 2025 → 23 Apr 2025', () => {
      assert.equal(inScopeRuling({ pathway: 'planned', reunificationStartedOn: '2024-01-01' }).plannedReturnHorizon, '2024-04-22');
      assert.equal(inScopeRuling({ pathway: 'planned', reunificationStartedOn: '2025-01-01' }).plannedReturnHorizon, '2025-04-23');
    });
    it('is given even when it has passed', () => {
      assert.equal(inScopeRuling({ pathway: 'planned', reunificationStartedOn: '2025-06-01', asOf: '2026-03-02' }).plannedReturnHorizon, '2025-09-21');
    });
    it('planned without a reunification date (absent or null): null', () => {
      assert.equal(inScopeRuling({ pathway: 'planned' }).plannedReturnHorizon, null);
      assert.equal(inScopeRuling({ pathway: 'planned', reunificationStartedOn: null }).plannedReturnHorizon, null);
    });
    it('unplanned: null even with a reunification date', () => {
      assert.equal(inScopeRuling({ pathway: 'unplanned', reunificationStartedOn: '2026-01-12' }).plannedReturnHorizon, null);
    });
  });

  describe('R-VISIT-1: a first visit within 3 days, then weekly check-ins for 4 weeks', () => {
    const visitCases: Array<[string, string, string[]]> = [
      ['2026-02-27', 'the contract example', ['2026-03-02', '2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27']],
      ['2024-02-26', 'across 29 February', ['2024-02-29', '2024-03-04', '2024-03-11', '2024-03-18', '2024-03-25']],
      ['2025-02-26', 'across February in a non-leap year', ['2025-03-01', '2025-03-05', '2025-03-12', '2025-03-19', '2025-03-26']],
      ['2025-12-29', 'across the year end', ['2026-01-01', '2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26']],
    ];
    for (const [returnedHomeOn, why, dues] of visitCases) {
      it(`home ${returnedHomeOn} (${why})`, () => {
        const ruling = inScopeRuling({ dateOfBirth: '2009-05-14', accommodatedOn: '2024-01-02', returnedHomeOn, asOf: '2026-03-02' });
        assert.deepStrictEqual(ruling.visits, [
          { kind: 'first-visit', due: dues[0] },
          { kind: 'weekly-check-in', due: dues[1] },
          { kind: 'weekly-check-in', due: dues[2] },
          { kind: 'weekly-check-in', due: dues[3] },
          { kind: 'weekly-check-in', due: dues[4] },
        ]);
      });
    }
    it('no visits while the child is not home', () => {
      assert.deepStrictEqual(inScopeRuling({ returnedHomeOn: null }).visits, []);
      assert.deepStrictEqual(inScopeRuling({ returnedHomeOn: null, pathway: 'planned', reunificationStartedOn: '2026-01-12' }).visits, []);
    });
  });

  describe('policy settings', () => {
    it('uses the visit offsets and horizon it is given', () => {
      const ruling = ruleOn(
        validFacts({ pathway: 'planned', reunificationStartedOn: '2026-01-12', returnedHomeOn: '2026-02-27' }),
        { visitOffsetsDays: [2, 9], plannedReturnHorizonDays: 7 },
      );
      assert.ok(ruling.inScope);
      assert.deepStrictEqual(ruling.visits, [
        { kind: 'first-visit', due: '2026-03-01' },
        { kind: 'weekly-check-in', due: '2026-03-08' },
      ]);
      assert.equal(ruling.plannedReturnHorizon, '2026-01-19');
    });
  });

  describe('the earliest accepted dates', () => {
    it('rules on a stay early in 1900, whose three-month windows reach back into 1899', () => {
      const ruling = inScopeRuling({
        dateOfBirth: '1900-01-01',
        accommodatedOn: '1900-02-15',
        previousEpisodeEndedOn: '1900-01-01',
        lastAssessmentCompletedOn: '1900-01-10',
        returnedHomeOn: null,
        asOf: '1900-03-01',
      });
      assert.equal(ruling.daysInCare, 14);
      assert.deepStrictEqual(ruling.directorSignOff.rules, ['R-SIGN-3']);
      assert.deepStrictEqual(ruling.assessment.rules, ['R-ASSESS-2', 'R-ASSESS-3']);
    });
  });

  describe('purity', () => {
    it('does not change the facts and gives the same ruling every time', () => {
      const facts = validFacts({ returnedHomeOn: '2026-02-27', previousEpisodeEndedOn: '2025-12-01', pathway: 'planned', reunificationStartedOn: '2026-01-12' });
      const copy = structuredClone(facts);
      const first = ruleOn(Object.freeze(facts));
      assert.deepStrictEqual(facts, copy);
      assert.deepStrictEqual(ruleOn(copy), first);
    });
  });
});
