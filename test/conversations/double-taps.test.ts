/**
 * A form sent twice (a double tap on its button, a second press before the first answer came back),
 * over HTTP through only the buttons the cards show: what was recorded once is not recorded again,
 * and the second answer says so.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { walkByDay } from '../reliability/support/cards-only';

describe('a form sent twice, over HTTP', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z');
  const { walk } = walkByDay(h, '2026-03-02');

  it('a visit with no access, its button pressed twice at once, is kept once and the team manager told once (R-VISIT-1)', async () => {
    const ref = 'TAP-VISIT';
    const sw = PEOPLE.sw;
    await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    await h.talk.notices(PEOPLE.tm);
    const form = await walk.press(sw, await walk.caseCard(sw, ref), /first home visit/);
    const typed = { on: '2026-03-02', outcome: 'no-access', notes: 'Nobody answered the door.' };
    const answers = await Promise.all([h.talk.press(sw, form, /^Record the visit$/, typed), h.talk.press(sw, form, /^Record the visit$/, typed)]);
    const state = await h.stateOf(ref);
    assert.equal(state.visits[0]!.attempts?.length, 1, 'one attempt kept');
    assert.equal((await h.talk.notices(PEOPLE.tm)).map(texts).filter((t) => /no access/i.test(t)).length, 1, 'the team manager is told once');
    const second = answers.map(texts).find((t) => /already on the case/.test(t));
    assert.ok(second !== undefined, `one answer says the second was not recorded: ${answers.map(texts).join('\n---\n')}`);
    assert.match(second!, /^Nothing new was recorded\. This visit on Mon 2 Mar 2026 \(no access to the home, with these notes\) is already on the case, and the team manager was told of it then\./);
  });
});
