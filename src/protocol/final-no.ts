/**
 * "Reject": an approver's final no to the return home, unlike "Request changes", which sends the
 * assessment back. A child on a planned return stays accommodated and the request ends (the case
 * closes, with the approver's comment as the reason). A child already home, or on an unplanned
 * return, cannot simply stay in care: the not-viable route of R-UNPL-8 follows (tell the child,
 * parents and IRO; ICPC/LPM).
 */
import type { Actor } from './case-people';
import type { Effect, NoticeData, Recipient } from './case-effects';
import type { Approval, CaseState, UnplannedTrigger } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { closeCase } from './case-closure';
import { iroNotices, notify, ok, role, socialWorkerRecipient, STAGE_RULES, TransitionResult } from './transition';
import { iroInformedRule } from './pathway-step-rules';

/** The one wording, wherever it is said, of why a final no cannot leave this child in care (R-UNPL-8). */
export const CANNOT_STAY = 'cannot simply stay in care';

/** Why a child not yet home on an unplanned return cannot simply stay in care, by what started it (R-UNPL-8). */
export const CANNOT_STAY_IN_CARE: Record<UnplannedTrigger, string> = {
  'consent-withdrawn': `The parents have withdrawn their agreement to S20 accommodation: the child ${CANNOT_STAY}`,
  'young-person-left': `The young person, aged 16 or 17, wants to go home or has left: they ${CANNOT_STAY}`,
  'returned-without-agreement': `The child went home without the local authority's agreement: they ${CANNOT_STAY}`,
};

/** Why a final no cannot leave this child in care (so the not-viable route follows), or null on a planned return not yet home. */
export function cannotStayInCare(state: CaseState): string | null {
  if (state.facts.returnedHomeOn !== null) return 'The child is already home';
  if (state.pathway !== 'unplanned') return null;
  return state.trigger ? CANNOT_STAY_IN_CARE[state.trigger] : `The return home is unplanned: the child ${CANNOT_STAY}`;
}

/**
 * Who is told, below the approver who rejected: the team managers, and for the Director's no the
 * Head of Service who agreed this version in writing (by name: someone who is Director as well may
 * be the one who rejected it).
 */
function toldBelow(state: CaseState, approval: Approval): Recipient[] {
  if (approval.stage === 'team-manager') return [];
  const agreed = approval.stage === 'director' ? state.approvals.find((a) => a.stage === 'head-of-service' && a.round === approval.round && !a.cancelledAt && a.decision?.outcome === 'approve')?.decision : undefined;
  return [role('team-manager'), ...(agreed ? [{ kind: 'person' as const, id: agreed.by.id, name: agreed.by.name }] : [])];
}

export function returnRejected(state: CaseState, approval: Approval, actor: Actor, comment: string, effects: Effect[], data: NoticeData, action: string, now: Now, policy: CasePolicy): TransitionResult {
  const rules = STAGE_RULES[approval.stage];
  const home = state.facts.returnedHomeOn !== null;
  // On the unplanned pathway the parents have withdrawn their agreement to S20, the young person is
  // leaving, or the child has gone home: a child not home yet cannot simply stay in care either,
  // so a final no follows the not-viable route too (tell them, and the IRO; LPM or ICPC, R-UNPL-8).
  const cannotStay = cannotStayInCare(state) !== null;
  const leaving: NoticeData = !home && cannotStay && state.trigger ? { trigger: state.trigger } : {};
  const noticeData: NoticeData = { ...data, home, ...leaving };
  if (cannotStay) {
    state.stage = 'not-viable';
    state.notViable = { decidedAt: now.at, actions: null, rejectedBy: approval.approvalId };
    effects.push(
      notify('return-rejected', socialWorkerRecipient(state), [...rules, 'R-UNPL-8'], { ...noticeData, you: true }),
      ...iroNotices(state, 'return-rejected', ['R-UNPL-8'], noticeData, { ref: state.ref, home, ...leaving }),
    );
    effects.push(...toldBelow(state, approval).map((to) => notify('return-rejected', to, ['R-UNPL-8', 'R-UNPL-2'], noticeData)));
    const why = home ? 'the child is already home' : `the return is unplanned, so the child ${CANNOT_STAY}`;
    return ok(state, effects, `${action}: the return home is rejected; ${why}, so the not-viable actions follow (R-UNPL-8)`, now, policy);
  }
  effects.push(...closeCase(state, 'rejected', comment, actor, now, 'the return home was rejected').effects);
  effects.push(
    // The parents and others with PR are told of every decision (R-VOICE-1): the social worker tells them of this one.
    notify('return-rejected', socialWorkerRecipient(state), [...rules, 'R-VOICE-1'], { ...noticeData, you: true }),
    ...iroNotices(state, 'return-rejected', [iroInformedRule(state.pathway)], noticeData, { ref: state.ref, home }),
  );
  effects.push(...toldBelow(state, approval).map((to) => notify('return-rejected', to, rules, noticeData)));
  return ok(state, effects, `${action}: the return home is rejected and the case is closed; the child stays accommodated`, now, policy);
}
