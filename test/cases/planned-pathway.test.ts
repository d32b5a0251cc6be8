import { strict as assert } from 'node:assert';
import type { CaseState } from '../../src/protocol';
import type { CommandOutcome, EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';

let n = 0;
const key = () => `planned-${++n}`;

function ok(o: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!o.ok) assert.fail(`expected success, got ${o.code}: ${o.message}`);
  return o;
}

const FACTS = {
  legalStatus: 'S20', dateOfBirth: '2013-09-01', accommodatedOn: '2025-04-10', previousEpisodeEndedOn: null,
  lastAssessmentCompletedOn: '2025-12-01', pathway: 'planned', returnedHomeOn: null,
};

describe('case service: the planned pathway (R-PLAN-*) from start to closure', function () {
  let world: World;
  let caseId: string;
  const act = (actor: { id: string; name: string }, event: EventInput) => world.service.apply({ idempotencyKey: key(), caseId, actor, event });
  const state = async (): Promise<CaseState> => (await world.service.get(caseId))!.state;
  const pending = async () => (await state()).approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;

  beforeEach(async () => {
    world = makeWorld('2026-03-02T10:00:00Z');
    caseId = ok(await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: `PL-${n}`, facts: FACTS, trigger: null, iro: PEOPLE.iro })).caseId;
  });
  afterEach(async () => world.close());

  async function reunificationWork(): Promise<void> {
    ok(await act(PEOPLE.sw, { type: 'ReunificationStarted', startedOn: '2026-01-12', edgeOfCare: 'framework' }));
    for (const evidence of ['analytical-chronology', 'themes-and-patterns', 'risk-classification-meeting', 'return-home-plan'] as const) {
      ok(await act(PEOPLE.sw, { type: 'FrameworkEvidenceUploaded', evidence }));
    }
    ok(await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'Would like to live with dad.' }));
    ok(await act(PEOPLE.sw, { type: 'ParentsConsulted', views: 'Father ready, mother agrees.', plannedReturnAgreed: true }));
    ok(await act(PEOPLE.sw, { type: 'IroInformed' }));
    ok(await act(PEOPLE.iro, { type: 'IroViewRecorded', view: 'Supports the plan.', reviewBroughtForward: false }));
  }

  it('runs reunification, the full reassessment, the sign-off chain, the return, visits, placement, letter and review', async () => {
    const horizon = (await world.store.deadlines(caseId)).find((d) => d.kind === 'planned-horizon-reached');
    assert.equal(horizon, undefined, 'no horizon before the reunification work starts');
    await reunificationWork();
    const deadlines = await world.store.deadlines(caseId);
    assert.ok(deadlines.some((d) => d.kind === 'planned-horizon-reached' && d.dueAt.startsWith('2026-05-04')), 'R-PLAN-5: 16 weeks from 12 January');

    const shortForm = await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'r', safetyPlan: 's', stepdownPlan: [{ option: 'edge-of-care', purpose: 'Intensive support.' }], completedOn: '2026-03-02' });
    assert.equal(!shortForm.ok && shortForm.code, 'FORM_NOT_ALLOWED');
    assert.equal(!shortForm.ok && shortForm.rule, 'R-ASSESS-1');
    ok(await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Risks reduced.', safetyPlan: 'Weekly school check.', stepdownPlan: [{ option: 'edge-of-care', purpose: 'Intensive support.' }], completedOn: '2026-03-02' }));
    const changes = await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'request-changes', comment: '   ' });
    assert.equal(!changes.ok && changes.code, 'COMMENT_REQUIRED');
    ok(await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'request-changes', comment: 'Add the school plan.' }));
    assert.equal((await state()).stage, 'revising');
    ok(await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'Risks reduced.', safetyPlan: 'Weekly school check; school plan agreed.', stepdownPlan: [{ option: 'edge-of-care', purpose: 'Intensive support.' }], completedOn: '2026-03-02' }));
    ok(await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null }));
    ok(await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null }));
    ok(await act(PEOPLE.director, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null }));
    const s = await state();
    assert.equal(s.approvals.find((a) => a.stage === 'director')!.decision!.retrospective, false, 'not home yet: prospective authorisation');
    ok(await act(PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true, familyInformed: true }));
    world.clock.set('2026-03-09T10:00:00Z');
    ok(await act(PEOPLE.sw, { type: 'ChildReturnedHome', on: '2026-03-09' }));
    assert.deepEqual((await state()).visits.map((v) => v.due), ['2026-03-12', '2026-03-16', '2026-03-23', '2026-03-30', '2026-04-06']);
    ok(await act(PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-10' }));
    ok(await act(PEOPLE.hos, { type: 'DecisionGiven', approvalId: await pending(), outcome: 'approve', comment: null }));
    ok(await act(PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-03-10', carersToldOn: '2026-03-09' }));
    world.clock.set('2026-04-07T10:00:00Z');
    for (const [index, on] of [[0, '2026-03-11'], [1, '2026-03-16'], [2, '2026-03-23'], [3, '2026-03-30'], [4, '2026-04-06']] as const) {
      ok(await act(PEOPLE.sw, { type: 'VisitRecorded', index, on, notes: 'Seen.' }));
    }
    ok(await act(PEOPLE.sw, { type: 'LetterWritten', writtenOn: '2026-04-07' }));
    assert.equal(ok(await act(PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-04-07', continueWith: ['TAF'], notes: 'Settled.' })).stage, 'closed');
    // Horizon deadlines were cancelled when the child went home: the sweep sends no horizon warning.
    await world.scheduler.sweep();
    await world.worker.drain();
    assert.ok(!world.notifier.sent.some((x) => x.text.includes('16-week')));
    assert.deepEqual(world.recorder.list('decisions').map((d) => [d.fields['Stage'], d.fields['Outcome']]), [
      ['team-manager', 'request-changes'], ['team-manager', 'approve'], ['head-of-service', 'approve'], ['director', 'approve'], ['placement-end', 'approve'],
    ]);
  });

  it('moves to the unplanned pathway mid-chain: pending requests withdrawn, the same case continues (R-SCOPE-3)', async () => {
    await reunificationWork();
    ok(await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 's', stepdownPlan: [{ option: 'trusted-adult', purpose: 'Someone to call.' }], completedOn: '2026-03-02' }));
    const withdrawn = await pending();
    ok(await act(PEOPLE.sw, { type: 'PathwayChangedToUnplanned', trigger: 'consent-withdrawn' }));
    const late = await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: withdrawn, outcome: 'approve', comment: null });
    assert.equal(!late.ok && late.rule, 'R-SCOPE-3');
    const s = await state();
    assert.equal(s.pathway, 'unplanned');
    assert.equal(s.stage, 'preparing');
    assert.equal(s.pathwayChanges.length, 1);
    assert.equal((await world.store.list()).length, 1, 'the move is recorded on the same case, not a new one');
    const blocked = await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 's', stepdownPlan: [{ option: 'trusted-adult', purpose: 'x' }], completedOn: '2026-03-02' });
    assert.equal(!blocked.ok && blocked.rule, 'R-UNPL-2', 'the unplanned steps now apply: the immediate risk check is missing');
  });
});
