/**
 * Card data no card showed, over HTTP against the real bot (test/reliability/cards-only-walk.test.ts
 * walks what the cards do show): whatever is forged, the answer offers the person only their own
 * buttons, and records nothing.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { CardsOnly } from './support/cards-only';

describe('forged card data, over HTTP', function () {
  this.timeout(120_000);
  const h = overHttp();
  const walk = new CardsOnly(h, () => '2026-03-02');

  it("an approval id the case does not have answers with the case card as that person sees it (not every person's buttons); nothing is recorded", async () => {
    const { talk } = h;
    const ref = 'FORGE-1';
    const card = await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
    const own = walk.titles(card);
    for (const verb of ['showApproval', 'refreshApproval', 'decide']) {
      const answer = await talk.forged(PEOPLE.sw, verb, { caseId, approvalId: `${caseId}:director:9`, outcome: 'approve' });
      assert.match(texts(answer), /That approval request does not belong to this case/, verb);
      assert.deepEqual(walk.titles(answer), own, `${verb}: only the social worker's own buttons`);
      assert.ok(!walk.titles(answer).some((t) => /Withdraw the case \(team manager\)|Hand the case over/.test(t)), verb);
    }
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
  });

  it('a 200 KB value in a form field (more than any card input holds) is refused naming the field, and is not echoed back: the answer stays small; nothing is recorded', async () => {
    const { talk } = h;
    const ref = 'FORGE-2';
    await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
    const huge = 'Ω'.repeat(100_000);
    const forms: [string, Record<string, unknown>, RegExp][] = [
      ['childViews', { views: huge }, /The child's views is longer than 4,000 characters/],
      ['immediateRisk', { summary: 'Safe.', consulted: huge }, /Whose view was sought: choose one of the options shown/],
      ['letter', { letter: huge }, /The letter is longer than 8,000 characters/],
      ['handOver', { role: 'social-worker', person: huge, reason: 'Why. '.repeat(8_000) }, /Choose who takes it over[\s\S]*The reason is longer than 1,000 characters/],
    ];
    for (const [step, fields, named] of forms) {
      const who = step === 'handOver' ? PEOPLE.tm : PEOPLE.sw;
      const answer = await talk.forged(who, 'recordStep', { caseId, step, ...fields });
      assert.match(texts(answer), /Please correct the fields marked below\. Nothing was (saved|recorded)\./, step);
      assert.match(texts(answer), named, step);
      const size = JSON.stringify(answer).length;
      assert.ok(size < 40_000, `${step}: an answer of ${size.toLocaleString('en-GB')} characters echoes the value`);
    }
    // What the card's input does let a person type (4,000 characters) is shown again to shorten, when its field allows fewer.
    const typed = 'Words for you. '.repeat(200).trim();
    const shorten = await talk.forged(PEOPLE.iro, 'recordStep', { caseId, step: 'letterContribution', text: typed });
    assert.match(texts(shorten), /longer than 2,000 characters/);
    assert.ok(JSON.stringify(shorten).includes(typed), 'the words typed are shown again');
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
  });
});
