/**
 * The state of one case: plain JSON, owned by the protocol, stored whole by the CaseStore.
 * Stages follow the sign-off chain of R-SIGN-4; visits, placement and letter run beside it.
 */
import type { CalendarDate } from './calendar-date';
import type { LegalStatus, Pathway } from './facts';
import type { CasePeople, Person } from './case-people';
import type { RuleId } from './rule-catalogue';
import type { VisitKind } from './ruling';
import type { CaseClosure } from './case-closure';
import type { FactCorrection } from './correct-facts';
import type { UndoneStep } from './undo-step';
import type { VisitAttempt } from './visit-as-it-happened';
import type { Reassignment } from './case-person-reassigned';

export type Instant = string;

export const CASE_STAGES = [
  'preparing', // unplanned: R-UNPL-1..4; planned: reunification work, R-PLAN-1..6
  'revising', // an approver asked for changes or rejected: back to the social worker
  'awaiting-team-manager',
  'awaiting-iro-view',
  'awaiting-head-of-service',
  'head-of-service-agreed', // Director sign-off not required (R-SIGN-6): end the episode or ask the Director anyway
  'awaiting-director',
  'director-authorised',
  'episode-ended', // care episode ended in the case-record system; IRO role ended
  'not-viable', // R-UNPL-8
  'closed', // reunification review held (R-UNPL-10)
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];

export const UNPLANNED_TRIGGERS = ['consent-withdrawn', 'young-person-left', 'returned-without-agreement'] as const;
export type UnplannedTrigger = (typeof UNPLANNED_TRIGGERS)[number];

export const TRIGGER_NAMES: Record<UnplannedTrigger, string> = {
  'consent-withdrawn': 'parent withdrew agreement to S20 accommodation',
  'young-person-left': 'young person aged 16 or 17 wants to go home or has left',
  'returned-without-agreement': 'child went home without the local authority’s agreement',
};

/** The facts of the child kept on the case; `asOf` is supplied fresh each time a ruling is made. */
export interface CaseFacts {
  legalStatus: LegalStatus;
  dateOfBirth: CalendarDate;
  accommodatedOn: CalendarDate;
  previousEpisodeEndedOn: CalendarDate | null;
  lastAssessmentCompletedOn: CalendarDate | null;
  returnedHomeOn: CalendarDate | null;
  reunificationStartedOn: CalendarDate | null;
}

export interface StepRecord {
  at: Instant;
  /** The organisation's calendar date at `at`, for words that name the day (absent on records made before it was kept). */
  on?: CalendarDate;
  by: Person;
  onBehalfOf?: Person;
}

export interface ChildViewsStep extends StepRecord { views: string }
export interface ImmediateRiskStep extends StepRecord {
  summary: string;
  consulted: 'team-manager' | 'head-of-service';
  /** The manager's view (R-UNPL-2): false until they give it, and when the check flagged neither. */
  legalPlanningMeetingNeeded: boolean;
  childProtectionConferenceNeeded: boolean;
  /** True while the manager consulted has not given their view on an LPM / ICPC (R-UNPL-2). */
  viewAwaited?: boolean;
  /** Who gave the view on an LPM / ICPC, when it was given by the manager themselves. */
  viewBy?: StepRecord;
  /** The manager's view in their own words. */
  view?: string;
  /** What the social worker's risk check flagged (absent on checks recorded before the manager gave every view). */
  flagged?: RiskFlags;
}
/** What a risk check flagged; `notSure` when the social worker left both to the manager, so both read as flagged. */
export interface RiskFlags { legalPlanningMeeting: boolean; childProtectionConference: boolean; notSure?: true }
export type IroInformedStep = StepRecord;
export interface ParentsConsultedStep extends StepRecord { views: string; plannedReturnAgreed: boolean }

