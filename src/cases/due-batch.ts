/**
 * Which due deadlines one sweep batch fires: the oldest due, each with every other due deadline of
 * its case, whole cases only, at most `limit` of them. A case's deadlines then share the batch's
 * transaction, so its rows (the case, its audit trail, its outbox) are written once for all of them
 * instead of once per batch each: the morning after a holiday, most cases have several due at once.
 * Each case's deadlines keep their due order, and the batch still holds at most `limit`.
 */
import type { Deadline } from '../ports/deadline-queue';
import { inDueOrder } from '../ports/commit-rules';

/**
 * `due`: the oldest due deadlines, as the queue gave them; `ofCases`: the due deadlines of their
 * cases. Returns the batch, case by case in the order `due` first names them. The first case is
 * always taken (its first `limit` deadlines if it has more), so a sweep always moves on.
 */
export function dueBatch(due: readonly Deadline[], ofCases: readonly Deadline[], limit: number): Deadline[] {
  const byCase = new Map<string, Map<string, Deadline>>();
  const add = (deadline: Deadline): void => {
    const mine = byCase.get(deadline.caseId) ?? new Map<string, Deadline>();
    byCase.set(deadline.caseId, mine);
    if (!mine.has(deadline.deadlineId)) mine.set(deadline.deadlineId, deadline);
  };
  // What the queue gave first wins; a case's read only adds to it (the two reads may be a moment apart).
  due.forEach(add);
  ofCases.forEach(add);
  const batch: Deadline[] = [];
  for (const [, mine] of byCase) {
    const deadlines = [...mine.values()].sort(inDueOrder);
    if (batch.length === 0) {
      batch.push(...deadlines.slice(0, limit));
      continue;
    }
    if (batch.length + deadlines.length > limit) break;
    batch.push(...deadlines);
  }
  return batch;
}
