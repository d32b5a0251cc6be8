/**
 * refresh.userIds of an approval card leave out the approvers R-SIGN-4 bars from deciding it in
 * person: Teams would refresh the card for them only to show it without buttons. Both the card the
 * outbox sends and the one a click opens.
 */
import { strict as assert } from 'node:assert';
import { approvalCardsOn } from '../../src/composition-root';
import type { EventInput } from '../../src/cases/case-service';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import { PEOPLE } from '../../support/world';
import { botOnEachWorld, type Card } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

describe("approval cards' refresh.userIds: nobody barred from the decision (R-SIGN-4)", () => {
  const on = botOnEachWorld();

  it('a team manager who opened the case is not refreshed for its request; the other team manager is', async () => {
    const { world, driver } = on;
    // Morgan manages a team and opened this case: they may not agree it (R-SIGN-4); Taylor may.
    const actor = PEOPLE.managerWithCases;
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor, ref: 'OWN-9', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    const events: EventInput[] = [
      { type: 'ChildViewsRecorded', views: 'v' },
      { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
      { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
    ];
    for (const [i, event] of events.entries()) assert.ok((await world.service.apply({ idempotencyKey: `e${i}`, caseId: opened.caseId, actor, event })).ok);
    for (const p of [PEOPLE.tm, PEOPLE.managerWithCases]) await world.store.saveConversation(deliveryKeys.person(p.id), { channelId: 'msteams', conversation: { id: `a:${p.id}` }, user: { id: `29:${p.id}`, aadObjectId: p.id } });
    const stored = (await world.service.get(opened.caseId))!;
    const approval = stored.state.approvals[0]!;

    const renderer = approvalCardsOn(world.config, world.app, { outlook: false });
    const sent = (await renderer.approvalCard({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, stored.state, stored.version)) as Card & { refresh: { userIds: string[] } };
    assert.deepEqual(sent.refresh.userIds, [`29:${PEOPLE.tm.id}`]);

    const opens = (await driver.click(PEOPLE.tm, 'showApproval', { caseId: opened.caseId, approvalId: approval.approvalId })) as Card & { refresh: { userIds: string[] } };
    assert.deepEqual(opens.refresh.userIds, [`29:${PEOPLE.tm.id}`]);
  });
});
