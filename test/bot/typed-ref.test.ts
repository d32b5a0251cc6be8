/**
 * A reference pasted from Word, Outlook or the case-record system with a character nobody sees (a
 * zero-width space, a byte-order mark, a soft hyphen) or a dash that only looks like "-" (a
 * non-breaking hyphen, an en dash), or in full-width letters: before, "case MOS‑1042" was answered
 * "There is no case with reference MOS‑1042", which looked just like the case's own, and the start
 * form refused it without a word of which character was wrong. Letters of another alphabet that
 * look Latin still find no case and start none (src/cases/typed-ref.ts).
 */
import { strict as assert } from 'node:assert';
import { texts } from './support/conversation-driver';
import { botOnEachWorld } from './support/conversation-driver';
import { PEOPLE } from '../../support/world';

const START = { ref: 'MOS-1042', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '2026-02-27' };

describe('references pasted with invisible characters or look-alike dashes', () => {
  const bot = botOnEachWorld();

  it('"case REF" and "new copy REF" find the case whatever invisible character or look-alike dash the pasted reference carries', async () => {
    assert.match(texts(await bot.driver.click(PEOPLE.sw, 'startCase', START)), /Case MOS-1042/);
    for (const pasted of ['MOS\u20111042', 'MOS\u20131042', '\u200BMOS-1042\uFEFF', 'MOS\u00AD-1042', 'MOS-\u20601042', '\uFF2D\uFF2F\uFF33\uFF0D\uFF11\uFF10\uFF14\uFF12', 'mos\u22121042']) {
      const card = await bot.driver.sayForCard(PEOPLE.sw, `case ${pasted}`);
      assert.match(texts(card), /Case MOS-1042/, JSON.stringify(pasted));
    }
    const [copy] = await bot.driver.say(PEOPLE.sw, 'new copy MOS\u20111042');
    assert.doesNotMatch(copy?.text ?? '', /There is no case/);
    // A Cyrillic "М", "О" and "С" look Latin: still no case.
    const [cyrillic] = await bot.driver.say(PEOPLE.sw, 'case \u041C\u041E\u0421-1042');
    assert.match(cyrillic?.text ?? '', /There is no case with reference/);
  });

  it('a case started with a pasted reference is kept under the reference as it reads, and one in another alphabet is still refused', async () => {
    const card = await bot.driver.click(PEOPLE.sw, 'startCase', { ...START, ref: '\u200BMOS\u20111043\u200D' });
    assert.match(texts(card), /Case MOS-1043/);
    const stored = await bot.world.store.getByRefAnyCase<{ ref: string }>('MOS-1043');
    assert.equal(stored?.state.ref, 'MOS-1043');
    const refused = await bot.driver.click(PEOPLE.sw, 'startCase', { ...START, ref: '\u041C\u041E\u0421-1044' });
    assert.match(texts(refused), /The case reference must be the case-record id/);
  });
});
