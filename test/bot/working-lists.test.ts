/**
 * The working lists on a realistic fictional council (8 teams, 3 services, 6 IROs): "team cases"
 * lists a manager's team (a Head of Service's service, the Director's all) overdue first and
 * nothing from elsewhere; someone with no part learns nothing; "my closed cases" holds what
 * "my cases" leaves out.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { parseOrganisation } from '../../src/cases/organisation';
import type { Person } from '../../src/protocol';
import { NOT_A_MANAGER_TEXT } from '../../src/bot/working-list-text';
import { makeWorld, World } from '../../support/world';
import { DIRECTOR, HOS, IROS, REALISTIC_ORGANISATION, TEAMS, TM_DEPUTY } from '../../support/realistic-organisation';
import { ConversationDriver } from './support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2026-02-20', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };

describe('working lists: "team cases", "my cases" and "my closed cases" (realistic organisation)', () => {
  let world: World;
  let bot: ConversationDriver;
  let n = 0;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: parseOrganisation(REALISTIC_ORGANISATION) });
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: Person, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `wl-${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }
  async function open(ref: string, worker: Person, submit: boolean): Promise<string> {
    const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: worker, ref, facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! });
    assert.ok(opened.ok, JSON.stringify(opened));
    if (!submit) return opened.caseId;
    await apply(opened.caseId, worker, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(opened.caseId, worker, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(opened.caseId, worker, { type: 'IroInformed' });
    await apply(opened.caseId, worker, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(opened.caseId, worker, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    return opened.caseId;
  }
  const say = async (who: Person, text: string): Promise<string> => (await bot.say(who, text))[0]?.text ?? '';
  // A case of another team is listed with its team: "- B-1 (Assessment South): …".
  const refsIn = (text: string): string[] => [...text.matchAll(/^- ([A-Z]+-\d+)(?: \([^)]*\))?:/gm)].map((m) => m[1]!);

  /** Team 0 (Early Help): A-1 asked on Mon 2 Mar, A-2 not submitted, A-3 asked on Wed 11 Mar; team 1 (Early Help): B-1; team 6 (Care): C-1. */
  async function council(): Promise<void> {
    await open('A-1', TEAMS[0]!.workers[0]!, true);
    await open('A-2', TEAMS[0]!.workers[1]!, false);
    await open('B-1', TEAMS[1]!.workers[0]!, true);
    await open('C-1', TEAMS[6]!.workers[0]!, true);
    world.clock.set('2026-03-11T09:00:00Z');
    await open('A-3', TEAMS[0]!.workers[2]!, true);
  }

  it("a team manager's team view lists their team's open cases only, overdue first", async () => {
    await council();
    const text = await say(TEAMS[0]!.manager, 'team cases');
    assert.deepEqual(refsIn(text), ['A-1', 'A-3', 'A-2'], 'overdue first, then by due date, then the case with nothing dated');
    assert.match(text, /^Open cases in Assessment North: 3, 1 overdue \(listed first\)\./);
    // Asked Mon 2 Mar, due by Fri 6 Mar (the day before the 5-working-day escalation): Mon 9, Tue 10, Wed 11 late.
    assert.match(text, /- A-1: unplanned, Waiting for the team manager's agreement, social worker Ada Worker 00, \*\*OVERDUE by 3 working days\*\*: next due Fri 6 Mar 2026: the team manager's agreement \(R-SIGN-4\)/);
    assert.match(text, /- A-3: .*next due Tue 17 Mar 2026: the [^:]+ \(R-SIGN-4\)/);
    for (const other of ['B-1', 'C-1']) assert.ok(!text.includes(other), `another team's case ${other} never appears`);
    // Another team's manager sees theirs, and none of team 0's.
    assert.deepEqual(refsIn(await say(TEAMS[6]!.manager, 'team cases')), ['C-1']);
  });

  it("a Head of Service sees their service's teams, the Director every team", async () => {
    await council();
    assert.deepEqual(refsIn(await say(HOS.earlyHelp, 'team cases')).sort(), ['A-1', 'A-2', 'A-3', 'B-1']);
    assert.deepEqual(refsIn(await say(HOS.care, 'team cases')), ['C-1']);
    const all = await say(DIRECTOR, 'team cases');
    assert.match(all, /^Open cases in every team: 5, 3 overdue/);
    assert.deepEqual(refsIn(all).slice(0, 3).sort(), ['A-1', 'B-1', 'C-1'], 'the three overdue first');
  });

  it("a case of another team handed to a team manager as its manager is on their 'team cases', with its team named; the team's own manager still sees it", async () => {
    await council();
    const b1 = (await world.service.getByRef('B-1'))!.state.caseId;
    const handed = await world.service.handOver({ idempotencyKey: 'hand-b1', caseId: b1, actor: HOS.earlyHelp, role: 'team-manager', personId: TEAMS[0]!.manager.id, reason: 'Ben is on leave.', unseen: { action: 'CasePersonReassigned' } });
    assert.ok(handed.seen && handed.outcome.ok, JSON.stringify(handed));
    const text = await say(TEAMS[0]!.manager, 'team cases');
    assert.deepEqual(refsIn(text).sort(), ['A-1', 'A-2', 'A-3', 'B-1']);
    assert.match(text, /^Open cases in Assessment North, and of other teams whose cases name you as their manager: 4, 2 overdue \(listed first\)\./);
    assert.match(text, /^- B-1 \(Assessment South\): unplanned, Waiting for the team manager's agreement, social worker Ben Worker 10, /m);
    assert.match(text, /^- A-1: unplanned/m, "their own team's cases are listed as before");
    assert.deepEqual(refsIn(await say(TEAMS[1]!.manager, 'team cases')), ['B-1'], "the case's team's own manager still oversees it");
    assert.ok(!(await say(TEAMS[2]!.manager, 'team cases')).includes('B-1'), 'nobody else');
  });

  it("'my cases' for a manager with nothing of their own sends them to 'team cases', and does not tell the Director, named on every case card, that no case names them", async () => {
    await council();
    const director = await say(DIRECTOR, 'my cases');
    assert.equal(director, 'Nothing is waiting for your decision, and no open case has a step for you. Type "team cases" to see the open cases you oversee. You will be sent a message here when a case needs you. Closed cases are not listed here: type "my closed cases" to see them.');
    assert.match(await say(TEAMS[2]!.manager, 'my cases'), /^Nothing is waiting for your decision, and no open case has a step for you\. Type "team cases" to see the open cases you oversee\. Type "new case" to start one\./);
    assert.match(await say(TEAMS[0]!.workers[4]!, 'my cases'), /^You are not named on any open case, and nothing is waiting for your decision\. Type "new case" to start one\./, 'a social worker is told as before');
  });

  it("a manager whose team has no open case is told so, and where to look next, not that nothing was changed by a list they only read", async () => {
    await council();
    assert.equal(await say(TEAMS[2]!.manager, 'team cases'), 'There are no open cases in Children in Need East. Type "my cases" for anything waiting for you, or "my closed cases" for the closed ones you were part of.');
  });

  it('a person with no part learns nothing, and a deputy outside their dates is not a manager', async () => {
    await council();
    for (const who of [TEAMS[0]!.workers[3]!, IROS[0]!, TM_DEPUTY]) {
      const text = await say(who, 'Team cases');
      assert.equal(text, NOT_A_MANAGER_TEXT);
      assert.deepEqual(refsIn(text), []);
    }
  });

  it('"my closed cases" lists the closed ones, which "my cases" leaves out', async () => {
    const worker = TEAMS[0]!.workers[1]!;
    const closed = await open('A-9', worker, false);
    await open('A-8', worker, false);
    await apply(closed, TEAMS[0]!.manager, { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'Wrong child record.' });
    const mine = await say(worker, 'my cases');
    assert.deepEqual(refsIn(mine), ['A-8']);
    assert.match(mine, /type "my closed cases" to see them/);
    const closedText = await say(worker, 'My closed cases');
    assert.match(closedText, /^Your closed cases, most recently closed first:\n- A-9_W_\w+: unplanned, Closed: the case was withdrawn on Mon 2 Mar 2026 \(it was A-9\) \(type "case A-9_W_\w+"\)$/);
    assert.equal(await say(TEAMS[1]!.workers[0]!, 'my closed cases'), 'You have no closed cases. Type "my cases" for your open ones.');
  });
});
