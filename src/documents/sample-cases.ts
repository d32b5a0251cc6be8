/**
 * Made-up cases that reach every document of the case file, built by running the protocol's own
 * transitions event by event (as the case service does): an unplanned return agreed through to a
 * Director's deputy (retrospective, the child already home), a planned return through the NSPCC
 * framework whose first assessment was sent back, and an unplanned return found not viable.
 * For `npm run documents:sample` and the document tests. Staff names are fictional; no child is named.
 */
import {
  DEFAULT_CASE_POLICY,
  openCase,
  parseFacts,
  transition,
  type Actor,
  type CalendarDate,
  type CaseEvent,
  type CaseState,
  type Now,
} from '../protocol';

const person = (id: string, name: string, role: Actor['role'], onBehalfOf?: { id: string; name: string }): Actor => ({ id, name, role, ...(onBehalfOf ? { onBehalfOf } : {}) });

export const SAMPLE_PEOPLE = {
  socialWorker: person('00000000-0000-0000-0000-0000000000020', 'Alex Wilber', 'social-worker'),
  teamManager: person('00000000-0000-0000-0000-0000000000021', 'Megan Bowen', 'team-manager'),
  headOfService: person('00000000-0000-0000-0000-0000000000022', 'Adele Vance', 'head-of-service'),
  director: person('00000000-0000-0000-0000-0000000000023', 'Isaiah Langer', 'director'),
  deputyDirector: person('00000000-0000-0000-0000-0000000000026', 'Grady Archie', 'director', { id: '00000000-0000-0000-0000-0000000000023', name: 'Isaiah Langer' }),
  iro: person('00000000-0000-0000-0000-0000000000024', 'Patti Fernandez', 'iro'),
};

/** One sample case: the state after each accepted event, oldest first (the first is the case as opened). */
export interface SampleCase {
  name: string;
  states: CaseState[];
}

function at(day: CalendarDate, hour = 10): Now {
  return { at: `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`, today: day };
}

type Step = { on: CalendarDate; event: CaseEvent | ((state: CaseState) => CaseEvent) };

function run(caseId: string, ref: string, facts: Record<string, unknown>, trigger: CaseState['trigger'], opened: CalendarDate, steps: Step[]): CaseState[] {
  const parsed = parseFacts({ asOf: opened, ...facts });
  if (!parsed.ok) throw new Error(`sample case ${ref}: its facts are invalid`);
  const first = openCase({ caseId, ref, facts: parsed.facts, trigger, actor: SAMPLE_PEOPLE.socialWorker, iro: { id: SAMPLE_PEOPLE.iro.id, name: SAMPLE_PEOPLE.iro.name } }, at(opened, 9), DEFAULT_CASE_POLICY);
  if (!first.ok) throw new Error(`sample case ${ref} was refused: ${first.refusal.code}`);
  const states = [first.state];
  for (const step of steps) {
    const current = states[states.length - 1]!;
    const event = typeof step.event === 'function' ? step.event(current) : step.event;
    const result = transition(current, event, at(step.on), DEFAULT_CASE_POLICY);
    if (!result.ok) throw new Error(`sample case ${ref}: ${event.type} was refused: ${result.refusal.code} ${result.refusal.message}`);
    states.push(result.state);
  }
  return states;
}

/** The undecided request of a stage, as the approver's card would name it. */
function decide(stage: string, actor: Actor, outcome: 'approve' | 'request-changes' | 'reject' = 'approve', comment: string | null = null) {
  return (state: CaseState): CaseEvent => {
    const approval = state.approvals.find((a) => a.stage === stage && !a.decision && !a.cancelledAt);
    if (!approval) throw new Error(`sample case ${state.ref}: no ${stage} request waiting`);
    return { type: 'DecisionGiven', actor, approvalId: approval.approvalId, outcome, comment };
  };
}

const sw = SAMPLE_PEOPLE.socialWorker;

