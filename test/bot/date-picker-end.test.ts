/**
 * A date of what has already happened (a visit, the letter finished, the carers told) is refused by
 * the server after today; the form's date picker ends at today, so a tired thumb on a phone cannot
 * pick tomorrow and only learn on pressing the button. A date that may be ahead (the proposed end of
 * the placement) is not limited. Over HTTP, through the cards' own buttons.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts, type Card } from '../conversations/support/over-http';
import { walkByDay } from '../reliability/support/cards-only';
import { allActions, inputs } from './support/conversation-driver';
import { STEPS, stepFields, type StepId } from '../../src/bot/case-steps';

/** Each date picker on a form: its id and its last day ('' when none). */
function pickers(card: Card): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [id, input] of inputs(card) as Map<string, { type: string; max?: string }>) if (input.type === 'Input.Date') found[id] = input.max ?? '';
  return found;
}

describe('date pickers end at today where the server refuses a later date', function () {
  this.timeout(60_000);
  const h = overHttp('2026-03-02T10:00:00Z');
  const { walk, on } = walkByDay(h, '2026-03-02');

  it("a visit's date picker ends at today, and the server refuses the day after as the picker would", async () => {
    const sw = PEOPLE.sw;
    await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref: 'PICK-1', iro: PEOPLE.iro.id });
    on('2026-03-04');
    const card = await walk.caseCard(sw, 'PICK-1');
    const visitButton = allActions(card).find((a) => /Record the first home visit/.test(a.title));
    assert.ok(visitButton, walk.titles(card).join(' | '));
    const visitForm = await walk.press(sw, card, /Record the first home visit/);
    assert.deepEqual(pickers(visitForm), { on: '2026-03-04' });
    const refused = await h.talk.press(sw, visitForm, /Record the visit/, { on: '2026-03-05', outcome: 'seen' });
    assert.match(texts(refused), /The visit date \(Thu 5 Mar 2026\) is in the future/);
    // Every date of the facts is on or before today (facts.ts): the correction form's pickers end there too.
    const correct = await walk.press(sw, await walk.caseCard(sw, 'PICK-1'), /Correct the facts/);
    assert.deepEqual(pickers(correct), { dateOfBirth: '2026-03-04', accommodatedOn: '2026-03-04', previousEpisodeEndedOn: '2026-03-04', lastAssessmentCompletedOn: '2026-03-04', returnedHomeOn: '2026-03-04' });
  });

  it("the start form's date pickers (date of birth, accommodated, a previous episode, the last assessment, the return home) end at today", async () => {
    on('2026-03-04');
    const form = await h.talk.sayForCard(PEOPLE.sw, 'new case');
    assert.deepEqual(pickers(form), { dateOfBirth: '2026-03-04', accommodatedOn: '2026-03-04', previousEpisodeEndedOn: '2026-03-04', lastAssessmentCompletedOn: '2026-03-04', returnedHomeOn: '2026-03-04' });
  });

  it('the letter, the review, the carers told and the start of reunification end at today; the proposed and actual end of the placement do not', () => {
    const ends = (step: StepId): Record<string, string> => Object.fromEntries(stepFields(step, {}, {}, STEPS[step], '2026-03-04').filter((f) => f.kind === 'date').map((f) => [f.id, f.max]));
    assert.deepEqual(ends('letter'), { writtenOn: '2026-03-04' });
    assert.deepEqual(ends('review'), { heldOn: '2026-03-04' });
    assert.deepEqual(ends('reunification'), { startedOn: '2026-03-04' });
    assert.deepEqual(ends('familyTold'), { on: '2026-03-04' });
    assert.deepEqual(ends('assessment'), { completedOn: '2026-03-04' });
    // The end of the placement may be a day ahead, and is asked for ahead of it.
    assert.deepEqual(ends('placementEnded'), { endDate: '', carersToldOn: '2026-03-04' });
    assert.deepEqual(ends('placementEndRequest'), { proposedEndDate: '' });
  });
});
