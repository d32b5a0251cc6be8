/**
 * What waits for a person's decision, for "my cases": the open requests at stages whose role
 * they hold (named, by Entra group, or as a deputy today), and the IRO's view for an IRO.
 */
import { APPROVAL_STAGES, APPROVER_ROLE, decisionBarred, ESCALATES_TO, firstEscalationOn, isOnOrAfter, type ApprovalStage, type CalendarDate, type CaseRole, type CaseState, type Person } from '../protocol';
import type { ServiceContext } from './case-service-context';
import { calendarDateIn } from './org-time';
import { waitingQueue } from './case-index';
import { everySummary } from './every-summary';

/** What waits for someone, and whether some of their roles could not be checked (the directory did not answer). */
export interface WaitingForYou {
  decisions: WaitingDecision[];
  /** Decisions escalated to them up the line (escalation.ts), still waiting for someone else: theirs to see decided. */
  escalated: EscalatedDecision[];
  directoryUnavailable: boolean;
}

/** A decision (or the IRO's view) waiting for someone, for "my cases". */
export interface WaitingDecision {
  caseId: string;
  ref: string;
  what: ApprovalStage | 'iro-view';
  /** The approval request, if it is one. */
  approvalId: string | null;
  /** The day it was asked for. */
  since: CalendarDate;
}

/** A request escalated to this person, and the day it was first escalated. */
export interface EscalatedDecision extends WaitingDecision {
  escalatedOn: CalendarDate;
}

/**
 * Leaves out their own cases (R-SIGN-4: nobody agrees their own assessment) and a request whose
 * earlier agreement in the chain was theirs (decisionBarred). Oldest first.
 */
export async function waitingFor(ctx: ServiceContext, person: Person): Promise<WaitingForYou> {
  const today = ctx.now().today;
  const found: WaitingDecision[] = [];
  let directoryUnavailable = false;
  const queues: { what: ApprovalStage | 'iro-view'; role: CaseRole }[] = [
    ...APPROVAL_STAGES.map((stage) => ({ what: stage, role: APPROVER_ROLE[stage] })),
    { what: 'iro-view', role: 'iro' },
  ];
  for (const { what, role } of queues) {
    const check = await ctx.authority.check(person, [role], today);
    if (!check.ok) {
      // Said to the person rather than shown as "nothing waiting": they would be left guessing.
      if (check.code === 'DIRECTORY_UNAVAILABLE') directoryUnavailable = true;
      continue;
    }
    for (const summary of await everySummary(ctx.store, waitingQueue(what))) {
      const stored = await ctx.store.get<CaseState>(summary.caseId);
      if (!stored) continue;
      const state = stored.state;
      if (state.socialWorker.id === person.id) continue;
      // Only the case's own holder of the role (or their deputy) is waited for.
      if (!(await ctx.authority.holdsOnCase(person, role, today, state))) continue;
      if (what === 'iro-view') {
        if (state.stage !== 'awaiting-iro-view') continue;
        // The IRO's view is asked for when the team manager agrees.
        const agreed = [...state.approvals].reverse().find((a) => a.stage === 'team-manager' && a.decision?.outcome === 'approve');
        found.push({ caseId: state.caseId, ref: state.ref, what, approvalId: null, since: agreed?.decision ? (agreed.decision.on ?? calendarDateIn(new Date(agreed.decision.at), ctx.timeZone)) : today });
        continue;
      }
      for (const approval of state.approvals) {
        if (approval.stage !== what || approval.decision || approval.cancelledAt) continue;
        // Nor one R-SIGN-4 bars them from (an earlier agreement of the chain theirs), as the request's card says.
        if (decisionBarred(state, approval, [person.id])) continue;
        found.push({ caseId: state.caseId, ref: state.ref, what, approvalId: approval.approvalId, since: approval.requestedOn });
      }
    }
  }
  const decisions = found.sort(oldestFirst);
  const escalated = await escalatedTo(ctx, person, today, new Set(decisions.map((d) => d.approvalId)));
  return { decisions, escalated: escalated.found.sort(oldestFirst), directoryUnavailable: directoryUnavailable || escalated.directoryUnavailable };
}

function oldestFirst(a: WaitingDecision, b: WaitingDecision): number {
  return a.since < b.since ? -1 : a.since > b.since ? 1 : a.ref.localeCompare(b.ref);
}

/**
 * The requests escalated up the line to this person (the Head of Service for a team manager's
 * agreement; the Director for the Head of Service's; the Head of Service for the Director's), on
 * the cases where they hold that part, from the day they were escalated: the escalation asked them
 * to see each decided, so "my cases" lists them until it is. Those waiting for their own decision are listed there instead.
 */
async function escalatedTo(ctx: ServiceContext, person: Person, today: CalendarDate, listed: ReadonlySet<string | null>): Promise<{ found: EscalatedDecision[]; directoryUnavailable: boolean }> {
  const found: EscalatedDecision[] = [];
  let directoryUnavailable = false;
  for (const stage of APPROVAL_STAGES) {
    const up = ESCALATES_TO[stage];
    const check = await ctx.authority.check(person, [up], today);
    if (!check.ok) {
      if (check.code === 'DIRECTORY_UNAVAILABLE') directoryUnavailable = true;
      continue;
    }
    for (const summary of await everySummary(ctx.store, waitingQueue(stage))) {
      const state = (await ctx.store.get<CaseState>(summary.caseId))?.state;
      if (!state || !(await ctx.authority.holdsOnCase(person, up, today, state))) continue;
      for (const approval of state.approvals) {
        if (approval.stage !== stage || approval.decision || approval.cancelledAt || listed.has(approval.approvalId)) continue;
        const escalatedOn = firstEscalationOn(approval.requestedOn, ctx.policy);
        if (isOnOrAfter(today, escalatedOn)) found.push({ caseId: state.caseId, ref: state.ref, what: stage, approvalId: approval.approvalId, since: approval.requestedOn, escalatedOn });
      }
    }
  }
  return { found, directoryUnavailable };
}
