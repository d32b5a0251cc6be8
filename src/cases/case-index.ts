/**
 * What the store indexes a case under (its summary's participants): its people, its team and
 * service, and the queues it waits in, so the working lists find cases through the store's own
 * participant index (on every store) without reading every case.
 */
import type { ApprovalStage, CaseState } from '../protocol';
import type { CaseSummary } from '../ports/case-repository';
import { namedOn } from './need-to-know';

/** The index entries of a team's or a service's cases (never a person: they give nobody sight of a case). */
export const teamQueue = (team: string): string => `team:${team}`;
export const serviceQueue = (service: string): string => `service:${service}`;

/**
 * The queue a case is in while it waits for a role's decision: so that "my cases" finds what waits
 * for a manager without reading every case. Never an Entra object id.
 */
export const waitingQueue = (what: ApprovalStage | 'iro-view' | 'end-placement' | 'iro-named'): string => `awaiting:${what}`;

/** What the store indexes a case under: its people (named managers too), its team and service, and the queues it waits in. */
export function participantsOf(state: CaseState): string[] {
  const ids = new Set<string>(namedOn(state));
  if (state.people) {
    for (const h of [...state.people.teamManagers, ...state.people.headsOfService]) if (!h.group) ids.add(h.id);
    if (state.people.team) ids.add(teamQueue(state.people.team));
    if (state.people.service) ids.add(serviceQueue(state.people.service));
  }
  for (const approval of state.approvals) if (!approval.decision && !approval.cancelledAt) ids.add(waitingQueue(approval.stage));
  if (state.stage === 'awaiting-iro-view') ids.add(waitingQueue('iro-view'));
  // The placement team records the end once the Head of Service has consented (R-PLACE-1). Stores
  // from before this was filed are brought forward (SQLite migration 9, the Azure index's upgrade 1).
  if (state.placement.status === 'consent-given' && state.stage !== 'closed') ids.add(waitingQueue('end-placement'));
  // An open case with no IRO named: the IRO manager covers it meanwhile, and lists it (SQLite migration 13, the Azure index's upgrade 3).
  if (!state.iro && state.stage !== 'closed') ids.add(waitingQueue('iro-named'));
  return [...ids];
}

/** The summary a commit of this state is listed and indexed by, changed at `updatedAt`. */
export function summaryOf(state: CaseState, updatedAt: string): CaseSummary {
  return { caseId: state.caseId, ref: state.ref, pathway: state.pathway, stage: state.stage, participants: participantsOf(state), openedAt: state.openedAt, updatedAt };
}
