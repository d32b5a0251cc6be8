/**
 * Each case's own people, on a realistic fictional council (8 teams, 3 services, 6 IROs, groups,
 * deputies): every message goes to exactly the case's people and their deputies that day, a role
 * held through an Entra group reaches the group's members (real Graph directory against the local
 * Graph server), escalation goes up the line, and nobody from another team can act on or see the case.
 */
import { strict as assert } from 'node:assert';
import { createGraphDirectory } from '../../src/adapters/graph/graph-directory';
import type { CommandOutcome, EventInput } from '../../src/cases/case-service';
import { undeliveredMessages } from '../../src/cases/undelivered-messages';
import { parseOrganisation } from '../../src/cases/organisation';
import type { CaseState, Person } from '../../src/protocol';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { makeWorld, World } from '../../support/world';
import {
  CIN_CP_HOS_GROUP,
  DIRECTOR,
  DIRECTOR_DEPUTY,
  HOS,
  HOS_IN_GROUP,
  IRO_MANAGER,
  IROS,
  LAPSED_DEPUTY,
  REALISTIC_ORGANISATION,
  TEAM_3_GROUP,
  TEAMS,
  TM_DEPUTY,
} from '../../support/realistic-organisation';
import { NOT_YET_HOME_FACTS, VIABLE_REASSESSMENT } from '../support/case-inputs';

let counter = 0;
const key = (): string => `people-${++counter}`;

