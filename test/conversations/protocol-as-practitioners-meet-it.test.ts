/**
 * The protocol as social workers and approvers meet it, over HTTP against the real bot and the
 * strict local Bot Connector, pressing only the buttons the cards show: the cases the rules leave
 * to practice (a risk check "not sure" asked again, a return home found to have come before an
 * authorisation, a planned case whose child is already home, and the dates the carers are told).
 */
import { strict as assert } from 'node:assert';
import { caseCard, openCase, prepare } from './support/case-steps-over-http';
import { overHttp, PEOPLE, START, texts } from './support/over-http';

describe('over HTTP: the protocol as practitioners meet it', function () {
  this.timeout(120_000);
  const h = overHttp();
  beforeEach(() => h.setNow('2026-03-02T10:00:00Z'));

  it('a risk check left "not sure", asked again after a move to the planned pathway and back: the team manager is asked whether either meeting is needed, not told both were flagged (R-UNPL-2)', async () => {
    const { talk } = h;
    const ref = 'MOS-5401';
    await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' }), { risk: { notSure: 'true' }, plannedReturnAgreed: 'true' });
    assert.match(texts(await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/)), /flags whether a Legal Planning Meeting or ICPC is needed\./);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Move to the unplanned pathway/), /Move to the unplanned pathway/, { trigger: 'consent-withdrawn' });
    assert.equal((await h.stateOf(ref)).pathway, 'unplanned');
    const again = texts(await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/));
    assert.match(again, /flags whether a Legal Planning Meeting or ICPC is needed\. Your view, as team manager, is asked/);
    assert.doesNotMatch(again, /may be needed/);
  });
});
