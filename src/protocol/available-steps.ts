/**
 * What can be done next on a case, in the order a person would do it: the one place the card and
 * the worklists learn it. Each step names the event it sends, so who may take it comes from that
 * event's declaration (event-declarations.ts), and a step is offered only in a stage its event
 * declares. Pure: the card turns the steps into buttons; a caller keeps the ones its person's
 * roles on the case allow.
 */
import type { CalendarDate } from './calendar-date';
import { isAfter } from './calendar-date';
import type { CaseRole } from './case-people';
import type { CasePolicy } from './case-policy';
import type { CaseEvent, CaseEventType } from './case-events';
import { type ApprovalStage, type CaseState, FRAMEWORK_EVIDENCE } from './case-state';
import { allowedInStage, whoMayAct } from './event-declarations';
import { iroViewStands } from './iro-view';
import { riskViewWaiting } from './risk-view-waiting';
import type { RuleId } from './rule-catalogue';
import { LETTER_STAGES, PREPARING_STAGES, RETURN_AGREED_STAGES } from './stage-groups';
import { missingBeforeAssessment, missingBeforeClosure } from './transition';

/** A step's name: the card's form (or, for `approval`, the request) it opens. */
export type StepName =
  | 'approval'
  | 'reunification'
  | 'frameworkEvidence'
  | 'childViews'
  | 'immediateRisk'
  | 'riskView'
  | 'parentsConsulted'
  | 'assessment'
  | 'iroInformed'
  | 'iroView'
  | 'directorRequest'
  | 'episodeEnded'
  | 'familyTold'
  | 'agenciesTold'
  | 'notViableActions'
  | 'returnedHome'
  | 'visit'
  | 'placementEndRequest'
  | 'placementEnded'
  | 'letterContributionRequest'
  | 'letterContribution'
  | 'letter'
  | 'review'
  | 'pathwayChange';

export interface AvailableStep {
  step: StepName;
  /** The event the step sends. */
  event: CaseEventType;
  /** Who may take it on this case (the event's declaration, or its named guard). */
  roles: readonly CaseRole[];
  rule: RuleId | null;
  /** The request to open (step `approval`). */
  approvalId?: string;
  approvalStage?: ApprovalStage;
  /** Which visit (step `visit`). */
  index?: number;
  /** The visit's due date has passed (step `visit`). */
  overdue?: boolean;
  /** Pieces of framework evidence recorded so far, of FRAMEWORK_EVIDENCE.length (step `frameworkEvidence`). */
  evidenceUploaded?: number;
  /** Whose view on an LPM or ICPC is awaited (step `riskView`). */
  consulted?: 'team-manager' | 'head-of-service';
}

/** The step, when its event's declaration allows it in the case's stage. */
function declared(state: CaseState, step: StepName, event: CaseEventType, extra: Partial<AvailableStep> = {}, payload: Partial<CaseEvent> = {}): AvailableStep[] {
  if (!allowedInStage(state, event)) return [];
  const who = whoMayAct(state, { type: event, ...payload } as CaseEvent);
  return [{ step, event, roles: who.roles, rule: who.rule, ...extra }];
}

/**
 * The next steps on this case, in the card's order (it shows the first few): the open requests
 * first, then the preparation, the sign-off chain, the return home, visits, placement, letter and
 * review; on a planned return, the way out to the unplanned pathway last while it can change.
 */
