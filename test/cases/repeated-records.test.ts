import { strict as assert } from 'node:assert';
import { RecordsQueued } from '../../src/cases/repeated-records';

const row = (key: string, fields: Record<string, unknown>, effectId = `${key}:${JSON.stringify(fields)}`) => ({ effectId, kind: 'record', payload: { type: 'record', list: 'cases', key, fields } });
const notice = (effectId: string) => ({ effectId, kind: 'notify', payload: { type: 'notify', notice: 'visit-overdue', data: { ref: 'R' } } });

describe('A case\'s records queued again the same in one batch (RecordsQueued)', () => {
  it('leaves out of a later commit a row the same as the one an earlier commit queued under its list and key, and nothing else', () => {
    const queued = new RecordsQueued();
    const first = [notice('c:v2:0'), row('case:c', { Stage: 'visits', UpdatedAt: 't' }, 'c:v2:1')];
    assert.deepEqual(queued.withoutRepeats(first), first, 'the first commit keeps all it queued');
    const second = [notice('c:v3:0'), notice('c:v3:1'), row('task:c:visit:0', { Status: 'overdue' }), row('case:c', { Stage: 'visits', UpdatedAt: 't' }, 'c:v3:3')];
    assert.deepEqual(queued.withoutRepeats(second).map((i) => i.effectId), ['c:v3:0', 'c:v3:1', second[2]!.effectId]);
  });

  it('keeps a row that differs in any field, or is of another list, and compares with the latest queued under its key', () => {
    const queued = new RecordsQueued();
    queued.withoutRepeats([row('case:c', { Stage: 'visits', UpdatedAt: 't' }, 'a')]);
    assert.deepEqual(queued.withoutRepeats([row('case:c', { Stage: 'visits', UpdatedAt: 'u' }, 'b')]).map((i) => i.effectId), ['b']);
    // The latest under case:c is now b's: a row like a's again is queued again, since it changes the row back.
    assert.deepEqual(queued.withoutRepeats([row('case:c', { Stage: 'visits', UpdatedAt: 't' }, 'c')]).map((i) => i.effectId), ['c']);
    const otherList = { effectId: 'd', kind: 'record', payload: { type: 'record', list: 'tasks', key: 'case:c', fields: { Stage: 'visits', UpdatedAt: 't' } } };
    assert.deepEqual(queued.withoutRepeats([otherList]).map((i) => i.effectId), ['d']);
    // Items of other kinds are never left out, however alike.
    assert.deepEqual(queued.withoutRepeats([notice('e'), notice('e2')]).map((i) => i.effectId), ['e', 'e2']);
  });
});
