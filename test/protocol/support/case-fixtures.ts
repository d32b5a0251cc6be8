/**
 * Builders for the case state machine's tests: people and actors, a fixed `now`, opened cases,
 * events, and `drive(state, events)`. Every helper checks that a transition never touches the
 * state it was given, so each test also checks purity for free.
 */
import { strict as assert } from 'node:assert';
import {
  Actor,
  Approval,
  ApprovalStage,
  CalendarDate,
  CaseEvent,
  CasePolicy,
  CaseRole,
  CaseState,
  DEFAULT_CASE_POLICY,
  DecisionOutcome,
  Effect,
  Now,
  openCase,
  OpenCaseInput,
  Person,
  Refusal,
  StepdownItem,
  SYSTEM_ACTOR,
  transition,
  UnplannedTrigger,
} from '../../../src/protocol';
import { validFacts } from './facts-builder';

// ---------------------------------------------------------------------------------------------
// Time: a fixed clock. Monday 2 March 2026 is the `asOf` of the base facts.

export function nowOn(today: CalendarDate, time = '09:30:00.000'): Now {
  return { at: `${today}T${time}Z`, today };
}

export const NOW: Now = nowOn('2026-03-02');

// ---------------------------------------------------------------------------------------------
// People (Entra object ids are made up; names are staff names, never a child's).

export const PEOPLE = {
  socialWorker: { id: 'sw-1', name: 'Sam Social' },
  otherSocialWorker: { id: 'sw-2', name: 'Sasha Second' },
  teamManager: { id: 'tm-1', name: 'Tara Manager' },
  otherTeamManager: { id: 'tm-2', name: 'Toby Manager' },
  headOfService: { id: 'hos-1', name: 'Hana Head' },
  otherHeadOfService: { id: 'hos-2', name: 'Hugo Head' },
  director: { id: 'dir-1', name: 'Dana Director' },
  otherDirector: { id: 'dir-2', name: 'Dev Director' },
  iro: { id: 'iro-1', name: 'Ivy Reviewing' },
  placementTeam: { id: 'cpt-1', name: 'Pat Placements' },
  deputy: { id: 'dep-1', name: 'Dee Deputy' },
} as const satisfies Record<string, Person>;

export function actor(person: Person, role: CaseRole, onBehalfOf?: Person): Actor {
  const a: Actor = { id: person.id, name: person.name, role };
  if (onBehalfOf) a.onBehalfOf = { id: onBehalfOf.id, name: onBehalfOf.name };
  return a;
}

export const ACTORS = {
  sw: actor(PEOPLE.socialWorker, 'social-worker'),
  tm: actor(PEOPLE.teamManager, 'team-manager'),
  hos: actor(PEOPLE.headOfService, 'head-of-service'),
  hos2: actor(PEOPLE.otherHeadOfService, 'head-of-service'),
  director: actor(PEOPLE.director, 'director'),
  director2: actor(PEOPLE.otherDirector, 'director'),
  iro: actor(PEOPLE.iro, 'iro'),
  cpt: actor(PEOPLE.placementTeam, 'placement-team'),
  system: SYSTEM_ACTOR,
} as const;

export const IRO_PERSON: Person = { id: PEOPLE.iro.id, name: PEOPLE.iro.name };

// ---------------------------------------------------------------------------------------------
// Opening a case

/**
 * The worked example of the ruling contract: a 16-year-old, accommodated 5 Jan 2026, home on
 * 27 Feb 2026 after consent was withdrawn (53 days in care), seen on Mon 2 Mar 2026.
 */
