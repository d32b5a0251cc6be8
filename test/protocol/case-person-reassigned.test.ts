/**
 * CasePersonReassigned (issue 11), in the pure protocol: the part changes hands, requests still
 * waiting for that part (and only those) are sent to it again, both people are told 1:1, the
 * Cases record names the new person, and the refusals (no reason, the same person, the social
 * worker as their own manager, a closed case, the wrong role) change nothing.
 */
import { strict as assert } from 'node:assert';
import type { CasePeople, CaseEvent, CaseState, Effect, Person } from '../../src/protocol';
import { ACTORS, accept, events, initialSteps, NOW, opened, PEOPLE, refusal } from './support/case-fixtures';

const PEOPLE_OF_CASE: CasePeople = {
  team: 'Assessment North',
  service: 'Early Help',
  teamManagers: [PEOPLE.teamManager],
  headsOfService: [PEOPLE.headOfService],
  director: [PEOPLE.director],
  iroManager: [{ id: 'irom-1', name: 'Imogen Iro-Manager' }],
};

const hand = (role: 'social-worker' | 'team-manager' | 'iro' | 'head-of-service', to: Person, actor = ACTORS.tm, reason = 'Moved team.'): CaseEvent => ({ type: 'CasePersonReassigned', actor, role, to, reason, people: PEOPLE_OF_CASE });

function awaitingTeamManager(): CaseState {
  let state = opened().state;
  for (const e of [...initialSteps(), events.assessment()]) state = accept(state, e).state;
  return state;
}

const requests = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { type: 'request-approval' }> => e.type === 'request-approval');
const notices = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { type: 'notify' }> => e.type === 'notify');
const casesRecord = (effects: Effect[]) => effects.find((e): e is Extract<Effect, { type: 'record' }> => e.type === 'record' && e.list === 'cases')!;

