/**
 * A request, its reminder and its fresh copies go only to people who may decide it: someone the
 * protocol bars in person (R-SIGN-4: their own case; the Director's authorisation after giving the
 * Head of Service's agreement) is left out, as the case card leaves out their buttons.
 */
import { decisionBarred, type CaseState, type NoticeKind } from '../protocol';

/** Notices that ask their reader to decide a waiting request. An escalation asks them to chase it. */
const ASKING_NOTICES: ReadonlySet<NoticeKind> = new Set(['approval-reminder', 'approval-request-copy']);

export function asksToDecide(notice: NoticeKind): boolean {
  return ASKING_NOTICES.has(notice);
}

/** Whether the protocol bars this person from deciding this request in person. */
export function barredFromDeciding(state: CaseState | undefined, approvalId: string | undefined, personId: string): boolean {
  const approval = approvalId === undefined ? undefined : state?.approvals.find((a) => a.approvalId === approvalId);
  return approval !== undefined && decisionBarred(state!, approval, [personId]) !== null;
}
