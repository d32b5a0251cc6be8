/**
 * A step form the service refused, or opened from an out-of-date card: if the step is not open now (done already from another copy of
 * the form, the case moved on), the form comes back without its Record button, which could only be
 * refused again; refused for a value the person can change, it keeps the button to correct and send.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { allActions, botOnEachWorld, texts } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;

describe('a refused step form offers Record only while the step can still be recorded', () => {
  const on = botOnEachWorld();
  let caseId: string;
  beforeEach(async () => {
    const opened = await on.world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'FORM-1', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    caseId = opened.caseId;
  });
  const titles = (card: Parameters<typeof allActions>[0]): string[] => allActions(card).map((a) => a.title);

  it('a second copy of a form whose step was recorded from the first: refused, shown without its Record button, with the way back', async () => {
    const { driver } = on;
    const card = await driver.click(PEOPLE.sw, 'showCase', { caseId });
    const first = await driver.press(PEOPLE.sw, card, /^Inform the IRO$/);
    const second = await driver.press(PEOPLE.sw, card, /^Inform the IRO$/);
    const submit = allActions(second).find((a) => a.verb === 'recordStep');
    assert.ok(submit, 'the form as opened offers its Record button');
    await driver.press(PEOPLE.sw, first, new RegExp(`^${submit.title}$`));

    const refused = await driver.press(PEOPLE.sw, second, new RegExp(`^${submit.title}$`));
    assert.match(texts(refused), /Nothing new was recorded\. The IRO was already informed/);
    assert.doesNotMatch(texts(refused), /Not recorded/, 'the step is on the case: the person who pressed twice is not told it was not recorded');
    assert.deepEqual(titles(refused), ['Back to the case'], 'no button that would only be refused again');
    assert.match(texts(refused), /This step cannot be recorded now/);
  });

  it('a form opened from an out-of-date case card, for a step recorded since: said at once, without a Record button, before anything is typed', async () => {
    const { driver } = on;
    const card = await driver.click(PEOPLE.sw, 'showCase', { caseId });
    const form = await driver.press(PEOPLE.sw, card, /^Inform the IRO$/);
    const submit = allActions(form).find((a) => a.verb === 'recordStep')!;
    await driver.press(PEOPLE.sw, form, new RegExp(`^${submit.title}$`));

    const late = await driver.press(PEOPLE.sw, card, /^Inform the IRO$/);
    assert.deepEqual(titles(late), ['Back to the case']);
    assert.match(texts(late), /Nothing new was recorded\. The IRO was already informed on Mon 2 Mar 2026/);
  });

  it("a later visit opened from its reminder while an earlier one is still to record keeps its Record button, and records (visits are taken in any order)", async () => {
    const { world, driver } = on;
    const visits = (await world.service.get(caseId))!.state.visits;
    assert.ok(visits.length >= 2 && !visits[0]!.doneOn);
    const form = await driver.click(PEOPLE.sw, 'openStep', { caseId, step: 'visit', index: '1' });
    const submit = allActions(form).find((a) => a.verb === 'recordStep');
    assert.ok(submit, titles(form).join(', '));
    await driver.press(PEOPLE.sw, form, new RegExp(`^${submit.title}$`), { on: '2026-03-02', outcome: 'seen', notes: 'Seen at home.' });
    assert.equal((await world.service.get(caseId))!.state.visits[1]!.doneOn, '2026-03-02');
  });

  it('refused for what was typed (nothing changed in a correction): the form keeps its button to correct and send', async () => {
    const { driver } = on;
    const card = await driver.click(PEOPLE.sw, 'showCase', { caseId });
    const form = await driver.press(PEOPLE.sw, card, /^Correct the facts$/);
    const submit = allActions(form).find((a) => a.verb === 'recordStep');
    assert.ok(submit);
    const refused = await driver.press(PEOPLE.sw, form, new RegExp(`^${submit.title}$`), { reason: 'Checking the dates.' });
    assert.match(texts(refused), /Nothing new was recorded\. Nothing to correct/);
    assert.ok(titles(refused).includes(submit.title), titles(refused).join(', '));
    assert.doesNotMatch(texts(refused), /cannot be recorded now/);
  });
});
