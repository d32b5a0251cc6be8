/**
 * A refusal that names who did a step first names a deputy as the cards and the audit trail do,
 * "X on behalf of Y", not as if they had acted on their own account.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_CASE_POLICY } from '../../src/protocol';
import { giveLetterContribution, requestLetterContribution } from '../../src/protocol/letter-contribution';
import { requestWithdrawal } from '../../src/protocol/withdrawal-request';
import { accept, actor, ACTORS, drive, events, initialSteps, nowOn, opened, PEOPLE, refusal } from './support/case-fixtures';

const deputyOf = (person: { id: string; name: string }, role: Parameters<typeof actor>[1]) => actor(PEOPLE.deputy, role, person);

describe('transition: refusals name a deputy "on behalf of" the person they cover', () => {
  it('the risk check recorded again names the deputy manager who gave their view (R-UNPL-2)', () => {
    let state = accept(opened().state, events.immediateRisk(ACTORS.sw, true)).state;
    state = accept(state, events.riskView(deputyOf(PEOPLE.teamManager, 'team-manager'), true)).state;
    const refused = refusal(state, events.immediateRisk());
    assert.equal(refused.code, 'ALREADY_DONE');
    assert.match(refused.message, /^Dee Deputy on behalf of Tara Manager already gave their view on this risk check/);
  });

  it("the IRO's view written down again by the social worker names the IRO's deputy (R-SIGN-4)", () => {
    let state = drive(opened().state, initialSteps()).state;
    state = accept(state, events.iroView(deputyOf(PEOPLE.iro, 'iro'))).state;
    const refused = refusal(state, { type: 'IroViewRecorded', actor: ACTORS.sw, view: 'told me by phone', reviewBroughtForward: false, givenOrally: true });
    assert.equal(refused.code, 'NOT_YOUR_ROLE');
    assert.match(refused.message, /^Dee Deputy on behalf of Ivy Reviewing gave the IRO's view themselves/);
  });

  it("a second request to withdraw names the social worker's deputy who asked first (R-SIGN-4)", () => {
    const now = nowOn('2026-03-03');
    const first = requestWithdrawal(opened().state, { type: 'WithdrawalRequested', actor: deputyOf(PEOPLE.socialWorker, 'social-worker'), reason: 'opened-in-error', details: 'Wrong child.' }, now, DEFAULT_CASE_POLICY);
    assert.ok(first.ok);
    const again = requestWithdrawal(first.state, { type: 'WithdrawalRequested', actor: ACTORS.sw, reason: 'opened-in-error', details: 'Wrong child.' }, now, DEFAULT_CASE_POLICY);
    assert.ok(!again.ok);
    assert.match(again.refusal.message, /^Dee Deputy on behalf of Sam Social already asked the team manager to withdraw this case/);
  });

  it("asking the IRO for the letter's words once given names the IRO's deputy who wrote them (R-LETTER-1)", () => {
    const now = nowOn('2026-03-20');
    const given = giveLetterContribution(opened().state, { type: 'LetterContributionGiven', actor: deputyOf(PEOPLE.iro, 'iro'), text: 'Well done.' }, now, DEFAULT_CASE_POLICY);
    assert.ok(given.ok);
    const asked = requestLetterContribution(given.state, { type: 'LetterContributionRequested', actor: ACTORS.sw }, now, DEFAULT_CASE_POLICY);
    assert.ok(!asked.ok);
    assert.match(asked.refusal.message, /^Dee Deputy on behalf of Ivy Reviewing already wrote their words for the letter/);
  });
});
