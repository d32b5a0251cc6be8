/**
 * The organisation: teams (managers, members), services (Heads of Service, their teams), the IRO
 * service (IROs, the IRO manager), the Director, the Children's Placement Team, and deputies with
 * their dates. Read from ROLES_FILE. The earlier shape (one list of holders per role) is still read:
 * it becomes one team in one service, which is how that shape behaved.
 */
import { z } from 'zod';
import { CASE_ROLES, ROLE_NAMES } from '../protocol';
import { deputy, holders, noHolders, person } from './organisation-file-parts';
import { organisationProblem } from './organisation-problem';
import { roleConfigSchema } from './role-config';
import type { CaseRole, Person } from '../protocol';

const organisationFile = z.strictObject({
  teams: z.array(z.strictObject({ name: z.string().trim().min(1), managers: holders.default(noHolders), members: holders.default(noHolders) })).min(1, { error: 'must name at least one team' }),
  services: z.array(z.strictObject({ name: z.string().trim().min(1), headsOfService: holders.default(noHolders), teams: z.array(z.string().trim().min(1)).default([]) })).default([]),
  iroService: z.strictObject({ iros: holders.default(noHolders), manager: holders.default(noHolders) }).default({ iros: noHolders(), manager: noHolders() }),
  director: holders.default(noHolders),
  placementTeam: holders.default(noHolders),
  deputies: z.array(deputy).default([]),
  /** Display names (and mail addresses) of people known only through groups. */
  people: z.array(person).default([]),
});

/** The earlier shape: one list of holders per role (role-config.ts). */
const legacyFile = roleConfigSchema;

export type Holders = z.infer<typeof holders>;
export type Deputy = z.infer<typeof deputy>;
export type OrgPerson = z.infer<typeof person>;
export type Team = { name: string; managers: Holders; members: Holders };
export type Service = { name: string; headsOfService: Holders; teams: string[] };

export interface Organisation {
  teams: readonly Team[];
  services: readonly Service[];
  iroService: { iros: Holders; manager: Holders };
  director: Holders;
  placementTeam: Holders;
  deputies: readonly Deputy[];
  people: readonly OrgPerson[];
  /** Read from the earlier one-list-per-role shape: one team, one service. */
  legacy: boolean;
}

/** The problems of an organisation file, one line each. */
export class OrganisationError extends Error {
  constructor(readonly problems: readonly string[], source: string) {
    super(`The ${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}: ${problems.join('; ')}`);
    this.name = 'OrganisationError';
  }
}

const holderCount = (h: Holders): number => h.users.length + h.groups.length;

/** The earlier shape as an organisation: everyone in one team, in one service, as it behaved. */
function fromLegacy(file: z.infer<typeof legacyFile>): Omit<Organisation, 'legacy'> {
  const r = (role: CaseRole): Holders => file.roles[role] ?? noHolders();
  const managers = r('team-manager');
  return {
    teams: [{ name: 'All teams', managers, members: r('social-worker') }],
    services: [{ name: "Children's services", headsOfService: r('head-of-service'), teams: ['All teams'] }],
    // With no IRO manager named, an IRO not yet known is every IRO's, as before.
    iroService: { iros: r('iro'), manager: r('iro') },
    director: r('director'),
    placementTeam: r('placement-team'),
    deputies: file.deputies,
    people: file.people,
  };
}

function zodProblems(error: z.ZodError, input: unknown): string[] {
  return error.issues.map((issue) => organisationProblem(issue, input));
}

/** The checks across the file that a schema cannot make: each problem one line. */
function crossCheck(org: Omit<Organisation, 'legacy'>, legacy: boolean): string[] {
  const problems: string[] = [];
  const teamNames = new Set<string>();
  for (const team of org.teams) {
    if (teamNames.has(team.name)) problems.push(`team "${team.name}" is named twice`);
    teamNames.add(team.name);
    if (!legacy && holderCount(team.managers) === 0) problems.push(`team "${team.name}" has no team manager`);
  }
  const memberOf = new Map<string, string>();
  for (const team of org.teams) {
    for (const u of team.members.users) {
      const other = memberOf.get(u.id);
      if (other !== undefined && other !== team.name) problems.push(`${u.name} (${u.id}) is a member of two teams, "${other}" and "${team.name}"`);
      else memberOf.set(u.id, team.name);
    }
  }
  const serviceOf = new Map<string, string>();
  for (const service of org.services) {
    if (!legacy && holderCount(service.headsOfService) === 0) problems.push(`service "${service.name}" has no Head of Service`);
    for (const name of service.teams) {
      if (!teamNames.has(name)) problems.push(`service "${service.name}" names a team that is not in the file: "${name}"`);
      const other = serviceOf.get(name);
      if (other !== undefined && other !== service.name) problems.push(`team "${name}" is in two services, "${other}" and "${service.name}"`);
      serviceOf.set(name, service.name);
    }
  }
  if (!legacy) {
    for (const team of org.teams) if (!serviceOf.has(team.name)) problems.push(`team "${team.name}" is in no service, so its cases would have no Head of Service`);
    if (holderCount(org.director) === 0) problems.push('the Director is not named (director)');
    if (holderCount(org.iroService.manager) === 0) problems.push('the IRO manager is not named (iroService.manager), who covers a case until its IRO is known');
  }
  for (const d of org.deputies) if (d.from > d.to) problems.push(`deputy ${d.deputy.name} has a "from" date (${d.from}) after the "to" date (${d.to})`);
  problems.push(...deputiesForNobody(org));
  return problems;
}

