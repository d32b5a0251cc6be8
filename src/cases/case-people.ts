/**
 * Each case's own people: who they are when the case opens (from the organisation file), and who
 * holds each role on a case now. A case opened before its people were kept finds them from the
 * organisation as it stands.
 */
import { holdersText, partHolders, type CasePeople, type CaseRole, type CaseState, type Holder } from '../protocol';
import { Holders, Organisation, serviceOfTeam, Team, teamNamed, teamOfMember, teamsManagedBy } from './organisation';

export const holderList = (h: Holders): Holder[] => [...h.users.map((u) => ({ id: u.id, name: u.name })), ...h.groups.map((g) => ({ id: g.id, name: g.name, group: true as const }))];

/** The team a case of this social worker belongs to: theirs, or (for a manager opening one) the team they manage. */
export function teamForOpener(org: Organisation, personId: string, teamFromManager?: string): Team | undefined {
  return teamOfMember(org, personId) ?? (teamFromManager ? teamNamed(org, teamFromManager) : undefined) ?? teamsManagedBy(org, personId)[0] ?? (org.teams.length === 1 ? org.teams[0] : undefined);
}

/** A case's people as the organisation names them for a case of this team. */
export function peopleForTeam(org: Organisation, team: Team | undefined): CasePeople {
  const service = team ? serviceOfTeam(org, team.name) : undefined;
  return {
    team: team?.name ?? null,
    service: service?.name ?? null,
    teamManagers: team ? holderList(team.managers) : [],
    headsOfService: service ? holderList(service.headsOfService) : [],
    director: holderList(org.director),
    iroManager: holderList(org.iroService.manager),
  };
}

/**
 * The case's people: as kept on it, or (a case from before they were kept) as the organisation names
 * them now. The Director is always the council's, as the file names them now: there is one for every
 * case and the part cannot be handed over, so a Director kept from the day a case opened who has since
 * been replaced would leave the case waiting for an authorisation nobody may give.
 */
export function casePeopleOf(org: Organisation, state: CaseState): CasePeople {
  const kept = state.people ?? peopleForTeam(org, teamForOpener(org, state.socialWorker.id));
  return { ...kept, director: holderList(org.director) };
}

/**
 * The case as the protocol is to act on it: with the Director the file names now kept in its people
 * (casePeopleOf's rule), so what it records from them (the Cases list's Director column) names the
 * Director the case card, the escalations and the authority check name. Unchanged when they match.
 */
export function withDirectorNow(org: Organisation, state: CaseState): CaseState {
  if (!state.people) return state;
  const director = holderList(org.director);
  if (JSON.stringify(director) === JSON.stringify(state.people.director)) return state;
  return { ...state, people: { ...state.people, director } };
}

/** Who holds a role on this case now. The IRO, until one is named, is the IRO manager. */
export function caseHolders(org: Organisation, state: CaseState, role: CaseRole): Holder[] {
  return role === 'placement-team' ? holderList(org.placementTeam) : partHolders(state, casePeopleOf(org, state), role);
}

/** The case's people as the case card shows them: "Team manager: Pat Smith", "IRO: not known yet …". */
export function peopleFacts(org: Organisation, state: CaseState): { title: string; value: string }[] {
  const people = casePeopleOf(org, state);
  const facts: { title: string; value: string }[] = [];
  if (people.team) facts.push({ title: 'Team', value: people.service ? `${people.team} (${people.service})` : people.team });
  // The social worker who is a team manager too is never this case's team manager (R-SIGN-4: nobody agrees their own assessment).
  const managers = people.teamManagers.filter((h) => h.group || h.id !== state.socialWorker.id);
  const noneBut = managers.length === 0 && people.teamManagers.length > 0;
  const managersText = noneBut ? `nobody who may agree it, as ${state.socialWorker.name} is its social worker (R-SIGN-4): the Head of Service hands this part to another team manager` : holdersText(managers);
  facts.push({ title: managers.length > 1 ? 'Team managers' : 'Team manager', value: managersText });
  facts.push({ title: 'IRO', value: state.iro ? state.iro.name : `not known yet: ${holdersText(people.iroManager)} (IRO manager) until one is named` });
  facts.push({ title: 'Head of Service', value: holdersText(people.headsOfService) });
  facts.push({ title: 'Director', value: holdersText(people.director) });
  return facts;
}

/** The start form's choice for an IRO not known yet. */
export const NOT_KNOWN_IRO = 'not-known';

/** The IROs to choose from on the start form, after "Not known yet". */
export function iroChoices(org: Organisation): { title: string; value: string }[] {
  return [{ title: 'Not known yet (the IRO manager covers until one is named)', value: NOT_KNOWN_IRO }, ...org.iroService.iros.users.map((u) => ({ title: u.name, value: u.id }))];
}