export function availableSteps(state: CaseState, policy: CasePolicy, today: CalendarDate): AvailableStep[] {
  if (state.stage === 'closed') return [];
  const steps: AvailableStep[] = [];
  const s = state.steps;
  const planned = state.pathway === 'planned';
  const preparing = PREPARING_STAGES.includes(state.stage);
  // Every request still waiting, each for its own approver: the Director's authorisation and the
  // Head of Service's consent to end the placement can wait at once, and each is opened from the card.
  for (const open of state.approvals.filter((a) => !a.decision && !a.cancelledAt)) {
    steps.push(...declared(state, 'approval', 'DecisionGiven', { approvalId: open.approvalId, approvalStage: open.stage }, { approvalId: open.approvalId }));
  }
  if (preparing && planned) {
    if (!s.reunification) steps.push(...declared(state, 'reunification', 'ReunificationStarted'));
    else if (s.reunification.edgeOfCare === 'framework') {
      const uploaded = FRAMEWORK_EVIDENCE.filter((e) => s.frameworkEvidence?.[e]).length;
      if (uploaded < FRAMEWORK_EVIDENCE.length) steps.push(...declared(state, 'frameworkEvidence', 'FrameworkEvidenceUploaded', { evidenceUploaded: uploaded }));
    }
  }
  if (!s.childViews) steps.push(...declared(state, 'childViews', 'ChildViewsRecorded'));
  if (!planned && !s.immediateRisk) steps.push(...declared(state, 'immediateRisk', 'ImmediateRiskConsidered'));
  if (s.immediateRisk && riskViewWaiting(state)) steps.push(...declared(state, 'riskView', 'RiskViewGiven', { consulted: s.immediateRisk.consulted }));
  if (!s.parentsConsulted) steps.push(...declared(state, 'parentsConsulted', 'ParentsConsulted'));
  if (missingBeforeAssessment(state).length === 0) steps.push(...declared(state, 'assessment', 'AssessmentSubmitted'));
  if (!s.iroInformed) steps.push(...declared(state, 'iroInformed', 'IroInformed'));
  // A view on the version sent back can be renewed as soon as the revised form is in.
  const viewOutOfDate = state.iroView !== null && !iroViewStands(state, policy);
  if (state.stage === 'awaiting-iro-view' || (preparing && s.iroInformed && (!state.iroView || viewOutOfDate)) || (state.stage === 'awaiting-team-manager' && viewOutOfDate)) {
    steps.push(...declared(state, 'iroView', 'IroViewRecorded'));
  }
  steps.push(...declared(state, 'directorRequest', 'DirectorAuthorisationRequested'));
  steps.push(...declared(state, 'episodeEnded', 'CareEpisodeEnded'));
  // A box left unticked when the care episode ended: recorded once they have been told (R-VOICE-1, R-PLACE-2).
  if (state.episodeEnded?.familyInformed === false) steps.push(...declared(state, 'familyTold', 'EndOfCareTold', {}, { told: 'family' }));
  if (state.episodeEnded?.agenciesInformed === false) steps.push(...declared(state, 'agenciesTold', 'EndOfCareTold', {}, { told: 'agencies' }));
  if (!state.notViable?.actions) steps.push(...declared(state, 'notViableActions', 'NotViableActionsRecorded'));
  // A planned return happens once it is agreed (its declaration says so). After a not-viable decision the child may
  // still go home (S20 rests on the parents' agreement): the visits follow then too (R-UNPL-4, R-VISIT-1).
  if (!state.facts.returnedHomeOn) steps.push(...declared(state, 'returnedHome', 'ChildReturnedHome'));
  const visit = state.visits.find((v) => !v.doneOn);
  if (visit) steps.push(...declared(state, 'visit', 'VisitRecorded', { index: visit.index, overdue: visit.overdue || isAfter(today, visit.due) }));
  const agreed = LETTER_STAGES.includes(state.stage);
  // The Head of Service's agreement to the return is enough to ask (R-PLACE-1): the Director's authorisation may still wait.
  if (state.placement.status === 'open' && (state.facts.returnedHomeOn || RETURN_AGREED_STAGES.includes(state.stage))) steps.push(...declared(state, 'placementEndRequest', 'PlacementEndRequested'));
  if (state.placement.status === 'consent-given') steps.push(...declared(state, 'placementEnded', 'PlacementEnded'));
  if (!state.letter) {
    const asked = state.letterContributions;
    if (state.iro && !asked?.iroAskedAt) steps.push(...declared(state, 'letterContributionRequest', 'LetterContributionRequested'));
    if (asked?.iroAskedAt && !asked.iro) steps.push(...declared(state, 'letterContribution', 'LetterContributionGiven'));
    if (agreed) steps.push(...declared(state, 'letter', 'LetterWritten'));
  }
  if (missingBeforeClosure(state).length === 0) steps.push(...declared(state, 'review', 'ReviewMeetingHeld'));
  // The way out of a planned return stays while the pathway can still change.
  if (planned) steps.push(...declared(state, 'pathwayChange', 'PathwayChangedToUnplanned'));
  return steps;
}
