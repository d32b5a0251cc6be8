/**
 * Handing a case over (issue 11), the organisation's side: who may do it, who may take each part,
 * and the lists the form offers. Checked on the server from the caller's Entra object id against
 * the organisation file as it stands; nothing on the card is trusted.
 */
import type { CalendarDate, CasePeople, CaseState, HandoverRole, Holder, Person } from '../protocol';
import { HANDOVER_ROLES, handoverRoleName, identitiesOf, partsToHandOver } from '../protocol';
import type { Actor } from '../protocol';
import type { Authority, RoleCheck } from './authority';
import { casePeopleOf, holderList } from './case-people';
import { namedPeople, type Organisation, type Team, teamNamed } from './organisation';

/** The teams of the case's service (its own team first), or its own team alone when it has no service. */
function serviceTeams(org: Organisation, people: CasePeople): Team[] {
  const own = people.team ? teamNamed(org, people.team) : undefined;
  const service = people.service ? org.services.find((s) => s.name === people.service) : undefined;
  const others = (service?.teams ?? []).filter((name) => name !== own?.name).map((name) => teamNamed(org, name)).filter((t): t is Team => t !== undefined);
  return own ? [own, ...others] : others;
}

const unique = (people: readonly Person[]): Person[] => [...new Map(people.map((p) => [p.id, { id: p.id, name: p.name }])).values()];

/**
 * Who may take a part on this case: named for it in the organisation file. A social worker or team
 * manager of the case's team or another team of its service; any Head of Service; an IRO of the
 * IRO service. People known only through an Entra group are not offered: name them in the file.
 */
export function candidates(org: Organisation, state: CaseState, role: HandoverRole): Person[] {
  const teams = serviceTeams(org, casePeopleOf(org, state));
  switch (role) {
    case 'social-worker':
      return unique(teams.flatMap((t) => t.members.users));
    case 'team-manager':
      return unique(teams.flatMap((t) => t.managers.users));
    case 'head-of-service':
      return unique(org.services.flatMap((s) => s.headsOfService.users));
    case 'iro':
      return unique(org.iroService.iros.users);
  }
}

function whereText(org: Organisation, state: CaseState, role: HandoverRole): string {
  const people = casePeopleOf(org, state);
  const within = people.service ? `${people.team ?? 'this case’s team'} or another team of ${people.service}` : (people.team ?? 'this case’s team');
  switch (role) {
    case 'social-worker':
      return `a social worker of ${within}`;
    case 'team-manager':
      return `a team manager of ${within}`;
    case 'head-of-service':
      return 'a Head of Service';
    case 'iro':
      return 'an IRO of the IRO service';
  }
}

export type NewHolderCheck = { ok: true; person: Person } | { ok: false; message: string };

/** The person chosen, if the organisation file names them for that part on this case. */
export function checkNewHolder(org: Organisation, state: CaseState, role: string, personId: string): NewHolderCheck {
  if (!(HANDOVER_ROLES as readonly string[]).includes(role)) return { ok: false, message: 'Choose which part of the case to hand over: social worker, team manager, IRO or Head of Service.' };
  const part = role as HandoverRole;
  const found = candidates(org, state, part).find((p) => p.id === personId);
  if (found) return { ok: true, person: found };
  const name = namedPeople(org).get(personId)?.name;
  const who = name ?? 'The person chosen';
  return { ok: false, message: `${who} is not ${whereText(org, state, part)} in the organisation file, so the case cannot be handed to them as its ${handoverRoleName(part)}. Choose someone from the list.` };
}

const merge = (a: readonly Holder[], b: readonly Holder[]): Holder[] => [...a, ...b.filter((h) => !a.some((x) => x.id === h.id))];

/**
 * Who may hand this case over: its team manager or Head of Service, as named on the case or as the
 * organisation file names them for its team or service now (a manager who has just joined takes
 * over a leaver's cases), or their deputy within their dates. Anyone else is refused, saying who may.
 */
export async function mayHandOver(authority: Authority, person: Person, state: CaseState, today: CalendarDate): Promise<RoleCheck> {
  const org = authority.organisation;
  const people = casePeopleOf(org, state);
  const team = people.team ? teamNamed(org, people.team) : undefined;
  const service = people.service ? org.services.find((s) => s.name === people.service) : undefined;
  const withCurrentManagers: CaseState = {
    ...state,
    people: {
      ...people,
      teamManagers: merge(people.teamManagers, team ? holderList(team.managers) : []),
      headsOfService: merge(people.headsOfService, service ? holderList(service.headsOfService) : []),
    },
  };
  return authority.checkOnCase(person, ['team-manager', 'head-of-service'], today, withCurrentManagers, 'hand this case over');
}

/** The form's lists: the parts this person may hand over, and everyone who could take one of them (named with their part). */
export function handoverChoices(org: Organisation, state: CaseState, by: Pick<Actor, 'id' | 'onBehalfOf'>): { roles: { title: string; value: string }[]; people: { title: string; value: string }[] } {
  const parts = partsToHandOver(state, identitiesOf(by));
  const roles = parts.map((r) => ({ title: handoverRoleName(r).replace(/^./, (c) => c.toUpperCase()), value: r }));
  const byId = new Map<string, { name: string; parts: string[] }>();
  for (const r of parts) {
    for (const p of candidates(org, state, r)) {
      const known = byId.get(p.id) ?? { name: p.name, parts: [] };
      known.parts.push(handoverRoleName(r));
      byId.set(p.id, known);
    }
  }
  const people = [...byId.entries()].map(([id, p]) => ({ title: `${p.name} (${p.parts.join(', ')})`, value: id })).sort((a, b) => a.title.localeCompare(b.title));
  return { roles, people };
}
