/** The approvers' words on the immediate risk check, and the manager's request card (R-UNPL-2): never "waiting" for a view nothing waits on. */
import { strict as assert } from 'node:assert';
import type { CaseEvent, CaseState } from '../../src/protocol';
import { riskCheckText } from '../../src/bot/approval-context';
import { noticeCardData } from '../../src/bot/notice-card';
import { accept, ACTORS, events, opened } from '../protocol/support/case-fixtures';

describe('the risk check as the approvers read it (R-UNPL-2)', () => {
  const asked: CaseEvent = { type: 'ImmediateRiskConsidered', actor: ACTORS.sw, summary: 'Considered with the team manager.', consulted: 'team-manager', legalPlanningMeetingNeeded: true };
  const agreed: CaseEvent = { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'They agree a planned return.', plannedReturnAgreed: true };
  const waiting = (): CaseState => {
    let state = opened({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } }).state;
    for (const e of [events.childViews(), events.iroInformed(), agreed, asked]) state = accept(state, e).state;
    return state;
  };

  it("on an unplanned return the view is waited for", () => {
    assert.match(riskCheckText(waiting()), /waiting for the team manager's view on a Legal Planning Meeting or ICPC/);
  });

  it('moved to the planned pathway while the view waited: it says the view was no longer asked, not that it waits', () => {
    const planned = accept(waiting(), { type: 'PathwayChangedToPlanned', actor: ACTORS.sw, reason: 'Parents agreed at the meeting.' }).state;
    const text = riskCheckText(planned);
    assert.doesNotMatch(text, /waiting/);
    assert.match(text, /flagged a possible need; the case then moved to the planned pathway, so the team manager's view on a Legal Planning Meeting or ICPC was no longer asked \(R-UNPL-2\)\./);
  });

  it("the manager's request card offers 'Give my view' while it waits, and says it is no longer needed once the case is a planned return", () => {
    const request = { type: 'notify' as const, notice: 'risk-view-needed' as const, to: { kind: 'role' as const, role: 'team-manager' as const }, rules: ['R-UNPL-2' as const], data: { ref: 'MOS-1042', consulted: 'team-manager' } };
    const titles = (state: CaseState) => noticeCardData(request, state, 'Your view is asked.').actions.map((a) => a.title);
    assert.ok(titles(waiting()).includes('Give my view'));
    const planned = accept(waiting(), { type: 'PathwayChangedToPlanned', actor: ACTORS.sw, reason: 'Parents agreed at the meeting.' }).state;
    const card = noticeCardData(request, planned, 'Your view is asked.');
    assert.deepEqual(card.actions.map((a) => a.title), ['Open the case']);
    assert.deepEqual(card.facts.find((f) => f.title === 'Now'), { title: 'Now', value: 'No longer needed: the case moved to the planned pathway (R-UNPL-2)' });
  });
});
