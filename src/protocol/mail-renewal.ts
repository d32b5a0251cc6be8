/**
 * When a waiting request's mail is renewed (first because Outlook refuses an actionable message's
 * buttons after a month; the mail now has none, and the fresh copy is a reminder: request-copy.ts). Apart from request-copy.ts so opening a request
 * can schedule its renewal without an import cycle.
 */
import { addDays } from './calendar-date';
import type { Effect } from './case-effects';
import type { Approval, CaseState } from './case-state';
import type { Now } from './case-policy';

/** Days after which a request mail is renewed: under Outlook's month, whatever the month's length. */
export const MAIL_RENEWAL_DAYS = 28;

export const mailRenewalId = (approvalId: string): string => `${approvalId}:mail-renewal`;

/** The renewal deadline a new request schedules. */
export function scheduleMailRenewal(state: CaseState, approval: Pick<Approval, 'approvalId' | 'stage'>, now: Now): Effect {
  return { type: 'schedule-deadline', deadlineId: mailRenewalId(approval.approvalId), kind: 'approval-mail-renewal', dueOn: addDays(now.today, MAIL_RENEWAL_DAYS), data: { approvalId: approval.approvalId, stage: approval.stage, ref: state.ref } };
}
