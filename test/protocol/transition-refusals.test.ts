import { strict as assert } from 'node:assert';
import { AUDIT_LIMIT, auditRowRefusal, CASE_LIMIT, CaseEvent, caseSize, CaseState, DEFAULT_CASE_POLICY, Now, openCase, PEOPLE_LIMIT, Refusal, REFUSAL_CODES, RefusalCode, SEEN_VISITS_LIMIT } from '../../src/protocol';
import {
  accept,
  actor,
  ACTORS,
  awaitingDirector,
  awaitingHeadOfService,
  drive,
  events,
  HOME_53_DAYS,
  initialSteps,
  NOW,
  openInput,
  opened,
  pending,
  PEOPLE,
  plannedReadyForAssessment,
  readyForAssessment,
  refusal,
} from './support/case-fixtures';
import { SECRET_DATE_OF_BIRTH } from './support/facts-builder';

/** Every refusal seen in this file, to check that each code was reached and every message is well formed. */
const seen: Refusal[] = [];
function refused(...args: Parameters<typeof refusal>): Refusal {
  const r = refusal(...args);
  seen.push(r);
  return r;
}
function expectRefusal(code: RefusalCode, rule: string | null, r: Refusal): void {
  assert.equal(r.code, code, r.message);
  assert.equal(r.rule, rule, r.message);
}

/** 00:30 BST on Monday 15 June 2026: still 14 June in UTC. */
const JUST_AFTER_MIDNIGHT_BST: Now = { at: '2026-06-14T23:30:00.000Z', today: '2026-06-15' };
const LATER: Now = { at: '2026-06-16T10:00:00.000Z', today: '2026-06-16' };

function submitted(): CaseState {
  return accept(readyForAssessment(), events.assessment()).state;
}

/** The viable 53-day case, closed after every step. */
function closedCase(): CaseState {
  const director = awaitingDirector();
  let state = accept(director, events.decision(pending(director, 'director').approvalId, ACTORS.director)).state;
  state = drive(state, [events.episodeEnded(true), events.placementEndRequested('2026-03-13')]).state;
  state = accept(state, events.decision(pending(state, 'placement-end').approvalId, ACTORS.hos)).state;
  const late = { at: '2026-03-30T09:00:00.000Z', today: '2026-03-30' };
  return drive(state, [
    events.placementEnded('2026-03-13', '2026-03-02', ACTORS.cpt),
    ...['2026-03-02', '2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27'].map((on, i) => events.visit(i, on)),
    events.letter('2026-03-27'),
    events.review('2026-03-30'),
  ], late).state;
}

