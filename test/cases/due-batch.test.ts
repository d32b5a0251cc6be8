/**
 * Which due deadlines one sweep batch fires (due-batch.ts): the oldest due with their cases'
 * other due deadlines, whole cases only, at most the batch's size, each case's in due order.
 */
import assert from 'node:assert/strict';
import { dueBatch } from '../../src/cases/due-batch';
import type { Deadline } from '../../src/ports/deadline-queue';

const at = (day: number) => `2026-03-${String(day).padStart(2, '0')}T08:00:00.000Z`;
function deadline(caseId: string, name: string, day: number): Deadline {
  return { deadlineId: `${caseId}:${name}`, caseId, kind: 'visit-reminder', dueAt: at(day), payload: null, firedAt: null };
}
const ids = (batch: Deadline[]) => batch.map((d) => d.deadlineId);

describe('a sweep batch of due deadlines', () => {
  const a1 = deadline('a', 'reminder', 2);
  const a2 = deadline('a', 'overdue', 4);
  const b1 = deadline('b', 'reminder', 3);
  const b2 = deadline('b', 'overdue', 5);
  const c1 = deadline('c', 'reminder', 3);

  it('takes each case the queue named first with its other due deadlines, case by case, each in due order', () => {
    assert.deepEqual(ids(dueBatch([a1, b1, c1], [c1, b2, a2, b1, a1], 10)), ['a:reminder', 'a:overdue', 'b:reminder', 'b:overdue', 'c:reminder']);
  });

  it('takes whole cases only, up to the batch size, leaving the next case for the next batch', () => {
    assert.deepEqual(ids(dueBatch([a1, b1, c1], [a1, a2, b1, b2, c1], 3)), ['a:reminder', 'a:overdue']);
    assert.deepEqual(ids(dueBatch([a1, b1, c1], [a1, a2, b1, b2, c1], 4)), ['a:reminder', 'a:overdue', 'b:reminder', 'b:overdue']);
  });

  it('takes the first case even when it has more due than a batch holds: its oldest ones', () => {
    const many = [5, 1, 4, 2, 3].map((day) => deadline('a', `visit:${day}`, day));
    assert.deepEqual(ids(dueBatch([many[1]!], many, 3)), ['a:visit:1', 'a:visit:2', 'a:visit:3']);
  });

  it('keeps a deadline the queue gave even if the case\'s own read no longer lists it, and lists none twice', () => {
    assert.deepEqual(ids(dueBatch([a1, b1], [a2], 10)), ['a:reminder', 'a:overdue', 'b:reminder']);
    assert.deepEqual(ids(dueBatch([a1, a2], [a1, a2, a1], 10)), ['a:reminder', 'a:overdue']);
  });

  it('is empty when nothing is due', () => {
    assert.deepEqual(dueBatch([], [], 200), []);
  });
});
