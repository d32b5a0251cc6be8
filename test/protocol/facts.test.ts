import assert from 'node:assert/strict';
import { describeFactsProblems, FactsProblem, parseFacts } from '../../src/protocol/facts';
import { baseFacts, rawFacts, SECRET_DATE_OF_BIRTH } from './support/facts-builder';

const DATE_FIELDS = ['asOf', 'dateOfBirth', 'accommodatedOn', 'previousEpisodeEndedOn', 'lastAssessmentCompletedOn', 'returnedHomeOn', 'reunificationStartedOn'] as const;
const REQUIRED_FIELDS = ['asOf', 'legalStatus', 'dateOfBirth', 'accommodatedOn', 'previousEpisodeEndedOn', 'lastAssessmentCompletedOn', 'pathway', 'returnedHomeOn'] as const;

/** The problems for invalid input, failing the test if the input was accepted. */
function problemsOf(input: unknown): FactsProblem[] {
  const result = parseFacts(input);
  if (result.ok) assert.fail(`expected ${JSON.stringify(input)} to be refused`);
  assert.ok(result.problems.length > 0, 'refused with no problem named');
  return result.problems;
}

/**
 * Refused, naming `field` both as the problem's field and in the one-line message,
 * and never echoing the date of birth (the child's data) in it.
 */
function assertRefusedNaming(input: unknown, field: string, alsoNamed: readonly string[] = []): string {
  const problems = problemsOf(input);
  const problem = problems.find((p) => p.field === field);
  assert.ok(problem, `no problem for ${field}: ${JSON.stringify(problems)}`);
  assert.match(problem.message, new RegExp(`\\b${field}\\b`));
  for (const other of alsoNamed) assert.match(problem.message, new RegExp(`\\b${other}\\b`));
  const line = describeFactsProblems(problems);
  assert.match(line, new RegExp(`\\b${field}\\b`));
  assert.doesNotMatch(line, /[\r\n]/, 'the message must be one line');
  assertNoDateOfBirth(line, input);
  return line;
}

function assertNoDateOfBirth(line: string, input: unknown): void {
  assert.ok(!line.includes(SECRET_DATE_OF_BIRTH), `the date of birth leaked: ${line}`);
  if (typeof input === 'object' && input !== null && 'dateOfBirth' in input) {
    const dob = (input as { dateOfBirth: unknown }).dateOfBirth;
    if (typeof dob === 'string' && dob.length > 0) assert.ok(!line.includes(dob), `the date of birth leaked: ${line}`);
  }
}