export const FRAMEWORK_EVIDENCE = ['analytical-chronology', 'themes-and-patterns', 'risk-classification-meeting', 'return-home-plan'] as const;
export type FrameworkEvidence = (typeof FRAMEWORK_EVIDENCE)[number];
export const FRAMEWORK_EVIDENCE_NAMES: Record<FrameworkEvidence, string> = {
  'analytical-chronology': 'analytical chronology',
  'themes-and-patterns': 'themes and patterns document',
  'risk-classification-meeting': 'risk classification meeting',
  'return-home-plan': 'co-produced return home plan',
};

export type EdgeOfCareInvolvement = 'framework' | 'support-only' | 'consultation';

export interface ReunificationStep extends StepRecord {
  startedOn: CalendarDate;
  edgeOfCare: EdgeOfCareInvolvement;
}

export interface Steps {
  childViews?: ChildViewsStep;
  immediateRisk?: ImmediateRiskStep;
  iroInformed?: IroInformedStep;
  parentsConsulted?: ParentsConsultedStep;
  reunification?: ReunificationStep;
  frameworkEvidence?: Partial<Record<FrameworkEvidence, StepRecord & { url?: string }>>;
}

export const ASSESSMENT_FORMS = ['child-and-family-reassessment', 's20-return-home-assessment'] as const;
export type AssessmentForm = (typeof ASSESSMENT_FORMS)[number];
export const ASSESSMENT_FORM_NAMES: Record<AssessmentForm, string> = {
  'child-and-family-reassessment': 'Child & Family Reassessment',
  's20-return-home-assessment': 'S20 Return Home Assessment',
};

export const STEPDOWN_OPTIONS = [
  'cin-tac-meeting',
  'other-support',
  'family-group-conference',
  'edge-of-care',
  'trusted-adult',
  'direct-work',
] as const;
export type StepdownOption = (typeof STEPDOWN_OPTIONS)[number];
export const STEPDOWN_OPTION_NAMES: Record<StepdownOption, string> = {
  'cin-tac-meeting': 'CIN / TAC meeting',
  'other-support': 'Other support (Exploitation Team, Early Help, Youth Justice, community services)',
  'family-group-conference': 'Family Group Conference referral',
  'edge-of-care': 'Edge of Care referral',
  'trusted-adult': 'Trusted adult identified',
  'direct-work': 'Direct work with child and parents or carers',
};

export interface StepdownItem {
  option: StepdownOption;
  /** What it is meant to achieve (R-UNPL-9). */
  purpose: string;
}

export interface Assessment {
  round: number;
  form: AssessmentForm;
  /** Rules that allowed the chosen form (R-ASSESS-4: shown to approvers). */
  formRules: RuleId[];
  viable: boolean;
  riskAnalysis: string;
  safetyPlan: string;
  stepdownPlan: StepdownItem[];
  submittedAt: Instant;
  submittedBy: Person;
  onBehalfOf?: Person;
  /** The date the social worker gave for the assessment (absent on records made before it was kept). */
  completedOn?: CalendarDate;
}

export const APPROVAL_STAGES = ['team-manager', 'head-of-service', 'director', 'placement-end'] as const;
export type ApprovalStage = (typeof APPROVAL_STAGES)[number];

