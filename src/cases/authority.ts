/**
 * Authority: does this Entra object id hold this role — anywhere in the organisation (to open a
 * case), or on this case (to act on it) — directly, through an Entra group, or as a deputy within
 * their dates (then acting "on behalf of" the person they cover)? Checked on the server for every
 * command from the organisation file as it stands; nothing in a card's data is trusted.
 */
import type { Actor, CalendarDate, CaseRole, CaseState, Holder, Person } from '../protocol';
import { dateText, listInWords, ROLE_NAMES } from '../protocol';
import { Directory, DirectoryLookupError } from '../ports/directory';
import { caseHolders } from './case-people';
import { removedFromFile } from './removed-people';
import { Holders, namedPeople, Organisation, parseOrganisation, roleHolders, Team, teamOfMember, teamsManagedBy } from './organisation';
import { fixedOrganisation, OrganisationSource } from './organisation-source';
import type { RoleConfig } from './role-config';

export type RoleCheck =
  | { ok: true; actor: Actor }
  | { ok: false; code: 'NOT_YOUR_ROLE' | 'NOT_YOUR_CASE' | 'DEPUTY_OUT_OF_DATES'; message: string }
  /** Group membership could not be checked just now (throttling, outage): ask again shortly. */
  | { ok: false; code: 'DIRECTORY_UNAVAILABLE'; message: string; retryAfterMs?: number };

export const DIRECTORY_UNAVAILABLE_MESSAGE = 'We could not check your role with the directory just now. Please try again in a moment.';

const CASE_ROLE_NAMES: Record<CaseRole, string> = { ...ROLE_NAMES, iro: 'IRO', 'placement-team': "Children's Placement Team" };

/** "this case's Head of Service", "this case's social worker or team manager", "this case's team manager, Head of Service or Director". */
export const caseRolesText = (roles: readonly CaseRole[]): string => `this case's ${listInWords(roles.map((r) => CASE_ROLE_NAMES[r]), 'or')}`;

function isSource(value: unknown): value is OrganisationSource {
  return typeof (value as OrganisationSource).current === 'function';
}

export class Authority {
  private readonly source: OrganisationSource;

  constructor(config: RoleConfig | Organisation | OrganisationSource, private readonly directory: Directory | null) {
    this.source = isSource(config) ? config : fixedOrganisation('roles' in config ? parseOrganisation(config) : config);
  }

  /** The organisation in force now (it is read again when its file changes). */
  get organisation(): Organisation {
    return this.source.current();
  }

  /** The people named for a role anywhere in the organisation. A new array each time: callers may add to it. */
  holders(role: CaseRole): Person[] {
    return roleHolders(this.organisation, role).users.map((u) => ({ id: u.id, name: u.name }));
  }

  /** Deputies for a role active on `today`, whoever they cover. */
  deputies(role: CaseRole, today: CalendarDate): Person[] {
    return this.organisation.deputies.filter((d) => d.role === role && d.from <= today && today <= d.to).map((d) => ({ id: d.deputy.id, name: d.deputy.name }));
  }

  groupIds(role: CaseRole): string[] {
    return roleHolders(this.organisation, role).groups.map((g) => g.id);
  }

  displayName(id: string, fallback: string): string {
    return namedPeople(this.organisation).get(id)?.name ?? fallback;
  }

  private unavailable(error: unknown): RoleCheck {
    if (!(error instanceof DirectoryLookupError) || !error.retryable) throw error;
    return error.retryAfterMs === undefined
      ? { ok: false, code: 'DIRECTORY_UNAVAILABLE', message: DIRECTORY_UNAVAILABLE_MESSAGE }
      : { ok: false, code: 'DIRECTORY_UNAVAILABLE', message: DIRECTORY_UNAVAILABLE_MESSAGE, retryAfterMs: error.retryAfterMs };
  }

  /** Whether the person is among these holders, named or through a group (a directory outage is thrown). */
  async isAmong(id: string, holders: Holders): Promise<boolean> {
    return this.among(id, [...holders.users, ...holders.groups.map((g) => ({ ...g, group: true as const }))]);
  }

  /** Whether the person is among these holders, named or through a group. */
  private async among(id: string, holders: readonly Holder[]): Promise<boolean> {
    if (holders.some((h) => !h.group && h.id === id)) return true;
    const groups = holders.filter((h) => h.group).map((h) => h.id);
    if (groups.length === 0 || !this.directory) return false;
    return (await this.directory.memberGroups(id, groups)).length > 0;
  }

  /**
   * The first role (of `wanted`, in order) this person may act in today anywhere in the organisation
   * (opening a case, seeing what waits for their role). A retryable directory failure is an outcome
   * (DIRECTORY_UNAVAILABLE), not an error: the person can simply try again. It stops the search,
   * because granting a later role, or refusing, could be wrong while an earlier one is unknown.
   */
  async check(person: Person, wanted: readonly CaseRole[], today: CalendarDate): Promise<RoleCheck> {
    const org = this.organisation;
    const lookup = (role: CaseRole): Holder[] => {
      const h = roleHolders(org, role);
      return [...h.users, ...h.groups.map((g) => ({ ...g, group: true as const }))];
    };
    const found = await this.find(person, wanted, today, lookup);
    if (found) return found;
    const names = listInWords(wanted.map((r) => ROLE_NAMES[r]), 'or');
    return { ok: false, code: 'NOT_YOUR_ROLE', message: `You are not set up as ${names} for this service, so you cannot do this. Ask your administrator if you think you should be.` };
  }

