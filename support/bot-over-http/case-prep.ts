/**
 * Puts cases where a run needs them, through the case service itself (no HTTP): opened on the
 * unplanned pathway and carried to the team manager's pending approval. Dates follow the
 * service's own "today", so this works on a real clock as well as a fixed one.
 */
import type { CaseService, CommandOutcome, EventInput } from '../../src/cases/case-service';
import type { CaseState } from '../../src/protocol';
import { PEOPLE } from '../world';

function daysBefore(today: string, days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export function unplannedFacts(today: string): Record<string, unknown> {
  return {
    legalStatus: 'S20',
    dateOfBirth: '2011-05-14',
    accommodatedOn: daysBefore(today, 50),
    previousEpisodeEndedOn: null,
    lastAssessmentCompletedOn: daysBefore(today, 120),
    pathway: 'unplanned',
    returnedHomeOn: null,
  };
}

function ok(outcome: CommandOutcome, what: string): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`${what}: ${outcome.code}: ${outcome.message}`);
  return outcome;
}

let counter = 0;
const key = (tag: string): string => `prep-${process.pid}-${tag}-${++counter}`;

/** Opens a case (one commit) and returns its id. */
export async function openCase(service: CaseService, ref: string, socialWorker = PEOPLE.sw): Promise<string> {
  const today = service.now().today;
  return ok(await service.openCase({ idempotencyKey: key('open'), actor: socialWorker, ref, facts: unplannedFacts(today), trigger: 'consent-withdrawn', iro: PEOPLE.iro }), `open ${ref}`).caseId;
}

/** From opened to "awaiting team manager": the five steps and a viable assessment. */
export async function toTeamManagerApproval(service: CaseService, caseId: string, socialWorker = PEOPLE.sw): Promise<string> {
  const today = service.now().today;
  const steps: EventInput[] = [
    { type: 'ChildViewsRecorded', views: 'Wants to go home.' },
    { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
    { type: 'IroInformed' },
    { type: 'ParentsConsulted', views: 'Mother wants the child home.', plannedReturnAgreed: false },
    { type: 'IroViewRecorded', view: 'Supports the return.', reviewBroughtForward: false },
    { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school.', stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the network.' }], completedOn: today },
  ];
  for (const event of steps) {
    // The IRO records their own view (a team manager holding a case is not its social worker by role).
    const actor = event.type === 'IroViewRecorded' ? PEOPLE.iro : socialWorker;
    ok(await service.apply({ idempotencyKey: key('step'), caseId, actor, event }), `${event.type} on ${caseId}`);
  }
  return pendingApprovalId(service, caseId);
}

export async function pendingApprovalId(service: CaseService, caseId: string): Promise<string> {
  const state = (await service.get(caseId))?.state as CaseState | undefined;
  const open = state?.approvals.find((a) => !a.decision && !a.cancelledAt);
  if (!open) throw new Error(`case ${caseId} has no pending approval`);
  return open.approvalId;
}

/** `count` cases, each waiting for the team manager; returns [caseId, approvalId] pairs. */
export async function casesAwaitingTeamManager(service: CaseService, count: number, refPrefix: string): Promise<Array<{ caseId: string; approvalId: string; ref: string }>> {
  const out: Array<{ caseId: string; approvalId: string; ref: string }> = [];
  for (let i = 0; i < count; i++) {
    const ref = `${refPrefix}-${String(i + 1).padStart(5, '0')}`;
    const caseId = await openCase(service, ref);
    out.push({ caseId, ref, approvalId: await toTeamManagerApproval(service, caseId) });
  }
  return out;
}
