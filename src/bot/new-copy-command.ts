/**
 * "new copy REF": an approver who has lost a request, or whose request mail has gone stale (mails
 * sent before the mail was made read-only had buttons Outlook stops after a month, and said to
 * type this), gets a fresh copy of each request of that case waiting for their decision, in Teams
 * and by mail (src/protocol/request-copy.ts).
 */
import type { CaseService } from '../cases/case-service';
import type { Person } from '../protocol';
import { typedCommandAnswer } from './outcome-answers';

export const NEW_COPY_COMMAND = /^new\s+copy\s+(\S+)$/i;

/** What the person is told: what happens next, and whether anything was recorded. */
export async function newCopyAnswer(service: Pick<CaseService, 'viewByRef' | 'act'>, actor: Person, ref: string, key: string): Promise<string> {
  // One lookup, need-to-know checked. An unknown case and one this person may not see get the same answer: no existence leak.
  const view = await service.viewByRef(actor, ref, 'RequestCopyAsked', key);
  if (!view.stored && view.outOfCover) return view.outOfCover.words;
  const stored = view.stored;
  const done = stored ? await service.act({ idempotencyKey: key, caseId: stored.state.caseId, actor, event: { type: 'RequestCopyAsked' }, unseen: { action: 'RequestCopyAsked', correlationId: key }, basis: stored }) : { seen: false as const };
  if (!done.seen) return typedCommandAnswer('UNKNOWN_CASE', { command: 'new copy', ref });
  if (!done.outcome.ok) return typedCommandAnswer(done.outcome.code, { command: 'new copy', ref }, done.outcome.message);
  return `A new copy of what is waiting for your decision on case ${done.state.ref} is on its way: here in Teams, and by Outlook mail where your mail address is set up. Your request for it is kept in the case's audit trail; nothing else was recorded.`;
}
