/**
 * Asking the next approver in the sign-off chain (R-SIGN-4): the case waits at their stage, and
 * their request goes out with its reminder, escalation and mail renewal. One place, so every
 * event that moves the chain on (an assessment submitted, an agreement, the IRO's view, a
 * correction, a request for the Director) asks the same way.
 */
import type { CasePolicy, Now } from './case-policy';
import type { Effect } from './case-effects';
import type { CaseStage, CaseState } from './case-state';
import { openApproval } from './transition';

/** The approvals of the sign-off chain, each with the stage the case waits in for it. */
const WAITING_STAGE = {
  'team-manager': 'awaiting-team-manager',
  'head-of-service': 'awaiting-head-of-service',
  director: 'awaiting-director',
} as const satisfies Record<string, CaseStage>;

export type ChainStage = keyof typeof WAITING_STAGE;

/** Moves the case to wait for `stage`'s decision and opens its request; returns the effects that ask for it. */
export function askForDecision(state: CaseState, stage: ChainStage, now: Now, policy: CasePolicy): Effect[] {
  state.stage = WAITING_STAGE[stage];
  const next = openApproval(state, stage, now, policy);
  state.approvals.push(next.approval);
  return next.effects;
}
