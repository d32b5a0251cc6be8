/**
 * "new copy REF": an approver whose request mail has gone stale (Outlook stops an actionable
 * message's buttons after a month; the old mail says to type this) gets a fresh copy of each
 * request of that case waiting for their decision, in Teams and by mail (src/protocol/request-copy.ts).
 */
import type { CaseService } from '../cases/case-service';
import type { Person } from '../protocol';

export const NEW_COPY_COMMAND = /^new\s+copy\s+(\S+)$/i;

/** What the person is told: what happens next, and whether anything was recorded. */
export async function newCopyAnswer(service: Pick<CaseService, 'viewByRef' | 'act'>, actor: Person, ref: string, key: string): Promise<string> {
  // One lookup, need-to-know checked. An unknown case and one this person may not see get the same answer: no existence leak.
  const stored = await service.viewByRef(actor, ref, 'RequestCopyAsked', key);
  const done = stored ? await service.act({ idempotencyKey: key, caseId: stored.state.caseId, actor, event: { type: 'RequestCopyAsked' }, unseen: { action: 'RequestCopyAsked', correlationId: key }, basis: stored }) : { seen: false as const };
  if (!done.seen) return `There is no case with reference ${ref.slice(0, 40)} that you can see, so no copy was sent. Type "my cases" to see your cases.`;
  if (!done.outcome.ok) return done.outcome.message;
  return `A new copy of what is waiting for your decision on case ${done.state.ref} is on its way: here in Teams, and by Outlook mail where your mail address is set up. Your request for it is kept in the case's audit trail; nothing else was recorded.`;
}
