/**
 * What a failed Outlook mail means for its approval request (issue 15 M4). Mail goes beside the
 * Teams message, so it must never hold the request, or the case's later messages, back for long:
 * - refused for good (PermanentRecordError: a wrong MAIL_SENDER_ID, no Mail.Send permission, a
 *   mail Exchange will not take) — that person is not mailed; operators are told, once;
 * - failing for now (throttling, an outage) — the request is tried again a few times (the Teams
 *   messages already sent are not sent twice), then mail is given up for it, and operators are told.
 */
import { PermanentRecordError } from '../ports/recorder';

/** A problem with mail as a whole, for operators: a stable code and plain words on what to check. */
export interface MailProblem {
  code: 'mail-refused' | 'mail-unavailable';
  message: string;
}

/** Attempts of one request (its outbox item) before its mail is given up while Teams goes on. */
export const MAIL_ATTEMPTS = 3;

const PROBLEMS: Record<MailProblem['code'], string> = {
  'mail-refused': 'Outlook mail is refused by Microsoft Graph for a reason retrying will not fix. Check MAIL_SENDER_ID (an existing mailbox) and that the app has the Mail.Send application permission for it. Approval requests still go by Teams.',
  'mail-unavailable': 'Outlook mail kept failing (Graph throttling or an outage), so some approval requests went by Teams only.',
};

export function mailFailure(error: unknown, attemptsBefore: number): { retry: boolean; problem?: MailProblem } {
  if (error instanceof PermanentRecordError) return { retry: false, problem: { code: 'mail-refused', message: PROBLEMS['mail-refused'] } };
  if (attemptsBefore + 1 < MAIL_ATTEMPTS) return { retry: true };
  return { retry: false, problem: { code: 'mail-unavailable', message: PROBLEMS['mail-unavailable'] } };
}

/**
 * Tells operators of each kind of mail problem once per process (and again after `quietMs`, in
 * case it was missed), not once per case: a wrong sender would otherwise log for every request.
 */
export function onceEach(tell: (problem: MailProblem) => void, now: () => number = Date.now, quietMs = 24 * 3_600_000): (problem: MailProblem) => void {
  const told = new Map<string, number>();
  return (problem) => {
    const last = told.get(problem.code);
    if (last !== undefined && now() - last < quietMs) return;
    told.set(problem.code, now());
    tell(problem);
  };
}
