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
import { DIRECTOR, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';
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
    assert.match(team, /…and 472 more cases/);
    const mine = (await bot.say(TEAMS[0]!.workers[0]!, 'my cases'))[0]?.text ?? '';
    assert.match(mine, /…and 472 more open cases/, mine.slice(-400));
  });
});
