/**
 * Properties of the case state machine under random use: random events from random (and
 * plausible) actors, at an advancing fixed clock. Whatever happens, transition never throws,
 * never touches its input, and every accepted event keeps the sign-off chain's invariants.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  Actor,
  addDays,
  Approval,
  ASSESSMENT_FORMS,
  CASE_ROLES,
  CaseEvent,
  CasePolicy,
  CaseRole,
  CaseState,
  declarationOf,
  DEFAULT_CASE_POLICY,
  DECISION_OUTCOMES,
  Effect,
  FRAMEWORK_EVIDENCE,
  identitiesOf,
  Now,
  openCase,
  Person,
  rulingFor,
  signOffFor,
  SYSTEM_ACTOR,
  transition,
  UNPLANNED_TRIGGERS,
  whoMayAct,
} from '../../src/protocol';
import { actor, openInput, PEOPLE, STEPDOWN } from './support/case-fixtures';
import { SECRET_DATE_OF_BIRTH } from './support/facts-builder';

// ---------------------------------------------------------------------------------------------
// The cases the runs start from

const START = '2026-03-02';
const SETUPS: { name: string; facts: Record<string, unknown> }[] = [
  { name: '16, 53 days, home, unplanned', facts: { accommodatedOn: '2026-01-05', returnedHomeOn: '2026-02-27' } },
  { name: '16, 10 days, unplanned', facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } },
  { name: '16, 7 days, home, unplanned', facts: { accommodatedOn: '2026-02-20', returnedHomeOn: '2026-02-27' } },
  { name: '16, 10 days after a recent episode', facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null, previousEpisodeEndedOn: '2026-01-10' } },
  { name: '16, 56 days, planned', facts: { pathway: 'planned', accommodatedOn: '2026-01-05', returnedHomeOn: null } },
  { name: '7, 56 days, planned', facts: { pathway: 'planned', accommodatedOn: '2026-01-05', returnedHomeOn: null, dateOfBirth: '2018-06-01' } },
  { name: '16, five months, unplanned', facts: { accommodatedOn: '2025-10-01', returnedHomeOn: null } },
];
const POLICIES: CasePolicy[] = [DEFAULT_CASE_POLICY, { ...DEFAULT_CASE_POLICY, directorSignOff: 'always' }, { ...DEFAULT_CASE_POLICY, iroViewOnRevision: 'reuse' }];

// ---------------------------------------------------------------------------------------------
// Actors: mostly plausible for the event, sometimes anyone at all

const P = PEOPLE;
const ALL_PEOPLE: Person[] = Object.values(PEOPLE);
const SOCIAL_WORK_SIDE: Actor[] = [
  actor(P.socialWorker, 'social-worker'),
  actor(P.teamManager, 'team-manager'),
  actor(P.otherSocialWorker, 'social-worker'),
  actor(P.deputy, 'social-worker', P.socialWorker),
];
const APPROVERS: Record<'team-manager' | 'head-of-service' | 'director', Actor[]> = {
  'team-manager': [
    actor(P.teamManager, 'team-manager'),
    actor(P.otherTeamManager, 'team-manager'),
    actor(P.socialWorker, 'team-manager'),
    actor(P.deputy, 'team-manager', P.teamManager),
    actor(P.deputy, 'team-manager', P.socialWorker),
  ],
  'head-of-service': [
    actor(P.headOfService, 'head-of-service'),
    actor(P.otherHeadOfService, 'head-of-service'),
    actor(P.director, 'head-of-service'),
    actor(P.deputy, 'head-of-service', P.headOfService),
    actor(P.socialWorker, 'head-of-service'),
  ],
  director: [
    actor(P.director, 'director'),
    actor(P.otherDirector, 'director'),
    actor(P.headOfService, 'director'),
    actor(P.otherHeadOfService, 'director'),
    actor(P.deputy, 'director', P.headOfService),
    actor(P.deputy, 'director', P.director),
  ],
};

const EVENT_KINDS = [
  'ChildViewsRecorded', 'ImmediateRiskConsidered', 'IroInformed', 'ParentsConsulted', 'ReunificationStarted',
  'FrameworkEvidenceUploaded', 'ChildReturnedHome', 'PathwayChangedToUnplanned', 'AssessmentSubmitted',
  'AssessmentSubmitted', 'IroViewRecorded', 'DecisionGiven', 'DecisionGiven', 'DecisionGiven', 'DecisionGiven',
  'DirectorAuthorisationRequested', 'CareEpisodeEnded', 'NotViableActionsRecorded', 'PlacementEndRequested',
  'PlacementEnded', 'VisitRecorded', 'VisitRecorded', 'LetterWritten', 'ReviewMeetingHeld', 'DeadlineReached', 'DeadlineReached',
  // Issue 12: real cases change.
  'CaseWithdrawn', 'PathwayChangedToPlanned', 'CaseReopened', 'FactsCorrected', 'FactsCorrected', 'StepUndone', 'StepUndone', 'RiskViewGiven',
] as const satisfies readonly CaseEvent['type'][];

type EventKind = CaseEvent['type'];

/** Events that could move the case on from its stage: most moves pick one, so runs reach the late stages. */
function sensibleKinds(state: CaseState): readonly EventKind[] {
  switch (state.stage) {
    case 'preparing':
    case 'revising':
      // A risk check that flags an LPM or ICPC waits for the manager's own view (R-UNPL-2).
      if (state.steps.immediateRisk?.viewAwaited) return ['RiskViewGiven', 'RiskViewGiven', 'ChildViewsRecorded', 'IroInformed', 'ParentsConsulted', 'AssessmentSubmitted'];
      return ['ChildViewsRecorded', 'ImmediateRiskConsidered', 'IroInformed', 'ParentsConsulted', 'ReunificationStarted', 'FrameworkEvidenceUploaded', 'AssessmentSubmitted', 'AssessmentSubmitted', 'IroViewRecorded'];
    case 'awaiting-team-manager':
    case 'awaiting-iro-view':
    case 'awaiting-head-of-service':
    case 'awaiting-director':
      return ['DecisionGiven', 'DecisionGiven', 'IroViewRecorded', 'PathwayChangedToUnplanned', 'DeadlineReached'];
    case 'head-of-service-agreed':
      return ['CareEpisodeEnded', 'DirectorAuthorisationRequested', 'LetterWritten'];
    case 'director-authorised':
      return ['CareEpisodeEnded', 'LetterWritten'];
    case 'episode-ended':
    case 'not-viable':
      return ['NotViableActionsRecorded', 'ChildReturnedHome', 'PlacementEndRequested', 'DecisionGiven', 'PlacementEnded', 'VisitRecorded', 'VisitRecorded', 'VisitRecorded', 'LetterWritten', 'ReviewMeetingHeld'];
    case 'closed':
      return ['DeadlineReached', 'ReviewMeetingHeld', 'CaseReopened'];
  }
}

