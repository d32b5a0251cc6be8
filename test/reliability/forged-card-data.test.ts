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
});