const ASSESSMENT = {
  type: 'AssessmentSubmitted' as const,
  actor: sw,
  form: 's20-return-home-assessment' as const,
  viable: true,
  riskAnalysis: 'Mother has engaged with parenting support since January; the risk of neglect is reduced but not gone. School attendance is the early warning sign.',
  safetyPlan: 'Daily contact with school for four weeks; weekly visits; grandmother available at short notice; the young person has the duty number.',
  stepdownPlan: [
    { option: 'cin-tac-meeting' as const, purpose: 'Agree who supports the family week by week, reviewed monthly' },
    { option: 'trusted-adult' as const, purpose: 'Grandmother: someone the young person can call at any time' },
    { option: 'family-group-conference' as const, purpose: 'Plan family support for weekends and holidays' },
  ],
};

export function sampleCases(): SampleCase[] {
  const unplanned = run('sample-unplanned', 'MOS-1042', {
    legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27',
  }, 'consent-withdrawn', '2026-03-02', [
    { on: '2026-03-02', event: { type: 'ChildViewsRecorded', actor: sw, views: 'Wants to be at home with mum and keep going to the same school.' } },
    { on: '2026-03-02', event: { type: 'ImmediateRiskConsidered', actor: sw, summary: 'No immediate risk identified at the home visit.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false } },
    { on: '2026-03-02', event: { type: 'IroInformed', actor: sw } },
    { on: '2026-03-02', event: { type: 'ParentsConsulted', actor: sw, views: 'Mother wants her home and will work with the plan.', plannedReturnAgreed: false } },
    { on: '2026-03-03', event: { ...ASSESSMENT, completedOn: '2026-03-03' } },
    { on: '2026-03-04', event: decide('team-manager', SAMPLE_PEOPLE.teamManager, 'approve', 'Plan is proportionate.') },
    { on: '2026-03-04', event: { type: 'IroViewRecorded', actor: SAMPLE_PEOPLE.iro, view: 'Supports the return home with the stepdown plan; review brought forward.', reviewBroughtForward: true } },
    { on: '2026-03-05', event: decide('head-of-service', SAMPLE_PEOPLE.headOfService, 'approve', 'Agreed: keep the school link daily for the first month.') },
    { on: '2026-03-06', event: decide('director', SAMPLE_PEOPLE.deputyDirector, 'approve', null) },
    { on: '2026-03-06', event: { type: 'PlacementEndRequested', actor: sw, proposedEndDate: '2026-03-13' } },
    { on: '2026-03-09', event: decide('placement-end', SAMPLE_PEOPLE.headOfService) },
    { on: '2026-03-09', event: { type: 'CareEpisodeEnded', actor: sw, directorAgreementUploaded: true, agenciesInformed: true, familyInformed: true } },
    { on: '2026-03-13', event: { type: 'PlacementEnded', actor: sw, endDate: '2026-03-13', carersToldOn: '2026-03-09' } },
    {
      on: '2026-03-16',
      event: {
        type: 'LetterWritten', actor: sw, writtenOn: '2026-03-16',
        contributions: {
          iro: 'I was glad to meet you and to hear what you wanted. You were brave to say it.',
          carer: { name: 'Jo Carter (foster carer)', email: 'jo.carter@example.org', text: 'It was lovely having you with us. Good luck with your exams.' },
          parents: 'We are proud of you and glad you are home.',
        },
      },
    },
  ]);
  const planned = run('sample-planned', 'MOS-2077', {
    legalStatus: 'S20', dateOfBirth: '2017-09-02', accommodatedOn: '2025-10-06', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'planned', returnedHomeOn: null,
  }, null, '2026-01-12', [
    { on: '2026-01-12', event: { type: 'ReunificationStarted', actor: sw, startedOn: '2026-01-12', edgeOfCare: 'framework' } },
    { on: '2026-01-26', event: { type: 'FrameworkEvidenceUploaded', actor: sw, evidence: 'analytical-chronology', url: 'https://mossbank.sharepoint.com/sites/childrens/Reunification/MOS-2077/chronology.docx' } },
    { on: '2026-02-02', event: { type: 'FrameworkEvidenceUploaded', actor: sw, evidence: 'themes-and-patterns', url: 'https://mossbank.sharepoint.com/sites/childrens/Reunification/MOS-2077/themes.docx' } },
    { on: '2026-02-09', event: { type: 'FrameworkEvidenceUploaded', actor: sw, evidence: 'risk-classification-meeting', url: 'https://mossbank.sharepoint.com/sites/childrens/Reunification/MOS-2077/risk-classification.docx' } },
    { on: '2026-02-16', event: { type: 'FrameworkEvidenceUploaded', actor: sw, evidence: 'return-home-plan', url: 'https://mossbank.sharepoint.com/sites/childrens/Reunification/MOS-2077/return-home-plan.docx' } },
    { on: '2026-02-16', event: { type: 'ChildViewsRecorded', actor: sw, views: 'Misses home and the dog; wants to go back to the old school.' } },
    { on: '2026-02-16', event: { type: 'ParentsConsulted', actor: sw, views: 'Both parents agree the plan and the support.', plannedReturnAgreed: true } },
    { on: '2026-02-16', event: { type: 'IroInformed', actor: sw } },
    { on: '2026-02-17', event: { ...ASSESSMENT, form: 'child-and-family-reassessment', completedOn: '2026-02-17' } },
    { on: '2026-02-18', event: decide('team-manager', SAMPLE_PEOPLE.teamManager, 'request-changes', 'Say who covers weekends in the safety plan.') },
    { on: '2026-02-19', event: { ...ASSESSMENT, form: 'child-and-family-reassessment', completedOn: '2026-02-19', safetyPlan: `${ASSESSMENT.safetyPlan} Weekends: grandmother, with the out-of-hours team as back-up.` } },
    { on: '2026-02-20', event: decide('team-manager', SAMPLE_PEOPLE.teamManager) },
    { on: '2026-02-20', event: { type: 'IroViewRecorded', actor: SAMPLE_PEOPLE.iro, view: 'Supports the planned return; the framework evidence is thorough.', reviewBroughtForward: false } },
    { on: '2026-02-23', event: decide('head-of-service', SAMPLE_PEOPLE.headOfService) },
    { on: '2026-02-24', event: decide('director', SAMPLE_PEOPLE.director) },
    { on: '2026-02-27', event: { type: 'ChildReturnedHome', actor: sw, on: '2026-02-27' } },
    { on: '2026-03-02', event: { type: 'LetterWritten', actor: sw, writtenOn: '2026-03-02' } },
  ]);
  const notViable = run('sample-not-viable', 'MOS-3105', {
    legalStatus: 'S20', dateOfBirth: '2012-11-20', accommodatedOn: '2026-02-02', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null,
  }, 'consent-withdrawn', '2026-03-02', [
    { on: '2026-03-02', event: { type: 'ChildViewsRecorded', actor: sw, views: 'Worried about going home; wants to stay with the carers for now.' } },
    { on: '2026-03-02', event: { type: 'ImmediateRiskConsidered', actor: sw, summary: 'Risk of harm from a new partner in the home.', consulted: 'head-of-service', legalPlanningMeetingNeeded: true, childProtectionConferenceNeeded: true } },
    { on: '2026-03-02', event: { type: 'RiskViewGiven', actor: SAMPLE_PEOPLE.headOfService, legalPlanningMeetingNeeded: true, childProtectionConferenceNeeded: true, view: 'Both are needed: the risk from the new partner is high.' } },
    { on: '2026-03-02', event: { type: 'IroInformed', actor: sw } },
    { on: '2026-03-02', event: { type: 'ParentsConsulted', actor: sw, views: 'Father wants the child home at once.', plannedReturnAgreed: false } },
    { on: '2026-03-03', event: { ...ASSESSMENT, viable: false, completedOn: '2026-03-03', riskAnalysis: 'A new partner with convictions for violence lives in the home; the parent does not accept the risk.' } },
    { on: '2026-03-04', event: { type: 'NotViableActionsRecorded', actor: sw, childAndParentsTold: true, childProtectionConferenceBooked: true, legalPlanningMeetingBooked: true, notes: 'ICPC booked for 18 March; legal planning meeting on 10 March.' } },
  ]);
  return [
    { name: 'unplanned return, Director deputy, retrospective', states: unplanned },
    { name: 'planned return through the NSPCC framework, first assessment sent back', states: planned },
    { name: 'unplanned return found not viable', states: notViable },
  ];
}
