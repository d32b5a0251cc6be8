/**
 * The words people read in notices and reminders (Teams chat, the IRO channel, a phone's
 * notification) and in the deputy refusal name dates as "Mon 2 Mar 2026"; the notices' data,
 * kept in the outbox and the deadlines, keeps them as YYYY-MM-DD.
 */
import { strict as assert } from 'node:assert';
import { Authority } from '../../src/cases/authority';
import { approvalRequestText, noticeText, noticeWhat } from '../../src/cases/notice-text';
import type { ApprovalEffect } from '../../src/cases/effect-delivery';
import type { ApprovalStage, Effect, NoticeData, NoticeKind, RuleId } from '../../src/protocol';
import { PEOPLE, ROLES } from '../../support/world';

type NotifyEffect = Extract<Effect, { type: 'notify' }>;

const notice = (kind: NoticeKind, data: NoticeData, rules: RuleId[] = []): NotifyEffect => ({ type: 'notify', notice: kind, to: { kind: 'role', role: 'social-worker' }, rules, data: { ref: 'MOS-1042', ...data } });

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

describe('notice texts name dates in UK words', () => {
  const cases: [NoticeKind, NoticeData, RegExp][] = [
    ['visit-reminder', { kind: 'first-visit', due: '2026-03-02' }, /a first home visit is due by Mon 2 Mar 2026\./],
    ['visit-overdue', { kind: 'weekly-check-in', due: '2026-03-06', you: true }, /the weekly check-in due on Fri 6 Mar 2026 has not been recorded\. Please visit or record the visit today\./],
    // The team manager's copy: theirs is to see that the visit happens, not to visit themselves.
    ['visit-overdue', { kind: 'weekly-check-in', due: '2026-03-06' }, /the weekly check-in due on Fri 6 Mar 2026 has not been recorded\. Please check with the social worker today that the visit happens, or is recorded if it has happened\.$/],
    // A visit that did not count was recorded: not "has not been recorded", which would say the record was lost.
    ['visit-overdue', { kind: 'first-visit', due: '2026-03-02', triedOn: '2026-03-02', triedOutcome: 'not-seen', you: true }, /the first home visit due on Mon 2 Mar 2026 has not been done: at the visit recorded on Mon 2 Mar 2026 the child was not seen, so it did not count\. Please visit again today/],
    ['visit-overdue', { kind: 'first-visit', due: '2026-03-02', triedOn: '2026-03-02', triedOutcome: 'no-access' }, /the first home visit due on Mon 2 Mar 2026 has not been done: at the visit recorded on Mon 2 Mar 2026 there was no access to the home, so it did not count\. Please agree the next step with the social worker today, so that the child is seen\.$/],
    // Named as the case card names it, so the social worker knows which of the four it is.
    ['visit-reminder', { kind: 'weekly-check-in', index: 2, due: '2026-03-13' }, /: weekly check-in 2 is due by Fri 13 Mar 2026\./],
    ['visit-overdue', { kind: 'weekly-check-in', index: 3, due: '2026-03-20', you: true }, /: weekly check-in 3 due on Fri 20 Mar 2026 has not been recorded\./],
    ['approval-reminder', { stage: 'team-manager', requestedOn: '2026-03-02' }, /has been waiting since Mon 2 Mar 2026\. Open the request/],
    ['approval-escalation', { stage: 'director', requestedOn: '2026-12-02' }, /has been waiting since Wed 2 Dec 2026\. Please make sure/],
    // To the approver themselves: theirs to decide, not "make sure the case's decision-maker decides".
    ['approval-escalation', { stage: 'director', requestedOn: '2026-12-02', you: true }, /the Director's authorisation has been waiting for your decision since Wed 2 Dec 2026 and is now overdue, so it has been escalated\. Open the request to decide\.$/],
    ['planned-horizon-nearing', { horizon: '2026-06-08' }, /16-week horizon is Mon 8 Jun 2026\./],
    ['planned-horizon-reached', { horizon: '2026-06-08' }, /its 16-week horizon \(Mon 8 Jun 2026\) without/],
    ['placement-end-recorded', { by: 'Casey Placements', endDate: '2026-03-13', carersToldOn: '2026-03-09' }, /Casey Placements recorded the end of the placement: its end date is Fri 13 Mar 2026, and the carers or provider were told on Mon 9 Mar 2026\. Nothing more is needed from you for the placement/],
    ['placement-end-confirmed', { decidedBy: 'Harper Head', proposedEndDate: '2026-03-13' }, /to end the placement on Fri 13 Mar 2026\./],
  ];
  for (const [kind, data, expected] of cases) {
    it(`${kind}: ${expected.source.replace(/\\/g, '')}`, () => {
      const effect = notice(kind, data);
      const text = noticeText(effect);
      assert.match(text, expected);
      assert.doesNotMatch(text, ISO_DATE);
      assert.ok(Object.values(effect.data).some((v) => typeof v === 'string' && ISO_DATE.test(v)), 'the data keeps YYYY-MM-DD');
    });
  }

  it('the plans a closed case continues with are named in words with their letters (R-UNPL-10), not the letters alone', () => {
    assert.match(noticeText(notice('case-closed', { continueWith: 'CIN, TAF' })), /\(continuing with: Child in Need \(CIN\), Team Around the Family \(TAF\)\)\.$/);
    assert.match(noticeText(notice('case-closed', { continueWith: 'no further plan' })), /\(continuing with: no further plan\)\.$/);
    // To a Head of Service or Director whose request the move withdrew: what it means for them.
    assert.match(noticeText(notice('pathway-changed', { to: 'planned', reason: '', requestWithdrawn: true })), /The request waiting for your decision was withdrawn with them, so nothing is needed from you now; it will come to you again once the case is ready\.$/);
    assert.doesNotMatch(noticeText(notice('pathway-changed', { to: 'unplanned', trigger: 'consent-withdrawn' })), /your decision/);
  });

  it('a placement end agreed without a date says no date', () => {
    assert.match(noticeText(notice('placement-end-confirmed', { decidedBy: 'Harper Head', proposedEndDate: null })), /to end the placement\. Please record/);
  });
});

describe('the deputy refusal names the dates of the deputising in UK words', () => {
  it('"only from Sun 1 Mar 2026 to Tue 10 Mar 2026"', async () => {
    const authority = new Authority(ROLES, null);
    const check = await authority.check(PEOPLE.deputy, ['director'], '2026-03-11');
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.code, 'DEPUTY_OUT_OF_DATES');
    assert.equal(!check.ok && check.message, "You are Dana Director's deputy as Director only from Sun 1 Mar 2026 to Tue 10 Mar 2026, so you cannot act for them today.");
  });
});