describe('transition: refusals', () => {
  describe('OUT_OF_ORDER', () => {
    it('the care episode cannot end before the Director authorises it (R-SIGN-4)', () => {
      const r = refused(awaitingDirector(), events.episodeEnded(true));
      expectRefusal('OUT_OF_ORDER', 'R-SIGN-4', r);
      assert.match(r.message, /before the Director has authorised it/);
    });

    it('nor before the Head of Service has agreed', () => {
      const r = refused(awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } }), events.episodeEnded(true));
      expectRefusal('OUT_OF_ORDER', 'R-SIGN-4', r);
      assert.match(r.message, /Head of Service has agreed/);
    });

    it('an assessment cannot be resubmitted while the team manager decides', () => {
      expectRefusal('OUT_OF_ORDER', 'R-SIGN-4', refused(submitted(), events.assessment()));
    });

    it("the child's views, risk check and parents' views are recorded only while preparing", () => {
      const state = submitted();
      for (const event of [events.childViews(), events.immediateRisk(), events.parentsConsulted()]) {
        expectRefusal('OUT_OF_ORDER', 'R-SIGN-4', refused(state, event));
      }
    });

    it("the IRO's view cannot change once it has gone to the Head of Service", () => {
      expectRefusal('OUT_OF_ORDER', 'R-SIGN-4', refused(awaitingHeadOfService(), events.iroView()));
    });

    it('the placement stays open until the Head of Service consents (R-PLACE-1)', () => {
      const { state } = opened({ facts: HOME_53_DAYS });
      expectRefusal('OUT_OF_ORDER', 'R-PLACE-1', refused(state, events.placementEnded('2026-03-02', '2026-03-02')));
      const notHome = opened({ facts: { returnedHomeOn: null } }).state;
      expectRefusal('OUT_OF_ORDER', 'R-PLACE-1', refused(notHome, events.placementEndRequested('2026-03-10')));
    });

    it('visits need the return home first, and must exist', () => {
      const notHome = opened({ facts: { returnedHomeOn: null } }).state;
      expectRefusal('OUT_OF_ORDER', 'R-VISIT-1', refused(notHome, events.visit(0, '2026-03-02')));
      const home = opened({ facts: HOME_53_DAYS }).state;
      // Number 6 is an extra visit as it happens (issue 12); number 7 does not exist yet.
      const r = refused(home, events.visit(6, '2026-03-02'));
      expectRefusal('OUT_OF_ORDER', 'R-VISIT-1', r);
      assert.match(r.message, /no visit number 7/);
    });

    it('the letter waits for the decisions about the return (R-LETTER-1)', () => {
      expectRefusal('OUT_OF_ORDER', 'R-LETTER-1', refused(awaitingDirector(), events.letter('2026-03-02')));
    });
  });

  describe('STEPS_OUTSTANDING', () => {
    it('the assessment waits for the initial steps, each listed with its rule', () => {
      const { state } = opened({ facts: HOME_53_DAYS });
      const r = refused(state, events.assessment());
      expectRefusal('STEPS_OUTSTANDING', 'R-UNPL-1', r);
      assert.match(r.message, /record the child's views \(R-UNPL-1\)/);
      assert.match(r.message, /record the immediate risk check \(R-UNPL-2\)/);
      assert.match(r.message, /inform the IRO \(R-UNPL-3\)/);
      assert.match(r.message, /record the consultation with the parents \(R-UNPL-4\)/);
      const three = drive(state, initialSteps().slice(0, 3)).state;
      const one = refused(three, events.assessment());
      expectRefusal('STEPS_OUTSTANDING', 'R-UNPL-4', one);
      assert.doesNotMatch(one.message, /R-UNPL-1/);
    });

    it('the case cannot close with visits, the placement or the letter outstanding', () => {
      const director = awaitingDirector();
      const authorised = accept(director, events.decision(pending(director, 'director').approvalId, ACTORS.director)).state;
      const ended = accept(authorised, events.episodeEnded(true)).state;
      const r = refused(ended, events.review('2026-03-02'));
      expectRefusal('STEPS_OUTSTANDING', 'R-VISIT-1', r);
      assert.match(r.message, /record 5 outstanding visits \(R-VISIT-1\)/);
      assert.match(r.message, /end the placement .*\(R-PLACE-1\)/);
      assert.match(r.message, /"Your time in our care" letter \(R-LETTER-1\)/);
      const r2 = refused(authorised, events.review('2026-03-02'));
      assert.match(r2.message, /end the care episode after the sign-off chain \(R-SIGN-4\)/);
    });

    it('a viable case whose care episode ended cannot close without the return home', () => {
      const state = awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } });
      const ended = drive(accept(state, events.decision(pending(state, 'head-of-service').approvalId, ACTORS.hos)).state, [events.episodeEnded(false), events.letter('2026-03-02')]).state;
      const r = refused(ended, events.review('2026-03-02'));
      expectRefusal('STEPS_OUTSTANDING', 'R-VISIT-1', r);
      assert.match(r.message, /record the date the child went home/);
    });

    it('an unplanned case needs its trigger when it opens', () => {
      const r = openCase(openInput({ trigger: null }), NOW, DEFAULT_CASE_POLICY);
      assert.ok(!r.ok);
      seen.push(r.refusal);
      expectRefusal('STEPS_OUTSTANDING', 'R-SCOPE-3', r.refusal);
    });
  });

  describe('NOT_YOUR_ROLE', () => {
    it('each step is refused to the wrong role', () => {
      const state = submitted();
      const tmId = pending(state, 'team-manager').approvalId;
      const r = refused(state, events.decision(tmId, ACTORS.hos));
      expectRefusal('NOT_YOUR_ROLE', 'R-SIGN-4', r);
      assert.match(r.message, /Only the team manager can give the team manager's agreement/);
      expectRefusal('NOT_YOUR_ROLE', 'R-UNPL-5', refused(readyForAssessment(), events.assessment({ actor: ACTORS.iro })));
      expectRefusal('NOT_YOUR_ROLE', 'R-UNPL-1', refused(opened().state, events.childViews(ACTORS.system)));
      expectRefusal('NOT_YOUR_ROLE', 'R-SIGN-4', refused(state, events.iroView(ACTORS.tm)));
    });

    it('deadlines come only from the reminder service', () => {
      const { state, effects } = opened({ facts: HOME_53_DAYS });
      const deadline = effects.find((e) => e.type === 'schedule-deadline')!;
      expectRefusal('NOT_YOUR_ROLE', null, refused(state, events.deadline(deadline, ACTORS.sw)));
    });

    it('only a social worker or team manager opens a case', () => {
      const r = openCase(openInput({ actor: ACTORS.hos }), NOW, DEFAULT_CASE_POLICY);
      assert.ok(!r.ok);
      seen.push(r.refusal);
      expectRefusal('NOT_YOUR_ROLE', null, r.refusal);
    });
  });

  describe('SELF_APPROVAL', () => {
    it("the case's social worker cannot approve, even holding the approver's role", () => {
      const state = submitted();
      const r = refused(state, events.decision(pending(state, 'team-manager').approvalId, actor(PEOPLE.socialWorker, 'team-manager')));
      expectRefusal('SELF_APPROVAL', 'R-SIGN-4', r);
    });

    it("nor can a deputy acting on the social worker's behalf", () => {
      const state = submitted();
      const deputy = actor(PEOPLE.deputy, 'team-manager', PEOPLE.socialWorker);
      expectRefusal('SELF_APPROVAL', 'R-SIGN-4', refused(state, events.decision(pending(state, 'team-manager').approvalId, deputy)));
    });

    it('a team manager who submitted the assessment cannot agree it', () => {
      const state = accept(readyForAssessment(), events.assessment({ actor: ACTORS.tm })).state;
      expectRefusal('SELF_APPROVAL', 'R-SIGN-4', refused(state, events.decision(pending(state, 'team-manager').approvalId, ACTORS.tm)));
      const other = actor(PEOPLE.otherTeamManager, 'team-manager');
      assert.equal(accept(state, events.decision(pending(state, 'team-manager').approvalId, other)).state.stage, 'awaiting-iro-view');
    });

    it("the social worker cannot consent to ending the placement", () => {
      const home = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
      const r = refused(home, events.decision(pending(home, 'placement-end').approvalId, actor(PEOPLE.socialWorker, 'head-of-service')));
      expectRefusal('SELF_APPROVAL', 'R-SIGN-4', r);
    });
  });

  describe('SAME_PERSON_HOS_AND_DIRECTOR', () => {
    it('the Head of Service who agreed cannot authorise as Director', () => {
      const state = awaitingDirector();
      const r = refused(state, events.decision(pending(state, 'director').approvalId, actor(PEOPLE.headOfService, 'director')));
      expectRefusal('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', r);
    });

    it("nor can a deputy Director acting on the Head of Service's behalf", () => {
      const state = awaitingDirector();
      const deputy = actor(PEOPLE.deputy, 'director', PEOPLE.headOfService);
      expectRefusal('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', refused(state, events.decision(pending(state, 'director').approvalId, deputy)));
    });

    it("nor the person a deputy Head of Service agreed for", () => {
      const hosPending = awaitingHeadOfService();
      const deputyHos = actor(PEOPLE.deputy, 'head-of-service', PEOPLE.otherHeadOfService);
      const state = accept(hosPending, events.decision(pending(hosPending, 'head-of-service').approvalId, deputyHos)).state;
      const principal = actor(PEOPLE.otherHeadOfService, 'director');
      expectRefusal('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', refused(state, events.decision(pending(state, 'director').approvalId, principal)));
      const deputyItself = actor(PEOPLE.deputy, 'director');
      expectRefusal('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', refused(state, events.decision(pending(state, 'director').approvalId, deputyItself)));
    });

    it('a Director who decided cannot later agree as Head of Service', () => {
      const state = awaitingDirector();
      const revising = accept(state, events.decision(pending(state, 'director').approvalId, ACTORS.director, 'request-changes', 'more on school')).state;
      const round2 = accept(revising, events.assessment()).state;
      const tmAgreed = accept(round2, events.decision(pending(round2, 'team-manager').approvalId, ACTORS.tm)).state;
      assert.equal(tmAgreed.stage, 'awaiting-head-of-service');
      const r = refused(tmAgreed, events.decision(pending(tmAgreed, 'head-of-service').approvalId, actor(PEOPLE.director, 'head-of-service')));
      expectRefusal('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', r);
    });
  });

  describe('one person, one agreement in the chain', () => {
    it("whoever gave the team manager's agreement (in person, or the manager a deputy acted for) gives neither the Head of Service's nor the Director's", () => {
      const hosPending = awaitingHeadOfService();
      const tmAsHos = actor(PEOPLE.teamManager, 'head-of-service', PEOPLE.headOfService);
      const r = refused(hosPending, events.decision(pending(hosPending, 'head-of-service').approvalId, tmAsHos));
      expectRefusal('SELF_APPROVAL', 'R-SIGN-4', r);
      assert.match(r.message, /You gave the team manager’s agreement on this case, so the Head of Service’s written agreement must come from someone else/);
      const state = awaitingDirector();
      const tmAsDirector = refused(state, events.decision(pending(state, 'director').approvalId, actor(PEOPLE.teamManager, 'director')));
      expectRefusal('SELF_APPROVAL', 'R-SIGN-4', tmAsDirector);
      assert.match(tmAsDirector.message, /so the Director’s authorisation must come from someone else/);
    });
  });

  describe('ALREADY_DECIDED and UNKNOWN_APPROVAL', () => {
    it('names who decided, and when', () => {
      const state = submitted();
      const id = pending(state, 'team-manager').approvalId;
      const decided = accept(state, events.decision(id, ACTORS.tm)).state;
      const r = refused(decided, events.decision(id, actor(PEOPLE.otherTeamManager, 'team-manager')));
      expectRefusal('ALREADY_DECIDED', null, r);
      assert.match(r.message, /already decided by Tara Manager on Mon 2 Mar 2026: approved\. Nothing more/);
    });

    it('the same person deciding again (a double tap, a second copy of the card) is told it was their own decision', () => {
      const state = submitted();
      const id = pending(state, 'team-manager').approvalId;
      const decided = accept(state, events.decision(id, ACTORS.tm)).state;
      const r = refused(decided, events.decision(id, ACTORS.tm));
      expectRefusal('ALREADY_DECIDED', null, r);
      assert.equal(r.message, 'This was already decided by Tara Manager (you) on Mon 2 Mar 2026: approved. Nothing more is needed from you.');
    });

    it('names a deputy and the person they acted for', () => {
      const state = submitted();
      const id = pending(state, 'team-manager').approvalId;
      const decided = accept(state, events.decision(id, actor(PEOPLE.deputy, 'team-manager', PEOPLE.teamManager), 'request-changes', 'more detail')).state;
      const r = refused(decided, events.decision(id, ACTORS.tm));
      expectRefusal('ALREADY_DECIDED', null, r);
      assert.match(r.message, /Dee Deputy on behalf of Tara Manager .*: changes requested\./);
    });

    it('a request withdrawn for a reason kept with it (a step undone) says that reason, not that the case moved to the unplanned pathway', () => {
      const state = submitted();
      const id = pending(state, 'team-manager').approvalId;
      const undone = accept(state, { type: 'StepUndone', actor: ACTORS.sw, step: 'childViews', index: 0, reason: 'Recorded for the wrong child.' }).state;
      const r = refused(undone, events.decision(id, ACTORS.tm));
      expectRefusal('OUT_OF_ORDER', null, r);
      assert.equal(r.message, "This request was withdrawn: the record of the child's views was undone, so the assessment went back to the social worker. Nothing more is needed from you.");
    });

    it("names the organisation's date of the decision, not UTC's; a decision stored before that date was kept falls back to UTC's", () => {
      const state = submitted();
      const id = pending(state, 'team-manager').approvalId;
      const decided = accept(state, events.decision(id, ACTORS.tm), JUST_AFTER_MIDNIGHT_BST).state;
      assert.equal(decided.approvals[0]!.decision!.on, '2026-06-15');
      const r = refused(decided, events.decision(id, actor(PEOPLE.otherTeamManager, 'team-manager')), LATER);
      expectRefusal('ALREADY_DECIDED', null, r);
      assert.match(r.message, /already decided by Tara Manager on Mon 15 Jun 2026: approve/);
      const stored = structuredClone(decided);
      delete stored.approvals[0]!.decision!.on;
      assert.match(refused(stored, events.decision(id, actor(PEOPLE.otherTeamManager, 'team-manager')), LATER).message, /on Sun 14 Jun 2026: approve/);
    });

    it('refuses an approval id from another case', () => {
      expectRefusal('UNKNOWN_APPROVAL', null, refused(submitted(), events.decision('case-2:team-manager:1', ACTORS.tm)));
    });
  });

  describe('COMMENT_REQUIRED', () => {
    it('for a request for changes or a rejection without a comment, or with only spaces', () => {
      const state = submitted();
      const id = pending(state, 'team-manager').approvalId;
      expectRefusal('COMMENT_REQUIRED', null, refused(state, events.decision(id, ACTORS.tm, 'request-changes', null)));
      expectRefusal('COMMENT_REQUIRED', null, refused(state, events.decision(id, ACTORS.tm, 'reject', '  \n\t ')));
      expectRefusal('COMMENT_REQUIRED', null, refused(state, events.decision(id, ACTORS.tm, 'reject', '')));
      assert.equal(accept(state, events.decision(id, ACTORS.tm, 'approve', null)).state.stage, 'awaiting-iro-view');
    });
  });

  describe('FORM_NOT_ALLOWED', () => {
    it('the short form for a long stay with no recent assessment (R-ASSESS-1)', () => {
      const ready = readyForAssessment({ facts: { accommodatedOn: '2025-10-01', returnedHomeOn: null } });
      expectRefusal('FORM_NOT_ALLOWED', 'R-ASSESS-1', refused(ready, events.assessment({ form: 's20-return-home-assessment' })));
    });
  });

  describe('INVALID_DATE', () => {
    it('for dates in the future or before they can be', () => {
      const home = opened({ facts: HOME_53_DAYS }).state;
      expectRefusal('INVALID_DATE', 'R-VISIT-1', refused(home, events.visit(0, '2026-03-03')));
      const before = refused(home, events.visit(0, '2026-02-26'));
      expectRefusal('INVALID_DATE', 'R-VISIT-1', before);
      assert.equal(before.message, 'The visit date (Thu 26 Feb 2026) is before the day the child went home (Fri 27 Feb 2026). Check the date and try again. (R-VISIT-1)');
      const notHome = opened({ facts: { returnedHomeOn: null } }).state;
      expectRefusal('INVALID_DATE', 'R-VISIT-1', refused(notHome, events.returnedHome('2026-03-03')));
      const beforeCare = refused(notHome, events.returnedHome('2026-01-04'));
      expectRefusal('INVALID_DATE', 'R-VISIT-1', beforeCare);
      assert.equal(beforeCare.message, 'The return date (Sun 4 Jan 2026) is before the day the child was accommodated (Mon 5 Jan 2026). Check the date and try again. (R-VISIT-1)');
      expectRefusal('INVALID_DATE', 'R-UNPL-5', refused(readyForAssessment(), events.assessment({ completedOn: '2026-03-03' })));
      expectRefusal('INVALID_DATE', 'R-PLACE-1', refused(home, events.placementEndRequested('2026-01-04')));
    });

    it('for a visit of R-VISIT-1 on the day of another, or out of their order: one visit does not count as two', () => {
      const home = opened({ facts: HOME_53_DAYS }).state;
      // Check-in 2 recorded first (from its own reminder), for Fri 13 Mar: check-in 1 cannot then be that day or later.
      const second = accept(home, events.visit(2, '2026-03-13'), { at: '2026-03-16T09:00:00.000Z', today: '2026-03-16' }).state;
      for (const on of ['2026-03-13', '2026-03-14']) {
        const r = refused(second, events.visit(1, on), { at: '2026-03-16T09:00:00.000Z', today: '2026-03-16' });
        expectRefusal('INVALID_DATE', 'R-VISIT-1', r);
        assert.match(r.message, /^Weekly check-in 1 cannot be recorded for (Fri 13|Sat 14) Mar 2026: weekly check-in 2 is recorded (on that day|on Fri 13 Mar 2026, before it), .* Check the dates: weekly check-in 1 comes before weekly check-in 2\. Nothing was recorded\.$/);
      }
      assert.equal(accept(second, events.visit(1, '2026-03-06'), { at: '2026-03-16T09:00:00.000Z', today: '2026-03-16' }).state.visits[1]!.doneOn, '2026-03-06');
    });

    it('for a review meeting or letter in the future', () => {
      const ended = closedCase();
      assert.equal(ended.stage, 'closed');
      const agreedShortStay = awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } });
      const agreed = accept(agreedShortStay, events.decision(pending(agreedShortStay, 'head-of-service').approvalId, ACTORS.hos)).state;
      expectRefusal('INVALID_DATE', 'R-LETTER-1', refused(agreed, events.letter('2026-03-05')));
      const notViable = drive(opened({ facts: { returnedHomeOn: null } }).state, [...initialSteps(), events.assessment({ viable: false, form: 'child-and-family-reassessment' }), events.notViableActions(true)]).state;
      expectRefusal('INVALID_DATE', 'R-UNPL-10', refused(notViable, events.review('2026-03-09')));
    });

    it('for carers told in the future', () => {
      const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested('2026-03-13')).state;
      const consented = accept(requested, events.decision(pending(requested, 'placement-end').approvalId, ACTORS.hos)).state;
      const told = refused(consented, events.placementEnded('2026-03-13', '2026-03-04'));
      expectRefusal('INVALID_DATE', 'R-PLACE-1', told);
      // It names the date refused, as every other date of what already happened (past-dates.ts).
      assert.equal(told.message, 'The date the carers were told (Wed 4 Mar 2026) is in the future. Record it on or after the day it happens. (R-PLACE-1)');
    });
  });

  describe('ALREADY_DONE', () => {
    it("names the organisation's date the IRO was informed, not UTC's", () => {
      const home = opened({ facts: HOME_53_DAYS }).state;
      const informed = accept(home, events.iroInformed(), JUST_AFTER_MIDNIGHT_BST).state;
      assert.equal(informed.steps.iroInformed!.on, '2026-06-15');
      const r = refused(informed, events.iroInformed(), LATER);
      expectRefusal('ALREADY_DONE', 'R-UNPL-3', r);
      assert.match(r.message, /already informed on Mon 15 Jun 2026\./);
    });

    it('for steps recorded twice', () => {
      const home = opened({ facts: HOME_53_DAYS }).state;
      const informed = accept(home, events.iroInformed()).state;
      const r = refused(informed, events.iroInformed());
      expectRefusal('ALREADY_DONE', 'R-UNPL-3', r);
      assert.match(r.message, /already informed on Mon 2 Mar 2026\./);
      const visited = accept(home, events.visit(0, '2026-03-02')).state;
      const twice = refused(visited, events.visit(0, '2026-03-02'));
      expectRefusal('ALREADY_DONE', 'R-VISIT-1', twice);
      assert.match(twice.message, /already recorded on Mon 2 Mar 2026\./);
      const requested = accept(home, events.placementEndRequested('2026-03-13')).state;
      const again = refused(requested, events.placementEndRequested('2026-03-14'));
      expectRefusal('ALREADY_DONE', 'R-PLACE-1', again);
      assert.equal(again.message, "The Head of Service's consent to end the placement has already been asked for: it waits for their decision. (R-PLACE-1)");
      const agreedShortStay = awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } });
      const agreed = accept(agreedShortStay, events.decision(pending(agreedShortStay, 'head-of-service').approvalId, ACTORS.hos)).state;
      const lettered = accept(agreed, events.letter('2026-03-02')).state;
      const letterTwice = refused(lettered, events.letter('2026-03-02'));
      expectRefusal('ALREADY_DONE', 'R-LETTER-1', letterTwice);
      assert.match(letterTwice.message, /letter was already recorded on Mon 2 Mar 2026\./);
    });
  });

  describe('RETURN_NOT_AGREED', () => {
    it('"Record the return home" on a planned return before the Head of Service has agreed it: the return is unplanned (R-SCOPE-3)', () => {
      const r = refused(plannedReadyForAssessment(), events.returnedHome('2026-03-01'));
      expectRefusal('RETURN_NOT_AGREED', 'R-SCOPE-3', r);
      assert.match(r.message, /Move to the unplanned pathway/);
    });
  });

  describe('CASE_CLOSED', () => {
    it('for every event on a closed case but the scheduler’s', () => {
      const state = closedCase();
      for (const event of [events.childViews(), events.iroInformed(), events.review('2026-03-30'), events.decision('case-1:director:1', ACTORS.director2)]) {
        expectRefusal('CASE_CLOSED', 'R-UNPL-10', refused(state, event));
      }
    });
  });

  describe('CASE_FULL (case-size.ts)', () => {
    /** A case returned home whose visit 0 holds "not seen" attempts up to about `bytes` of case JSON; with the effects of its opening. */
    function filledTo(bytes: number): CaseState {
      const state = opened({ facts: HOME_53_DAYS }).state;
      const attempt = { on: '2026-03-02', outcome: 'not-seen' as const, notes: 'n'.repeat(3900), by: { id: ACTORS.sw.id, name: ACTORS.sw.name } };
      const attempts: (typeof attempt)[] = [];
      state.visits[0]!.attempts = attempts;
      while (caseSize(state) < bytes - 9000) attempts.push(attempt);
      return state;
    }
    const notSeen = (notes: string): CaseEvent => ({ type: 'VisitRecorded', actor: ACTORS.sw, index: 0, on: '2026-03-02', notes, outcome: 'not-seen' });
    const seenVisit = (notes: string): CaseEvent => ({ type: 'VisitRecorded', actor: ACTORS.sw, index: 1, on: '2026-03-02', notes });

    it('refuses what people write past PEOPLE_LIMIT, saying what to do; a visit where the child was seen may still go on past it', () => {
      const full = filledTo(PEOPLE_LIMIT);
      assert.ok(accept(full, notSeen('short')).state, 'a short note still fits');
      const r = refused(full, notSeen('x'.repeat(4000)));
      expectRefusal('CASE_FULL', null, r);
      assert.match(r.message, /so this was not recorded\. Shorten what you wrote, or put the long text in the case file/);
      assert.ok(caseSize(accept(full, seenVisit('x'.repeat(4000))).state) > PEOPLE_LIMIT);
      const brim = filledTo(CASE_LIMIT);
      expectRefusal('CASE_FULL', null, refused(brim, seenVisit('x'.repeat(4000))));
    });

    it('keeps the last room for the steps that end the case: long notes on seen visits stop at SEEN_VISITS_LIMIT, and the case can still be taken on', () => {
      // Past the old ceiling (460,000 bytes), a seen visit is still taken.
      assert.ok(PEOPLE_LIMIT >= 460_000 && SEEN_VISITS_LIMIT > PEOPLE_LIMIT && CASE_LIMIT - SEEN_VISITS_LIMIT >= 100_000);
      const past = filledTo(600_000);
      assert.ok(caseSize(accept(past, seenVisit('x'.repeat(4000))).state) > 600_000);
      const brim = filledTo(SEEN_VISITS_LIMIT);
      expectRefusal('CASE_FULL', null, refused(brim, seenVisit('x'.repeat(4000))));
      const beyond = filledTo(SEEN_VISITS_LIMIT + 9000);
      expectRefusal('CASE_FULL', null, refused(beyond, seenVisit('short')));
      const informed = accept(beyond, events.iroInformed());
      assert.ok(caseSize(informed.state) > SEEN_VISITS_LIMIT, 'a step that ends the case goes on past it');
      const last = refused(filledTo(CASE_LIMIT + 9000), events.iroInformed());
      expectRefusal('CASE_FULL', null, last);
      // Each refusal's words name only what can still be recorded, never the kind of step refused.
      assert.match(refused(brim, seenVisit('x'.repeat(4000))).message, /Decisions, sign-off and closing the case can still be recorded/);
      assert.doesNotMatch(last.message, /can still be recorded/);
      assert.match(last.message, /Reminders and overdue notices carry on\.$/);
    });

    it('refuses a change whose audit row could not be kept (auditRowRefusal), never the scheduler\'s', () => {
      const visit = { index: 6, attempts: Array.from({ length: 120 }, () => ({ on: '2026-03-02', outcome: 'not-seen', notes: 'n'.repeat(3900) })) };
      const row = { before: { visits: { 6: visit } }, after: { undone: { 0: { reason: 'recorded on the wrong case' } } } };
      assert.ok(JSON.stringify(row).length * 2 > AUDIT_LIMIT);
      // As the service hands it over: the row's JSON, written out once (case-commit.ts).
      const text = () => ({ before: JSON.stringify(row.before), after: JSON.stringify(row.after) });
      expectRefusal('CASE_FULL', null, auditRowRefusal(text(), ACTORS.sw)!);
      assert.equal(auditRowRefusal(text(), ACTORS.system), null);
      visit.attempts.splice(100);
      assert.ok(JSON.stringify(row).length * 2 < AUDIT_LIMIT);
      assert.equal(auditRowRefusal(text(), ACTORS.sw), null);
    });

    it('never refuses the scheduler, even past CASE_LIMIT: a visit still goes overdue and its notice goes out', () => {
      const overdue = opened({ facts: HOME_53_DAYS }).effects.find((e) => e.type === 'schedule-deadline' && e.kind === 'visit-overdue')!;
      const brim = filledTo(CASE_LIMIT + 20_000);
      assert.ok(caseSize(brim) > CASE_LIMIT);
      const later: Now = { at: '2026-06-01T09:00:00.000Z', today: '2026-06-01' };
      const result = accept(brim, events.deadline(overdue), later);
      assert.equal(result.state.visits[0]!.overdue, true);
      assert.ok(result.effects.some((e) => e.type === 'notify' && e.notice === 'visit-overdue'));
    });
  });

  describe('OUT_OF_SCOPE', () => {
    for (const legalStatus of ['ICO', 'CO'] as const) {
      it(`openCase for a child on ${legalStatus === 'ICO' ? 'an Interim Care Order' : 'a Care Order'} points to the court route (R-SCOPE-2)`, () => {
        const r = openCase(openInput({ facts: { legalStatus } }), NOW, DEFAULT_CASE_POLICY);
        assert.ok(!r.ok);
        seen.push(r.refusal);
        expectRefusal('OUT_OF_SCOPE', 'R-SCOPE-2', r.refusal);
        assert.match(r.refusal.message, /court/);
      });
    }
  });

  describe('every refusal', () => {
    it('reaches every refusal code', () => {
      const reached = new Set(seen.map((r) => r.code));
      assert.deepEqual(REFUSAL_CODES.filter((code) => !reached.has(code)), []);
    });

    it('is one line naming its rule, without the child’s date of birth', () => {
      assert.ok(seen.length > 40);
      for (const r of seen) {
        assert.ok(r.message.trim().length > 0);
        assert.ok(!/[\r\n]/.test(r.message), r.message);
        if (r.rule) assert.ok(r.message.includes(r.rule), r.message);
        assert.ok(!r.message.includes(SECRET_DATE_OF_BIRTH), r.message);
      }
    });
  });
});
