import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { createSqliteCaseStore } from '../../src/adapters/sqlite/sqlite-case-store';
import { type ParticipantStatements, writeParticipantRows } from '../../src/adapters/sqlite/sqlite-participant-rows';
import { at, commitOf } from './case-store-contract';
import { makeTempDir } from './support/temp-sqlite';

/** Statements that only note what they were asked to write. */
function noting(): { statements: ParticipantStatements; writes: string[] } {
  const writes: string[] = [];
  const statement = (name: string) => ({ run: (...args: unknown[]) => writes.push(`${name} ${args.join(' ')}`) });
  return { statements: { deleteParticipants: statement('delete all'), deleteParticipant: statement('delete'), insertParticipant: statement('insert') } as unknown as ParticipantStatements, writes };
}

describe("SQLite case store: a case's participant rows", () => {
  it('writes only the entries that came or went when a case moves from one queue to another', () => {
    const { statements, writes } = noting();
    writeParticipantRows(statements, 'c1', ['sw-1', 'tm-1', 'hos-1', 'awaiting:head-of-service'], JSON.stringify(['sw-1', 'tm-1', 'hos-1', 'awaiting:team-manager']));
    assert.deepEqual(writes, ['delete awaiting:team-manager c1', 'insert awaiting:head-of-service c1']);
  });

  it('writes every entry for a new case, or when the column before cannot be read as a list', () => {
    const fresh = noting();
    writeParticipantRows(fresh.statements, 'c1', ['sw-1', 'tm-1'], undefined);
    assert.deepEqual(fresh.writes, ['delete all c1', 'insert sw-1 c1', 'insert tm-1 c1']);
    const unreadable = noting();
    writeParticipantRows(unreadable.statements, 'c1', ['sw-1'], '{"not":"a list"}');
    assert.deepEqual(unreadable.writes, ['delete all c1', 'insert sw-1 c1']);
  });

  it('keeps the rows the same as the column through changes of people and queues, on a real file', async () => {
    const temp = makeTempDir();
    const store = createSqliteCaseStore({ path: temp.file() });
    const rowsOf = (caseId: string): string[] => {
      const raw = new Database(temp.file(), { readonly: true });
      try {
        return (raw.prepare('SELECT participant FROM case_participants WHERE case_id = ? ORDER BY participant').all(caseId) as { participant: string }[]).map((r) => r.participant);
      } finally {
        raw.close();
      }
    };
    try {
      const steps = [
        ['sw-1', 'tm-1', 'awaiting:team-manager'],
        ['sw-1', 'tm-1', 'hos-1', 'awaiting:head-of-service'],
        ['sw-2', 'tm-1', 'hos-1'],
        ['sw-2', 'tm-1', 'hos-1'],
      ];
      for (const [i, participants] of steps.entries()) {
        const result = await store.commit(commitOf({ caseId: 'c1', participants, expectedVersion: i, step: i + 1, when: at(i) }));
        assert.ok(result.ok);
        assert.deepEqual(rowsOf('c1'), [...participants].sort(), `after version ${i + 1}`);
      }
      assert.deepEqual((await store.list({ participant: 'awaiting:head-of-service' })).map((c) => c.caseId), []);
      assert.deepEqual((await store.list({ participant: 'sw-1' })).map((c) => c.caseId), []);
      assert.deepEqual((await store.list({ participant: 'sw-2' })).map((c) => c.caseId), ['c1']);
    } finally {
      await store.close();
      temp.remove();
    }
  });
});
