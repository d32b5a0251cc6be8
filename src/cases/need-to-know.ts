/**
 * Need-to-know: who may see a case, its card and its child's details. Its people and their active
 * deputies; the team managers of its team; the Heads of Service of its service; the Director; and
 * the Children's Placement Team once the case asks to end a placement. Nobody else.
 */
import type { CalendarDate, CaseRole, CaseState, Person } from '../protocol';
import type { Authority } from './authority';
import { casePeopleOf } from './case-people';
import { servicesHeadedBy, teamsManagedBy } from './organisation';

const CASE_PARTS: readonly CaseRole[] = ['social-worker', 'team-manager', 'head-of-service', 'director', 'iro'];

/** Everyone the case names: its social worker, its IRO, and everyone who decided (or was decided for). */
export function namedOn(state: CaseState): string[] {
  const ids = new Set<string>([state.socialWorker.id]);
  if (state.iro) ids.add(state.iro.id);
  for (const approval of state.approvals) {
    if (!approval.decision) continue;
    ids.add(approval.decision.by.id);
    if (approval.decision.onBehalfOf) ids.add(approval.decision.onBehalfOf.id);
  }
  return [...ids];
}

export async function mayViewCase(authority: Authority, person: Person, state: CaseState, today: CalendarDate): Promise<boolean> {
  if (namedOn(state).includes(person.id)) return true;
  const org = authority.organisation;
  const people = casePeopleOf(org, state);
  if (people.team && teamsManagedBy(org, person.id).some((t) => t.name === people.team)) return true;
  if (people.service && servicesHeadedBy(org, person.id).some((s) => s.name === people.service)) return true;
  for (const role of CASE_PARTS) if (await authority.holdsOnCase(person, role, today, state)) return true;
  const orgWide: CaseRole[] = state.approvals.some((a) => a.stage === 'placement-end') ? ['director', 'placement-team'] : ['director'];
  try {
    return (await authority.check(person, orgWide, today)).ok;
  } catch {
    return false;
  }
}
