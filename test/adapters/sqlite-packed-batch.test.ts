import assert from 'node:assert/strict';
import type { CaseCommit } from '../../src/ports/case-store';
import { commitColumns } from '../../src/adapters/sqlite/sqlite-commit-columns';
import { stateSentWith } from '../../src/adapters/sqlite/sqlite-batch-commits';
import { packBatch, unpackBatch } from '../../src/adapters/sqlite/sqlite-packed-batch';

/** A commit with every field the store writes set, each to a value of its own. */
function everyField(caseId: string, expectedVersion: number): CaseCommit<unknown> {
  return {
    summary: { caseId, ref: `REF-${caseId}`, pathway: 'planned', stage: 'approving', participants: ['sw-1', 'tm-1', 'awaiting:team-manager'], openedAt: '2026-12-01T09:00:00.000Z', updatedAt: '2026-12-06T08:00:00.000Z' },
    expectedVersion,
    state: { stage: 'approving', visits: [{ index: 0, due: '2026-12-09', notes: 'said "hello" \\ left' }], nothing: null },
    audit: {
      at: '2026-12-06T08:00:00.000Z',
      actorId: 'dep-1',
      actorName: 'Dee Deputy',
      onBehalfOfId: 'tm-1',
      onBehalfOfName: 'Taylor Manager',
      role: 'team-manager',
      action: 'Approved',
      before: { approvals: [] },
      after: { approvals: [{ by: 'tm-1' }] },
      correlationId: `corr-${caseId}-${expectedVersion}`,
    },
    outbox: [
      { effectId: `${caseId}:v${expectedVersion}:0`, kind: 'notify', payload: { type: 'notify', to: { kind: 'role', role: 'team-manager' } } },
      { effectId: `${caseId}:v${expectedVersion}:1`, kind: 'record', payload: null },
    ],
    deadlines: {
      schedule: [{ deadlineId: `${caseId}:visit:1:reminder`, kind: 'visit-reminder', dueAt: '2026-12-12T08:00:00.000Z', payload: { data: { index: 1 } } }],
      cancel: [`${caseId}:approval:escalate`, `${caseId}:approval:remind`],
      fired: [`${caseId}:visit:0:overdue`],
    },
    command: { key: `deadline:${caseId}:visit:0:overdue:2026-12-10T08:00:00.000Z`, outcome: { ok: true, version: expectedVersion + 1 } },
  };
}

/** The same with every optional field left out. */
function fewestFields(caseId: string, expectedVersion: number): CaseCommit<unknown> {
  const { audit, summary } = everyField(caseId, expectedVersion);
  const { onBehalfOfId: _id, onBehalfOfName: _name, ...plainAudit } = audit;
  return { summary: { ...summary, participants: [] }, expectedVersion, state: { stage: 'closed' }, audit: { ...plainAudit, before: undefined, after: undefined }, outbox: [] };
}

/** What the batch writer's thread writes for a commit: its columns as commitColumns writes them out, the state where sent. */
function columnsAsWritten(commit: CaseCommit<unknown>, sent: boolean): unknown {
  const columns = commitColumns(commit);
  return {
    ...columns,
    state: sent ? columns.state : null,
    audit: { ...columns.audit, onBehalfOfId: columns.audit.onBehalfOfId ?? null, onBehalfOfName: columns.audit.onBehalfOfName ?? null },
  };
}

describe("SQLite store: a scheduler's batch packed for the batch writer's thread", () => {
  it('reads back, commit by commit, the columns commitColumns writes out, the state only where the case row is written', () => {
    // Case a's two consecutive commits (its state sent with the second only), a new case b, then c with nothing optional.
    const commits = [everyField('a', 3), everyField('a', 4), everyField('b', 0), fewestFields('c', 7)];
    const sent = stateSentWith(commits);
    assert.deepEqual(commits.map((_, i) => sent(i)), [false, true, true, true]);
    const unpacked = unpackBatch(structuredClone(packBatch(commits, sent)));
    assert.deepEqual(unpacked, commits.map((commit, i) => columnsAsWritten(commit, sent(i))));
    assert.equal(unpacked[3]!.command, undefined);
    assert.equal(unpacked[0]!.state, null);
    assert.deepEqual(JSON.parse(unpacked[1]!.state!), commits[1]!.state);
  });

  it('refuses a packed batch that does not read back whole, rather than write part of it', () => {
    const packed = packBatch([everyField('a', 1)], () => true);
    assert.throws(() => unpackBatch([...packed, 'one too many']), /1 values left over/);
  });
});
