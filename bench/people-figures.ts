/**
 * Messages per case on a realistic fictional council (8 teams, 3 services, 6 IROs, groups,
 * deputies): one unplanned case from opening to the Director's request, with each request left
 * to its reminder and escalation, counted once with the organisation file (each case's own people)
 * and once with the same council in the earlier one-list-per-role shape (every holder of a role).
 * Figures, not assertions.
 *
 *   npm run --silent figures:people
 */
import { createGraphDirectory } from '../src/adapters/graph/graph-directory';
import type { EventInput } from '../src/cases/case-service';
import { parseOrganisation } from '../src/cases/organisation';
import type { Person } from '../src/protocol';
import { testGraphClient, TEST_TOKEN } from '../support/graph-test-client';
import { LocalGraphServer } from '../support/local-graph-server';
import { makeWorld } from '../support/world';
import { CIN_CP_HOS_GROUP, HOS, HOS_IN_GROUP, IROS, REALISTIC_AS_ROLES, REALISTIC_ORGANISATION, TEAM_3_GROUP, TEAMS } from '../support/realistic-organisation';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2025-11-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };
const ASSESSMENT: EventInput = { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 's', stepdownPlan: [{ option: 'family-group-conference', purpose: 'p' }], completedOn: '2026-03-02' };

async function messagesPerCase(organisation: unknown, server: LocalGraphServer): Promise<{ messages: number; people: number }> {
  const world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: parseOrganisation(organisation), directory: createGraphDirectory({ client: testGraphClient(server.url) }) });
  let n = 0;
  const act = async (caseId: string, actor: Person, event: EventInput) => {
    const outcome = await world.service.apply({ idempotencyKey: `k${++n}`, caseId, actor, event });
    if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  };
  const pending = async (caseId: string) => (await world.service.get(caseId))!.state.approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;
  const sweepTo = async (iso: string) => {
    world.clock.set(iso);
    await world.scheduler.sweep();
    await world.worker.drain();
  };
  const worker = TEAMS[0]!.workers[0]!;
  const opened = await world.service.openCase({ idempotencyKey: 'open', actor: worker, ref: 'FIG-1', facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[4]! });
  if (!opened.ok) throw new Error(opened.message);
  const id = opened.caseId;
  await act(id, worker, { type: 'ChildViewsRecorded', views: 'v' });
  await act(id, worker, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await act(id, worker, { type: 'IroInformed' });
  await act(id, worker, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
  await act(id, worker, ASSESSMENT);
  await sweepTo('2026-03-09T09:00:00Z'); // reminder and escalation of the team manager's request
  await act(id, TEAMS[0]!.manager, { type: 'DecisionGiven', approvalId: await pending(id), outcome: 'approve', comment: null });
  await act(id, IROS[4]!, { type: 'IroViewRecorded', view: 'v', reviewBroughtForward: false });
  await sweepTo('2026-03-16T09:00:00Z');
  await act(id, HOS.earlyHelp, { type: 'DecisionGiven', approvalId: await pending(id), outcome: 'approve', comment: null });
  await sweepTo('2026-03-23T09:00:00Z');
  await world.worker.drain();
  const sent = world.notifier.sent.filter((s) => s.to !== 'channel:iro');
  const result = { messages: sent.length, people: new Set(sent.map((s) => s.to)).size };
  await world.close();
  return result;
}

async function main(): Promise<void> {
  const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  try {
    server.directory.setGroupMembers(TEAM_3_GROUP.id, TEAMS[3]!.workers.map((w) => w.id));
    server.directory.setGroupMembers(CIN_CP_HOS_GROUP.id, HOS_IN_GROUP.map((h) => h.id));
    const before = await messagesPerCase(REALISTIC_AS_ROLES, server);
    const after = await messagesPerCase(REALISTIC_ORGANISATION, server);
    console.log('One unplanned case, opening to the Director\'s request, each request reminded and escalated (IRO channel left aside):');
    console.log(`  every holder of a role (before): ${before.messages} messages to ${before.people} people`);
    console.log(`  the case's own people (after):   ${after.messages} messages to ${after.people} people`);
  } finally {
    await server.stop();
  }
}

void main();
