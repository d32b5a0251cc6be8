/**
 * L10 (date of birth): a date of birth that makes the child 18 or older on the date accommodated
 * (1900-01-01, say) or after it does not open a case. Over HTTP against the real bot: the start
 * form comes back with a clear message beside the date of birth, which it does not repeat, and
 * nothing is saved. A child one day short of 18 when accommodated is still accepted.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

const ACCOMMODATED = '2026-10-01';

describe('L10 implausible dates of birth are refused on the start form (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  async function start(ref: string, dateOfBirth: string): Promise<{ text: string; body: string }> {
    const data = { ref, legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth, accommodatedOn: ACCOMMODATED };
    const answer = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'startCase', data));
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 200));
    return { text: cardTexts(answer.json.value), body: JSON.stringify(answer.json.value) };
  }

  for (const [label, dateOfBirth, words] of [
    ['1900-01-01 (126 years old)', '1900-01-01', /18 or older when accommodated.*under 18/],
    ['exactly 18 on the date accommodated', '2008-10-01', /18 or older when accommodated/],
    ['born after the date accommodated', '2026-10-02', /must be on or before the date accommodated/],
  ] as const) {
    it(`L10 a date of birth ${label} is refused beside the field; nothing is saved`, async () => {
      const ref = `L10-${dateOfBirth}`;
      const { text } = await start(ref, dateOfBirth);
      assert.match(text, /Please correct the fields marked below\. Nothing was saved\./);
      assert.match(text, words);
      assert.doesNotMatch(text, /dateOfBirth|accommodatedOn/, 'in words, not field names');
      assert.equal(await http.bot.runtime.app.service.getByRef(ref), undefined, 'no case opened');
    });
  }

  it('L10 a child one day short of 18 when accommodated is accepted', async () => {
    const { text } = await start('L10-OK-1', '2008-10-02');
    assert.doesNotMatch(text, /Nothing was saved/);
    assert.ok(await http.bot.runtime.app.service.getByRef('L10-OK-1'));
  });

  it('L10 the case service refuses it too, for any caller, without repeating the date of birth', async () => {
    const outcome = await http.bot.runtime.app.service.openCase({
      idempotencyKey: 'l10-direct', actor: PEOPLE.sw, ref: 'L10-DIRECT', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', pathway: 'unplanned', dateOfBirth: '1900-01-01', accommodatedOn: ACCOMMODATED, previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, returnedHomeOn: null },
    });
    assert.equal(outcome.ok, false);
    assert.ok(!outcome.ok && outcome.code === 'INVALID_FACTS' && /under 18/.test(outcome.message) && !outcome.message.includes('1900'), JSON.stringify(outcome));
    assert.equal(await http.bot.runtime.app.service.getByRef('L10-DIRECT'), undefined);
  });
});