export const DECISION_OUTCOMES = ['approve', 'request-changes', 'reject'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
/**
 * The most a decision's comment may hold. The card's box stops typing there, but its maxLength is
 * only a hint some clients ignore (Adaptive Cards' Input.Text), so decision-given.ts keeps the rule.
 */
export const DECISION_COMMENT_MAX = 2000;
/** A decision as people say it after "by … on …" ("approved by Taylor Manager"), not its stored code. */
export const DECIDED_WORDS: Record<DecisionOutcome, string> = { approve: 'approved', 'request-changes': 'changes requested', reject: 'rejected' };

export interface Decision {
  outcome: DecisionOutcome;
  comment: string | null;
  by: Person;
  onBehalfOf?: Person;
  at: Instant;
  /** As on StepRecord: the organisation's calendar date at `at`. */
  on?: CalendarDate;
  /** Director's agreement given after the child already went home (R-SIGN-5). */
  retrospective: boolean;
}

export interface Approval {
  approvalId: string;
  stage: ApprovalStage;
  /** The assessment round it was asked about (placement-end approvals: 0). */
  round: number;
  requestedAt: Instant;
  requestedOn: CalendarDate;
  decision: Decision | null;
  /** Set when the request was withdrawn undecided (the case moved pathway, was withdrawn, or its facts changed). */
  cancelledAt: Instant | null;
  /** Why it was withdrawn, in words for the approver (absent: the case moved to the unplanned pathway). */
  cancelledWhy?: string;
  /** Placement-end: the proposed end date given to carers. */
  proposedEndDate?: CalendarDate;
  /** When each approver (by id) last asked for a new copy of it ("new copy REF"; src/protocol/request-copy.ts). */
  copiesAsked?: Record<string, Instant>;
  /** The day it was first escalated up the line (escalation.ts): those chasing it are told once it is decided. */
  escalatedOn?: CalendarDate;
  /** A Director's authorisation found retrospective after it was given: the return home, recorded later, came before it (retrospective-found.ts, R-SIGN-5). */
  foundRetrospective?: StepRecord & { homeOn: CalendarDate };
}

export interface IroView extends StepRecord {
  view: string;
  reviewBroughtForward: boolean;
  /** Recorded by the social worker as given to them orally by the IRO; otherwise given by the IRO (or their deputy) themselves. */
  givenOrally?: boolean;
}

export interface Visit {
  index: number;
  kind: VisitKind;
  due: CalendarDate;
  doneOn: CalendarDate | null;
  notes: string | null;
  recordedBy: Person | null;
  /** Whom a deputy recorded the visit for, so the visit says who acted on whose behalf as the audit does. */
  onBehalfOf?: Person;
  /** Set by the scheduler when the due date passed with no visit recorded. */
  overdue: boolean;
  /** Visits at which the child was not seen or there was no access: they do not count. */
  attempts?: VisitAttempt[];
  /** A visit beyond the minimum of R-VISIT-1, recorded as it happened. */
  extra?: boolean;
}

export type PlacementStatus = 'open' | 'consent-requested' | 'consent-given' | 'ended';

export interface Placement {
  status: PlacementStatus;
  endDate: CalendarDate | null;
  carersToldOn: CalendarDate | null;
  /** Who recorded the end (the placement team, the social worker or the team manager may); absent on cases ended before it was kept. */
  recordedBy?: StepRecord;
}

export interface NotViableRecord {
  decidedAt: Instant;
  /** Set when the not-viable route follows an approver's rejection of a child already home (the approval id). */
  rejectedBy?: string;
  /** R-UNPL-8's actions, once recorded. */
  actions: null | (StepRecord & {
    childAndParentsTold: boolean;
    childProtectionConferenceBooked: boolean;
    legalPlanningMeetingBooked: boolean;
    notes: string;
  });
}

export const CONTINUING_PLANS = ['CIN', 'CP', 'TAC', 'TAF'] as const;
export type ContinuingPlan = (typeof CONTINUING_PLANS)[number];

/** The plans in words, with the letters people know them by (R-UNPL-10). */
export const CONTINUING_PLAN_NAMES: Record<ContinuingPlan, string> = {
  CIN: 'Child in Need (CIN)',
  CP: 'Child Protection (CP)',
  TAC: 'Team Around the Child (TAC)',
  TAF: 'Team Around the Family (TAF)',
};

/** "Child in Need (CIN), Team Around the Family (TAF)"; codes it does not know are kept as written. */
export function continuingPlansText(plans: readonly string[]): string {
  return plans.map((p) => CONTINUING_PLAN_NAMES[p as ContinuingPlan] ?? p).join(', ');
}

/** What others wrote for the "Your time in our care" letter (R-LETTER-1), as collected by the social worker. */
export interface LetterContributions {
  iro?: string;
  /** The foster carer or key worker, by name and (where known) mail address. */
  carer?: { name: string; email?: string; text: string };
  parents?: string;
}

export interface ReviewMeeting extends StepRecord {
  heldOn: CalendarDate;
  continueWith: ContinuingPlan[];
  notes: string;
}

export interface PathwayChange {
  from: Pathway;
  to: Pathway;
  /** What started the unplanned return (moving to it), or what it was (moving from it, R-UNPL-4). */
  trigger: UnplannedTrigger | null;
  at: Instant;
  by: Person;
  /** Whom a deputy moved it for (as every step keeps it). */
  onBehalfOf?: Person;
  /** The words given for a move to the planned pathway, where any were (the case file shows them). */
  reason?: string;
}

export interface SignOff {
  required: boolean;
  rules: RuleId[];
}

export interface CaseState {
  caseId: string;
  /** The case-record id: the only way a case is named in channels and logs. */
  ref: string;
  /**
   * The case file's own folder, set once when the case is opened, where its reference's folder
   * already holds another case's documents (a withdrawn case's, which stay there): the reference
   * and the start of the case id, "MOS-1042 (1a2b3c4d)". Absent: the folder of the reference the
   * case was opened with (refOpenedWith).
   */
  documentsFolder?: string;
  pathway: Pathway;
  trigger: UnplannedTrigger | null;
  pathwayChanges: PathwayChange[];
  stage: CaseStage;
  facts: CaseFacts;
  socialWorker: Person;
  iro: Person | null;
  /** The case's managers (absent on cases opened before they were kept: then found from the organisation). */
  people?: CasePeople;
  steps: Steps;
  assessment: Assessment | null;
  /** Director sign-off as ruled when the assessment was submitted (R-SIGN-1..3, R-SIGN-6). */
  signOff: SignOff | null;
  approvals: Approval[];
  iroView: IroView | null;
  episodeEnded: (StepRecord & { directorAgreementUploaded: boolean; agenciesInformed: boolean; familyInformed?: boolean; toldLater?: ToldLater }) | null;
  /** The return home broke down: the child came back into care; the visits then still due, no longer due, kept whole (attempts too) for an undo (back-in-care.ts, R-VISIT-1). */
  backInCare?: StepRecord & { on: CalendarDate; notes: string; visitsNoLongerDue: Visit[] };
  visits: Visit[];
  placement: Placement;
  letter: (StepRecord & { writtenOn: CalendarDate; text?: string; contributions?: LetterContributions }) | null;
  /** The IRO's words for the letter, asked through a card (R-LETTER-1); absent until asked. */
  letterContributions?: { iroAskedAt?: Instant; iro?: StepRecord & { text: string } };
  notViable: NotViableRecord | null;
  review: ReviewMeeting | null;
  /** Earlier versions of the assessment, oldest first (kept when a revised one is submitted). */
  earlierAssessments?: Assessment[];
  /** How the case ended, when it ended other than by the review (and the review's closing too). */
  closure?: CaseClosure | null;
  /** The social worker's request that the team manager withdraw the case, and its answer (withdrawal-request.ts). */
  withdrawalRequest?: WithdrawalRequest | null;
  /** Each time a closed case was reopened. */
  reopenings?: (StepRecord & { reason: string; closure: CaseClosure })[];
  /** Facts corrected after the case opened, with the reason and what the correction changed. */
  corrections?: FactCorrection[];
  /** Recorded steps undone, with the reason. */
  undone?: UndoneStep[];
  /** Each time the case was handed over to a new social worker, team manager, IRO or Head of Service. */
  reassignments?: Reassignment[];
  openedAt: Instant;
  updatedAt: Instant;
}

/** Who was told after the care episode's end was recorded, when it said they had not been yet (end-of-care-told.ts). */
export type ToldLater = Partial<Record<'family' | 'agencies', StepRecord & { toldOn: CalendarDate }>>;

/** A social worker's request to withdraw the case (a WithdrawalReason); `declined` once the team manager said no. */
export interface WithdrawalRequest extends StepRecord {
  withdrawal: 'opened-in-error' | 'duplicate' | 'staying-in-care';
  why: string;
  declined?: StepRecord & { why: string };
}
