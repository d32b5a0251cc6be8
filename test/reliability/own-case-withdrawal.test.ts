/**
 * A social worker who is also one of the team managers, on their own case, over HTTP with only the
 * buttons their cards show: withdrawing is a team manager's agreement (R-SIGN-4) and nobody agrees
 * their own case, so their card offers "Ask the team manager to withdraw", not "Withdraw the case";
 * the withdraw form sent anyway (an old or forged card) is refused with the rule, nothing recorded;
 * the other team manager withdraws it.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { walkByDay } from './support/cards-only';

describe("a team manager's own case: withdrawn by another team manager, not by themself (R-SIGN-4)", function () {
  this.timeout(120_000);
  const h = overHttp();
  const { walk } = walkByDay(h);

  it('their card offers asking, not withdrawing; the form sent anyway is refused; the other manager withdraws it', async () => {
    const morgan = PEOPLE.managerWithCases;
    const ref = 'OWN-W1';
    const card = await walk.press(morgan, await h.talk.sayForCard(morgan, 'new case'), /Start the case/, { ...START, ref });
    const titles = walk.titles(await walk.caseCard(morgan, ref));
    assert.ok(titles.includes('Ask the team manager to withdraw'), titles.join(', '));
    assert.ok(!titles.includes('Withdraw the case (team manager)'), `no withdrawing their own case: ${titles.join(', ')}`);

    const before = (await h.stateOf(ref)).stage;
    const forged = await h.talk.forged(morgan, 'recordStep', { caseId: (await h.stateOf(ref)).caseId, step: 'withdraw', withdrawal: 'opened-in-error', reason: 'My own mistake.' });
    assert.match(texts(forged), /Not recorded\. You are this case's social worker, so you cannot withdraw it, or decline its withdrawal, yourself: another team manager decides\. Ask for it with "Ask the team manager to withdraw" on the case card\. Nothing was recorded\./);
    assert.match(texts(forged), /R-SIGN-4/);
    assert.equal((await h.stateOf(ref)).stage, before, 'nothing recorded');

    await walk.step(morgan, ref, /^Ask the team manager to withdraw$/, { withdrawal: 'opened-in-error', reason: 'Opened on the wrong child record.' }, card);
    const own = await h.talk.notices(morgan);
    assert.ok(!own.some((n) => /Asked to withdraw the case/.test(texts(n))), 'not asked, as a team manager, to answer their own request');
    const asked = await h.talk.notice(PEOPLE.tm, /Asked to withdraw the case/);
    const withdrawn = await walk.step(PEOPLE.tm, ref, /^Withdraw the case$/, {}, asked);
    assert.match(texts(withdrawn), /Case withdrawn by the team manager/);
  });
});