/**
 * A deputy who covers someone the file does not name in that part: a leaver (whose deputy would go on
 * acting on their cases after they left, instead of the cases being handed over) or an id typed
 * wrong (a deputy who covers nobody, without a word). Where the part is held through Entra groups
 * the file cannot say who is in them, so a person not named may still hold it.
 */
function deputiesForNobody(org: Omit<Organisation, 'legacy'>): string[] {
  const problems: string[] = [];
  org.deputies.forEach((d, i) => {
    const holders = roleHolders(org, d.role);
    if (holders.groups.length > 0 || holders.users.some((u) => u.id === d.for.id)) return;
    problems.push(
      `deputies no. ${i + 1} (${d.deputy.name}) > for: ${d.for.name} (id ${d.for.id}) is not named in the file as ${ROLE_ARTICLE[d.role]}${ROLE_NAMES[d.role]}, so this deputy would cover nobody, or act on the cases of someone who has left: correct the id, or remove the entry (a leaver's cases are handed over with "Hand the case over")`,
    );
  });
  return problems;
}

const ROLE_ARTICLE: Record<CaseRole, string> = { 'social-worker': 'a ', 'team-manager': 'a ', 'head-of-service': 'a ', director: 'the ', iro: 'an ', 'placement-team': 'one of the ' };

/** Deep-freezes the organisation: nothing that reads it may change it for everyone else. */
function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Reads an organisation from parsed JSON (either shape), or throws OrganisationError listing every problem. */
export function parseOrganisation(input: unknown, source = 'organisation file'): Organisation {
  const legacy = typeof input === 'object' && input !== null && 'roles' in input;
  let org: Omit<Organisation, 'legacy'>;
  if (legacy) {
    const parsed = legacyFile.safeParse(input);
    if (!parsed.success) throw new OrganisationError(zodProblems(parsed.error, input), source);
    org = fromLegacy(parsed.data);
  } else {
    const parsed = organisationFile.safeParse(input);
    if (!parsed.success) throw new OrganisationError(zodProblems(parsed.error, input), source);
    org = parsed.data;
  }
  const problems = crossCheck(org, legacy);
  if (problems.length > 0) throw new OrganisationError(problems, source);
  return freeze({ ...org, legacy });
}

// ---------------------------------------------------------------------------------------------
// Reading it

export const teamOfMember = (org: Organisation, id: string): Team | undefined => org.teams.find((t) => t.members.users.some((u) => u.id === id));
export const teamsManagedBy = (org: Organisation, id: string): Team[] => org.teams.filter((t) => t.managers.users.some((u) => u.id === id));
export const serviceOfTeam = (org: Organisation, team: string): Service | undefined => org.services.find((s) => s.teams.includes(team));
export const servicesHeadedBy = (org: Organisation, id: string): Service[] => org.services.filter((s) => s.headsOfService.users.some((u) => u.id === id));
export const teamNamed = (org: Organisation, name: string): Team | undefined => org.teams.find((t) => t.name === name);

/** Everyone who holds a part anywhere in the organisation, by role (for org-wide checks such as opening a case). */
export function roleHolders(org: Omit<Organisation, 'legacy'>, role: CaseRole): Holders {
  const merge = (list: Holders[]): Holders => ({ users: list.flatMap((h) => h.users), groups: list.flatMap((h) => h.groups) });
  switch (role) {
    case 'social-worker':
      return merge(org.teams.map((t) => t.members));
    case 'team-manager':
      return merge(org.teams.map((t) => t.managers));
    case 'head-of-service':
      return merge(org.services.map((s) => s.headsOfService));
    case 'director':
      return org.director;
    case 'iro':
      return merge([org.iroService.iros, org.iroService.manager]);
    case 'placement-team':
      return org.placementTeam;
  }
}

// Each click asks who the file names (authority, need-to-know): the answer is kept per organisation,
// which is read into a new object whenever its file changes and never changed in place.
const namedIn = new WeakMap<Organisation, ReadonlyMap<string, OrgPerson>>();

/** Every person the file names, with the first name and mail address given for them. */
export function namedPeople(org: Organisation): ReadonlyMap<string, OrgPerson> {
  const kept = namedIn.get(org);
  if (kept) return kept;
  const found = new Map<string, OrgPerson>();
  const add = (p: OrgPerson) => {
    const known = found.get(p.id);
    if (!known) found.set(p.id, p);
    else if (!known.email && p.email) found.set(p.id, { ...known, email: p.email });
  };
  for (const role of CASE_ROLES) roleHolders(org, role).users.forEach(add);
  org.director.users.forEach(add);
  for (const d of org.deputies) {
    add(d.deputy);
    add(d.for);
  }
  org.people.forEach(add);
  namedIn.set(org, found);
  return found;
}

/** Deputies covering this person in this role on `today`. */
export function activeDeputiesFor(org: Organisation, role: CaseRole, forId: string, today: string): Person[] {
  return org.deputies.filter((d) => d.role === role && d.for.id === forId && d.from <= today && today <= d.to).map((d) => ({ id: d.deputy.id, name: d.deputy.name }));
}
