/**
 * Every rule of the protocol, by id, with the plain-English statement the bot shows
 * and where it comes from (P:n = line n of the protocol text; F = the unplanned-return flowchart).
 * Mirrors docs/protocol/rules.md; a test checks that every id there is here and vice versa.
 */

export const RULES = {
  'R-SCOPE-1': { text: 'The protocol covers children looked after under section 20 (voluntary accommodation) of the Children Act 1989.', source: 'P:1, P:5' },
  'R-SCOPE-2': { text: 'Children on an Interim Care Order (s38) or a Care Order (s31) are outside this protocol: their return home is planned in court (Schedule 3 reports, Agency Decision Maker sign-off).', source: 'P:4' },
  'R-SCOPE-3': { text: 'A case starts as a planned or an unplanned return and may move from planned to unplanned; the move is recorded on the same case.', source: 'P:7, P:14' },
  'R-SIGN-1': { text: 'A child of 16 or 17 accommodated under S20 for 20 days or more may not be discharged without a decision by the Nominated Officer or Director.', source: 'P:17' },
  'R-SIGN-2': { text: 'Local policy: the same applies to every S20 child in care for 20 days or more who leaves care or whose parent withdraws consent.', source: 'P:18' },
  'R-SIGN-3': { text: 'It also applies to a child in care for less than 20 days who had another short episode of care within the previous three months.', source: 'P:18' },
  'R-SIGN-4': { text: 'The order is: updated assessment and plan, agreed by the team manager, with the IRO\'s view included, then the Head of Service\'s written agreement, then the Director\'s sign-off; only then is the care episode ended.', source: 'P:18, P:19, F' },
  'R-SIGN-5': { text: 'The assessment, plan and sign-off are done even if the child has already gone home; the Director\'s agreement is then retrospective.', source: 'P:18, P:31' },
  'R-SIGN-6': { text: 'Where no Director sign-off is required, the team manager and Head of Service still agree; Director sign-off is offered but not required (a policy setting).', source: 'P:18, F' },
  'R-ASSESS-1': { text: 'In care for more than three months: an updated Child & Family Reassessment, with an analysis of risk and a safety or stepdown plan.', source: 'P:19' },
  'R-ASSESS-2': { text: 'In care for three months or less: the Child & Family Reassessment or the shorter S20 Return Home Assessment form may be used.', source: 'P:19' },
  'R-ASSESS-3': { text: 'The S20 Return Home Assessment form may also be used when a Child & Family assessment was completed in the last 3 months, or the child has been in care for less than 20 days.', source: 'F' },
  'R-ASSESS-4': { text: 'The short form is offered when either R-ASSESS-2 or R-ASSESS-3 allows it; the rule that allowed it and the choice are recorded for the approvers.', source: 'P:19, F' },
  'R-UNPL-1': { text: 'Seek the child\'s views before they go home where it is the parent\'s decision; for 16 and 17 year olds, respect their rights without undermining parents.', source: 'F, P:5, P:20' },
  'R-UNPL-2': { text: 'Consider the immediate risk of the return: seek the team manager\'s or Head of Service\'s view on whether a Legal Planning Meeting or Initial Child Protection Conference is needed.', source: 'F' },
  'R-UNPL-3': { text: 'Inform the IRO, so they can decide whether to bring the review forward and consult the child.', source: 'F, P:20' },
  'R-UNPL-4': { text: 'Consult the parents (and the child where old enough to decide) to agree a planned return instead.', source: 'F' },
  'R-UNPL-5': { text: 'Complete the assessment on the allowed form.', source: 'F, P:19' },
  'R-UNPL-6': { text: 'Decide whether the return is viable or not viable.', source: 'F' },
  'R-UNPL-7': { text: 'Viable: the form, the IRO\'s views and the stepdown plan go to the Head of Service for written agreement, then to the Director for authorisation, then the care episode and the IRO\'s role end.', source: 'F' },
  'R-UNPL-8': { text: 'Not viable: tell the child, parents or carers and the IRO; book an ICPC where appropriate and a Legal Planning Meeting if necessary.', source: 'F' },
  'R-UNPL-9': { text: 'Stepdown plan: consider a CIN/TAC meeting, other support, a Family Group Conference, an Edge of Care referral, a trusted adult and direct work; record what each is meant to achieve.', source: 'F, P:19' },
  'R-UNPL-10': { text: 'Close with a reunification review meeting and a decision whether to continue CIN, CP, TAC or TAF.', source: 'F' },
  'R-PLAN-1': { text: 'A planned return follows the NSPCC reunification framework: is return safe enough, and what support makes it so.', source: 'P:8, P:9' },
  'R-PLAN-2': { text: 'Edge of Care supports children aged 8 to 17; otherwise, or if Edge of Care is not involved, consultation only.', source: 'P:9' },
  'R-PLAN-3': { text: 'When the framework is completed, the analytical chronology, themes and patterns document, risk classification meeting and co-produced return home plan are uploaded; then the updated assessment and the sign-off chain follow.', source: 'P:10' },
  'R-PLAN-4': { text: 'Edge of Care may instead give intensive support to an already-agreed return without the framework.', source: 'P:11' },
  'R-PLAN-5': { text: 'A planned return can take up to 16 weeks from referral; plans must allow for it.', source: 'P:11' },
  'R-PLAN-6': { text: 'The views of the child, parents, significant others and the IRO are taken into account and reflected in the plan.', source: 'P:3' },
  'R-VISIT-1': { text: 'A social work visit within 3 days of the child going home, then a weekly check-in for the next 4 weeks at least.', source: 'P:21, F' },
  'R-PLACE-1': { text: 'The placement is not ended without the Head of Service\'s consent; it stays open until their written confirmation is sent to the Children\'s Placement Team, then carers are given an end date.', source: 'P:22' },
  'R-PLACE-2': { text: 'The Director\'s agreement is uploaded to the child\'s record, and agencies involved are told the care episode has ended and what support plan is in place.', source: 'P:22' },
  'R-VOICE-1': { text: 'The child\'s wishes are heard and reflected; parents and others with parental responsibility are consulted and told of all decisions.', source: 'P:20' },
  'R-LETTER-1': { text: 'The social worker writes a short "Your time in our care" letter for the child.', source: 'P:23' },
} as const satisfies Record<string, { text: string; source: string }>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** Sorts rule ids in the order the catalogue lists them ("id order" in the ruling contract). */
export function inRuleOrder(ids: readonly RuleId[]): RuleId[] {
  return [...new Set(ids)].sort((a, b) => RULE_IDS.indexOf(a) - RULE_IDS.indexOf(b));
}

/** "text (R-ID, source)" — how the bot states a rule. */
export function citeRule(id: RuleId): string {
  return `${RULES[id].text} (${id}; ${RULES[id].source})`;
}
