/**
 * Notices about the person they are sent to ("its social worker is now … instead of you", "you are
 * its IRO", "ask … now, about your case's IRO part"): for that person alone. A message for someone
 * is otherwise also sent to their active deputy and, once the organisation file no longer names them, to the manager who covers for them
 * (routing.ts); this one would tell them "instead of you" of a part they never held (the manager
 * who covers a leaver is often the one who handed the case over).
 */
import type { NoticeKind, Recipient } from '../protocol';

const FOR_THEM_ALONE: ReadonlySet<NoticeKind> = new Set(['case-handed-over', 'case-taken-over', 'case-part-handed-over']);

/** Whether this addressee of a notice about one person is someone else (a deputy, a cover). */
export function meantForSomeoneElse(notice: NoticeKind, to: Recipient, addressee: string): boolean {
  return FOR_THEM_ALONE.has(notice) && to.kind === 'person' && addressee !== to.id;
}
