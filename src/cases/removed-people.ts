/**
 * People named on a case whom the organisation file no longer names (they left, or were taken out
 * of the file): the case needs a new social worker, team manager, IRO, Head of Service or Director.
 * Someone an Entra group could hold that part through (the case team's groups, for a social worker)
 * counts as removed only when the directory says they are in none of those groups; without a
 * directory (the admin CLI) they are given the benefit. List group-only people under `people` in
 * the file to have them recognised without it.
 */
import type { CaseRole, CaseState, Holder, Person } from '../protocol';
import { DirectoryLookupError } from '../ports/directory';
import { caseHolders, casePeopleOf } from './case-people';
import { Holders, namedPeople, Organisation, roleHolders, teamNamed } from './organisation';

/** Whether a person is in any of these groups (the directory; Authority.isAmong), or null where there is no directory. */
export type InGroups = ((id: string, holders: Holders) => Promise<boolean>) | null;

export interface PeopleGap {
  role: CaseRole;
  person: Person;
}

/** Who on the case is told when a person is gone: up the line, as escalation goes (an IRO's: the IRO manager). */
const COVERED_BY: Record<Exclude<CaseRole, 'iro'>, CaseRole> = {
  'social-worker': 'team-manager',
  'team-manager': 'head-of-service',
  'head-of-service': 'director',
  director: 'head-of-service',
  'placement-team': 'head-of-service',
};

export function coverFor(org: Organisation, state: CaseState, role: CaseRole): { role: CaseRole; holders: Holder[] } {
  if (role === 'iro') return { role: 'iro', holders: casePeopleOf(org, state).iroManager };
  return { role: COVERED_BY[role], holders: caseHolders(org, state, COVERED_BY[role]) };
}

/** Removed, as far as the file alone can tell: named nowhere in it, and no group that could hold this part of the case. */
export function removedFromFile(org: Organisation, state: CaseState, id: string, role: CaseRole): boolean {
  return !namedPeople(org).has(id) && groupsFor(org, state, role).length === 0;
}

/** The groups that could hold this part of this case: a social worker's, their case's team's (a leaver is not in another team's group). */
function groupsFor(org: Organisation, state: CaseState, role: CaseRole): Holders['groups'] {
  const team = role === 'social-worker' && state.people?.team ? teamNamed(org, state.people.team) : undefined;
  return team ? [...team.members.groups, ...team.managers.groups] : roleHolders(org, role).groups;
}

async function removed(org: Organisation, inGroups: InGroups, state: CaseState, id: string, role: CaseRole): Promise<boolean> {
  if (namedPeople(org).has(id)) return false;
  const groups = groupsFor(org, state, role);
  if (groups.length === 0) return true;
  if (!inGroups) return false;
  try {
    return !(await inGroups(id, { users: [], groups }));
  } catch (error) {
    // Not known just now: not reported as removed (it would be a false alarm to the manager).
    if (error instanceof DirectoryLookupError) return false;
    throw error;
  }
}

/** The people named on an open case whom the organisation file no longer names, one entry per part. */
export async function peopleGaps(org: Organisation, inGroups: InGroups, state: CaseState): Promise<PeopleGap[]> {
  if (state.stage === 'closed') return [];
  const named: { role: CaseRole; holders: readonly Holder[] }[] = [
    { role: 'social-worker', holders: [state.socialWorker] },
    { role: 'iro', holders: state.iro ? [state.iro] : [] },
    { role: 'team-manager', holders: state.people?.teamManagers ?? [] },
    { role: 'head-of-service', holders: state.people?.headsOfService ?? [] },
    // Not the Director: a case's is always the one the file names now (case-people.ts).
  ];
  const gaps: PeopleGap[] = [];
  for (const { role, holders } of named) {
    for (const h of holders) {
      if (h.group) continue;
      // Named anywhere in the file (a team manager who opened a case is its social worker) keeps them.
      const stillThere = !(await removed(org, inGroups, state, h.id, role));
      if (!stillThere) gaps.push({ role, person: { id: h.id, name: h.name } });
    }
  }
  return gaps;
}
