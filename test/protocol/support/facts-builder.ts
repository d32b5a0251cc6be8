/** Valid facts for tests: one S20 child, overridden field by field, always passed through parseFacts. */
import { describeFactsProblems, Facts, InScopeRuling, parseFacts, ruleOn } from '../../../src/protocol';

/** A distinctive date of birth, so a test can prove it never appears in a message. */
export const SECRET_DATE_OF_BIRTH = '2009-05-14';

export function baseFacts(): Record<string, unknown> {
  return {
    asOf: '2026-03-02',
    legalStatus: 'S20',
    dateOfBirth: SECRET_DATE_OF_BIRTH,
    accommodatedOn: '2026-01-05',
    previousEpisodeEndedOn: null,
    lastAssessmentCompletedOn: null,
    pathway: 'unplanned',
    returnedHomeOn: null,
  };
}

/** Raw facts (unvalidated), e.g. to feed parseFacts a bad value. `undefined` removes a field. */
export function rawFacts(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const facts: Record<string, unknown> = { ...baseFacts(), ...overrides };
  for (const [key, value] of Object.entries(facts)) if (value === undefined) delete facts[key];
  return facts;
}

/** Validated facts; a test whose own input is invalid fails loudly here rather than passing by accident. */
export function validFacts(overrides: Record<string, unknown> = {}): Facts {
  const parsed = parseFacts(rawFacts(overrides));
  if (!parsed.ok) throw new Error(`test facts are invalid: ${describeFactsProblems(parsed.problems)}`);
  return parsed.facts;
}

/** The ruling for valid S20 facts, narrowed to the in-scope shape. */
export function inScopeRuling(overrides: Record<string, unknown> = {}): InScopeRuling {
  const ruling = ruleOn(validFacts(overrides));
  if (!ruling.inScope) throw new Error('expected an in-scope ruling');
  return ruling;
}
