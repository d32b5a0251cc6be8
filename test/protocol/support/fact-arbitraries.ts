/**
 * fast-check generators of facts that satisfy the contract's ordering rules.
 * Dates are made with JavaScript's Date (UTC), not with the code under test, so a bug in
 * calendar-date.ts cannot hide itself by also shaping the test data.
 */
import fc from 'fast-check';

const DAY_MS = 86_400_000;

export function isoDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function dayNumberOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** Raw, valid facts: dateOfBirth ≤ accommodatedOn ≤ returnedHomeOn ≤ asOf; previous episode before accommodatedOn; reunification ≤ asOf. */
export interface GeneratedFacts {
  asOf: string;
  legalStatus: 'S20' | 'ICO' | 'CO';
  dateOfBirth: string;
  accommodatedOn: string;
  previousEpisodeEndedOn: string | null;
  lastAssessmentCompletedOn: string | null;
  pathway: 'planned' | 'unplanned';
  returnedHomeOn: string | null;
  reunificationStartedOn?: string | null;
}

// From 1905 so dates counted back from accommodatedOn or asOf (up to 800 days) stay in the accepted range.
const FIRST_BIRTH = dayNumberOf('1905-01-01');
const LAST_BIRTH = dayNumberOf('2150-12-31');

/** Days, weighted towards the boundaries that matter: 19/20 days, and about three months (89–92 days). */
const stayDays = fc.oneof(
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 84, max: 96 }),
  fc.integer({ min: 0, max: 2_000 }),
);

const daysBack = fc.oneof(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 84, max: 96 }), fc.integer({ min: 1, max: 800 }));

export function factsArbitrary(legalStatus: fc.Arbitrary<GeneratedFacts['legalStatus']> = fc.constant('S20')): fc.Arbitrary<GeneratedFacts> {
  return fc
    .record({
      legalStatus,
      birth: fc.integer({ min: FIRST_BIRTH, max: LAST_BIRTH }),
      // Up to 25 years old, weighted towards the 15–18 birthdays that R-SIGN-1 and Edge of Care turn on.
      ageAtAccommodation: fc.oneof(fc.integer({ min: 0, max: 25 * 366 }), fc.integer({ min: 15 * 365, max: 19 * 366 })),
      stay: stayDays,
      home: fc.boolean(),
      sinceEnd: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 })),
      previousBack: fc.option(daysBack, { nil: null }),
      // Negative: an assessment dated after asOf, which the contract does not forbid.
      assessmentBack: fc.option(fc.oneof(daysBack, fc.integer({ min: -30, max: 0 })), { nil: null }),
      pathway: fc.constantFrom('planned' as const, 'unplanned' as const),
      reunificationBack: fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: 0, max: 400 })),
    })
    .map((g) => {
      const accommodated = g.birth + g.ageAtAccommodation;
      const end = accommodated + g.stay;
      const asOf = end + (g.home ? g.sinceEnd : 0);
      const facts: GeneratedFacts = {
        asOf: isoDate(asOf),
        legalStatus: g.legalStatus,
        dateOfBirth: isoDate(g.birth),
        accommodatedOn: isoDate(accommodated),
        previousEpisodeEndedOn: g.previousBack === null ? null : isoDate(accommodated - g.previousBack),
        lastAssessmentCompletedOn: g.assessmentBack === null ? null : isoDate(asOf - g.assessmentBack),
        pathway: g.pathway,
        returnedHomeOn: g.home ? isoDate(end) : null,
      };
      if (g.reunificationBack !== undefined) {
        facts.reunificationStartedOn = g.reunificationBack === null ? null : isoDate(asOf - g.reunificationBack);
      }
      return facts;
    });
}