export const HOME_53_DAYS = { accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-27' } as const;

export interface OpenOptions {
  facts?: Record<string, unknown>;
  trigger?: UnplannedTrigger | null;
  actor?: Actor;
  iro?: Person | null;
  now?: Now;
  policy?: CasePolicy;
  caseId?: string;
}

export function openInput(options: OpenOptions = {}): OpenCaseInput {
  const facts = validFacts({ asOf: (options.now ?? NOW).today, ...options.facts });
  return {
    caseId: options.caseId ?? 'case-1',
    ref: 'CR-100200',
    facts,
    trigger: options.trigger === undefined ? (facts.pathway === 'unplanned' ? 'consent-withdrawn' : null) : options.trigger,
    actor: options.actor ?? ACTORS.sw,
    iro: options.iro === undefined ? IRO_PERSON : options.iro,
  };
}

/** A freshly opened case; fails the test if openCase refuses. */
export function opened(options: OpenOptions = {}): { state: CaseState; effects: Effect[] } {
  const result = openCase(openInput(options), options.now ?? NOW, options.policy ?? DEFAULT_CASE_POLICY);
  if (!result.ok) assert.fail(`openCase refused: ${result.refusal.code}: ${result.refusal.message}`);
  return { state: result.state, effects: result.effects };
}

// ---------------------------------------------------------------------------------------------
// Events, with the social worker as the default actor

const by = (a: Actor | undefined): Actor => a ?? ACTORS.sw;

export const STEPDOWN: StepdownItem[] = [
  { option: 'cin-tac-meeting', purpose: 'agree who supports the family week by week' },
  { option: 'trusted-adult', purpose: 'someone the young person can call' },
];

export const events = {
  childViews: (a?: Actor): CaseEvent => ({ type: 'ChildViewsRecorded', actor: by(a), views: 'wants to be at home' }),
  immediateRisk: (a?: Actor, needs = false): CaseEvent => ({
    type: 'ImmediateRiskConsidered',
    actor: by(a),
    summary: 'no immediate risk identified',
    consulted: 'team-manager',
    legalPlanningMeetingNeeded: needs,
    childProtectionConferenceNeeded: needs,
  }),
  /** The manager consulted gives their own view on an LPM / ICPC (R-UNPL-2). */
  riskView: (a: Actor, needs: boolean): CaseEvent => ({ type: 'RiskViewGiven', actor: a, legalPlanningMeetingNeeded: needs, childProtectionConferenceNeeded: needs, view: needs ? 'Both are needed.' : 'Neither is needed.' }),
  iroInformed: (a?: Actor): CaseEvent => ({ type: 'IroInformed', actor: by(a) }),
  parentsConsulted: (a?: Actor): CaseEvent => ({ type: 'ParentsConsulted', actor: by(a), views: 'want the child home', plannedReturnAgreed: false }),
  reunificationStarted: (startedOn: CalendarDate, edgeOfCare: 'framework' | 'support-only' | 'consultation' = 'framework', a?: Actor): CaseEvent => ({
    type: 'ReunificationStarted',
    actor: by(a),
    startedOn,
    edgeOfCare,
  }),
  evidence: (evidence: 'analytical-chronology' | 'themes-and-patterns' | 'risk-classification-meeting' | 'return-home-plan', a?: Actor): CaseEvent => ({
    type: 'FrameworkEvidenceUploaded',
    actor: by(a),
    evidence,
  }),
  returnedHome: (on: CalendarDate, a?: Actor): CaseEvent => ({ type: 'ChildReturnedHome', actor: by(a), on }),
  toUnplanned: (trigger: UnplannedTrigger = 'consent-withdrawn', a?: Actor): CaseEvent => ({ type: 'PathwayChangedToUnplanned', actor: by(a), trigger }),
  assessment: (options: { form?: 'child-and-family-reassessment' | 's20-return-home-assessment'; viable?: boolean; completedOn?: CalendarDate; stepdownPlan?: StepdownItem[]; actor?: Actor } = {}): CaseEvent => ({
    type: 'AssessmentSubmitted',
    actor: by(options.actor),
    form: options.form ?? 's20-return-home-assessment',
    viable: options.viable ?? true,
    riskAnalysis: 'risks are low with support',
    safetyPlan: 'daily contact for two weeks',
    stepdownPlan: options.stepdownPlan ?? STEPDOWN,
    completedOn: options.completedOn ?? NOW.today,
  }),
  iroView: (a: Actor = ACTORS.iro): CaseEvent => ({ type: 'IroViewRecorded', actor: a, view: 'supports the return', reviewBroughtForward: false }),
  decision: (approvalId: string, a: Actor, outcome: DecisionOutcome = 'approve', comment: string | null = null): CaseEvent => ({
    type: 'DecisionGiven',
    actor: a,
    approvalId,
    outcome,
    comment,
  }),
  directorRequested: (a?: Actor): CaseEvent => ({ type: 'DirectorAuthorisationRequested', actor: by(a) }),
  episodeEnded: (directorAgreementUploaded = true, a?: Actor): CaseEvent => ({ type: 'CareEpisodeEnded', actor: by(a), directorAgreementUploaded, agenciesInformed: true, familyInformed: true }),
  notViableActions: (childAndParentsTold = true, a?: Actor): CaseEvent => ({
    type: 'NotViableActionsRecorded',
    actor: by(a),
    childAndParentsTold,
    childProtectionConferenceBooked: true,
    legalPlanningMeetingBooked: false,
    notes: 'ICPC booked',
  }),
  placementEndRequested: (proposedEndDate: CalendarDate, a?: Actor): CaseEvent => ({ type: 'PlacementEndRequested', actor: by(a), proposedEndDate }),
  placementEnded: (endDate: CalendarDate, carersToldOn: CalendarDate, a?: Actor): CaseEvent => ({ type: 'PlacementEnded', actor: by(a), endDate, carersToldOn }),
  visit: (index: number, on: CalendarDate, a?: Actor): CaseEvent => ({ type: 'VisitRecorded', actor: by(a), index, on, notes: 'seen at home' }),
  letter: (writtenOn: CalendarDate, a?: Actor): CaseEvent => ({ type: 'LetterWritten', actor: by(a), writtenOn }),
  review: (heldOn: CalendarDate, a?: Actor): CaseEvent => ({ type: 'ReviewMeetingHeld', actor: by(a), heldOn, continueWith: ['CIN'], notes: 'continue CIN for 3 months' }),
  deadline: (effect: Effect, a: Actor = ACTORS.system): CaseEvent => {
    if (effect.type !== 'schedule-deadline') assert.fail(`not a schedule-deadline effect: ${effect.type}`);
    return { type: 'DeadlineReached', actor: a, deadlineId: effect.deadlineId, kind: effect.kind, data: effect.data };
  },
};

/** The unplanned pathway's four initial steps (R-UNPL-1..4). */
export function initialSteps(a?: Actor): CaseEvent[] {
  return [events.childViews(a), events.immediateRisk(a), events.iroInformed(a), events.parentsConsulted(a)];
}

// ---------------------------------------------------------------------------------------------
// Applying events

export interface Accepted {
  state: CaseState;
  effects: Effect[];
  action: string;
}

/** Applies one event that must be accepted; checks the input state was left untouched. */
export function accept(state: CaseState, event: CaseEvent, now: Now = NOW, policy: CasePolicy = DEFAULT_CASE_POLICY): Accepted {
  const before = structuredClone(state);
  const result = transition(state, event, now, policy);
  assert.deepStrictEqual(state, before, `${event.type} changed its input state`);
  if (!result.ok) assert.fail(`${event.type} refused: ${result.refusal.code}: ${result.refusal.message}`);
  return { state: result.state, effects: result.effects, action: result.action };
}

/** Applies one event that must be refused; checks the input state was left untouched. */
export function refusal(state: CaseState, event: CaseEvent, now: Now = NOW, policy: CasePolicy = DEFAULT_CASE_POLICY): Refusal {
  const before = structuredClone(state);
  const result = transition(state, event, now, policy);
  assert.deepStrictEqual(state, before, `${event.type} changed its input state`);
  if (result.ok) assert.fail(`${event.type} was accepted (${result.action}), expected a refusal`);
  return result.refusal;
}

/** Applies events in order, each of which must be accepted; returns the last state and all effects. */
export function drive(state: CaseState, list: readonly CaseEvent[], now: Now = NOW, policy: CasePolicy = DEFAULT_CASE_POLICY): { state: CaseState; effects: Effect[] } {
  let current = state;
  const effects: Effect[] = [];
  for (const event of list) {
    const next = accept(current, event, now, policy);
    current = next.state;
    effects.push(...next.effects);
  }
  return { state: current, effects };
}

// ---------------------------------------------------------------------------------------------
// Reading state and effects

/** The undecided, not-withdrawn approval of a stage; fails the test if there is none. */
export function pending(state: CaseState, stage: ApprovalStage): Approval {
  const found = state.approvals.filter((a) => a.stage === stage && !a.decision && !a.cancelledAt);
  assert.equal(found.length, 1, `expected one pending ${stage} approval, found ${found.length}`);
  return found[0]!;
}

export function effectsOf<T extends Effect['type']>(effects: readonly Effect[], type: T): Extract<Effect, { type: T }>[] {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** Every effect but the `cases` record that each accepted transition ends with. */
export function withoutCaseRecord(effects: readonly Effect[]): Effect[] {
  return effects.filter((e) => !(e.type === 'record' && e.list === 'cases'));
}

export function caseRow(effects: readonly Effect[]): Extract<Effect, { type: 'record' }> {
  const records = effectsOf(effects, 'record').filter((e) => e.list === 'cases');
  assert.equal(records.length, 1, `expected one cases record, found ${records.length}`);
  return records[0]!;
}

// ---------------------------------------------------------------------------------------------
// Whole stretches of the unplanned pathway

/** The 53-day, already-home case of the contract with its four initial steps recorded. */
export function readyForAssessment(options: OpenOptions = {}): CaseState {
  const { state } = opened({ facts: HOME_53_DAYS, ...options });
  return drive(state, initialSteps(), options.now ?? NOW, options.policy ?? DEFAULT_CASE_POLICY).state;
}

/** A planned return of 10 days in care, not home, its steps before the assessment recorded (R-PLAN-1, R-PLAN-6). */
export function plannedReadyForAssessment(options: OpenOptions = {}): CaseState {
  const { state } = opened({ ...options, facts: { pathway: 'planned', accommodatedOn: '2026-02-20', returnedHomeOn: null, ...options.facts } });
  return drive(state, [events.reunificationStarted('2026-02-23', 'support-only'), events.childViews(), events.parentsConsulted(), events.iroInformed()], options.now ?? NOW, options.policy ?? DEFAULT_CASE_POLICY).state;
}

/** …with its assessment agreed by the team manager and the IRO's view in: awaiting the Head of Service. */
export function awaitingHeadOfService(options: OpenOptions = {}): CaseState {
  const now = options.now ?? NOW;
  const policy = options.policy ?? DEFAULT_CASE_POLICY;
  let state = readyForAssessment(options);
  state = drive(state, [events.iroView(), events.assessment({ completedOn: now.today })], now, policy).state;
  return accept(state, events.decision(pending(state, 'team-manager').approvalId, ACTORS.tm), now, policy).state;
}

/** …and agreed by the Head of Service: awaiting the Director (for a case that needs Director sign-off). */
export function awaitingDirector(options: OpenOptions = {}): CaseState {
  const state = awaitingHeadOfService(options);
  return accept(state, events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos), options.now ?? NOW, options.policy ?? DEFAULT_CASE_POLICY).state;
}
