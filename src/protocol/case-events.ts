/**
 * Everything that can happen to a case, as data. Each event carries its actor (already
 * verified by src/cases); the protocol decides only whether the event is allowed now.
 */
import type { CalendarDate } from './calendar-date';
import type { Actor } from './case-people';
import type {
  AssessmentForm,
  ContinuingPlan,
  DecisionOutcome,
  EdgeOfCareInvolvement,
  FrameworkEvidence,
  LetterContributions,
  StepdownItem,
  UnplannedTrigger,
} from './case-state';
import type { DeadlineKind, NoticeData } from './case-effects';
import type { LifecycleEvent } from './lifecycle-events';

interface EventBase {
  actor: Actor;
}

export interface ChildViewsRecorded extends EventBase { type: 'ChildViewsRecorded'; views: string }
export interface ImmediateRiskConsidered extends EventBase {
  type: 'ImmediateRiskConsidered';
  summary: string;
  consulted: 'team-manager' | 'head-of-service';
  /**
   * What the risk check flags (the social worker's finding, not the manager's view). Either true, or
   * absent ("not sure"): the manager consulted gives their view themselves, on a card (RiskViewGiven).
   */
  legalPlanningMeetingNeeded?: boolean;
  childProtectionConferenceNeeded?: boolean;
}
export interface IroInformed extends EventBase { type: 'IroInformed' }
export interface ParentsConsulted extends EventBase { type: 'ParentsConsulted'; views: string; plannedReturnAgreed: boolean }
export interface ReunificationStarted extends EventBase { type: 'ReunificationStarted'; startedOn: CalendarDate; edgeOfCare: EdgeOfCareInvolvement }
export interface FrameworkEvidenceUploaded extends EventBase {
  type: 'FrameworkEvidenceUploaded';
  evidence: FrameworkEvidence;
  /** Where it was uploaded (checked as a web address at the card); the decision record lists it. */
  url?: string;
}
export interface ChildReturnedHome extends EventBase { type: 'ChildReturnedHome'; on: CalendarDate }
export interface PathwayChangedToUnplanned extends EventBase { type: 'PathwayChangedToUnplanned'; trigger: UnplannedTrigger }
export interface AssessmentSubmitted extends EventBase {
  type: 'AssessmentSubmitted';
  form: AssessmentForm;
  viable: boolean;
  riskAnalysis: string;
  safetyPlan: string;
  stepdownPlan: StepdownItem[];
  /** Date of this assessment: becomes lastAssessmentCompletedOn. */
  completedOn: CalendarDate;
}
export interface IroViewRecorded extends EventBase {
  type: 'IroViewRecorded';
  view: string;
  reviewBroughtForward: boolean;
  /** The social worker records a view the IRO gave them by phone or in person (L3): only then may they record it. */
  givenOrally?: boolean;
}
export interface DecisionGiven extends EventBase {
  type: 'DecisionGiven';
  approvalId: string;
  outcome: DecisionOutcome;
  comment: string | null;
}
export interface DirectorAuthorisationRequested extends EventBase { type: 'DirectorAuthorisationRequested' }
export interface CareEpisodeEnded extends EventBase {
  type: 'CareEpisodeEnded';
  directorAgreementUploaded: boolean;
  agenciesInformed: boolean;
  /** The child and the parents (and others with PR) told of the decision (R-VOICE-1); absent on events recorded before it was asked. */
  familyInformed?: boolean;
}
/** After the care episode ended with them not yet told: the child and parents (R-VOICE-1), or the agencies involved (R-PLACE-2), told since. */
export interface EndOfCareTold extends EventBase { type: 'EndOfCareTold'; told: 'family' | 'agencies'; on: CalendarDate }
/** The return home broke down: the child came back into care after the care episode ended (back-in-care.ts). */
export interface ChildBackInCare extends EventBase { type: 'ChildBackInCare'; on: CalendarDate; notes: string }
export interface NotViableActionsRecorded extends EventBase {
  type: 'NotViableActionsRecorded';
  childAndParentsTold: boolean;
  childProtectionConferenceBooked: boolean;
  legalPlanningMeetingBooked: boolean;
  notes: string;
}
export interface PlacementEndRequested extends EventBase { type: 'PlacementEndRequested'; proposedEndDate: CalendarDate }
export interface PlacementEnded extends EventBase { type: 'PlacementEnded'; endDate: CalendarDate; carersToldOn: CalendarDate }
export interface VisitRecorded extends EventBase {
  type: 'VisitRecorded';
  index: number;
  on: CalendarDate;
  notes: string;
  /** Absent or "seen": the visit counts; "not-seen" / "no-access": it does not, and the team manager is told. */
  outcome?: 'seen' | 'not-seen' | 'no-access';
}
export interface LetterWritten extends EventBase {
  type: 'LetterWritten';
  writtenOn: CalendarDate;
  /** The final letter as the social worker edited it, kept for the case file (R-LETTER-1). */
  text?: string;
  contributions?: LetterContributions;
}
export interface ReviewMeetingHeld extends EventBase {
  type: 'ReviewMeetingHeld';
  heldOn: CalendarDate;
  continueWith: ContinuingPlan[];
  notes: string;
}
/** From the scheduler: a deadline the protocol set has come. */
export interface DeadlineReached extends EventBase { type: 'DeadlineReached'; deadlineId: string; kind: DeadlineKind; data: NoticeData }

export type CaseEvent =
  | ChildViewsRecorded
  | ImmediateRiskConsidered
  | IroInformed
  | ParentsConsulted
  | ReunificationStarted
  | FrameworkEvidenceUploaded
  | ChildReturnedHome
  | PathwayChangedToUnplanned
  | AssessmentSubmitted
  | IroViewRecorded
  | DecisionGiven
  | DirectorAuthorisationRequested
  | CareEpisodeEnded
  | EndOfCareTold
  | ChildBackInCare
  | NotViableActionsRecorded
  | PlacementEndRequested
  | PlacementEnded
  | VisitRecorded
  | LetterWritten
  | ReviewMeetingHeld
  | DeadlineReached
  // Issue 12: declared one by one in event-declarations.ts.
  | LifecycleEvent;

/** An event's name: the key of its declaration in event-declarations.ts. */
export type CaseEventType = CaseEvent['type'];
