/**
 * R-VOICE-1 and R-PLACE-2 after the end of the care episode: a box of its form left unticked (the
 * child and the parents, or the agencies, not told yet) is recorded later with EndOfCareTold, and
 * the reunification review cannot close the case until it is (R-UNPL-10).
 */
import { strict as assert } from 'node:assert';
import { availableSteps, CaseEvent, CaseState, DEFAULT_CASE_POLICY } from '../../src/protocol';
import { accept, ACTORS, awaitingDirector, drive, effectsOf, events, pending, refusal, withoutCaseRecord } from './support/case-fixtures';

const LATE = { at: '2026-03-30T09:00:00.000Z', today: '2026-03-30' };

const told = (who: 'family' | 'agencies', on = '2026-03-20', actor = ACTORS.sw): CaseEvent => ({ type: 'EndOfCareTold', actor, told: who, on });

/** The viable 53-day case with every step done but the review, its care episode ended with `informed` as ticked. */
function readyToClose(informed: { familyInformed: boolean; agenciesInformed: boolean }): CaseState {
  const director = awaitingDirector();
  let state = accept(director, events.decision(pending(director, 'director').approvalId, ACTORS.director)).state;
  state = drive(state, [{ type: 'CareEpisodeEnded', actor: ACTORS.sw, directorAgreementUploaded: true, ...informed }, events.placementEndRequested('2026-03-13')]).state;
  state = accept(state, events.decision(pending(state, 'placement-end').approvalId, ACTORS.hos)).state;
  return drive(state, [
    events.placementEnded('2026-03-13', '2026-03-02', ACTORS.cpt),
    ...['2026-03-02', '2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27'].map((on, i) => events.visit(i, on)),
    events.letter('2026-03-27'),
  ], LATE).state;
}

const steps = (state: CaseState): string[] => availableSteps(state, DEFAULT_CASE_POLICY, LATE.today).map((s) => s.step);

describe('transition: told after the care episode ended (R-VOICE-1, R-PLACE-2)', () => {
  it('the child and the parents not told when the episode ended: the case does not close until it is recorded (R-VOICE-1)', () => {
    const state = readyToClose({ familyInformed: false, agenciesInformed: true });
    const r = refusal(state, events.review('2026-03-30'), LATE);
    assert.equal(r.code, 'STEPS_OUTSTANDING');
    assert.equal(r.rule, 'R-VOICE-1');
    assert.equal(r.message, 'The case cannot close yet. Still to do: record that the child and the parents were told of the decision (R-VOICE-1).');
    assert.deepEqual(steps(state), ['familyTold']);
    const recorded = accept(state, told('family'), LATE);
    assert.equal(recorded.state.episodeEnded?.familyInformed, true);
    assert.deepEqual(recorded.state.episodeEnded?.toldLater?.family, { at: LATE.at, on: LATE.today, by: { id: 'sw-1', name: 'Sam Social' }, toldOn: '2026-03-20' });
    assert.equal(recorded.action, 'Recorded that the child and the parents (and others with parental responsibility) were told of the decision, on 2026-03-20 (R-VOICE-1)');
    // The team manager and the IRO read at the end that they had not been told yet: now they read that they have.
    const data = { ref: 'CR-100200', told: 'family', on: '2026-03-20', by: 'Sam Social' };
    assert.deepEqual(withoutCaseRecord(recorded.effects), [
      { type: 'notify', notice: 'end-of-care-told', to: { kind: 'role', role: 'team-manager' }, rules: ['R-VOICE-1'], data },
      { type: 'notify', notice: 'end-of-care-told', to: { kind: 'person', id: 'iro-1', name: 'Ivy Reviewing' }, rules: ['R-VOICE-1'], data },
    ]);
    assert.deepEqual(steps(recorded.state), ['review']);
    assert.equal(accept(recorded.state, events.review('2026-03-30'), LATE).state.stage, 'closed');
  });

  it('the agencies not told (or "agencies told" undone): recorded later the same way, then the case closes (R-PLACE-2)', () => {
    const state = readyToClose({ familyInformed: true, agenciesInformed: false });
    const r = refusal(state, events.review('2026-03-30'), LATE);
    assert.equal(r.rule, 'R-PLACE-2');
    assert.match(r.message, /record that the agencies involved were told the care episode has ended \(R-PLACE-2\)/);
    const recorded = accept(state, told('agencies', '2026-03-30', ACTORS.tm), LATE);
    assert.equal(recorded.state.episodeEnded?.agenciesInformed, true);
    // Recorded by the team manager: they are not told of their own step; the IRO is.
    assert.deepEqual(effectsOf(recorded.effects, 'notify').map((n) => n.to), [{ kind: 'person', id: 'iro-1', name: 'Ivy Reviewing' }]);
    const undone = accept(recorded.state, { type: 'StepUndone', actor: ACTORS.tm, step: 'agenciesInformed', reason: 'Recorded on the wrong case.' } as CaseEvent, LATE).state;
    assert.equal(undone.episodeEnded?.toldLater?.agencies, undefined);
    assert.equal(refusal(undone, events.review('2026-03-30'), LATE).rule, 'R-PLACE-2');
    assert.equal(accept(accept(undone, told('agencies', '2026-03-30'), LATE).state, events.review('2026-03-30'), LATE).state.stage, 'closed');
  });

  it('is refused when already recorded, for a date to come or before the care began, before the episode has ended, and to others than the social worker and team manager', () => {
    const both = readyToClose({ familyInformed: false, agenciesInformed: true });
    const already = refusal(both, told('agencies'), LATE);
    assert.equal(already.code, 'ALREADY_DONE');
    assert.equal(already.message, 'It is already recorded that the agencies involved were told the care episode has ended and what support and safety plan is in place, when the care episode ended, on Mon 2 Mar 2026. (R-PLACE-2)');
    const again = refusal(accept(both, told('family'), LATE).state, told('family'), LATE);
    assert.match(again.message, /already recorded that the child and the parents .* on Fri 20 Mar 2026 \(recorded by Sam Social\)/);
    assert.equal(refusal(both, told('family', '2026-03-31'), LATE).code, 'INVALID_DATE');
    assert.equal(refusal(both, told('family', '2025-12-31'), LATE).code, 'INVALID_DATE');
    const notYet = refusal(awaitingDirector(), told('family'));
    assert.deepEqual([notYet.code, notYet.rule], ['OUT_OF_ORDER', 'R-VOICE-1']);
    const iro = refusal(both, told('family', '2026-03-20', ACTORS.iro), LATE);
    assert.equal(iro.code, 'NOT_YOUR_ROLE');
    assert.equal(iro.message, 'Only the social worker or team manager can record that the child and the parents (and others with parental responsibility) were told of the decision. (R-VOICE-1)');
  });
});