function ok(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

const ids = (people: readonly Person[]): string[] => people.map((p) => p.id).sort();

describe("each case's own people (realistic organisation, local Graph server)", function () {
  this.timeout(60_000);
  let server: LocalGraphServer;
  let world: World;

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    server.directory.setGroupMembers(TEAM_3_GROUP.id, TEAMS[3]!.workers.map((w) => w.id));
    server.directory.setGroupMembers(CIN_CP_HOS_GROUP.id, HOS_IN_GROUP.map((h) => h.id));
    for (const p of [...TEAMS[3]!.workers, ...HOS_IN_GROUP]) server.directory.setDisplayName(p.id, p.name);
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, {
      organisation: parseOrganisation(REALISTIC_ORGANISATION),
      directory: createGraphDirectory({ client: testGraphClient(server.url) }),
    });
  });
  afterEach(async () => {
    await world.close();
  });

  /** Who the messages sent since the last call went to (the IRO channel left aside). */
  let seen = 0;
  async function sentSince(): Promise<string[]> {
    await world.worker.drain();
    const fresh = world.notifier.sent.slice(seen);
    seen = world.notifier.sent.length;
    return [...new Set(fresh.map((n) => n.to).filter((to) => to !== 'channel:iro'))].sort();
  }
  beforeEach(() => {
    seen = 0;
  });

  const act = (caseId: string, actor: Person, event: EventInput): Promise<CommandOutcome> => world.service.apply({ idempotencyKey: key(), caseId, actor, event });
  const stateOf = async (caseId: string): Promise<CaseState> => (await world.service.get(caseId))!.state;
  const pending = async (caseId: string): Promise<string> => (await stateOf(caseId)).approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;

  async function open(worker: Person, iro: Person | null, ref = `NTH-${++counter}`): Promise<string> {
    return ok(await world.service.openCase({ idempotencyKey: key(), actor: worker, ref, facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro })).caseId;
  }
  async function prepare(caseId: string, worker: Person): Promise<void> {
    ok(await act(caseId, worker, { type: 'ChildViewsRecorded', views: 'Wants to go home.' }));
    ok(await act(caseId, worker, { type: 'ImmediateRiskConsidered', summary: 'None.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false }));
    ok(await act(caseId, worker, { type: 'IroInformed' }));
    ok(await act(caseId, worker, { type: 'ParentsConsulted', views: 'Mother agrees.', plannedReturnAgreed: false }));
  }

  it('the case records its people when it opens, and its card says who they are', async () => {
    const worker = TEAMS[0]!.workers[2]!;
    const caseId = await open(worker, IROS[2]!);
    const state = await stateOf(caseId);
    assert.deepEqual(state.people, {
      team: TEAMS[0]!.name,
      service: 'Early Help and Assessment',
      teamManagers: [TEAMS[0]!.manager],
      headsOfService: [HOS.earlyHelp],
      director: [DIRECTOR],
      iroManager: [IRO_MANAGER],
    });
    assert.deepEqual(state.iro, IROS[2]);
    const facts = Object.fromEntries(world.service.peopleFacts(state).map((f) => [f.title, f.value]));
    assert.equal(facts['Team manager'], TEAMS[0]!.manager.name);
    assert.equal(facts['IRO'], IROS[2]!.name);
    assert.equal(facts['Head of Service'], HOS.earlyHelp.name);
    // An IRO not known yet: the IRO manager until one is named.
    const unknownIro = await stateOf(await open(TEAMS[6]!.workers[0]!, null));
    assert.match(Object.fromEntries(world.service.peopleFacts(unknownIro).map((f) => [f.title, f.value]))['IRO']!, new RegExp(`not known yet: ${IRO_MANAGER.name}`));
    // An IRO who is not one of the organisation's is refused, and nothing is saved.
    const before = (await world.store.list()).length;
    const bad = await world.service.openCase({ idempotencyKey: key(), actor: worker, ref: 'NTH-BAD', facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: TEAMS[1]!.manager });
    assert.equal(!bad.ok && bad.code, 'UNKNOWN_IRO');
    assert.equal((await world.store.list()).length, before);
  });

  it('addresses exactly the right people for each message, and nobody else, from opening to the Director', async () => {
    const worker = TEAMS[0]!.workers[0]!;
    const tm = TEAMS[0]!.manager;
    const iro = IROS[4]!;
    const caseId = await open(worker, iro);
    assert.deepEqual(await sentSince(), ids([tm, TM_DEPUTY]), "case opened: the team's manager and their deputy this week, not the 7 other team managers");
    await prepare(caseId, worker);
    assert.deepEqual(await sentSince(), ids([iro]), 'the IRO informed: the named IRO only, not the other five');
    ok(await act(caseId, worker, VIABLE_REASSESSMENT));
    assert.deepEqual(await sentSince(), ids([tm, TM_DEPUTY]), "the team manager's agreement asked of the case's team manager and their active deputy");
    // The deputy agrees on the manager's behalf.
    ok(await act(caseId, TM_DEPUTY, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    const decided = (await stateOf(caseId)).approvals[0]!.decision!;
    assert.deepEqual([decided.by.id, decided.onBehalfOf?.id], [TM_DEPUTY.id, tm.id]);
    assert.deepEqual(await sentSince(), ids([worker, iro]), "the social worker told; the IRO's view asked of the case's IRO only");
    ok(await act(caseId, iro, { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false }));
    assert.deepEqual(await sentSince(), ids([HOS.earlyHelp]), "the Head of Service's agreement asked of the service's Head of Service only (their deputy's dates have passed)");
    // The lapsed deputy is refused, and nothing is recorded.
    const lapsed = await act(caseId, LAPSED_DEPUTY, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
    assert.equal(!lapsed.ok && lapsed.code, 'DEPUTY_OUT_OF_DATES');
    assert.match(!lapsed.ok ? lapsed.message : '', /only from Thu 1 Jan 2026 to Sat 31 Jan 2026/);
    // Another service's Head of Service cannot give it.
    const otherHos = await act(caseId, HOS.care, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
    assert.equal(!otherHos.ok && otherHos.message, "Only this case's Head of Service, or their deputy, can give this agreement.");
    assert.equal(!otherHos.ok && otherHos.rule, 'R-SIGN-4');
    assert.deepEqual((await world.store.refusals(caseId)).map((r) => [r.actorId, r.code]), [[LAPSED_DEPUTY.id, 'DEPUTY_OUT_OF_DATES'], [HOS.care.id, 'NOT_YOUR_ROLE']]);
    ok(await act(caseId, HOS.earlyHelp, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    assert.equal((await stateOf(caseId)).stage, 'awaiting-director');
    assert.deepEqual(await sentSince(), ids([worker, DIRECTOR, DIRECTOR_DEPUTY]), "the Director and the Director's deputy this month asked at the start, not only at escalation");
  });

  it('escalates up the line: team manager to Head of Service, Head of Service to Director, Director to their deputy and the Head of Service', async () => {
    const worker = TEAMS[6]!.workers[1]!;
    const caseId = await open(worker, IROS[0]!);
    await prepare(caseId, worker);
    ok(await act(caseId, worker, VIABLE_REASSESSMENT));
    await sentSince();
    // Five working days later (Mon 9 March): the request is escalated.
    world.clock.set('2026-03-09T09:00:00Z');
    await world.scheduler.sweep();
    assert.deepEqual(await sentSince(), ids([TEAMS[6]!.manager, HOS.care]), "the case's team manager and its Head of Service; no other manager");
    ok(await act(caseId, TEAMS[6]!.manager, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    ok(await act(caseId, IROS[0]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
    await sentSince();
    world.clock.set('2026-03-16T09:00:00Z');
    await world.scheduler.sweep();
    assert.deepEqual(await sentSince(), ids([HOS.care, DIRECTOR, DIRECTOR_DEPUTY]), 'an overdue Head of Service decision goes to the Director (and their deputy)');
    ok(await act(caseId, HOS.care, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    await sentSince();
    world.clock.set('2026-03-23T09:00:00Z');
    await world.scheduler.sweep();
    assert.deepEqual(await sentSince(), ids([DIRECTOR, DIRECTOR_DEPUTY, HOS.care]), "an overdue Director decision: the Director's deputy and the Head of Service, never the team managers");
  });

  it('a Head of Service role held through an Entra group: its members receive the request and may give it', async () => {
    const worker = TEAMS[3]!.workers[0]!; // a member of team 3 only through its Entra group
    const caseId = await open(worker, IROS[1]!);
    const state = await stateOf(caseId);
    assert.equal(state.people?.team, TEAMS[3]!.name, 'the team found through its members group');
    assert.deepEqual(state.people?.headsOfService, [{ ...CIN_CP_HOS_GROUP, group: true }]);
    await prepare(caseId, worker);
    ok(await act(caseId, worker, VIABLE_REASSESSMENT));
    ok(await act(caseId, TEAMS[3]!.manager, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    await sentSince();
    ok(await act(caseId, IROS[1]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
    assert.deepEqual(await sentSince(), ids(HOS_IN_GROUP), "the request went to both members of the Heads of Service's group, and to nobody else");
    ok(await act(caseId, HOS_IN_GROUP[1]!, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
  });

  it("a deputy covering someone who is Head of Service only through an Entra group is listed that person's cases in \"my cases\", and has them in \"team cases\", while the cover runs", async () => {
    const deputy = { id: '00000000-0000-4000-8000-000000000777', name: 'Gail Group-Cover' };
    const organisation = parseOrganisation({ ...REALISTIC_ORGANISATION, deputies: [...REALISTIC_ORGANISATION.deputies, { role: 'head-of-service', deputy, for: HOS_IN_GROUP[0]!, from: '2026-03-02', to: '2026-03-13' }] });
    const covering = makeWorld('2026-03-03T10:00:00Z', undefined, undefined, { organisation, directory: createGraphDirectory({ client: testGraphClient(server.url) }) });
    try {
      const caseId = ok(await covering.service.openCase({ idempotencyKey: key(), actor: TEAMS[3]!.workers[0]!, ref: 'NTH-GROUP-COVER', facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: IROS[1]! })).caseId;
      assert.deepEqual((await covering.service.get(caseId))!.state.people?.headsOfService, [{ ...CIN_CP_HOS_GROUP, group: true }], 'held through the group only');
      const { covered } = await covering.service.myOpenCases(deputy);
      assert.deepEqual(covered.map((c) => [c.for.name, c.role, c.lines.map((l) => l.caseId)]), [[HOS_IN_GROUP[0]!.name, 'head-of-service', [caseId]]]);
      const team = await covering.service.teamCases(deputy);
      assert.ok(team.ok && team.lines.some((l) => l.caseId === caseId), JSON.stringify(team));
      // They are sent the Head of Service's request, as a named holder's deputy is, and decide it on the covered person's behalf.
      const worker = TEAMS[3]!.workers[0]!;
      const on = (actor: Person, event: EventInput): Promise<CommandOutcome> => covering.service.apply({ idempotencyKey: key(), caseId, actor, event });
      for (const event of [
        { type: 'ChildViewsRecorded', views: 'Wants to go home.' },
        { type: 'ImmediateRiskConsidered', summary: 'None.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
        { type: 'IroInformed' },
        { type: 'ParentsConsulted', views: 'Mother agrees.', plannedReturnAgreed: false },
        VIABLE_REASSESSMENT,
      ] as EventInput[]) ok(await on(worker, event));
      const waiting = async (): Promise<string> => (await covering.service.get(caseId))!.state.approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;
      ok(await on(TEAMS[3]!.manager, { type: 'DecisionGiven', approvalId: await waiting(), outcome: 'approve', comment: null }));
      await covering.worker.drain();
      const before = covering.notifier.sent.length;
      ok(await on(IROS[1]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
      await covering.worker.drain();
      assert.deepEqual([...new Set(covering.notifier.sent.slice(before).map((n) => n.to).filter((to) => to !== 'channel:iro'))].sort(), ids([...HOS_IN_GROUP, deputy]));
      ok(await on(deputy, { type: 'DecisionGiven', approvalId: await waiting(), outcome: 'approve', comment: null }));
      const decision = (await covering.service.get(caseId))!.state.approvals.find((a) => a.stage === 'head-of-service')!.decision;
      assert.deepEqual([decision?.by.id, decision?.onBehalfOf?.id], [deputy.id, HOS_IN_GROUP[0]!.id]);
    } finally {
      await covering.close();
    }
  });

  it("a case keeps the group, not its members: someone who joins the Heads of Service's group after the case opened receives its request and may give it, and someone who left may not", async () => {
    const worker = TEAMS[3]!.workers[0]!;
    const caseId = await open(worker, IROS[1]!);
    await prepare(caseId, worker);
    ok(await act(caseId, worker, VIABLE_REASSESSMENT));
    ok(await act(caseId, TEAMS[3]!.manager, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    await sentSince();
    // After the case opened: Nia Head leaves the group, Priya Newhead joins it (the directory's answers are kept up to 5 minutes; this directory kept none yet).
    const joiner = { id: '7d1c2b3a-0000-4000-8000-000000000777', name: 'Priya Newhead' };
    server.directory.setGroupMembers(CIN_CP_HOS_GROUP.id, [HOS_IN_GROUP[1]!.id, joiner.id]);
    server.directory.setDisplayName(joiner.id, joiner.name);
    ok(await act(caseId, IROS[1]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
    assert.deepEqual(await sentSince(), ids([HOS_IN_GROUP[1]!, joiner]), 'the request goes to the group as it is now');
    const left = await act(caseId, HOS_IN_GROUP[0]!, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
    assert.ok(!left.ok && left.code === 'NOT_YOUR_ROLE', JSON.stringify(left));
    ok(await act(caseId, joiner, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
  });

  it('a group that cannot be listed: the case card keeps it and the social worker is told', async () => {
    server.directory.reset(); // the group is gone from the directory: 404 for good
    server.directory.setGroupMembers(TEAM_3_GROUP.id, TEAMS[3]!.workers.map((w) => w.id));
    const worker = TEAMS[3]!.workers[1]!;
    const caseId = await open(worker, IROS[1]!);
    await prepare(caseId, worker);
    ok(await act(caseId, worker, VIABLE_REASSESSMENT));
    ok(await act(caseId, TEAMS[3]!.manager, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null }));
    ok(await act(caseId, IROS[1]!, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false }));
    await world.worker.drain();
    const missed = await undeliveredMessages(world.store, caseId);
    assert.deepEqual(missed.map((m) => [m.to, m.reason]), [[`${CIN_CP_HOS_GROUP.name} (group)`, 'group-unresolved']]);
    assert.ok(world.notifier.sent.some((n) => n.to === worker.id && n.text.startsWith('Not delivered') && n.text.includes(CIN_CP_HOS_GROUP.name)), 'the social worker is told');
  });

  it("another team's people cannot see the case, act on it, or find it waiting for them", async () => {
    const caseId = await open(TEAMS[0]!.workers[0]!, IROS[0]!);
    await prepare(caseId, TEAMS[0]!.workers[0]!);
    ok(await act(caseId, TEAMS[0]!.workers[0]!, VIABLE_REASSESSMENT));
    const state = await stateOf(caseId);
    const otherManager = TEAMS[1]!.manager;
    assert.equal(await world.service.mayView(otherManager, state), false, "another team's manager");
    assert.equal(await world.service.mayView(TEAMS[1]!.workers[0]!, state), false, "another team's social worker");
    assert.equal(await world.service.mayView(TEAMS[0]!.workers[1]!, state), false, 'a colleague in the same team who has no part in it');
    assert.equal(await world.service.mayView(IROS[3]!, state), false, 'another IRO');
    assert.equal(await world.service.mayView(PLACEHOLDER_CPT, state), false, 'the placement team, before any placement end is asked');
    for (const allowed of [TEAMS[0]!.manager, TM_DEPUTY, HOS.earlyHelp, DIRECTOR, IROS[0]!]) assert.equal(await world.service.mayView(allowed, state), true, allowed.name);
    const refused = await act(caseId, otherManager, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
    assert.equal(!refused.ok && refused.code, 'NOT_YOUR_ROLE');
    assert.deepEqual((await world.service.waitingFor(otherManager)).decisions, []);
    assert.deepEqual((await world.service.waitingFor(TEAMS[0]!.manager)).decisions.map((d) => d.caseId), [caseId]);
    // The reference is found whatever its case, by those who may see it.
    assert.equal((await world.service.getByRef(state.ref.toLowerCase()))?.state.caseId, caseId);
    // A stranger to the organisation cannot open a case at all.
    const stranger = await world.service.openCase({ idempotencyKey: key(), actor: { id: 'x-1', name: 'Stranger' }, ref: 'NTH-X', facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.equal(!stranger.ok && stranger.code, 'NOT_YOUR_ROLE');
  });
});

const PLACEHOLDER_CPT = REALISTIC_ORGANISATION.placementTeam.users[0]!;
