/**
 * The ruling: what the protocol requires for one child, computed from validated facts.
 * Implements docs/protocol/ruling-contract.md exactly; the bot, the case workflow and
 * the `rules` command all call this one function.
 */
import { addDays, addMonths, CalendarDate, completedYears, daysBetween, isAfter, isOnOrAfter } from './calendar-date';
import type { Facts } from './facts';
import type { AssessmentForm } from './case-state';
import { inRuleOrder, RuleId } from './rule-catalogue';

export type VisitKind = 'first-visit' | 'weekly-check-in';

export interface VisitDue {
  kind: VisitKind;
  due: CalendarDate;
}

export interface InScopeRuling {
  inScope: true;
  daysInCare: number;
  ageYears: number;
  directorSignOff: { required: boolean; rules: RuleId[] };
  assessment: {
    form: 'child-and-family-reassessment';
    shortFormAllowed: boolean;
    rules: RuleId[];
  };
  edgeOfCareEligible: boolean;
  visits: VisitDue[];
  plannedReturnHorizon: CalendarDate | null;
}

export interface OutOfScopeRuling {
  inScope: false;
  reason: string;
  rules: ['R-SCOPE-2'];
}

export type Ruling = InScopeRuling | OutOfScopeRuling;

/** Policy settings the protocol leaves to the organisation (defaults are the protocol text). */
export interface RulingPolicy {
  /** R-VISIT-1: days after the return on which each visit is due. */
  visitOffsetsDays: readonly number[];
  /** R-PLAN-5: how long a planned return may take, in days from the referral. */
  plannedReturnHorizonDays: number;
}

export const DEFAULT_RULING_POLICY: RulingPolicy = {
  visitOffsetsDays: [3, 7, 14, 21, 28],
  plannedReturnHorizonDays: 16 * 7,
};

export const SIGN_OFF_THRESHOLD_DAYS = 20;
export const SHORT_STAY_MONTHS = 3;
export const EDGE_OF_CARE_AGES = { from: 8, to: 17 } as const;

const COURT_ROUTE: Record<'ICO' | 'CO', string> = {
  ICO: 'an Interim Care Order (section 38)',
  CO: 'a Care Order (section 31)',
};

export function outOfScopeReason(status: 'ICO' | 'CO'): string {
  return `This protocol covers only children accommodated under section 20. A child on ${COURT_ROUTE[status]} ` +
    'returns home through the court route: the plan is agreed in court, with the Director signing off the Schedule 3 report ' +
    'and the Agency Decision Maker authorising the final care plan (R-SCOPE-2).';
}

function directorSignOff(facts: Facts, daysInCare: number, ageYears: number): InScopeRuling['directorSignOff'] {
  const rules: RuleId[] = [];
  const longStay = daysInCare >= SIGN_OFF_THRESHOLD_DAYS;
  if (longStay && (ageYears === 16 || ageYears === 17)) rules.push('R-SIGN-1');
  if (longStay) rules.push('R-SIGN-2');
  const recentEpisode =
    facts.previousEpisodeEndedOn !== null &&
    isOnOrAfter(facts.previousEpisodeEndedOn, addMonths(facts.accommodatedOn, -SHORT_STAY_MONTHS));
  if (!longStay && recentEpisode) rules.push('R-SIGN-3');
  return { required: rules.length > 0, rules: inRuleOrder(rules) };
}

function assessment(facts: Facts, endDate: CalendarDate, daysInCare: number): InScopeRuling['assessment'] {
  const rules: RuleId[] = [];
  const threeMonthsOrLess = !isAfter(endDate, addMonths(facts.accommodatedOn, SHORT_STAY_MONTHS));
  if (threeMonthsOrLess) rules.push('R-ASSESS-2');
  const recentAssessment =
    facts.lastAssessmentCompletedOn !== null &&
    isOnOrAfter(facts.lastAssessmentCompletedOn, addMonths(facts.asOf, -SHORT_STAY_MONTHS));
  if (recentAssessment || daysInCare < SIGN_OFF_THRESHOLD_DAYS) rules.push('R-ASSESS-3');
  const shortFormAllowed = rules.length > 0;
  return {
    form: 'child-and-family-reassessment',
    shortFormAllowed,
    rules: shortFormAllowed ? inRuleOrder(rules) : ['R-ASSESS-1'],
  };
}

/**
 * The rules that allow the form submitted: the short form, those that allowed it (R-ASSESS-4), or
 * none if none does now; the full reassessment, R-ASSESS-2 for three months in care or less (either
 * form may be presented), else R-ASSESS-1 (it is the form for a longer stay).
 */
export function formRulesFor(form: AssessmentForm, ruling: InScopeRuling): RuleId[] {
  if (form === 's20-return-home-assessment') return ruling.assessment.shortFormAllowed ? ruling.assessment.rules : [];
  return ruling.assessment.rules.includes('R-ASSESS-2') ? ['R-ASSESS-2'] : ['R-ASSESS-1'];
}

function visits(facts: Facts, policy: RulingPolicy): VisitDue[] {
  if (facts.returnedHomeOn === null) return [];
  const home = facts.returnedHomeOn;
  return policy.visitOffsetsDays.map((offset, index) => ({
    kind: index === 0 ? 'first-visit' : 'weekly-check-in',
    due: addDays(home, offset),
  }));
}

/**
 * Of the ruling for facts in scope (S20), only the days in care and the Director sign-off, as
 * ruleOn gives them: all a case's SharePoint record shows of it, and that record goes with every
 * change to a case (thousands in a sweep of due deadlines).
 */
export function careDaysAndSignOff(facts: Facts): Pick<InScopeRuling, 'daysInCare' | 'ageYears' | 'directorSignOff'> {
  const endDate = facts.returnedHomeOn ?? facts.asOf;
  const daysInCare = daysBetween(facts.accommodatedOn, endDate);
  const ageYears = completedYears(facts.dateOfBirth, endDate);
  return { daysInCare, ageYears, directorSignOff: directorSignOff(facts, daysInCare, ageYears) };
}

/** The ruling for validated facts (see parseFacts). Pure: the same facts always give the same ruling. */
export function ruleOn(facts: Facts, policy: RulingPolicy = DEFAULT_RULING_POLICY): Ruling {
  if (facts.legalStatus !== 'S20') {
    return { inScope: false, reason: outOfScopeReason(facts.legalStatus), rules: ['R-SCOPE-2'] };
  }
  const endDate = facts.returnedHomeOn ?? facts.asOf;
  const { daysInCare, ageYears, directorSignOff } = careDaysAndSignOff(facts);
  return {
    inScope: true,
    daysInCare,
    ageYears,
    directorSignOff,
    assessment: assessment(facts, endDate, daysInCare),
    edgeOfCareEligible: ageYears >= EDGE_OF_CARE_AGES.from && ageYears <= EDGE_OF_CARE_AGES.to,
    visits: visits(facts, policy),
    plannedReturnHorizon:
      facts.pathway === 'planned' && facts.reunificationStartedOn != null
        ? addDays(facts.reunificationStartedOn, policy.plannedReturnHorizonDays)
        : null,
  };
}