describe('facts', () => {
  describe('valid facts', () => {
    it('accepts the contract example and returns it unchanged', () => {
      const input = {
        asOf: '2026-03-02',
        legalStatus: 'S20',
        dateOfBirth: '2009-05-14',
        accommodatedOn: '2026-01-05',
        previousEpisodeEndedOn: null,
        lastAssessmentCompletedOn: '2025-12-01',
        pathway: 'unplanned',
        returnedHomeOn: '2026-02-27',
      };
      const result = parseFacts(input);
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.facts, input);
    });

    it('accepts every legal status and pathway', () => {
      for (const legalStatus of ['S20', 'ICO', 'CO']) {
        for (const pathway of ['planned', 'unplanned']) {
          assert.ok(parseFacts(rawFacts({ legalStatus, pathway })).ok, `${legalStatus} ${pathway}`);
        }
      }
    });

    it('takes reunificationStartedOn as optional: absent, null or a date', () => {
      assert.ok(parseFacts(rawFacts()).ok);
      assert.ok(parseFacts(rawFacts({ reunificationStartedOn: null })).ok);
      const withDate = parseFacts(rawFacts({ pathway: 'planned', reunificationStartedOn: '2026-01-12' }));
      assert.ok(withDate.ok);
      assert.equal(withDate.facts.reunificationStartedOn, '2026-01-12');
    });

    it('accepts every date at its ordering boundary (equal dates are allowed where the contract says "after")', () => {
      const facts = rawFacts({
        asOf: '2026-03-02',
        dateOfBirth: '2026-03-02',
        accommodatedOn: '2026-03-02',
        returnedHomeOn: '2026-03-02',
        previousEpisodeEndedOn: '2026-03-01',
        reunificationStartedOn: '2026-03-02',
        lastAssessmentCompletedOn: '2026-03-02',
      });
      const result = parseFacts(facts);
      assert.ok(result.ok, JSON.stringify(result));
    });

    it('does not require an order the contract does not state (assessment after asOf, reunification before accommodation)', () => {
      assert.ok(parseFacts(rawFacts({ lastAssessmentCompletedOn: '2026-04-01' })).ok);
      assert.ok(parseFacts(rawFacts({ pathway: 'planned', reunificationStartedOn: '2025-06-01' })).ok);
    });

    it('does not change its input', () => {
      const input = rawFacts({ returnedHomeOn: '2026-02-27' });
      const copy = structuredClone(input);
      parseFacts(Object.freeze(input));
      assert.deepEqual(input, copy);
    });
  });

  describe('not an object', () => {
    for (const input of [null, [], ['2026-03-02'], 'S20', 42, true, undefined]) {
      it(`refuses ${JSON.stringify(input) ?? 'undefined'}`, () => {
        const problems = problemsOf(input);
        const line = describeFactsProblems(problems);
        assert.equal(problems[0]?.field, '(facts)');
        assert.match(line, /must be a JSON object/);
        assert.doesNotMatch(line, /[\r\n]/);
      });
    }
  });

  describe('unknown fields', () => {
    it('names an unknown field and does not echo its value', () => {
      const line = assertRefusedNaming(rawFacts({ childName: 'Amelia Pond' }), 'childName');
      assert.match(line, /unknown field childName/);
      assert.ok(!line.includes('Amelia'), line);
    });

    it('names every unknown field, including a misspelt known one', () => {
      const problems = problemsOf(rawFacts({ returnedHome: '2026-02-27', nhsNumber: '123' }));
      const line = describeFactsProblems(problems);
      assert.match(line, /returnedHome\b/);
      assert.match(line, /nhsNumber/);
    });

    it('refuses a __proto__ key from JSON rather than letting it through', () => {
      const input: unknown = JSON.parse(JSON.stringify(baseFacts()).replace('{', '{"__proto__":{"polluted":true},'));
      assertRefusedNaming(input, '__proto__');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('keeps the message on one line when a field name holds a line break', () => {
      const line = describeFactsProblems(problemsOf(rawFacts({ 'bad\nkey': 1 })));
      assert.doesNotMatch(line, /[\r\n]/);
      assert.match(line, /bad\\nkey/);
    });
  });

  describe('missing required fields', () => {
    for (const field of REQUIRED_FIELDS) {
      it(`refuses facts without ${field}`, () => {
        const line = assertRefusedNaming(rawFacts({ [field]: undefined }), field);
        assert.match(line, new RegExp(`${field} is required`));
      });
    }
  });

  describe('malformed and impossible dates', () => {
    const badDates: Array<[unknown, string]> = [
      ['2026-3-1', 'unpadded'],
      ['01/03/2026', 'day/month/year'],
      ['2026/03/01', 'slashes'],
      ['2026-03-01T00:00:00Z', 'a timestamp'],
      ['', 'empty'],
      [20260301, 'a number'],
      [true, 'a boolean'],
      [{ year: 2026, month: 3, day: 1 }, 'an object'],
      ['2026-02-30', '30 February'],
      ['2025-02-29', '29 February in a non-leap year'],
      ['2026-04-31', '31 April'],
      ['2026-13-01', 'month 13'],
      ['1899-12-31', 'before 1900'],
    ];
    for (const field of DATE_FIELDS) {
      for (const [value, why] of badDates) {
        it(`refuses ${field} = ${JSON.stringify(value)} (${why})`, () => {
          const line = assertRefusedNaming(rawFacts({ pathway: 'planned', [field]: value }), field);
          assert.match(line, /YYYY-MM-DD/);
          if (typeof value === 'string' && value.length > 0 && field === 'dateOfBirth') assert.ok(!line.includes(value));
        });
      }
    }

    for (const field of ['asOf', 'dateOfBirth', 'accommodatedOn'] as const) {
      it(`refuses null for the required date ${field}`, () => {
        assertRefusedNaming(rawFacts({ [field]: null }), field);
      });
    }
  });

  describe('wrong enum values', () => {
    for (const value of ['s20', 'Section 20', 'EPO', '', 20, null]) {
      it(`refuses legalStatus ${JSON.stringify(value)}`, () => {
        const line = assertRefusedNaming(rawFacts({ legalStatus: value }), 'legalStatus');
        assert.match(line, /S20, ICO or CO/);
      });
    }
    for (const value of ['Planned', 'emergency', '', 1, null]) {
      it(`refuses pathway ${JSON.stringify(value)}`, () => {
        const line = assertRefusedNaming(rawFacts({ pathway: value }), 'pathway');
        assert.match(line, /planned or unplanned/);
      });
    }
  });

  describe('dates out of order', () => {
    it('refuses accommodatedOn after asOf (one day after; the same day is fine)', () => {
      assertRefusedNaming(rawFacts({ asOf: '2026-03-02', accommodatedOn: '2026-03-03', dateOfBirth: '2009-05-14' }), 'accommodatedOn', ['asOf']);
      assert.ok(parseFacts(rawFacts({ asOf: '2026-03-02', accommodatedOn: '2026-03-02' })).ok);
    });

    it('refuses accommodatedOn after returnedHomeOn (one day after; the same day is fine)', () => {
      assertRefusedNaming(rawFacts({ accommodatedOn: '2026-01-05', returnedHomeOn: '2026-01-04' }), 'accommodatedOn', ['returnedHomeOn']);
      assert.ok(parseFacts(rawFacts({ accommodatedOn: '2026-01-05', returnedHomeOn: '2026-01-05' })).ok);
    });

    it('refuses dateOfBirth after accommodatedOn without printing the date of birth', () => {
      const line = assertRefusedNaming(rawFacts({ accommodatedOn: '2026-01-05', dateOfBirth: '2026-01-06' }), 'dateOfBirth', ['accommodatedOn']);
      assert.ok(!line.includes('2026-01-06'), line);
      assert.ok(parseFacts(rawFacts({ accommodatedOn: '2026-01-05', dateOfBirth: '2026-01-05' })).ok);
    });

    it('refuses returnedHomeOn after asOf (one day after; the same day is fine)', () => {
      assertRefusedNaming(rawFacts({ asOf: '2026-03-02', returnedHomeOn: '2026-03-03' }), 'returnedHomeOn', ['asOf']);
      assert.ok(parseFacts(rawFacts({ asOf: '2026-03-02', returnedHomeOn: '2026-03-02' })).ok);
    });

    it('refuses previousEpisodeEndedOn on or after accommodatedOn (the day before is fine)', () => {
      assertRefusedNaming(rawFacts({ accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '2026-01-05' }), 'previousEpisodeEndedOn', ['accommodatedOn']);
      assertRefusedNaming(rawFacts({ accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '2026-01-06' }), 'previousEpisodeEndedOn', ['accommodatedOn']);
      assert.ok(parseFacts(rawFacts({ accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '2026-01-04' })).ok);
    });

    it('refuses reunificationStartedOn after asOf (the same day is fine)', () => {
      assertRefusedNaming(rawFacts({ pathway: 'planned', asOf: '2026-03-02', reunificationStartedOn: '2026-03-03' }), 'reunificationStartedOn', ['asOf']);
      assert.ok(parseFacts(rawFacts({ pathway: 'planned', asOf: '2026-03-02', reunificationStartedOn: '2026-03-02' })).ok);
    });

    it('checks the order for out-of-scope children too', () => {
      assertRefusedNaming(rawFacts({ legalStatus: 'CO', accommodatedOn: '2026-01-05', returnedHomeOn: '2025-12-25' }), 'accommodatedOn', ['returnedHomeOn']);
    });

    it('names every problem at once, in one line', () => {
      const problems = problemsOf(rawFacts({
        asOf: '2026-03-02',
        accommodatedOn: '2026-03-10',
        returnedHomeOn: '2026-03-05',
        previousEpisodeEndedOn: '2026-03-10',
        dateOfBirth: '2026-03-11',
      }));
      assert.deepEqual(
        problems.map((p) => p.field).sort(),
        ['accommodatedOn', 'accommodatedOn', 'dateOfBirth', 'previousEpisodeEndedOn', 'returnedHomeOn'],
      );
      const line = describeFactsProblems(problems);
      assert.doesNotMatch(line, /[\r\n]/);
      assert.ok(!line.includes('2026-03-11'), 'the date of birth leaked');
    });

    it('reports a bad shape before checking the order (no crash on half-valid facts)', () => {
      const problems = problemsOf(rawFacts({ asOf: '2026-02-30', accommodatedOn: '2026-03-10' }));
      assert.deepEqual(problems.map((p) => p.field), ['asOf']);
    });
  });

  describe('describeFactsProblems', () => {
    it('starts with "Invalid facts:" and joins the messages with semicolons', () => {
      assert.equal(
        describeFactsProblems([{ field: 'a', message: 'a is wrong' }, { field: 'b', message: 'b is wrong' }]),
        'Invalid facts: a is wrong; b is wrong',
      );
    });
  });
});
