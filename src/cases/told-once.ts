/**
 * A person who holds two parts on one case is told a thing once, not once per part: a team manager
 * who is the case's social worker already has the social worker's own copy of a visit overdue, a
 * visit not done, the 16-week horizon, a rejection, a closure or a correction that withdrew the
 * decisions; someone who is both Head of Service and Director already has the approver's copy of an escalation ("waiting for your decision", or
 * the words for chasing it when R-SIGN-4 bars them), so the copy for those up the line is not sent again; nor, when
 * the request is withdrawn, the chaser's "Escalation over" beside the approver's notice of the move or withdrawal.
 */
import { APPROVER_ROLE, type CaseState, type NoticeKind, type Recipient } from '../protocol';

/**
 * Notices the protocol sends the social worker in person and, in the same step, the team manager(s);
 * and the case's opening, which its social worker did themselves (and R-SIGN-4 bars them from agreeing).
 */
const ALSO_TO_THE_SOCIAL_WORKER: ReadonlySet<NoticeKind> = new Set([
  'case-opened',
  'visit-overdue',
  'visit-not-done',
  'planned-horizon-nearing',
  'planned-horizon-reached',
  'not-viable',
  'return-rejected',
  'case-closed',
]);

/**
 * The recipient whose copy this person already has, if this notice, sent to a part of the case, is
 * one they are also sent as another part; undefined when this copy is theirs to get.
 */
export function toldAsAnotherPart(notice: NoticeKind, to: Recipient, data: Readonly<Record<string, unknown>>, state: CaseState | undefined, personId: string): Recipient | undefined {
  if (!state || to.kind !== 'role') return undefined;
  // A correction tells the social worker in person only in some steps: those mark the copies for the others `socialWorkerTold`.
  const socialWorkerTold = ALSO_TO_THE_SOCIAL_WORKER.has(notice) || (notice === 'facts-corrected' && data['socialWorkerTold'] === true);
  if (socialWorkerTold && personId === state.socialWorker.id) return { kind: 'person', id: state.socialWorker.id, name: state.socialWorker.name };
  // The part a withdrawn escalated request waited for was told of it in its own notice (escalation-withdrawn.ts).
  if (notice === 'escalation-withdrawn' && data['approverTold'] === true && typeof data['stage'] === 'string' && data['stage'] in APPROVER_ROLE) {
    return { kind: 'role', role: APPROVER_ROLE[data['stage'] as keyof typeof APPROVER_ROLE] };
  }
  if (notice !== 'approval-escalation' || data['you'] === true) return undefined;
  const approval = state.approvals.find((a) => a.approvalId === data['approvalId']);
  return approval ? { kind: 'role', role: APPROVER_ROLE[approval.stage], includeDeputies: true } : undefined;
}
