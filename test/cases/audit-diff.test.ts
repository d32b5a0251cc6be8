/**
 * The audit trail's before/after (audit-diff.ts): what a command changed, narrowed to the places
 * that changed; never the child's date of birth or the letter's words.
 */
import { strict as assert } from 'node:assert';
import { changedParts } from '../../src/cases/audit-diff';
import { erasePersonalData, ERASED } from '../../src/cases/personal-data';
import type { CaseState } from '../../src/protocol';

function state(overrides: Partial<CaseState> = {}): CaseState {
  return {
    caseId: 'c-1', ref: 'MOS-1', pathway: 'unplanned', trigger: 'consent-withdrawn', pathwayChanges: [], stage: 'preparing',
    facts: { legalStatus: 'S20', dateOfBirth: '2011-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, returnedHomeOn: null, reunificationStartedOn: null },
    socialWorker: { id: 'sw', name: 'Sam' }, iro: null, steps: {}, assessment: null, signOff: null, approvals: [], iroView: null, episodeEnded: null,
    visits: [], placement: { status: 'open', endDate: null, carersToldOn: null }, letter: null, notViable: null, review: null,
    openedAt: '2026-03-02T10:00:00.000Z', updatedAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  } as CaseState;
}

const visit = (index: number, notes: string | null): CaseState['visits'][number] =>
  ({ index, kind: 'weekly-check-in', due: '2026-03-09', doneOn: notes ? '2026-03-09' : null, notes, recordedBy: notes ? { id: 'sw', name: 'Sam' } : null, overdue: false });

describe('the audit trail\'s before/after (audit-diff.ts)', () => {
  it('keeps only the visit that changed, not the list of visits twice', () => {
    const before = state({ visits: [visit(0, 'seen at home'), visit(1, null)] });
    const after = state({ visits: [visit(0, 'seen at home'), visit(1, 'seen at school')], updatedAt: '2026-03-09T10:00:00.000Z' });
    assert.deepEqual(changedParts(before, after), {
      before: { visits: { 1: { doneOn: null, notes: null, recordedBy: null } } },
      after: { visits: { 1: { doneOn: '2026-03-09', notes: 'seen at school', recordedBy: { id: 'sw', name: 'Sam' } } } },
    });
  });

  it('a case opened: everything after, nothing before, without the date of birth', () => {
    const opened = state();
    const diff = changedParts(null, opened);
    assert.deepEqual(diff.before, {});
    assert.equal((diff.after['facts'] as Record<string, unknown>)['accommodatedOn'], '2026-01-05');
    assert.ok(!JSON.stringify(diff).includes('2011-05-14'));
    assert.ok(!('updatedAt' in diff.after));
  });

  it('never the date of birth, nor the letter\'s words: a part changed only there is named with nothing in it', () => {
    const corrected = state({ facts: { ...state().facts, dateOfBirth: '2011-06-14' } });
    assert.deepEqual(changedParts(state(), corrected), { before: { facts: {} }, after: { facts: {} } });
    const letter = { at: '2026-03-09T10:00:00.000Z', by: { id: 'sw', name: 'Sam' }, writtenOn: '2026-03-09', text: 'Dear Alex' };
    const written = changedParts(state(), state({ letter }));
    assert.deepEqual(written.after['letter'], { at: letter.at, by: letter.by, writtenOn: '2026-03-09', textKept: true });
    assert.ok(!JSON.stringify(written).includes('Alex'));
    assert.deepEqual(changedParts(state({ letter }), state({ letter: { ...letter, text: 'Dear Alex, again' } })), { before: { letter: {} }, after: { letter: {} } });
  });

  it('retention still finds the free text in it by name', () => {
    const before = state({ visits: [visit(0, null)] });
    const after = state({ visits: [visit(0, 'Mum said Alex was off school')] });
    const erased = erasePersonalData(changedParts(before, after).after) as { visits: Record<string, { notes: string }> };
    assert.equal(erased.visits[0]!.notes, ERASED);
  });

  it('names the parts before had, then those only after has, in their order, whatever Object.prototype inherits', () => {
    const before = state({ visits: [visit(0, null)] });
    const after = { ...state({ visits: [visit(0, 'seen at home')], stage: 'agreement' as CaseState['stage'] }), added: 1 } as unknown as CaseState;
    delete (before as Partial<CaseState>).review;
    Object.defineProperty(Object.prototype, 'inherited', { value: 'polluted', enumerable: true, configurable: true });
    try {
      const diff = changedParts(before, after);
      assert.deepEqual(Object.keys(diff.after), ['stage', 'visits', 'review', 'added']);
      assert.deepEqual(Object.keys(diff.before), ['stage', 'visits']);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['inherited'];
    }
  });
});
