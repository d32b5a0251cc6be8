/**
 * refresh.userIds of an approval card are the Teams user ids (29:…) of the case's own people for
 * that stage — its named holder, their active deputy, the members of a group holding it — never
 * every holder of the role; on a realistic fictional council, with groups listed by the local
 * Graph server.
 */
import { strict as assert } from 'node:assert';
import { createGraphDirectory } from '../../src/adapters/graph/graph-directory';
import { MAX_REFRESH_USERS } from '../../src/bot/refresh-users';
import type { EventInput } from '../../src/cases/case-service';
import { parseOrganisation } from '../../src/cases/organisation';
import type { Directory } from '../../src/ports/directory';
import type { CaseState, Person } from '../../src/protocol';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { makeWorld, World } from '../../support/world';
import { CIN_CP_HOS_GROUP, HOS, HOS_IN_GROUP, IROS, REALISTIC_ORGANISATION, TEAM_3_GROUP, TEAMS, TM_DEPUTY } from '../../support/realistic-organisation';
import { deliveryKeys } from '../../src/ports/delivery-keys';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2025-11-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };

describe("approval cards' refresh.userIds: the case's own people (realistic organisation, local Graph server)", function () {
  this.timeout(60_000);
  let server: LocalGraphServer;
  let world: World;
  let directory: Directory;
  let n = 0;
  const organisation = parseOrganisation(REALISTIC_ORGANISATION);

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  });
  after(async () => server.stop());
  beforeEach(() => {
    server.reset();
    server.directory.setGroupMembers(TEAM_3_GROUP.id, TEAMS[3]!.workers.map((w) => w.id));
    server.directory.setGroupMembers(CIN_CP_HOS_GROUP.id, HOS_IN_GROUP.map((h) => h.id));
    for (const p of [...TEAMS[3]!.workers, ...HOS_IN_GROUP]) server.directory.setDisplayName(p.id, p.name);
    directory = createGraphDirectory({ client: testGraphClient(server.url) });
    // Monday 2 March 2026: team 0's manager has an acting deputy this week. The cards as the bot renders them.
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation, directory, cards: 'as-the-bot' });
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: Person, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `ref-${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }
  async function submitted(worker: Person): Promise<string> {
    const opened = await world.service.openCase({ idempotencyKey: `open-${++n}`, actor: worker, ref: `REF-${n}`, facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[1]! });
    assert.ok(opened.ok, JSON.stringify(opened));
    for (const event of [
      { type: 'ChildViewsRecorded', views: 'v' },
      { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
      { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
    ] as EventInput[]) await apply(opened.caseId, worker, event);
    return opened.caseId;
  }
  const stateOf = async (caseId: string): Promise<CaseState> => (await world.service.get(caseId))!.state;
  /** Everyone the bot has heard from in Teams, each with a Teams user id. */
  async function everyoneHasChatted(): Promise<void> {
    const all = [...TEAMS.flatMap((t) => [t.manager, ...t.workers]), ...HOS_IN_GROUP, HOS.earlyHelp, HOS.care, TM_DEPUTY, ...IROS];
    for (const p of all) await world.store.saveConversation(deliveryKeys.person(p.id), { channelId: 'msteams', conversation: { id: `a:${p.id}` }, user: { id: `29:${p.id}`, aadObjectId: p.id } });
  }
  async function refreshIds(state: CaseState): Promise<string[]> {
    const renderer = world.cards!;
    const approval = state.approvals.find((a) => !a.decision && !a.cancelledAt)!;
    const card = (await renderer.approvalCard({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, state, 1)) as { refresh: { userIds: string[] } };
    return [...card.refresh.userIds].sort();
  }

  it("a team manager's request: the case's team manager and their deputy this week, not the other seven managers", async () => {
    await everyoneHasChatted();
    const state = await stateOf(await submitted(TEAMS[0]!.workers[0]!));
    assert.deepEqual(await refreshIds(state), [`29:${TEAMS[0]!.manager.id}`, `29:${TM_DEPUTY.id}`].sort());
    const other = await stateOf(await submitted(TEAMS[5]!.workers[0]!));
    assert.deepEqual(await refreshIds(other), [`29:${TEAMS[5]!.manager.id}`], 'the deputy covers team 0 only');
  });

  it("a Head of Service held through an Entra group: the group's members, and no other service's Head", async () => {
    await everyoneHasChatted();
    const worker = TEAMS[3]!.workers[0]!;
    const caseId = await submitted(worker);
    await apply(caseId, TEAMS[3]!.manager, { type: 'DecisionGiven', approvalId: (await stateOf(caseId)).approvals[0]!.approvalId, outcome: 'approve', comment: null });
    await apply(caseId, IROS[1]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false });
    const state = await stateOf(caseId);
    assert.equal(state.stage, 'awaiting-head-of-service');
    const ids = await refreshIds(state);
    assert.deepEqual(ids, HOS_IN_GROUP.map((h) => `29:${h.id}`).sort());
    assert.ok(ids.length <= MAX_REFRESH_USERS);
  });
});
