/**
 * Whose cases a manager oversees ("team cases"): a team manager their team's, a Head of Service
 * their service's, the Director all of them — each also as an active deputy within their dates.
 * Held by name or through an Entra group, from the organisation file as it stands.
 */
import type { CalendarDate, CaseRole, Person } from '../protocol';
import { DirectoryLookupError } from '../ports/directory';
import type { Authority } from './authority';
import type { Holders } from './organisation';
import type { OutcomeCode } from './outcome-codes';

export interface ManagerScope {
  /** The Director (or their active deputy): every case. */
  all: boolean;
  /** Teams whose cases they oversee (a service's teams included). */
  teams: string[];
  /** Services they head (or cover). */
  services: string[];
}

/** Why someone has no scope: not a manager, or the directory did not answer (codes of the one union, src/cases/outcome-codes.ts). */
export type NoScopeCode = Extract<OutcomeCode, 'NOT_A_MANAGER' | 'DIRECTORY_UNAVAILABLE'>;

export type ScopeOutcome = { ok: true; scope: ManagerScope } | { ok: false; code: NoScopeCode };

export async function managerScope(authority: Authority, person: Person, today: CalendarDate): Promise<ScopeOutcome> {
  const org = authority.organisation;
  // The person covered may hold the part through an Entra group only (isAmong asks the directory).
  const covers = async (role: CaseRole, holders: Holders): Promise<boolean> => {
    for (const d of org.deputies) if (d.role === role && d.deputy.id === person.id && d.from <= today && today <= d.to && (await authority.isAmong(d.for.id, holders))) return true;
    return false;
  };
  try {
    const director = await authority.check(person, ['director'], today);
    if (director.ok) return { ok: true, scope: { all: true, teams: org.teams.map((t) => t.name), services: org.services.map((s) => s.name) } };
    if (director.code === 'DIRECTORY_UNAVAILABLE') return { ok: false, code: 'DIRECTORY_UNAVAILABLE' };
    const teams = new Set<string>();
    const services: string[] = [];
    for (const service of org.services) {
      if ((await authority.isAmong(person.id, service.headsOfService)) || (await covers('head-of-service', service.headsOfService))) {
        services.push(service.name);
        service.teams.forEach((t) => teams.add(t));
      }
    }
    for (const team of org.teams) {
      if ((await authority.isAmong(person.id, team.managers)) || (await covers('team-manager', team.managers))) teams.add(team.name);
    }
    if (teams.size === 0) return { ok: false, code: 'NOT_A_MANAGER' };
    return { ok: true, scope: { all: false, teams: [...teams], services } };
  } catch (error) {
    if (error instanceof DirectoryLookupError && error.retryable) return { ok: false, code: 'DIRECTORY_UNAVAILABLE' };
    throw error;
  }
}
