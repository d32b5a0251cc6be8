/** The approvers' words on the immediate risk check (R-UNPL-2): never "waiting" for a view nothing waits on. */
import { strict as assert } from 'node:assert';
import type { CaseEvent, CaseState } from '../../src/protocol';
import { riskCheckText } from '../../src/bot/approval-context';
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
});
