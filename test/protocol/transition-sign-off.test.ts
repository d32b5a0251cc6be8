import { strict as assert } from 'node:assert';
import { CaseState, DEFAULT_CASE_POLICY } from '../../src/protocol';
import {
  accept,
  ACTORS,
  awaitingHeadOfService,
  caseRow,
  drive,
  effectsOf,
  events,
  initialSteps,
  nowOn,
  opened,
  pending,
  readyForAssessment,
  refusal,
} from './support/case-fixtures';

/** 10 days in care on 2 March 2026, not home, no earlier episode: no Director sign-off required. */
const TEN_DAYS = { accommodatedOn: '2026-02-20', returnedHomeOn: null } as const;
const ALWAYS = { ...DEFAULT_CASE_POLICY, directorSignOff: 'always' } as const;

describe('transition: Director sign-off not required (R-SIGN-6)', () => {
  let agreed: CaseState;

  before(() => {
    agreed = accept(awaitingHeadOfService({ facts: TEN_DAYS }), events.decision('case-1:head-of-service:1', ACTORS.hos)).state;
  });

  it('rules that no sign-off is required, and allows the short form by R-ASSESS-2 and R-ASSESS-3', () => {
    const state = awaitingHeadOfService({ facts: TEN_DAYS });
    assert.deepEqual(state.signOff, { required: false, rules: [] });
    assert.deepEqual(state.assessment?.formRules, ['R-ASSESS-2', 'R-ASSESS-3']);
  });

  it("stops at 'head-of-service-agreed' when the Head of Service agrees, asking no Director", () => {
    const before = awaitingHeadOfService({ facts: TEN_DAYS });
    const { state, effects, action } = accept(before, events.decision(pending(before, 'head-of-service').approvalId, ACTORS.hos));
    assert.equal(state.stage, 'head-of-service-agreed');
    assert.match(action, /^Head of Service's written agreement: approved by /, 'the audit trail says "approved", not the code "approve"');
    assert.deepEqual(effectsOf(effects, 'request-approval'), []);
    assert.ok(!state.approvals.some((a) => a.stage === 'director'));
  });

  it('lets the care episode end without a Director', () => {
    const { state } = accept(agreed, events.episodeEnded(false));
    assert.equal(state.stage, 'episode-ended');
    assert.equal(state.episodeEnded?.directorAgreementUploaded, false);
  });

  it("allows the letter once the Head of Service has agreed", () => {
    assert.equal(accept(agreed, events.letter('2026-03-02')).state.letter?.writtenOn, '2026-03-02');
  });

  it('still lets the social worker ask the Director, who then authorises (not retrospectively: the child is not home)', () => {
    const asked = accept(agreed, events.directorRequested());
    assert.equal(asked.state.stage, 'awaiting-director');
    assert.deepEqual(effectsOf(asked.effects, 'request-approval'), [
      { type: 'request-approval', approvalId: 'case-1:director:1', stage: 'director', to: { kind: 'role', role: 'director' }, rules: ['R-SIGN-4', 'R-UNPL-7'] },
    ]);
    // The reminder, the escalation and the request mail's renewal (Outlook's month).
    assert.equal(effectsOf(asked.effects, 'schedule-deadline').length, 3);
    const authorised = accept(asked.state, events.decision('case-1:director:1', ACTORS.director)).state;
    assert.equal(authorised.stage, 'director-authorised');
    assert.equal(authorised.approvals.at(-1)?.decision?.retrospective, false);
    // Once asked, the episode waits for the Director.
    const early = refusal(asked.state, events.episodeEnded(true));
    assert.equal(early.code, 'OUT_OF_ORDER');
    assert.match(early.message, /Director has authorised/);
    assert.equal(refusal(authorised, events.episodeEnded(false)).code, 'STEPS_OUTSTANDING');
  });

  it("refuses the optional Director request before the Head of Service has agreed, and from anyone but the social worker or team manager", () => {
    const early = refusal(awaitingHeadOfService({ facts: TEN_DAYS }), events.directorRequested());
    assert.equal(early.code, 'OUT_OF_ORDER');
    assert.equal(early.rule, 'R-SIGN-4');
    assert.equal(refusal(agreed, events.directorRequested(ACTORS.hos)).code, 'NOT_YOUR_ROLE');
  });

  it("with policy 'always', requires the Director by R-SIGN-6", () => {
    const { effects } = opened({ facts: TEN_DAYS, policy: ALWAYS });
    assert.equal(caseRow(effects).fields.DirectorSignOffRequired, true);
    assert.equal(caseRow(effects).fields.DirectorSignOffRules, 'R-SIGN-6');
    const state = awaitingHeadOfService({ facts: TEN_DAYS, policy: ALWAYS });
    assert.deepEqual(state.signOff, { required: true, rules: ['R-SIGN-6'] });
    const next = accept(state, events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos), undefined, ALWAYS).state;
    assert.equal(next.stage, 'awaiting-director');
    const r = refusal(next, events.episodeEnded(true), undefined, ALWAYS);
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-SIGN-4');
  });

  it("with policy 'always', keeps the protocol's own rules where they apply", () => {
    const state = awaitingHeadOfService({ policy: ALWAYS });
    assert.deepEqual(state.signOff, { required: true, rules: ['R-SIGN-1', 'R-SIGN-2'] });
  });

  it('requires the Director for a short stay after another episode in the previous three months (R-SIGN-3)', () => {
    const state = awaitingHeadOfService({ facts: { ...TEN_DAYS, previousEpisodeEndedOn: '2026-01-10' } });
    assert.deepEqual(state.signOff, { required: true, rules: ['R-SIGN-3'] });
    assert.equal(accept(state, events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos)).state.stage, 'awaiting-director');
  });
});

