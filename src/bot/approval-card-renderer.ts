/** The approval request card for the outbox worker (effect delivery), from the case as it is now. */
import type { CardRenderer } from '../cases/effect-delivery';
import type { ApprovalStage, CasePolicy, CalendarDate } from '../protocol';
import { approvalRequestCard, refusalCard } from './card-builder';
import { approvalRequestData } from './case-view';

export function createApprovalCardRenderer(deps: { policy: CasePolicy; today: () => CalendarDate; approverIds: (stage: ApprovalStage) => string[] }): CardRenderer {
  return {
    approvalCard(effect, state) {
      const data = approvalRequestData(state, effect.approvalId, deps.approverIds(effect.stage), { today: deps.today(), policy: deps.policy });
      // The request is in the outbox with its case, so this only happens if the state was rewritten.
      return data ? approvalRequestCard(data) : refusalCard({ title: 'Request not found', message: `Case ${state.ref}: this request is no longer on the case. Open the case to see where it stands.`, rule: '', ruleText: '' });
    },
  };
}
