/**
 * The parts a person holds on one case today (named, through an Entra group, or as an active
 * deputy), and whether those let them send an event: asked of who-may-act.ts, the one place
 * that says who may act, so a case card offers each person only what they may do.
 */
import { CASE_ROLES, decisionBarred, type CalendarDate, type CaseRole, type CaseState, type Person } from '../protocol';
import type { Authority } from './authority';
import type { EventInput } from './case-command';
import { whoMayAct } from './who-may-act';

export async function rolesOnCase(authority: Authority, person: Person, state: CaseState, today: CalendarDate): Promise<CaseRole[]> {
  const held: CaseRole[] = [];
  for (const role of CASE_ROLES) if (await authority.holdsOnCase(person, role, today, state)) held.push(role);
  return held;
}

/** Whether a person holding these parts on the case may send this event (the protocol still decides whether it is allowed now). */
export function mayTake(roles: readonly CaseRole[], event: EventInput, state: CaseState): boolean {
  return whoMayAct(event, state).roles.some((r) => roles.includes(r));
}

/** Whether the protocol bars this person in person from deciding this request, whatever parts they hold (R-SIGN-4). */
export function barredFrom(state: CaseState, approvalId: string, person: Person): boolean {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  return approval !== undefined && decisionBarred(state, approval, [person.id]) !== null;
}

/**
 * Who is shown the case's messages that did not reach someone: those who can act on one. The social
 * worker is told of each and asked to tell the person another way; the team manager and Head of
 * Service can hand a part to someone who can be reached, or ask a deputy to decide. The IRO, the
 * placement team and the Director can do neither, and need not know whose Teams failed.
 */
export const UNDELIVERED_SEEN_BY: readonly CaseRole[] = ['social-worker', 'team-manager', 'head-of-service'];

export function seesUndelivered(roles: readonly CaseRole[]): boolean {
  return roles.some((r) => UNDELIVERED_SEEN_BY.includes(r));
}
