/**
 * Where the protocol asks for words (a comment on a decision that sends an assessment back or says
 * no, the reason a case is withdrawn, handed over, corrected, reopened or a step undone, the reason
 * a withdrawal is asked for or declined), text nobody could read counts as none: zero-width
 * characters, direction controls (which cards leave out), blank-looking letters. A reader of the
 * case file or the social worker's notice would otherwise find an empty reason on a final decision.
 */
import { strict as assert } from 'node:assert';
import { type CaseEvent, type CasePeople, type CaseState, hasVisibleText } from '../../src/protocol';
import { accept, ACTORS, awaitingDirector, awaitingHeadOfService, events, pending, PEOPLE, plannedReadyForAssessment, readyForAssessment, refusal } from './support/case-fixtures';

const PEOPLE_OF_CASE: CasePeople = { team: 'Assessment North', service: 'Early Help', teamManagers: [PEOPLE.teamManager], headsOfService: [PEOPLE.headOfService], director: [PEOPLE.director], iroManager: [] };

const INVISIBLE = ['\u200b', '\u200b\u200c\u200d', '\u202e\u2066\u2069', '\u2060\ufeff', '\u00a0\u3000\u2003', '\u3164', '\u2800', '\u00ad', '\u0007\u001b', ' \n\t'];

describe('text nobody could read counts as none where words are required', () => {
  it('hasVisibleText: true for any letter, digit, punctuation or emoji; false for spaces, zero-width, direction and control characters and blank-looking letters', () => {
    for (const text of INVISIBLE) assert.equal(hasVisibleText(text), false, JSON.stringify(text));
    for (const text of ['a', ' 1 ', '.', '\u200bok', '\u202eok', '🙂', 'é', 'لا', '否']) assert.equal(hasVisibleText(text), true, JSON.stringify(text));
    assert.equal(hasVisibleText(null), false);
    assert.equal(hasVisibleText(undefined), false);
  });

  const submitted = (): CaseState => accept(readyForAssessment({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } }), events.assessment()).state;
  const withdrawalAsked = (): CaseState => accept(awaitingHeadOfService(), { type: 'WithdrawalRequested', actor: ACTORS.sw, reason: 'staying-in-care', details: 'The parents have agreed again.' }).state;
  // A planned return rejected closes (an unplanned one not home goes on to the not-viable route, R-UNPL-8).
  const rejected = (): CaseState => {
    const state = accept(plannedReadyForAssessment(), events.assessment()).state;
    return accept(state, events.decision(pending(state, 'team-manager').approvalId, ACTORS.tm, 'reject', 'Not now.')).state;
  };

  const cases: [string, () => CaseState, (text: string) => CaseEvent][] = [
    ['a team manager sending the assessment back', submitted, (t) => events.decision(pending(submitted(), 'team-manager').approvalId, ACTORS.tm, 'request-changes', t)],
    ["a team manager's final no", submitted, (t) => events.decision(pending(submitted(), 'team-manager').approvalId, ACTORS.tm, 'reject', t)],
    ['withdrawing a case', () => readyForAssessment(), (t) => ({ type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'duplicate', details: t })],
    ['asking the team manager to withdraw', awaitingHeadOfService, (t) => ({ type: 'WithdrawalRequested', actor: ACTORS.sw, reason: 'staying-in-care', details: t })],
    ['declining a withdrawal', withdrawalAsked, (t) => ({ type: 'WithdrawalDeclined', actor: ACTORS.tm, reason: t })],
    ['correcting the facts', () => readyForAssessment(), (t) => ({ type: 'FactsCorrected', actor: ACTORS.sw, changes: { accommodatedOn: '2026-01-06' }, reason: t })],
    ['undoing a step', () => readyForAssessment(), (t) => ({ type: 'StepUndone', actor: ACTORS.sw, step: 'childViews', index: 0, reason: t })],
    ['reopening a case', rejected, (t) => ({ type: 'CaseReopened', actor: ACTORS.tm, reason: t })],
    ['handing the case over', submitted, (t) => ({ type: 'CasePersonReassigned', actor: ACTORS.hos, role: 'team-manager', to: PEOPLE.otherTeamManager, reason: t, people: PEOPLE_OF_CASE })],
  ];

  for (const [what, before, event] of cases) {
    it(`${what}: refused with only invisible characters (COMMENT_REQUIRED), taken with words`, () => {
      for (const text of INVISIBLE) assert.equal(refusal(before(), event(text)).code, 'COMMENT_REQUIRED', `${what} ${JSON.stringify(text)}`);
      assert.ok(accept(before(), event('\u200bSee the notes of 2 March.')));
    });
  }

  it("the IRO's words for the child's letter: refused with only invisible characters, taken with words (R-LETTER-1)", () => {
    const director = awaitingDirector();
    const authorised = accept(director, events.decision(pending(director, 'director').approvalId, ACTORS.director)).state;
    const before = accept(authorised, { type: 'LetterContributionRequested', actor: ACTORS.sw }).state;
    for (const text of INVISIBLE) assert.equal(refusal(before, { type: 'LetterContributionGiven', actor: ACTORS.iro, text }).code, 'STEPS_OUTSTANDING', JSON.stringify(text));
    assert.ok(accept(before, { type: 'LetterContributionGiven', actor: ACTORS.iro, text: 'You were brave.' }));
  });
});
