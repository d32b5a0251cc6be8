/**
 * A visit's row in SharePoint's Tasks list says who recorded it, and for a deputy on whose behalf,
 * as the case card and the audit trail do; a visit undone, or not yet made, names nobody.
 */
import { strict as assert } from 'node:assert';
import { visitTaskRecord } from '../../src/protocol/transition';
import type { Visit } from '../../src/protocol';
import { opened, PEOPLE } from './support/case-fixtures';

const fieldsOf = (effect: ReturnType<typeof visitTaskRecord>) => (effect.type === 'record' ? effect.fields : assert.fail('not a record'));

describe("transition: a visit's row in the Tasks list names who recorded it", () => {
  const state = opened().state;
  const done: Visit = { index: 1, kind: 'weekly-check-in', due: '2026-03-06', doneOn: '2026-03-06', notes: 'Seen at home.', recordedBy: PEOPLE.deputy, onBehalfOf: PEOPLE.socialWorker, overdue: false };

  it('a visit a deputy recorded: by the deputy, on behalf of the social worker', () => {
    const fields = fieldsOf(visitTaskRecord(state, done));
    assert.equal(fields['RecordedBy'], 'Dee Deputy');
    assert.equal(fields['OnBehalfOf'], 'Sam Social');
  });

  it('a visit undone, or still due, names nobody', () => {
    assert.deepEqual([fieldsOf(visitTaskRecord(state, done, 'undone'))['RecordedBy'], fieldsOf(visitTaskRecord(state, done, 'undone'))['OnBehalfOf']], [null, null]);
    const due = fieldsOf(visitTaskRecord(state, { ...done, doneOn: null, recordedBy: null, onBehalfOf: undefined } as Visit));
    assert.deepEqual([due['RecordedBy'], due['OnBehalfOf']], [null, null]);
  });
});
