/**
 * A large county council: the Director's "team cases" and a worker's "my cases" with more than
 * five hundred cases in the store. The lists read the store most recently changed first; the
 * cases untouched longest are the ones most likely overdue, so none may be dropped from the count
 * or from the overdue ones listed first.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { parseOrganisation } from '../../src/cases/organisation';
import { makeWorld, World } from '../../support/world';
import { DIRECTOR, IROS, REALISTIC_ORGANISATION, TEAMS, TM_DEPUTY } from '../../support/realistic-organisation';
import { ConversationDriver } from '../bot/support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2026-02-20', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };

describe('working lists of a large council (more than 500 cases in the store)', function () {
  this.timeout(120_000);
  let world: World;
  let bot: ConversationDriver;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: parseOrganisation(REALISTIC_ORGANISATION) });
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function open(ref: string): Promise<string> {
    const worker = TEAMS[0]!.workers[0]!;
    const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: worker, ref, facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! });
    assert.ok(opened.ok, JSON.stringify(opened));
    return opened.caseId;
  }

  it("the Director's 'team cases' counts and lists every open case, the ones untouched longest too, and 'my cases' counts them all", async () => {
    // Two cases opened first and left alone: by 1 April their first steps are long overdue.
    const old = await open('OLD-1');
    const sw = TEAMS[0]!.workers[0]!;
    let n = 0;
    const events: EventInput[] = [
      { type: 'ChildViewsRecorded', views: 'v' },
      { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
      { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
    ];
    for (const event of events) assert.ok((await world.service.apply({ idempotencyKey: `old-${++n}`, caseId: old, actor: sw, event })).ok);
    await open('OLD-2');
    world.clock.set('2026-03-20T10:00:00Z');
    for (let i = 1; i <= 510; i++) await open(`NEW-${i}`);
    world.clock.set('2026-03-23T10:00:00Z');
    // 512 open cases in the store; OLD-1's team manager's agreement, asked on 2 March, is overdue.
    const team = (await bot.say(DIRECTOR, 'team cases'))[0]?.text ?? '';
    assert.match(team, /Open cases in every team: 512\b/, team.slice(0, 300));
    assert.match(team, /, 1 overdue \(listed first\)\.\n- OLD-1: /);
    assert.match(team, /…and 472 more cases, not overdue before those shown\. Type "team cases 2" to see the next 40/);
    const mine = (await bot.say(TEAMS[0]!.workers[0]!, 'my cases'))[0]?.text ?? '';
    assert.match(mine, /…and 472 more open cases/, mine.slice(-400));
  });

  it("'team cases 2' and on show the rest of a Director's cases, 40 at a time, so every case can be seen, and a page past the last says how many there are", async () => {
    for (let i = 1; i <= 85; i++) await open(`C-${i}`);
    const say = async (text: string): Promise<string> => (await bot.say(DIRECTOR, text))[0]?.text ?? '';
    const refs = (text: string): string[] => [...text.matchAll(/^- ([A-Z]+-\d+)(?: \([^)]*\))?:/gm)].map((m) => m[1]!);
    const first = await say('team cases');
    const second = await say('team cases 2');
    const third = await say('team cases page 3');
    assert.match(second, /^Open cases in every team: 85, none overdue\.\nCases 41 to 80:\n- /, second.slice(0, 200));
    assert.match(second, /…and 5 more cases, not overdue before those shown\. Type "team cases 3" to see the next 5/);
    assert.match(third, /Cases 81 to 85:/);
    assert.doesNotMatch(third, /more cases/);
    const seen = [...refs(first), ...refs(second), ...refs(third)];
    assert.equal(seen.length, 85);
    assert.equal(new Set(seen).size, 85, 'each case once');
    assert.equal(await say('team cases 4'), 'Open cases in every team: 85, none overdue. They fit on 3 pages of 40: type "team cases" for the first, or "team cases 3" for the last.');
  });

  it("an IRO with 150 children reads 40 of them in 'my cases' and the rest with 'my cases 2', 'my cases 3' and 'my cases 4', each case once", async () => {
    for (let i = 1; i <= 150; i++) await open(`I-${i}`);
    const say = async (text: string): Promise<string> => (await bot.say(IROS[0]!, text))[0]?.text ?? '';
    const refs = (text: string): string[] => [...text.matchAll(/^- ([A-Z]+-\d+):/gm)].map((m) => m[1]!);
    const first = await say('my cases');
    assert.match(first, /…and 110 more open cases, not overdue before those shown\. Type "my cases 2" to see the next 40, or "case" and a reference to open one\./);
    const later = [await say('my cases 2'), await say('my cases page 3'), await say('my cases 4')];
    assert.match(later[0]!, /^Your open cases: 150\. Cases 41 to 80 \(type "my cases" for what is waiting for you\):\n- I-/, later[0]!.slice(0, 200));
    assert.match(later[2]!, /Cases 121 to 150/);
    assert.doesNotMatch(later[2]!, /more open cases/);
    const seen = [first, ...later].flatMap(refs);
    assert.equal(seen.length, 150);
    assert.equal(new Set(seen).size, 150, 'each case once');
    assert.equal(await say('my cases 5'), 'Your open cases: 150. They fit on 4 pages of 40: type "my cases" for the first, with what is waiting for you, or "my cases 4" for the last.');
  });

  it("a social worker with 45 closed cases reads 40 in 'my closed cases' and the other 5 with 'my closed cases 2'", async () => {
    const sw = TEAMS[0]!.workers[0]!;
    for (let i = 1; i <= 45; i++) {
      const caseId = await open(`W-${i}`);
      assert.ok((await world.service.apply({ idempotencyKey: `withdraw-${i}`, caseId, actor: TEAMS[0]!.manager, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'Wrong child record.' } })).ok);
    }
    const say = async (text: string): Promise<string> => (await bot.say(sw, text))[0]?.text ?? '';
    const refs = (text: string): string[] => [...text.matchAll(/^- (W-\d+)_W_\w+:/gm)].map((m) => m[1]!);
    const first = await say('my closed cases');
    assert.match(first, /…and 5 more closed cases, closed before those shown\. Type "my closed cases 2" to see the next 5, or "case" and a reference to open one\.$/);
    const second = await say('my closed cases 2');
    assert.match(second, /^Your closed cases, most recently closed first \(cases 41 to 45 of 45\):\n- W-/);
    const seen = [...refs(first), ...refs(second)];
    assert.equal(new Set(seen).size, 45, 'each case once');
    assert.equal(await say('my closed cases 3'), 'Your closed cases: 45. They fit on 2 pages of 40: type "my closed cases" for the first, or "my closed cases 2" for the last.');
  });

  it("a team manager's deputy reads 40 of the cases they cover in 'my cases' and the other 5 with 'covered cases 2', each once", async () => {
    for (let i = 1; i <= 45; i++) await open(`D-${i}`);
    const say = async (text: string): Promise<string> => (await bot.say(TM_DEPUTY, text))[0]?.text ?? '';
    const refs = (text: string): string[] => [...text.matchAll(/^- (D-\d+):/gm)].map((m) => m[1]!);
    const first = await say('my cases');
    assert.match(first, /…and 5 more open cases, not overdue before those shown\. Type "covered cases 2" to see the next 5, or "case" and a reference to open one\./, first.slice(-600));
    const second = await say('covered cases 2');
    assert.match(second, new RegExp(`^Cases of ${TEAMS[0]!.manager.name}, whom you cover as team manager until Fri 6 Mar 2026 \\(cases 41 to 45 of 45\\) \\(you act on their behalf until then: open a case to see what it needs\\):\n- D-`), second.slice(0, 300));
    const seen = [...refs(first), ...refs(second)];
    assert.equal(seen.length, 45);
    assert.equal(new Set(seen).size, 45, 'each case once');
    assert.equal(await say('covered cases 3'), `Cases of ${TEAMS[0]!.manager.name}, whom you cover as team manager until Fri 6 Mar 2026: 45. They fit on 2 pages of 40: type "covered cases" for the first, or "covered cases 2" for the last.`);
  });

  /** `count` cases opened on 2 March, each with its assessment sent for the team manager's agreement. */
  async function waitingForAgreement(count: number): Promise<void> {
    const sw = TEAMS[0]!.workers[0]!;
    const steps: EventInput[] = [
      { type: 'ChildViewsRecorded', views: 'v' },
      { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
      { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
    ];
    let n = 0;
    for (let i = 1; i <= count; i++) {
      const caseId = await open(`MOS-${1000 + i}`);
      for (const event of steps) assert.ok((await world.service.apply({ idempotencyKey: `w-${++n}`, caseId, actor: sw, event })).ok);
    }
  }

  it("a team manager with 250 agreements waiting has all 250 in what waits for them, the oldest too, not the 200 changed last", async () => {
    await waitingForAgreement(250);
    const waiting = await world.service.waitingFor(TEAMS[0]!.manager);
    assert.equal(waiting.decisions.length, 250);
    assert.equal(waiting.decisions[0]?.ref.startsWith('MOS-1001'), true, waiting.decisions[0]?.ref);
  });

  it("a team manager with 340 agreements waiting gets a 'my cases' under Teams' 100 KB, the oldest 40 listed and the rest with 'waiting 2' on", async () => {
    await waitingForAgreement(340);
    world.clock.set('2026-03-23T10:00:00Z');
    const manager = TEAMS[0]!.manager;
    const replies = await bot.say(manager, 'my cases');
    // Teams refuses a message over 100 KB counted in UTF-16 (413 MessageSizeTooBig).
    const bytes = JSON.stringify(replies).length * 2;
    assert.ok(bytes < 100 * 1024, `'my cases' was ${(bytes / 1024).toFixed(1)} KB`);
    const first = replies[0]?.text ?? '';
    assert.match(first, /…and 300 more waiting for your decision, after those shown\. Type "waiting 2" to see the next 40, or "case" and a reference to open one\./);
    const refs = (text: string): string[] => [...text.matchAll(/^- (MOS-\d+): Team manager/gm)].map((m) => m[1]!);
    const pages = [first];
    for (let page = 2; page <= 9; page++) pages.push((await bot.say(manager, `waiting ${page}`))[0]?.text ?? '');
    assert.match(pages[1]!, /^Waiting for your decision \(41 to 80 of 340\):\n- MOS-/);
    const seen = pages.flatMap(refs);
    assert.equal(seen.length, 340);
    assert.equal(new Set(seen).size, 340, 'each once');
    assert.match(pages[8]!, /^Waiting for your decision \(321 to 340 of 340\):/);
    assert.match((await bot.say(manager, 'waiting 10'))[0]?.text ?? '', /^Waiting for you: 340 for your decision, 0 escalated to you, 0 steps and visits\. They fit on 9 pages of 40: type "waiting" for the first \(also at the top of "my cases"\), or "waiting 9" for the last\./);
  });
});