  /**
   * The first role (of `wanted`) this person holds on this case today: named on it, in a group
   * named on it, or the active deputy of a person named on it. `what` words the refusal: "Only this
   * case's Head of Service, or their deputy, can give this agreement." (the caller adds the rule).
   */
  async checkOnCase(person: Person, wanted: readonly CaseRole[], today: CalendarDate, state: CaseState, what = 'do this'): Promise<RoleCheck> {
    const org = this.organisation;
    // Someone the organisation file no longer names (a leaver) no longer acts on the cases they were
    // named on; their managers see those cases as needing a new person (removed-people.ts). Their
    // deputies still cover until then.
    const current = (role: CaseRole): Holder[] => caseHolders(org, state, role).filter((h) => h.group || !removedFromFile(org, state, h.id, role));
    const found = await this.find(person, wanted, today, current, (role) => caseHolders(org, state, role));
    if (found) return found;
    // The rule is shown beside the words by the caller (and "Not recorded." before them).
    const ownCaseOnly = wanted.includes('social-worker') && roleHolders(org, 'social-worker').users.some((u) => u.id === person.id);
    if (ownCaseOnly) return { ok: false, code: 'NOT_YOUR_CASE', message: `This case belongs to ${state.socialWorker.name}. Only they, ${caseRolesText(wanted.filter((r) => r !== 'social-worker'))}, or their deputies, can ${what}.` };
    return { ok: false, code: 'NOT_YOUR_ROLE', message: `Only ${caseRolesText(wanted)}, or their deputy, can ${what}.` };
  }

  /** Does this person hold this role on this case (named, by group, or as an active deputy)? Never throws for a directory outage: answers false. */
  async holdsOnCase(person: Person, role: CaseRole, today: CalendarDate, state: CaseState): Promise<boolean> {
    try {
      return (await this.checkOnCase(person, [role], today, state)).ok;
    } catch {
      return false;
    }
  }

  /**
   * The team a case opened by this person belongs to: the team they are a member of (named, or
   * through a team's group), else the team they manage, else the only team there is. Undefined
   * when none. A directory outage is thrown (DirectoryLookupError), for the caller to word.
   */
  async teamOf(personId: string): Promise<Team | undefined> {
    const org = this.organisation;
    const named = teamOfMember(org, personId);
    if (named) return named;
    const byGroup = async (part: 'members' | 'managers'): Promise<Team | undefined> => {
      const groups = org.teams.flatMap((t) => t[part].groups.map((g) => g.id));
      if (groups.length === 0 || !this.directory) return undefined;
      const mine = await this.directory.memberGroups(personId, groups);
      return org.teams.find((t) => t[part].groups.some((g) => mine.includes(g.id)));
    };
    return (await byGroup('members')) ?? teamsManagedBy(org, personId)[0] ?? (await byGroup('managers')) ?? (org.teams.length === 1 ? org.teams[0] : undefined);
  }

  private async find(person: Person, wanted: readonly CaseRole[], today: CalendarDate, holdersOf: (role: CaseRole) => Holder[], coveredOf = holdersOf): Promise<RoleCheck | undefined> {
    const org = this.organisation;
    const name = this.displayName(person.id, person.name);
    for (const role of wanted) {
      let holds: boolean;
      try {
        holds = await this.among(person.id, holdersOf(role));
      } catch (error) {
        return this.unavailable(error);
      }
      if (holds) return { ok: true, actor: { id: person.id, name, role } };
    }
    for (const role of wanted) {
      const holders = coveredOf(role);
      const covered = new Set(holders.filter((h) => !h.group).map((h) => h.id));
      const groups = holders.filter((h) => h.group);
      // The person covered may hold the part through an Entra group only: their deputy covers them there too.
      const deputyFor = [];
      for (const d of org.deputies) {
        if (d.role !== role || d.deputy.id !== person.id) continue;
        try {
          if (covered.has(d.for.id) || (groups.length > 0 && (await this.among(d.for.id, groups)))) deputyFor.push(d);
        } catch (error) {
          return this.unavailable(error);
        }
      }
      const active = deputyFor.find((d) => d.from <= today && today <= d.to);
      if (active) return { ok: true, actor: { id: person.id, name, role, onBehalfOf: { id: active.for.id, name: active.for.name } } };
      if (deputyFor.length > 0) {
        const d = deputyFor[0]!;
        return { ok: false, code: 'DEPUTY_OUT_OF_DATES', message: `You are ${d.for.name}'s deputy as ${ROLE_NAMES[role]} only from ${dateText(d.from)} to ${dateText(d.to)}, so you cannot act for them today.` };
      }
    }
    return undefined;
  }
}