/** One random move; turned into an event against the state it meets. */
const moveArb = fc.record({
  kind: fc.constantFrom(...EVENT_KINDS),
  guided: fc.integer({ min: 0, max: 9 }).map((n) => n < 7),
  plausibleActor: fc.integer({ min: 0, max: 9 }),
  pick: fc.nat(40),
  anyPerson: fc.constantFrom(...ALL_PEOPLE),
  anyRole: fc.constantFrom<CaseRole | 'system'>(...CASE_ROLES, 'system'),
  anyOnBehalfOf: fc.option(fc.constantFrom(...ALL_PEOPLE), { nil: undefined }),
  dateOffset: fc.oneof({ arbitrary: fc.integer({ min: -4, max: 0 }), weight: 3 }, { arbitrary: fc.integer({ min: -70, max: 1 }), weight: 1 }),
  flag: fc.boolean(),
  outcome: fc.constantFrom(...DECISION_OUTCOMES, 'approve', 'approve'),
  comment: fc.constantFrom<string | null>(null, '', '   ', 'please add the school plan'),
  form: fc.constantFrom(...ASSESSMENT_FORMS),
  edgeOfCare: fc.constantFrom('framework', 'support-only', 'consultation'),
  trigger: fc.constantFrom(...UNPLANNED_TRIGGERS),
  evidence: fc.constantFrom(...FRAMEWORK_EVIDENCE),
  stepdown: fc.constantFrom(STEPDOWN, []),
  advanceDays: fc.integer({ min: 0, max: 3 }),
});
type Move = typeof moveArb extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  state: CaseState;
  now: Now;
  scheduled: Extract<Effect, { type: 'schedule-deadline' }>[];
}

