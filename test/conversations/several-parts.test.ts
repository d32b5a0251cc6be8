/**
 * People who hold several parts, and handovers, over HTTP with only the buttons the cards show:
 * what each is offered and told on their own cases and on others', and what a card kept from
 * before a handover says when pressed.
 */
import { strict as assert } from 'node:assert';
import { caseCard, prepare, submit } from './support/case-steps-over-http';
import { overHttp, START, texts } from './support/over-http';
import { SEVERAL_PARTS, SP } from './support/several-parts-organisation';
import { walkByDay } from '../reliability/support/cards-only';

describe('over HTTP: people holding several parts, and handovers', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z', SEVERAL_PARTS, Object.values(SP));
  const { walk } = walkByDay(h);

  it("a team manager's stale request, pressed after their part was handed over, says to whom and by whom, and records nothing", async () => {
    const { talk } = h;
    const ref = 'SP-TM1';
    await talk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref });
    await submit(talk, await prepare(talk, await caseCard(talk, SP.sw, ref)));
    const request = await talk.notice(SP.tm, new RegExp(`needed: case ${ref}`));
    await walk.step(SP.hos, ref, /Hand the case over/, { role: 'team-manager', person: SP.tm2.id, reason: 'Taylor is on leave.' });
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;

    const pressed = await talk.press(SP.tm, request, /^Approve$/);
    assert.match(texts(pressed), /Not recorded\. You are no longer this case's team manager: it was handed over to Toni Manager on Mon 2 Mar 2026 \(decided by Harper Head\)\./);
    assert.doesNotMatch(texts(pressed), /Only this case's team manager, or their deputy, can/);
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
    // The one it was handed to decides.
    await walk.press(SP.tm2, await talk.notice(SP.tm2, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.ok((await h.stateOf(ref)).approvals.some((a) => a.stage === 'team-manager' && a.decision?.by.id === SP.tm2.id));
  });
});