describe('CasePersonReassigned (issue 11)', () => {
  it("hands the team manager's part over: the waiting request goes to the role again, both are told, the record names the new manager", () => {
    const before = awaitingTeamManager();
    const pending = before.approvals.find((a) => !a.decision)!;
    const { state, effects, action } = accept(before, hand('team-manager', PEOPLE.otherTeamManager, ACTORS.hos));
    assert.deepEqual(state.people?.teamManagers, [PEOPLE.otherTeamManager]);
    assert.deepEqual(state.people?.headsOfService, [PEOPLE.headOfService], 'the rest of the case people are kept');
    assert.deepEqual(requests(effects).map((r) => [r.approvalId, r.to]), [[pending.approvalId, { kind: 'role', role: 'team-manager' }]]);
    assert.deepEqual(notices(effects).map((n) => [n.notice, n.to]), [
      ['case-handed-over', { kind: 'person', id: PEOPLE.teamManager.id, name: PEOPLE.teamManager.name }],
      ['case-taken-over', { kind: 'person', id: PEOPLE.otherTeamManager.id, name: PEOPLE.otherTeamManager.name }],
      ['case-part-handed-over', { kind: 'person', id: PEOPLE.socialWorker.id, name: PEOPLE.socialWorker.name }],
    ]);
    assert.equal(notices(effects)[1]!.data['requestsMoved'], 1);
    assert.equal(notices(effects)[2]!.data['reason'], null, "the social worker is not sent the manager's reason");
    assert.equal(casesRecord(effects).fields['TeamManager'], PEOPLE.otherTeamManager.name);
    assert.deepEqual(state.reassignments?.map((r) => [r.role, r.from, r.to, r.reason, r.approvals, r.by.id, r.on]), [['team-manager', [PEOPLE.teamManager], PEOPLE.otherTeamManager, 'Moved team.', [pending.approvalId], PEOPLE.headOfService.id, NOW.today]]);
    assert.match(action, /^Case handed over: team manager Tara Manager → Toby Manager, by Hana Head \("Moved team\."\); the request waiting moved to them$/);
    assert.equal(effects.filter((e) => e.type === 'schedule-deadline' || e.type === 'cancel-deadline').length, 0, 'the deadlines stand: reminders find the new holder by role');
  });

  it("tells the case's social worker who holds the part now, but not when the part handed over is their own (they are told as the one who held it)", () => {
    const before = awaitingTeamManager();
    for (const [role, to] of [['iro', { id: 'iro-2', name: 'Ian Reviewer' }], ['head-of-service', PEOPLE.otherHeadOfService], ['social-worker', PEOPLE.otherSocialWorker]] as const) {
      const toWorker = notices(accept(before, hand(role, to)).effects).filter((n) => n.to.kind === 'person' && n.to.id === PEOPLE.socialWorker.id);
      assert.deepEqual(toWorker.map((n) => n.notice), [role === 'social-worker' ? 'case-handed-over' : 'case-part-handed-over'], role);
    }
  });

  it("moves only the requests of the part handed over: a new IRO or social worker moves no manager's request", () => {
    const before = awaitingTeamManager();
    for (const [role, to] of [['iro', { id: 'iro-2', name: 'Ian Reviewer' }], ['social-worker', PEOPLE.otherSocialWorker]] as const) {
      const { state, effects } = accept(before, hand(role, to));
      assert.deepEqual(requests(effects), []);
      assert.deepEqual(role === 'iro' ? state.iro : state.socialWorker, to);
      assert.equal(casesRecord(effects).fields[role === 'iro' ? 'Iro' : 'SocialWorker'], to.name);
    }
  });

  it("a case opened before its people were kept takes them from the event (the organisation's, from src/cases)", () => {
    const before = awaitingTeamManager();
    delete before.people;
    const { state } = accept(before, hand('head-of-service', PEOPLE.otherHeadOfService));
    assert.deepEqual(state.people, { ...PEOPLE_OF_CASE, headsOfService: [PEOPLE.otherHeadOfService] });
  });

  it('refuses, changing nothing: no reason, the same person, the social worker as their own manager (R-SIGN-4), a manager as social worker, a closed case, a social worker handing over', () => {
    const before = awaitingTeamManager();
    assert.equal(refusal(before, hand('iro', { id: 'iro-2', name: 'Ian Reviewer' }, ACTORS.tm, '  ')).code, 'COMMENT_REQUIRED');
    assert.equal(refusal(before, hand('team-manager', PEOPLE.teamManager)).code, 'ALREADY_DONE');
    const own = refusal(before, hand('team-manager', PEOPLE.socialWorker));
    assert.equal(own.code, 'SELF_APPROVAL');
    assert.match(own.message, /R-SIGN-4/);
    assert.equal(refusal(before, hand('social-worker', PEOPLE.headOfService)).code, 'SELF_APPROVAL');
    assert.equal(refusal(before, hand('iro', { id: 'iro-2', name: 'Ian Reviewer' }, ACTORS.sw)).code, 'NOT_YOUR_ROLE');
    const closed: CaseState = { ...structuredClone(before), stage: 'closed' };
    assert.equal(refusal(closed, hand('iro', { id: 'iro-2', name: 'Ian Reviewer' })).code, 'CASE_CLOSED');
  });

  it('names the IRO manager as the IRO of a case whose IRO was not known yet (they may be an IRO too): the IRO is named, not refused as "already this case\'s IRO"', () => {
    let before = opened({ iro: null }).state;
    for (const e of [...initialSteps(), events.assessment()]) before = accept(before, e).state;
    const manager = PEOPLE_OF_CASE.iroManager[0]!;
    const { state, effects, action } = accept(before, hand('iro', manager));
    assert.deepEqual(state.iro, manager);
    assert.deepEqual(notices(effects).map((n) => [n.notice, n.to]), [
      ['case-taken-over', { kind: 'person', id: manager.id, name: manager.name }],
      ['case-part-handed-over', { kind: 'person', id: PEOPLE.socialWorker.id, name: PEOPLE.socialWorker.name }],
    ], 'told once, as the new IRO; the social worker is told who their IRO is');
    assert.match(String(notices(effects)[0]!.data['from']), /^Imogen Iro-Manager \(the IRO manager, who covered until an IRO was named\)$/);
    assert.match(action, /^Case handed over: IRO Imogen Iro-Manager \(the IRO manager, who covered until an IRO was named\) → Imogen Iro-Manager/);
    // Once named, naming them again changes nothing.
    assert.equal(refusal(state, hand('iro', manager)).code, 'ALREADY_DONE');
  });

  it('hands a part two people held to one of them: their notice says they hold it instead of the other, not "instead of" themselves too', () => {
    const before = awaitingTeamManager();
    const both: CasePeople = { ...PEOPLE_OF_CASE, teamManagers: [PEOPLE.teamManager, PEOPLE.otherTeamManager] };
    const { effects, action } = accept({ ...before, people: both }, { ...hand('team-manager', PEOPLE.otherTeamManager, ACTORS.hos), people: both } as CaseEvent);
    const [handedOver, takenOver] = notices(effects);
    assert.deepEqual([handedOver!.notice, handedOver!.to], ['case-handed-over', { kind: 'person', id: PEOPLE.teamManager.id, name: PEOPLE.teamManager.name }]);
    assert.equal(takenOver!.notice, 'case-taken-over');
    assert.equal(takenOver!.data['from'], PEOPLE.teamManager.name);
    assert.match(action, new RegExp(`^Case handed over: team manager ${PEOPLE.teamManager.name} and ${PEOPLE.otherTeamManager.name} → ${PEOPLE.otherTeamManager.name}`), 'the audit keeps who held it');
  });

  it('names three who held a part as a sentence does, as the case card names them: "A, B and C", not "A and B and C"', () => {
    const before = awaitingTeamManager();
    const third = { id: 'tm-3', name: 'Terry Third' };
    const three: CasePeople = { ...PEOPLE_OF_CASE, teamManagers: [PEOPLE.teamManager, third, { id: 'grp-1', name: 'Assessment managers', group: true }] };
    const { effects, action } = accept({ ...before, people: three }, { ...hand('team-manager', PEOPLE.otherTeamManager, ACTORS.hos), people: three } as CaseEvent);
    assert.match(action, new RegExp(`^Case handed over: team manager ${PEOPLE.teamManager.name}, Terry Third and Assessment managers \\(group\\) → ${PEOPLE.otherTeamManager.name}`));
    assert.equal(notices(effects).find((n) => n.notice === 'case-taken-over')!.data['from'], `${PEOPLE.teamManager.name}, Terry Third and Assessment managers (group)`);
  });
});