function chooseActor(move: Move, plausible: readonly Actor[]): Actor {
  if (move.plausibleActor < 7 && plausible.length > 0) return plausible[move.pick % plausible.length]!;
  if (move.anyRole === 'system') return SYSTEM_ACTOR;
  return actor(move.anyPerson, move.anyRole, move.anyOnBehalfOf);
}

function chooseApproval(state: CaseState, pick: number): Approval | undefined {
  const open = state.approvals.filter((a) => !a.decision && !a.cancelledAt);
  if (pick % 5 !== 0 && open.length > 0) return open[pick % open.length];
  return state.approvals[pick % Math.max(1, state.approvals.length)];
}

function eventFor(move: Move, run: Run): CaseEvent {
  const { state, now } = run;
  const sensible = sensibleKinds(state);
  const kind = move.guided ? sensible[move.pick % sensible.length]! : move.kind;
  const sw = chooseActor(move, SOCIAL_WORK_SIDE);
  const date = addDays(now.today, move.dateOffset);
  switch (kind) {
    case 'ChildViewsRecorded':
      return { type: kind, actor: sw, views: 'wants to go home' };
    case 'ImmediateRiskConsidered':
      return { type: kind, actor: sw, summary: 'checked', consulted: move.flag ? 'team-manager' : 'head-of-service', legalPlanningMeetingNeeded: move.flag, childProtectionConferenceNeeded: false };
    case 'IroInformed':
      return { type: kind, actor: sw };
    case 'ParentsConsulted':
      return { type: kind, actor: sw, views: 'agree', plannedReturnAgreed: move.flag };
    case 'ReunificationStarted':
      return { type: kind, actor: sw, startedOn: date, edgeOfCare: move.edgeOfCare };
    case 'FrameworkEvidenceUploaded':
      return { type: kind, actor: sw, evidence: move.evidence };
    case 'ChildReturnedHome':
      return { type: kind, actor: sw, on: date };
    case 'PathwayChangedToUnplanned':
      return { type: kind, actor: sw, trigger: move.trigger };
    case 'AssessmentSubmitted':
      return { type: kind, actor: sw, form: move.form, viable: move.pick % 6 !== 0, riskAnalysis: 'r', safetyPlan: 's', stepdownPlan: move.stepdown, completedOn: date };
    case 'IroViewRecorded':
      return { type: kind, actor: chooseActor(move, [actor(P.iro, 'iro'), actor(P.socialWorker, 'social-worker')]), view: 'agrees', reviewBroughtForward: move.flag };
    case 'DecisionGiven': {
      const approval = chooseApproval(state, move.pick);
      const stage = approval?.stage ?? 'team-manager';
      const plausible = APPROVERS[stage === 'placement-end' ? 'head-of-service' : stage];
      return { type: kind, actor: chooseActor(move, plausible), approvalId: approval?.approvalId ?? 'case-1:team-manager:99', outcome: move.outcome, comment: move.comment };
    }
    case 'DirectorAuthorisationRequested':
      return { type: kind, actor: sw };
    case 'CareEpisodeEnded':
      return { type: kind, actor: sw, directorAgreementUploaded: move.pick % 4 !== 0, agenciesInformed: move.flag };
    case 'NotViableActionsRecorded':
      return { type: kind, actor: sw, childAndParentsTold: move.pick % 4 !== 0, childProtectionConferenceBooked: move.flag, legalPlanningMeetingBooked: move.flag, notes: 'n' };
    case 'PlacementEndRequested':
      return { type: kind, actor: sw, proposedEndDate: addDays(date, 10) };
    case 'PlacementEnded':
      return { type: kind, actor: chooseActor(move, [...SOCIAL_WORK_SIDE, actor(P.placementTeam, 'placement-team')]), endDate: addDays(date, 5), carersToldOn: date };
    case 'VisitRecorded':
      return { type: kind, actor: sw, index: move.pick % 6, on: addDays(now.today, Math.max(move.dateOffset, -3)), notes: 'seen' };
    case 'LetterWritten':
      return { type: kind, actor: sw, writtenOn: date };
    case 'ReviewMeetingHeld':
      return { type: kind, actor: sw, heldOn: date, continueWith: move.flag ? ['CIN'] : [], notes: 'n' };
    case 'DeadlineReached': {
      const deadline = run.scheduled[move.pick % Math.max(1, run.scheduled.length)];
      const a = chooseActor(move, [SYSTEM_ACTOR]);
      if (!deadline) return { type: kind, actor: a, deadlineId: 'none', kind: 'visit-reminder', data: { index: 0 } };
      return { type: kind, actor: a, deadlineId: deadline.deadlineId, kind: deadline.kind, data: deadline.data };
    }
    case 'CaseWithdrawn':
      return { type: kind, actor: chooseActor(move, [actor(P.teamManager, 'team-manager')]), reason: 'duplicate', details: move.pick % 7 === 0 ? ' ' : 'opened twice' };
    case 'PathwayChangedToPlanned':
      return { type: kind, actor: sw, reason: 'parents agreed' };
    case 'CaseReopened':
      return { type: kind, actor: chooseActor(move, [actor(P.teamManager, 'team-manager')]), reason: move.pick % 7 === 0 ? '' : 'broke down' };
    case 'FactsCorrected': {
      const options = [
        { accommodatedOn: addDays(date, -move.pick * 3) },
        { previousEpisodeEndedOn: addDays(date, -move.pick * 5) },
        { lastAssessmentCompletedOn: addDays(date, -move.pick * 4) },
        { dateOfBirth: move.flag ? '2015-01-01' : '2009-09-09' },
        { returnedHomeOn: date },
        { trigger: move.trigger },
        { legalStatus: 'ICO' as const },
      ];
      return { type: kind, actor: chooseActor(move, [...SOCIAL_WORK_SIDE, actor(P.teamManager, 'team-manager')]), changes: options[move.pick % options.length]!, reason: move.pick % 9 === 0 ? '' : 'typed wrong' };
    }
    case 'StepUndone': {
      const steps = ['childViews', 'immediateRisk', 'iroInformed', 'parentsConsulted', 'visit', 'agenciesInformed', 'letter'] as const;
      return { type: kind, actor: sw, step: steps[move.pick % steps.length]!, index: move.pick % 6, reason: 'by mistake' };
    }
    case 'RiskViewGiven':
      return { type: kind, actor: chooseActor(move, [actor(P.teamManager, 'team-manager'), actor(P.headOfService, 'head-of-service')]), legalPlanningMeetingNeeded: move.flag, childProtectionConferenceNeeded: false, view: 'v' };
    default:
      throw new Error(`no random event for ${kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants of an accepted state

const CHAIN = ['team-manager', 'head-of-service', 'director'] as const;

function deciderIds(approval: Approval | undefined): string[] {
  const d = approval?.decision;
  return d ? identitiesOf({ id: d.by.id, onBehalfOf: d.onBehalfOf }) : [];
}

function approved(state: CaseState, stage: Approval['stage']): Approval[] {
  return state.approvals.filter((a) => a.stage === stage && a.decision?.outcome === 'approve');
}

function checkInvariants(state: CaseState): void {
  const open = state.approvals.filter((a) => !a.decision && !a.cancelledAt);
  const openChain = open.filter((a) => a.stage !== 'placement-end');
  assert.ok(openChain.length <= 1, `more than one chain approval pending: ${openChain.map((a) => a.approvalId).join(', ')}`);
  for (const stage of CHAIN) {
    const waiting = state.stage === `awaiting-${stage}`;
    assert.equal(openChain.some((a) => a.stage === stage), waiting, `stage ${state.stage} and pending ${stage} approval disagree`);
  }
  assert.equal(open.some((a) => a.stage === 'placement-end'), state.placement.status === 'consent-requested', 'placement status and its approval disagree');
  assert.equal(new Set(state.approvals.map((a) => a.approvalId)).size, state.approvals.length, 'approval ids repeat');

  if (state.stage === 'director-authorised') {
    const director = state.approvals.filter((a) => a.stage === 'director' && a.decision).at(-1);
    assert.equal(director?.decision?.outcome, 'approve', 'director-authorised without a Director approval');
    const hos = approved(state, 'head-of-service').at(-1);
    assert.ok(hos, 'director-authorised without a Head of Service approval');
    const shared = deciderIds(director).filter((id) => deciderIds(hos).includes(id));
    assert.deepEqual(shared, [], 'the same person agreed as Head of Service and authorised as Director');
  }

  if (state.episodeEnded) {
    const round = state.assessment?.round;
    assert.ok(round !== undefined, 'episode ended without an assessment');
    assert.equal(state.assessment?.viable, true, 'episode ended on a not-viable assessment');
    assert.ok(approved(state, 'team-manager').some((a) => a.round === round), 'episode ended without the team manager for this round');
    assert.ok(approved(state, 'head-of-service').some((a) => a.round === round), 'episode ended without the Head of Service for this round');
    if (state.signOff?.required) assert.ok(approved(state, 'director').some((a) => a.round === round), 'episode ended without the required Director');
  }

  for (const approval of state.approvals) {
    assert.ok(!deciderIds(approval).includes(state.socialWorker.id), `the social worker decided ${approval.approvalId}`);
  }
  if (state.stage === 'closed') {
    // Closed by the review (R-UNPL-10), or ended early: rejected, withdrawn or out of scope (issue 12).
    assert.ok(state.review || (state.closure && state.closure.reason !== 'review'), 'closed without a review meeting or a reason');
    assert.deepEqual(open.map((a) => a.approvalId), [], 'a closed case still waits for a decision');
  }
  // A final no on a planned return not yet home closes the case; on a child at home, or an unplanned return, the not-viable route follows.
  const rejected = state.approvals.filter((a) => a.stage !== 'placement-end' && a.decision?.outcome === 'reject').at(-1);
  const reopenedSince = (state.reopenings ?? []).some((r) => rejected?.decision && r.at >= rejected.decision.at);
  if (rejected && state.assessment && rejected.round === state.assessment.round && state.stage !== 'closed' && !reopenedSince) {
    assert.equal(state.stage, 'not-viable', 'a rejected return home went on');
    assert.ok(state.facts.returnedHomeOn || state.pathway === 'unplanned', 'the not-viable route after a rejection of a planned return with the child not home');
  }
  assert.deepStrictEqual(JSON.parse(JSON.stringify(state)), state, 'the state is not plain JSON');
}

// ---------------------------------------------------------------------------------------------

interface Tally { accepted: number; refused: number; stages: Set<string>; codes: Set<string> }

function play(setup: number, policyIndex: number, moves: Move[], tally: Tally): void {
  const policy = POLICIES[policyIndex]!;
  let now: Now = { at: `${START}T09:00:00.000Z`, today: START };
  const opening = openCase(openInput({ facts: SETUPS[setup]!.facts, now, policy }), now, policy);
  assert.ok(opening.ok);
  const run: Run = { state: opening.state, now, scheduled: [] };
  run.scheduled.push(...opening.effects.filter((e): e is Run['scheduled'][number] => e.type === 'schedule-deadline'));
  checkInvariants(run.state);
  for (const [i, move] of moves.entries()) {
    const today = addDays(now.today, move.advanceDays);
    now = { at: `${today}T09:${String(i % 60).padStart(2, '0')}:00.000Z`, today };
    run.now = now;
    const event = eventFor(move, run);
    const before = structuredClone(run.state);
    const result = transition(run.state, event, now, policy);
    assert.deepStrictEqual(run.state, before, `${event.type} changed its input`);
    if (!result.ok) {
      tally.refused += 1;
      tally.codes.add(result.refusal.code);
      assert.ok(result.refusal.message.length > 0 && !/[\r\n]/.test(result.refusal.message), 'a refusal is one line');
      assert.ok(!result.refusal.message.includes(SECRET_DATE_OF_BIRTH), 'a refusal shows the date of birth');
      continue;
    }
    tally.accepted += 1;
    tally.stages.add(result.state.stage);
    // The declared machine tells the truth: what was accepted was sent by a declared role, in a declared stage.
    const who = whoMayAct(run.state, event);
    if (event.type !== 'DeadlineReached') assert.ok(event.actor.role !== 'system' && who.roles.includes(event.actor.role), `${event.type} accepted from ${event.actor.role}, not one of ${who.roles.join(', ')}`);
    assert.ok(declarationOf(event).stages.includes(run.state.stage), `${event.type} accepted in ${run.state.stage}, not a declared stage`);
    if (result.state.stage !== run.state.stage) assert.ok(declarationOf(event).leadsTo?.includes(result.state.stage), `${event.type} moved ${run.state.stage} to ${result.state.stage}, not a stage it declares it leads to`);
    assert.ok(!JSON.stringify(result.effects).includes(SECRET_DATE_OF_BIRTH), 'an effect carries the date of birth');
    checkInvariants(result.state);
    if (result.state.episodeEnded && !run.state.episodeEnded) {
      // Statutory (R-SIGN-1): judged on the day the episode ends, not the day of the assessment.
      const due = signOffFor(rulingFor(result.state, now.today, policy), policy);
      const round = result.state.assessment?.round;
      if (due.required) assert.ok(approved(result.state, 'director').some((a) => a.round === round), `episode ended without the Director that ${due.rules.join(', ')} require today`);
    }
    run.scheduled.push(...result.effects.filter((e): e is Run['scheduled'][number] => e.type === 'schedule-deadline'));
    run.state = result.state;
  }
}

/**
 * A seed whose runs reach every late stage and every refusal the exploration check names. A change
 * to the machine changes which paths a seed's runs take: if the check then fails, look at what it
 * no longer reaches before choosing another seed.
 */
const EXPLORATION_SEED = 1;
const EXPLORATION_RUNS = 300;

describe('transition: properties under random events (fast-check)', () => {
  // Only the seeded runs count towards the exploration check, so that it cannot pass or fail by chance.
  const tally: Tally = { accepted: 0, refused: 0, stages: new Set(), codes: new Set() };
  const property = (into: Tally) => fc.property(
    fc.integer({ min: 0, max: SETUPS.length - 1 }),
    fc.integer({ min: 0, max: POLICIES.length - 1 }),
    fc.array(moveArb, { minLength: 1, maxLength: 120, size: 'max' }),
    (setup, policyIndex, moves) => play(setup, policyIndex, moves, into),
  );

  it('never throws, never changes its input, and keeps the invariants of the sign-off chain', function () {
    this.timeout(120_000); // a few hundred runs of up to 120 events: slow on a loaded machine, never timed
    // New random runs every time (fast-check prints the seed of a failure), ...
    fc.assert(property({ accepted: 0, refused: 0, stages: new Set(), codes: new Set() }), { numRuns: 150 });
    // ... and the same runs every time, which alone feed the exploration check below.
    fc.assert(property(tally), { numRuns: EXPLORATION_RUNS, seed: EXPLORATION_SEED });
  });

  it('explores the machine: the seeded runs reach the late stages and many refusals', () => {
    // Guards the property above against passing vacuously (e.g. if every event were refused).
    console.log(`      accepted ${tally.accepted}, refused ${tally.refused}; stages ${[...tally.stages].sort().join(', ')}; codes ${[...tally.codes].sort().join(', ')}`);
    assert.ok(tally.accepted > 1000);
    for (const stage of ['awaiting-head-of-service', 'head-of-service-agreed', 'awaiting-director', 'director-authorised', 'episode-ended', 'not-viable', 'closed']) {
      assert.ok(tally.stages.has(stage), `no run reached ${stage}`);
    }
    for (const code of ['SELF_APPROVAL', 'SAME_PERSON_HOS_AND_DIRECTOR', 'ALREADY_DECIDED', 'COMMENT_REQUIRED', 'STEPS_OUTSTANDING', 'OUT_OF_ORDER', 'NOT_YOUR_ROLE']) {
      assert.ok(tally.codes.has(code), `no run was refused with ${code}`);
    }
  });
});
