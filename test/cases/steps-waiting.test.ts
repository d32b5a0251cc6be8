/** What "my cases" lists as waiting for a case's social worker once the care episode has ended: the letter, then the review that closes it. */
import { strict as assert } from 'node:assert';
import { stepsWaitingFor } from '../../src/cases/working-list';
import { DEFAULT_CASE_POLICY, type CaseState } from '../../src/protocol';
import { accept, ACTORS, awaitingDirector, events, HOME_53_DAYS, nowOn, pending, PEOPLE } from '../protocol/support/case-fixtures';

describe('steps waiting for the social worker after the care episode ended (R-LETTER-1, R-UNPL-10)', () => {
  const sw = { id: PEOPLE.socialWorker.id, name: PEOPLE.socialWorker.name };
  const whats = (state: CaseState): string[] => stepsWaitingFor(sw, [state], { policy: DEFAULT_CASE_POLICY, today: '2026-03-30' }).map((s) => s.what);

  it('lists the letter to write, then the review to hold once nothing else is left, instead of nothing once the visits are done', () => {
    const atDirector = awaitingDirector({ facts: HOME_53_DAYS });
    let state = accept(atDirector, events.decision(pending(atDirector, 'director').approvalId, ACTORS.director)).state;
    state = accept(state, events.episodeEnded()).state;
    for (const [index, day] of ['2026-03-02', '2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27'].entries()) state = accept(state, events.visit(index, day), nowOn(day)).state;
    state = accept(state, events.placementEndRequested('2026-03-27'), nowOn('2026-03-27')).state;
    state = accept(state, events.decision(pending(state, 'placement-end').approvalId, ACTORS.hos), nowOn('2026-03-27')).state;
    state = accept(state, events.placementEnded('2026-03-27', '2026-03-27', ACTORS.cpt), nowOn('2026-03-27')).state;
    assert.deepEqual(whats(state), ['letter']);
    state = accept(state, events.letter('2026-03-30'), nowOn('2026-03-30')).state;
    assert.deepEqual(whats(state), ['close-case']);
  });
});
