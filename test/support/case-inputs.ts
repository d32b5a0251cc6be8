/** What the service-level tests send to start and prepare a case, where several send the same. */
import type { EventInput } from '../../src/cases/case-service';

/** A viable return-home assessment, stepping down to a family group conference. */
export const VIABLE_ASSESSMENT: EventInput = {
  type: 'AssessmentSubmitted',
  form: 's20-return-home-assessment',
  viable: true,
  riskAnalysis: 'Low risk with support.',
  safetyPlan: 'Daily contact with school.',
  stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the family network.' }],
  completedOn: '2026-03-02',
};

/** The same, on the child and family reassessment form. */
export const VIABLE_REASSESSMENT: EventInput = {
  type: 'AssessmentSubmitted',
  form: 'child-and-family-reassessment',
  viable: true,
  riskAnalysis: 'Low risk with support.',
  safetyPlan: 'Daily contact with school.',
  stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the family network.' }],
  completedOn: '2026-03-02',
};

/** The assessment form's fields as a social worker fills them in on the card for VIABLE_ASSESSMENT. */
export const VIABLE_ASSESSMENT_FORM = { form: 's20-return-home-assessment', viable: 'true', riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school.', stepdown: 'family-group-conference', purpose: 'Build the family network.', completedOn: '2026-03-02' };

/** In care since 5 November 2025, not home yet, no earlier assessment: the Director's sign-off is needed (R-SIGN-1). */
export const NOT_YET_HOME_FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2025-11-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };

/** The four preparation steps and a viable reassessment, in the fewest words: a case sent to the team manager. */
export const TO_THE_TEAM_MANAGER_BRIEFLY: readonly EventInput[] = [
  { type: 'ChildViewsRecorded', views: 'v' },
  { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
  { type: 'IroInformed' },
  { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
  { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
];
