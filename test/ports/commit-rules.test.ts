/**
 * The commit rules both stores call (src/ports/commit-rules.ts), tested once here; the store
 * contract suite (test/adapters/case-store-contract.ts) shows each store keeps them end to end.
 */
import { strict as assert } from 'node:assert';
import {
  BatchRefusals,
  commitRefusal,
  deadlineAfter,
  deadlineSteps,
  deliveredSettlement,
  erasureRefusal,
  failedSettlement,
  inDueOrder,
  MAX_OUTBOX_ERROR_LENGTH,
  MAX_REFUSAL_NAMED_LENGTH,
  namedAsKept,
  positiveInteger,
} from '../../src/ports/commit-rules';
import type { Deadline } from '../../src/ports/case-store';

const command = { key: 'k-1', outcome: { ok: true } };

describe('commit rules (shared by every store)', () => {
  it('puts due deadlines in due order, then by id as the stores\' keys sort (capitals first, not by locale)', () => {
    const d = (dueAt: string, deadlineId: string) => ({ dueAt, deadlineId });
    const sorted = [d('2026-03-02T09:00:00.000Z', 'b'), d('2026-03-01T09:00:00.000Z', 'z'), d('2026-03-02T09:00:00.000Z', 'B'), d('2026-03-02T09:00:00.000Z', 'a')].sort(inDueOrder);
    assert.deepEqual(sorted.map((x) => x.deadlineId), ['z', 'B', 'a', 'b']);
    assert.equal(inDueOrder(d('x', 'a'), d('x', 'a')), 0);
  });

  it('checks the command key first, then the version, then the reference', () => {
    const all = { committed: { outcome: 'first' }, currentVersion: 3, refHeldBy: 'other-case' };
    assert.deepEqual(commitRefusal({ command, expectedVersion: 2 }, all), { ok: false, code: 'DUPLICATE_COMMAND', outcome: 'first' });
    assert.deepEqual(commitRefusal({ command, expectedVersion: 2 }, { ...all, committed: undefined }), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 3 });
    assert.deepEqual(commitRefusal({ command, expectedVersion: 3 }, { currentVersion: 3, refHeldBy: 'other-case' }), { ok: false, code: 'DUPLICATE_REF', existingCaseId: 'other-case' });
    assert.equal(commitRefusal({ command, expectedVersion: 3 }, { currentVersion: 3 }), null);
    // Creating a case that exists is a version conflict with its version.
    assert.deepEqual(commitRefusal({ expectedVersion: 0 }, { currentVersion: 1 }), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 });
    // Without a command key, a key found means nothing.
    assert.equal(commitRefusal({ expectedVersion: 1 }, { committed: { outcome: 'x' }, currentVersion: 1 }), null);
  });

  it('in a batch, the commits after a refused one of the same case are refused; other cases go ahead', () => {
    const refusals = new BatchRefusals();
    refusals.note('a', { ok: true, version: 2 });
    assert.equal(refusals.refusesLater('a'), false);
    refusals.note('a', { ok: false, code: 'VERSION_CONFLICT', currentVersion: 5 });
    assert.equal(refusals.refusesLater('a'), true);
    assert.equal(refusals.refusesLater('b'), false);
    assert.deepEqual(refusals.laterRefusal(5), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 5 });
  });

  it('applies deadline changes fired, then cancelled, then scheduled, so an answered deadline can be set again', () => {
    const d = { deadlineId: 'c:visit:1', kind: 'visit', dueAt: '2026-03-09T08:00:00.000Z', payload: { n: 1 } };
    const steps = deadlineSteps({ schedule: [d], cancel: ['c:x'], fired: ['c:visit:1'] });
    assert.deepEqual(steps.map((s) => s.kind), ['fire', 'cancel', 'schedule']);
    assert.deepEqual(deadlineSteps(undefined), []);

    const before: Deadline = { ...d, caseId: 'c', dueAt: '2026-03-02T08:00:00.000Z', firedAt: null };
    const at = '2026-03-02T10:00:00.000Z';
    let now: Deadline | undefined = before;
    for (const step of steps.filter((s) => s.kind !== 'cancel')) now = deadlineAfter(now, step, 'c', at);
    // Fired, then scheduled again: a new, unfired deadline at the new time.
    assert.deepEqual(now, { ...d, caseId: 'c', firedAt: null });
    const fired = deadlineAfter(before, { kind: 'fire', deadlineId: d.deadlineId }, 'c', at);
    assert.equal(fired?.firedAt, at);
    // Firing twice keeps the first instant; a missing deadline stays missing; cancelled is gone.
    assert.equal(deadlineAfter(fired, { kind: 'fire', deadlineId: d.deadlineId }, 'c', '2026-03-03T10:00:00.000Z'), fired);
    assert.equal(deadlineAfter(undefined, { kind: 'fire', deadlineId: d.deadlineId }, 'c', at), undefined);
    assert.equal(deadlineAfter(before, { kind: 'cancel', deadlineId: d.deadlineId }, 'c', at), undefined);
  });

  it('settles an outbox item: delivered with its instant; failed back to pending, or dead, with its error cut to length', () => {
    assert.deepEqual(deliveredSettlement('2026-03-02T10:00:00.000Z'), { status: 'delivered', deliveredAt: '2026-03-02T10:00:00.000Z' });
    const retry = failedSettlement('HTTP 503', '2026-03-02T10:05:00.000Z', false);
    assert.deepEqual(retry, { status: 'pending', failure: { lastError: 'HTTP 503', notBefore: '2026-03-02T10:05:00.000Z' } });
    const dead = failedSettlement('x'.repeat(MAX_OUTBOX_ERROR_LENGTH + 50), '2026-03-02T10:05:00.000Z', true);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.failure?.lastError.length, MAX_OUTBOX_ERROR_LENGTH);
  });

  it('erases only a case that exists, at the version read: erasing never creates a case', () => {
    assert.equal(erasureRefusal(2, 2), null);
    assert.deepEqual(erasureRefusal(2, 3), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 3 });
    assert.deepEqual(erasureRefusal(0, undefined), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 0 });
    assert.deepEqual(erasureRefusal(4, undefined), { ok: false, code: 'VERSION_CONFLICT', currentVersion: 0 });
  });

  it('checks limits and cuts what a refusal names the same way in every store', () => {
    assert.equal(positiveInteger(5, 'limit'), 5);
    for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => positiveInteger(bad, 'limit'), /limit must be a positive integer/);
    assert.equal(namedAsKept('x'.repeat(500)).length, MAX_REFUSAL_NAMED_LENGTH);
    assert.equal(namedAsKept('MOS-1042'), 'MOS-1042');
  });
});