describe('transition: a stay that reaches 20 days while the chain runs (R-SIGN-1, R-SIGN-2)', () => {
  // Assessed on Mon 2 Mar 2026 after 10 days in care, so no Director was needed then; on Thu 12 Mar the
  // child, still not home, has been in care 20 days, and a 16-year-old may not be discharged without the Director.
  const DAY_20 = nowOn('2026-03-12');

  it('asks the Director when the Head of Service agrees on or after day 20', () => {
    const state = awaitingHeadOfService({ facts: TEN_DAYS });
    assert.deepEqual(state.signOff, { required: false, rules: [] });
    const { state: next, effects } = accept(state, events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos), DAY_20);
    assert.equal(next.stage, 'awaiting-director');
    assert.deepEqual(next.signOff, { required: true, rules: ['R-SIGN-1', 'R-SIGN-2'] });
    assert.deepEqual(effectsOf(effects, 'request-approval').map((e) => e.stage), ['director']);
    assert.equal(caseRow(effects).fields.DirectorSignOffRequired, true);
  });

  it('does not end the care episode without the Director once day 20 has come', () => {
    const state = awaitingHeadOfService({ facts: TEN_DAYS });
    const agreed = accept(state, events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos)).state;
    assert.equal(agreed.stage, 'head-of-service-agreed');
    const r = refusal(agreed, events.episodeEnded(false), DAY_20);
    assert.equal(r.code, 'OUT_OF_ORDER');
    assert.equal(r.rule, 'R-SIGN-1');
    assert.match(r.message, /20 days/);
    const asked = accept(agreed, events.directorRequested(), DAY_20);
    assert.deepEqual(asked.state.signOff, { required: true, rules: ['R-SIGN-1', 'R-SIGN-2'] });
    assert.doesNotMatch(asked.action, /optional/);
  });

  it('measures the stay to the return home, so a child home on day 13 needs no Director', () => {
    const state = awaitingHeadOfService({ facts: TEN_DAYS });
    const home = accept(state, events.returnedHome('2026-03-05'), nowOn('2026-03-05')).state;
    const agreed = accept(home, events.decision(pending(home, 'head-of-service').approvalId, ACTORS.hos), DAY_20).state;
    assert.equal(agreed.stage, 'head-of-service-agreed');
    assert.equal(accept(agreed, events.episodeEnded(false), DAY_20).state.stage, 'episode-ended');
  });
});