describe('a decision maker\'s comment quoted in the changes-requested notice', () => {
  const changes = (comment: string): string =>
    noticeText(notice('changes-requested', { stage: 'team-manager', decidedBy: 'Taylor Manager', outcome: 'changes-requested', comment }));

  it('a comment that ends with a full stop, ! or ? is quoted without another full stop', () => {
    for (const [comment, quoted] of [
      ['Please add the safety plan by next week.', 'Their comment: "Please add the safety plan by next week." Revise'],
      ['Why no stepdown plan?', 'Their comment: "Why no stepdown plan?" Revise'],
      ['Not yet!', 'Their comment: "Not yet!" Revise'],
    ]) {
      const text = changes(comment!);
      assert.ok(text.includes(quoted!), text);
      assert.doesNotMatch(text, /[.!?]"\./);
    }
  });

  it('a comment without an ending gets its full stop after the quote', () => {
    assert.ok(changes('Add the risk analysis').includes('Their comment: "Add the risk analysis". Revise'));
  });
});

describe('the reason quoted in the case-reopened notice', () => {
  const reopened = (reason: string): string => noticeText(notice('case-reopened', { by: 'Taylor Manager', reason }));

  it('a reason that ends with a full stop is quoted without another; one without gets its full stop after the quote', () => {
    assert.equal(reopened('Broke down.'), 'Case MOS-1042 was reopened by Taylor Manager: "Broke down." Open the case to see the next step.');
    assert.equal(reopened('Broke down'), 'Case MOS-1042 was reopened by Taylor Manager: "Broke down". Open the case to see the next step.');
  });
});

describe('what a notice was, when it did not reach someone', () => {
  it('a move to the planned pathway is not described as a move to the unplanned one', () => {
    assert.equal(noticeWhat(notice('pathway-changed', { to: 'planned', reason: '' }, ['R-UNPL-4', 'R-UNPL-3'])), 'the notice that the case moved to the planned pathway (R-UNPL-4, R-UNPL-3)');
    assert.equal(noticeWhat(notice('pathway-changed', { to: 'unplanned', trigger: 'consent-withdrawn' }, ['R-SCOPE-3'])), 'the notice that the case moved to the unplanned pathway (R-SCOPE-3)');
  });

  it("a rejected request (the placement's end not agreed) is not described as a request for changes", () => {
    assert.equal(noticeWhat(notice('changes-requested', { stage: 'placement-end', outcome: 'reject', decidedBy: 'Harper Head', comment: 'Not yet.' }, ['R-PLACE-1'])), 'the message that the request was not agreed (R-PLACE-1)');
    assert.equal(noticeWhat(notice('changes-requested', { stage: 'placement-end', outcome: 'request-changes', decidedBy: 'Harper Head', comment: 'Later date.' }, ['R-PLACE-1'])), 'the message asking for changes (R-PLACE-1)');
  });
});

describe('the team manager asked again after a correction', () => {
  const base = { by: 'Sam Social', fields: 'date accommodated', reason: 'Typed wrong.', changed: 'Director sign-off is now needed', reasked: true };
  it('one still to decide is told their request is sent again, not that a decision of theirs was withdrawn', () => {
    const words = noticeText(notice('facts-corrected', { ...base, undecided: true }));
    assert.match(words, /so the request waiting for your decision was withdrawn and is sent to you again\. Open the new request to decide on the corrected facts\.$/);
    assert.doesNotMatch(words, /your earlier decision/);
  });
  it('one who had agreed is told their decision was withdrawn', () => {
    assert.match(noticeText(notice('facts-corrected', base)), /so your earlier decision was withdrawn and you are asked again/);
  });
  it('the social worker whose assessment must now use the full form is told it comes back to them to revise', () => {
    const words = noticeText(notice('facts-corrected', { by: 'Taylor Manager', fields: 'last assessment date', reason: 'There was none.', changed: 'the short form is no longer allowed', withdrawn: true, socialWorker: true, revise: true }));
    assert.match(words, /the decisions and requests on the earlier facts were withdrawn and the assessment comes back to you: revise it on the full form and submit it again\.$/);
  });
});

describe('the words an approval request is sent with (the Teams message and the mail subject)', () => {
  const request = (stage: ApprovalStage): ApprovalEffect => ({ type: 'request-approval', approvalId: `c:${stage}:1`, stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] });
  it("ask the approver for their part, not for 'your team manager's agreement', which reads as their own manager's", () => {
    assert.equal(approvalRequestText(request('team-manager'), 'MOS-1042'), "Case MOS-1042: the team manager's agreement is needed from you. Open the request to approve, ask for changes or reject (R-SIGN-4).");
    assert.match(approvalRequestText(request('director'), 'MOS-1042'), /^Case MOS-1042: the Director's authorisation is needed from you\./);
    assert.match(approvalRequestText(request('placement-end'), 'MOS-1042'), /^Case MOS-1042: the Head of Service's consent to end the placement is needed from you\./);
    for (const stage of ['team-manager', 'head-of-service', 'director', 'placement-end'] as const) assert.doesNotMatch(approvalRequestText(request(stage), 'MOS-1042'), /your (team manager|Head of Service|Director)/);
  });
});

describe("the Head of Service's answer on ending the placement, when it is not a yes (R-PLACE-1)", () => {
  it('says in plain words what they did and how to ask again, not "the Head of Service\'s consent to end the placement request" nor "revise"', () => {
    const changes = noticeText(notice('changes-requested', { stage: 'placement-end', outcome: 'request-changes', decidedBy: 'Harper Head', comment: 'Give the carers two weeks.' }, ['R-PLACE-1']));
    assert.match(changes, /^Case MOS-1042: Harper Head asked for changes to the request to end the placement\. Their comment: "Give the carers two weeks\." The placement stays open: ask again from the case card \("Ask to end the placement"\) with the changes\. \(R-PLACE-1\)$/);
    const no = noticeText(notice('changes-requested', { stage: 'placement-end', outcome: 'reject', decidedBy: 'Harper Head', comment: 'Not yet.' }, ['R-PLACE-1']));
    assert.match(no, /^Case MOS-1042: Harper Head did not agree to end the placement\. Their comment: "Not yet\." The placement stays open: if it should still end, ask again from the case card \("Ask to end the placement"\)\. \(R-PLACE-1\)$/);
  });
});
