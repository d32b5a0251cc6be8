/**
 * Routing: who a message of a case goes to. A role means this case's holder of it (its social
 * worker, team manager(s), Head of Service, IRO — or the IRO manager until one is named — and the
 * Director) and their deputies active that day; a role held through an Entra group means the
 * group's members. Never every holder of the role in the organisation.
 */
import type { CalendarDate, CaseRole, CaseState, Holder, Person, Recipient } from '../protocol';
import { DirectoryLookupError, type Directory } from '../ports/directory';
import type { Authority } from './authority';
import { caseHolders } from './case-people';
import { activeDeputiesFor } from './organisation';
import { coverFor, removedFromFile } from './removed-people';

export interface RoutedPerson extends Person {
  role: CaseRole;
  /** Set for a deputy: the person they cover. */
  deputyFor?: Person;
  /** Sent it only as the next person up the line from these people, who have gone (removed-people.ts): not one who may decide it. */
  upTheLine?: Person[];
}

export interface Routing {
  people: RoutedPerson[];
  /** Groups whose members could not be listed for good (unknown group, no permission). */
  unresolvedGroups: Holder[];
}

/**
 * The people a recipient means on this case today. A group the directory cannot list just now
 * (throttled, outage) throws DirectoryLookupError, so the message is tried again later; one it can
 * never list is returned in `unresolvedGroups`, to be told like any message that could not be delivered.
 */
export async function route(authority: Authority, directory: Directory | null, state: CaseState | undefined, to: Recipient, today: CalendarDate): Promise<Routing> {
  const org = authority.organisation;
  const people: RoutedPerson[] = [];
  const unresolvedGroups: Holder[] = [];
  const add = (p: Person, role: CaseRole, deputyFor: Person | undefined, upTheLine: Person[] | undefined): void => {
    if (people.some((q) => q.id === p.id)) return;
    people.push({ id: p.id, name: p.name, role, ...(deputyFor ? { deputyFor } : {}), ...(upTheLine ? { upTheLine } : {}) });
  };
  const withDeputies = (p: Person, role: CaseRole, upTheLine?: Person[]): void => {
    add(p, role, undefined, upTheLine);
    for (const d of activeDeputiesFor(org, role, p.id, today)) add(d, role, p, upTheLine);
  };
  const addHolders = async (holders: readonly Holder[], role: CaseRole, upTheLine?: Person[]): Promise<void> => {
    for (const holder of holders) {
      if (!holder.group) {
        withDeputies(holder, role, upTheLine);
        continue;
      }
      if (!directory?.groupMembers) {
        unresolvedGroups.push(holder);
        continue;
      }
      try {
        // A member's active deputy is sent it too, as a named holder's is.
        for (const member of await directory.groupMembers(holder.id)) withDeputies(member, role, upTheLine);
      } catch (error) {
        if (error instanceof DirectoryLookupError && !error.retryable) unresolvedGroups.push(holder);
        else throw error;
      }
    }
  };
  // Someone the organisation file no longer names is still sent their message, and the case's next
  // person up the line gets it too, so that nothing waits on a person who has gone (removed-people.ts).
  const coverIfRemoved = async (holders: readonly Holder[], role: CaseRole): Promise<void> => {
    const gone = state ? holders.filter((h) => !h.group && removedFromFile(org, state, h.id, role)).map((h) => ({ id: h.id, name: h.name })) : [];
    if (!state || gone.length === 0) return;
    const cover = coverFor(org, state, role);
    await addHolders(cover.holders, cover.role, gone);
  };
  if (to.kind === 'iro-channel') return { people, unresolvedGroups };
  if (to.kind === 'person') {
    const role: CaseRole = state?.iro?.id === to.id ? 'iro' : 'social-worker';
    withDeputies({ id: to.id, name: to.name }, role);
    await coverIfRemoved([{ id: to.id, name: to.name }], role);
    return { people, unresolvedGroups };
  }
  // A case that is gone: its people are not known any more; the role's named holders (as before).
  const holders: Holder[] = state ? caseHolders(org, state, to.role) : authority.holders(to.role);
  await addHolders(holders, to.role);
  await coverIfRemoved(holders, to.role);
  return { people, unresolvedGroups };
}
