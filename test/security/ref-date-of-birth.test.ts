/**
 * The case reference goes everywhere the child's details must not: Teams channels and messages,
 * SharePoint list rows and folder names, document names, log lines. A reference holding the child's
 * date of birth (typed into the wrong box, or a local habit of "initials and birthday") put it in all
 * of them. Over HTTP against the real bot: such a reference is refused beside its field, in words
 * that do not repeat the date, and nothing is saved; a reference with other digits still opens.
 */
import { strict as assert } from 'node:assert';
import { PEOPLE } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody } from '../../support/bot-over-http/activities';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

const DATE_OF_BIRTH = '2011-05-04';

describe('A case reference holding the child’s date of birth is refused (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  async function start(ref: string): Promise<string> {
    const data = { ref, legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: DATE_OF_BIRTH, accommodatedOn: '2026-10-01' };
    const answer = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'startCase', data));
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 200));
    return cardTexts(answer.json.value);
  }

  for (const ref of ['2011-05-04', 'MOS-04/05/2011', 'JS04052011', 'JS-4-5-2011', 'AB-20110504', 'KL/040511', 'MOS-4-5-11', 'X_05_04_2011']) {
    it(`"${ref}" is refused beside the reference and nothing is saved`, async () => {
      const text = await start(ref);
      assert.match(text, /Please correct the fields marked below\. Nothing was saved\./);
      const words = text.split('\n').find((line) => line.startsWith('The case reference holds the child’s date of birth'));
      assert.ok(words, text.slice(0, 600));
      assert.doesNotMatch(words, /2011|4 May|04/, 'the words do not repeat the date');
      assert.equal(await http.bot.runtime.app.service.getByRef(ref), undefined, 'no case opened');
    });
  }

  for (const ref of ['MOS-1042', 'MOS-2011', 'CR-05042012', 'JS-040512', 'KL-0405', 'MOS-11-5-4']) {
    it(`"${ref}" (other digits, or too few to be the date) still opens the case`, async () => {
      const text = await start(ref);
      assert.doesNotMatch(text, /Nothing was saved/, text.slice(0, 300));
      assert.ok(await http.bot.runtime.app.service.getByRef(ref));
    });
  }

  it('the case service refuses it too, for any caller (INVALID_REF)', async () => {
    const outcome = await http.bot.runtime.app.service.openCase({
      idempotencyKey: 'ref-dob-direct', actor: PEOPLE.sw, ref: 'SW-2011.05.04'.replace(/\./g, '/'), trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', pathway: 'unplanned', dateOfBirth: DATE_OF_BIRTH, accommodatedOn: '2026-10-01', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, returnedHomeOn: null },
    });
    assert.ok(!outcome.ok && outcome.code === 'INVALID_REF', JSON.stringify(outcome));
    assert.equal(await http.bot.runtime.app.service.getByRef('SW-2011/05/04'), undefined);
  });
});
