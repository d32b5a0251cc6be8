/**
 * Who may send each event on a case, and how a refusal words it: one declaration per event kind.
 * Roles are tried in order; each means "this case's" holder of it or their active deputy.
 */
import { EVENT_DECLARATIONS, isLifecycleEvent } from '../protocol';
import type { CaseRole, CaseState, RuleId } from '../protocol';
import type { EventInput } from './case-service';

export interface WhoMayAct {
  roles: CaseRole[];
  /** Finishes "Only this case's …, or their deputy, can …". */
  what: string;
  rule: RuleId | null;
}

export function whoMayAct(event: EventInput, state: CaseState): WhoMayAct {
  // Issue 12's events declare their roles once, in the protocol.
  if (isLifecycleEvent(event)) {
    const declared = EVENT_DECLARATIONS[event.type];
    return { roles: [...declared.roles], what: declared.what, rule: declared.rule };
  }
  switch (event.type) {
    case 'DecisionGiven': {
      const approval = state.approvals.find((a) => a.approvalId === event.approvalId);
      if (!approval) return { roles: ['team-manager', 'head-of-service', 'director'], what: 'decide on this request', rule: 'R-SIGN-4' };
      if (approval.stage === 'placement-end') return { roles: ['head-of-service'], what: 'consent to end the placement', rule: 'R-PLACE-1' };
      if (approval.stage === 'director') return { roles: ['director'], what: 'give this authorisation', rule: 'R-SIGN-4' };
      return { roles: [approval.stage], what: 'give this agreement', rule: 'R-SIGN-4' };
    }
    case 'IroViewRecorded':
      return { roles: ['iro', 'social-worker'], what: "record the IRO's view", rule: 'R-SIGN-4' };
    case 'PlacementEnded':
      return { roles: ['social-worker', 'placement-team', 'team-manager'], what: 'record the end of the placement', rule: 'R-PLACE-1' };
    default:
      return { roles: ['social-worker', 'team-manager'], what: 'record this step', rule: null };
  }
}