describe('the IRO is independent of the case (R-SIGN-4)', () => {
  it("a case opened before this was refused with its social worker as its IRO: their view as IRO is refused, nothing recorded", () => {
    let state = opened().state;
    // As a case opened before the opening refused it was kept.
    state.iro = { id: PEOPLE.socialWorker.id, name: PEOPLE.socialWorker.name };
    for (const e of [...initialSteps(), events.assessment()]) state = accept(state, e).state;
    const asIro = { ...ACTORS.sw, role: 'iro' as const };
    const refused = refusal(state, events.iroView(asIro));
    assert.equal(refused.code, 'SELF_APPROVAL');
    assert.equal(refused.rule, 'R-SIGN-4');
    assert.match(refused.message, /You are this case's social worker as well as its IRO, and the IRO's view must come from someone independent of the case\. Ask the team manager to hand the IRO's part to another IRO/);
  });
});

describe('CasePersonReassigned: the view on an LPM or ICPC (R-UNPL-2)', () => {
  const asked: CaseEvent = { type: 'ImmediateRiskConsidered', actor: ACTORS.sw, summary: 'Considered with the team manager.', consulted: 'team-manager' };
  const agreedPlanned: CaseEvent = { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'They agree a planned return.', plannedReturnAgreed: true };
  const waiting = (): CaseState => {
    let state = opened({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } }).state;
    for (const e of [events.childViews(), events.iroInformed(), agreedPlanned, asked]) state = accept(state, e).state;
    return state;
  };

  it('a new team manager is asked for the view still waited on an unplanned return', () => {
    const { effects } = accept(waiting(), hand('team-manager', PEOPLE.otherTeamManager));
    assert.ok(notices(effects).some((n) => n.notice === 'risk-view-needed'));
  });

  it('on a planned return (moved there while the view waited) a new team manager is not asked for it: nothing waits on it', () => {
    const planned = accept(waiting(), { type: 'PathwayChangedToPlanned', actor: ACTORS.sw, reason: 'Parents agreed at the meeting.' }).state;
    const { effects } = accept(planned, hand('team-manager', PEOPLE.otherTeamManager));
    assert.deepEqual(notices(effects).filter((n) => n.notice === 'risk-view-needed'), []);
    const handed = notices(effects).find((n) => n.notice === 'case-handed-over');
    assert.notEqual(handed?.data['riskViewWaiting'], true);
  });
});
