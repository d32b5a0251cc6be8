/**
 * Open cases keep the team and service they opened under (their people do not move when the
 * organisation file changes), and are found and seen through those names. So a team renamed, or
 * moved to another service, in the file leaves its open cases where its new manager cannot list or
 * open them. Operators are told at start-up and at each reload: names and counts only, no child data.
 */
import type { Organisation } from './organisation';
import type { CaseRepository } from '../ports/case-repository';

export interface NamesNoLongerInFile {
  /** Team names open cases are filed under that the file no longer names, with how many open cases each. */
  teams: { name: string; openCases: number }[];
  /** Likewise for services (a team moved to another service leaves its cases under the old one). */
  services: { name: string; openCases: number }[];
}

const TEAM = 'team:';
const SERVICE = 'service:';

export async function namesNoLongerInFile(store: Pick<CaseRepository, 'list'>, org: Organisation): Promise<NamesNoLongerInFile> {
  const teams = new Set(org.teams.map((t) => t.name));
  const services = new Set(org.services.map((s) => s.name));
  const teamCounts = new Map<string, number>();
  const serviceCounts = new Map<string, number>();
  for (const summary of await store.list({ limit: 1_000_000 })) {
    if (summary.stage === 'closed') continue;
    for (const p of summary.participants) {
      if (p.startsWith(TEAM) && !teams.has(p.slice(TEAM.length))) teamCounts.set(p.slice(TEAM.length), (teamCounts.get(p.slice(TEAM.length)) ?? 0) + 1);
      if (p.startsWith(SERVICE) && !services.has(p.slice(SERVICE.length))) serviceCounts.set(p.slice(SERVICE.length), (serviceCounts.get(p.slice(SERVICE.length)) ?? 0) + 1);
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b)).map(([name, openCases]) => ({ name, openCases }));
  return { teams: sorted(teamCounts), services: sorted(serviceCounts) };
}

const cases = (n: number): string => `${n} open case${n === 1 ? '' : 's'}`;

/** The operators' warning, or null when every open case's team and service are in the file. */
export function namesNoLongerInFileWarning(found: NamesNoLongerInFile): string | null {
  const parts: string[] = [];
  if (found.teams.length > 0) {
    parts.push(
      `Open cases are filed under ${found.teams.length === 1 ? 'a team' : `${found.teams.length} teams`} the organisation file (ROLES_FILE) no longer names: ${found.teams.map((t) => `"${t.name}" (${cases(t.openCases)})`).join(', ')}. ` +
        "A case keeps the team it opened under, so no team manager can list or open these cases from 'team cases', 'my cases' or 'case REF' (only their own people and the service's Head of Service still can). " +
        "To fix it, put each of these teams back in the file under its old name, with the team manager(s) who now look after its cases (beside the renamed team, and listed in its service), and keep it there until those cases close; meanwhile the service's Head of Service can open each case ('case REF') and hand its team manager part over to the new manager (Hand the case over), so that manager can see and act on it. Or, after a rename, move them to the new name: npm run --silent admin -- cases move-team \"OLD NAME\" \"NEW NAME\" --dry-run, then without --dry-run.",
    );
  }
  if (found.services.length > 0) {
    parts.push(
      `Open cases are filed under ${found.services.length === 1 ? 'a service' : `${found.services.length} services`} the organisation file no longer names: ${found.services.map((s) => `"${s.name}" (${cases(s.openCases)})`).join(', ')}. ` +
        'A case keeps the service it opened under, so no Head of Service can see these cases through their service. Put each service back in the file under its old name, with its Head(s) of Service and the team(s) whose cases these are, until those cases close.',
    );
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