describe('transition: which assessment form (R-ASSESS-1..4)', () => {
  /** Accommodated 1 Oct 2025: five months in care on 2 March 2026, not home. */
  const LONG_STAY = { accommodatedOn: '2025-10-01', returnedHomeOn: null } as const;

  it('refuses the short form for a long stay with no recent assessment (R-ASSESS-1)', () => {
    const ready = readyForAssessment({ facts: LONG_STAY });
    const r = refusal(ready, events.assessment({ form: 's20-return-home-assessment' }));
    assert.equal(r.code, 'FORM_NOT_ALLOWED');
    assert.equal(r.rule, 'R-ASSESS-1');
    assert.match(r.message, /152 days/);
    const full = accept(ready, events.assessment({ form: 'child-and-family-reassessment' })).state;
    assert.deepEqual(full.assessment?.formRules, ['R-ASSESS-1']);
  });

  it('allows the short form for a long stay with a Child & Family assessment in the last 3 months (R-ASSESS-3)', () => {
    const ready = readyForAssessment({ facts: { ...LONG_STAY, lastAssessmentCompletedOn: '2026-01-15' } });
    assert.deepEqual(accept(ready, events.assessment()).state.assessment?.formRules, ['R-ASSESS-3']);
  });

  it('records the rule that allows the full form when it is chosen though the short one was allowed: R-ASSESS-2 for a stay of three months or less, R-ASSESS-1 for a longer one (not R-ASSESS-4, which offers the short form)', () => {
    const state = accept(readyForAssessment(), events.assessment({ form: 'child-and-family-reassessment' })).state;
    assert.deepEqual(state.assessment?.formRules, ['R-ASSESS-2']);
    const longStay = readyForAssessment({ facts: { ...LONG_STAY, lastAssessmentCompletedOn: '2026-01-15' } });
    assert.deepEqual(accept(longStay, events.assessment({ form: 'child-and-family-reassessment' })).state.assessment?.formRules, ['R-ASSESS-1']);
  });

  it("keeps the form ruling of submission through a revision: the case's own reassessment is not an earlier assessment (issue 12)", () => {
    const ready = readyForAssessment({ facts: LONG_STAY });
    const submitted = accept(ready, events.assessment({ form: 'child-and-family-reassessment', completedOn: '2026-02-27' })).state;
    assert.equal(submitted.facts.lastAssessmentCompletedOn, null, 'the fact as given stays');
    assert.equal(submitted.assessment?.completedOn, '2026-02-27');
    assert.deepEqual(submitted.assessment?.formRules, ['R-ASSESS-1']);
    const revising = accept(submitted, events.decision('case-1:team-manager:1', ACTORS.tm, 'request-changes', 'add the school')).state;
    const r = refusal(revising, events.assessment({ form: 's20-return-home-assessment' }));
    assert.equal(r.rule, 'R-ASSESS-1', 'a revision cannot turn into the short form on the strength of its own first version');
    const revised = accept(revising, events.assessment({ form: 'child-and-family-reassessment' })).state;
    assert.deepEqual(revised.assessment?.formRules, ['R-ASSESS-1']);
    assert.equal(revised.earlierAssessments?.length, 1, 'the version sent back is kept');
  });

  it('keeps R-ASSESS-2 for a short S20 form through a revision in the same stay', () => {
    const short = { accommodatedOn: '2026-01-05', returnedHomeOn: null } as const;
    const submitted = accept(readyForAssessment({ facts: short }), events.assessment({ form: 's20-return-home-assessment' })).state;
    const formRules = submitted.assessment?.formRules;
    const revising = accept(submitted, events.decision('case-1:team-manager:1', ACTORS.tm, 'request-changes', 'add the school')).state;
    assert.deepEqual(accept(revising, events.assessment({ form: 's20-return-home-assessment' })).state.assessment?.formRules, formRules);
  });

  it('does not take a short S20 form as a Child & Family assessment when the stay passes three months', () => {
    // 82 days in care on 2 March: the short form is allowed by R-ASSESS-2 …
    const start = nowOn('2026-03-02');
    const { state } = opened({ facts: { accommodatedOn: '2025-12-10', returnedHomeOn: null }, now: start });
    const submitted = drive(state, [...initialSteps(), events.assessment({ form: 's20-return-home-assessment' })], start).state;
    assert.equal(submitted.facts.lastAssessmentCompletedOn, null);
    const later = nowOn('2026-03-16');
    const revising = accept(submitted, events.decision('case-1:team-manager:1', ACTORS.tm, 'request-changes', 'update the plan'), later).state;
    // … but on 16 March the stay is over three months and no Child & Family assessment exists.
    const r = refusal(revising, events.assessment({ form: 's20-return-home-assessment', completedOn: '2026-03-16' }), later);
    assert.equal(r.code, 'FORM_NOT_ALLOWED');
    assert.equal(r.rule, 'R-ASSESS-1');
  });

  it('needs a stepdown plan for a viable return (R-UNPL-9), but not for a not-viable one', () => {
    const ready = readyForAssessment();
    const r = refusal(ready, events.assessment({ stepdownPlan: [] }));
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-UNPL-9');
    assert.equal(accept(ready, events.assessment({ viable: false, stepdownPlan: [] })).state.stage, 'not-viable');
  });

  it('refuses a stepdown option with nothing said of what it is meant to achieve, naming it (R-UNPL-9)', () => {
    const ready = readyForAssessment();
    const r = refusal(ready, events.assessment({ stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the family network.' }, { option: 'edge-of-care', purpose: ' \u200b ' }] }));
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-UNPL-9');
    assert.match(r.message, /^Say what the stepdown plan is meant to achieve for each option chosen \(Edge of Care referral\), then submit it again\. \(R-UNPL-9\)$/);
  });
});
