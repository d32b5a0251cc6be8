/**
 * Whether the IRO's view on a case is the view on the assessment as it now stands. The IRO's view
 * "travels with the form to the Head of Service" (R-SIGN-4); after an approver asks for changes
 * or rejects, the form that goes up again is a different one. The policy setting says what then:
 * `ask-again` (the default) — the IRO is asked again once the team manager agrees the revised
 * form, unless they gave a new view meanwhile; `reuse` — the earlier view goes with it, marked
 * as given on the earlier version.
 */
import type { CasePolicy } from './case-policy';
import type { CaseState, Instant } from './case-state';

/** When the assessment was last sent back (changes requested or rejected), if ever. */
export function lastSentBackAt(state: CaseState): Instant | null {
  let latest: Instant | null = null;
  for (const approval of state.approvals) {
    const d = approval.decision;
    if (!d || d.outcome === 'approve' || approval.stage === 'placement-end') continue;
    if (latest === null || d.at > latest) latest = d.at;
  }
  return latest;
}

/** The IRO's view was given before the assessment was last sent back: it is about an earlier version. */
export function iroViewOnEarlierVersion(state: CaseState): boolean {
  const sentBack = lastSentBackAt(state);
  return state.iroView !== null && sentBack !== null && state.iroView.at < sentBack;
}

/** The view can go to the Head of Service with the assessment as it stands (under the policy). */
export function iroViewStands(state: CaseState, policy: Pick<CasePolicy, 'iroViewOnRevision'>): boolean {
  if (!state.iroView) return false;
  return policy.iroViewOnRevision === 'reuse' || !iroViewOnEarlierVersion(state);
}
