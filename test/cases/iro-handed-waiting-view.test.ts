/**
 * An IRO handed a case whose IRO's view waits (R-SIGN-4) is told so once, in the notice of the case
 * handed to them, which sends them to the case once: not a second notice about the same view.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { pendingApprovalId } from '../../support/bot-over-http/case-prep';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

describe("an IRO handed a case whose IRO's view waits", () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  it('is sent one notice, saying the view waits (R-SIGN-4) and to open the case once', async () => {
    const s = world.service;
    const opened = await s.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'HAND-1', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok, JSON.stringify(opened));
    const caseId = opened.caseId;
    let n = 0;
    const apply = async (actor: { id: string; name: string }, event: EventInput): Promise<void> => {
      const outcome = await s.apply({ idempotencyKey: `e${++n}`, caseId, actor, event });
      assert.ok(outcome.ok, JSON.stringify(outcome));
    };
    await apply(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(PEOPLE.sw, { type: 'IroInformed' });
    await apply(PEOPLE.sw, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    await apply(PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pendingApprovalId(s, caseId), outcome: 'approve', comment: null });
    await world.worker.drain();
    const seen = world.notifier.sent.length;

    const handed = await s.reassign({ idempotencyKey: 'hand', caseId, actor: PEOPLE.tm, role: 'iro', personId: PEOPLE.iro.id, reason: 'Indra takes it.' });
    assert.ok(handed.ok, JSON.stringify(handed));
    assert.equal((await s.get(caseId))!.state.stage, 'awaiting-iro-view');
    await world.worker.drain();
    const toIro = world.notifier.sent.slice(seen).filter((m) => m.to === PEOPLE.iro.id).map((m) => m.text);
    assert.equal(toIro.length, 1, toIro.join('\n---\n'));
    assert.match(toIro[0]!, /^Case HAND-1 has been handed to you: .*The case is waiting for your view as IRO, which goes to the Head of Service with the assessment \(R-SIGN-4\)\. Open the case to record your view and see where it stands; its messages for the IRO now come to you\.$/);
    assert.equal(toIro[0]!.match(/open the case/gi)?.length, 1);
  });
});
