/**
 * A fictional council's organisation file, shaped like a real one: 8 teams of 5 social workers
 * (one team's members through an Entra group), 8 team managers, 3 services (one whose Heads of
 * Service are an Entra group of two), 6 IROs and an IRO manager, a Director, the placement team,
 * and deputies (one active in March 2026, one whose dates have passed). Every name is made up.
 */
import type { Person } from '../src/protocol';

/** Object ids are GUIDs, as Entra's are (the local Graph server checks). */
export const guid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const TEAM_NAMES = [
  'Assessment North',
  'Assessment South',
  'Children in Need East',
  'Children in Need West',
  'Child Protection One',
  'Child Protection Two',
  'Children in Care',
  'Care Leavers and 16+',
];
const FIRST = ['Ada', 'Ben', 'Cal', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];

const person = (n: number, name: string): Person => ({ id: guid(n), name });

/** team i (0-7): its manager and its five social workers. */
export const TEAMS = TEAM_NAMES.map((name, i) => ({
  name,
  manager: person(100 + i, `${FIRST[i]} Manager`),
  workers: Array.from({ length: 5 }, (_, j) => person(1000 + i * 10 + j, `${FIRST[(i + j) % FIRST.length]} Worker ${i}${j}`)),
}));

/** Team 3's members are an Entra group (its people listed only there). */
export const TEAM_3_GROUP = { id: guid(9003), name: 'CIN West social workers' };
/** The Heads of Service of the Children in Need and Protection service: an Entra group of two. */
export const CIN_CP_HOS_GROUP = { id: guid(9010), name: 'CIN and CP Heads of Service' };
export const HOS_IN_GROUP = [person(201, 'Nia Head'), person(202, 'Omar Head')];

export const HOS = {
  earlyHelp: person(200, 'Hana Head'),
  care: person(203, 'Cara Head'),
};
export const SERVICES = {
  earlyHelp: { name: 'Early Help and Assessment', teams: [0, 1] },
  cinCp: { name: 'Children in Need and Protection', teams: [2, 3, 4, 5] },
  care: { name: 'Children in Care and Care Leavers', teams: [6, 7] },
};

export const IROS = Array.from({ length: 6 }, (_, i) => person(300 + i, `${FIRST[i]} Reviewer`));
export const IRO_MANAGER = person(310, 'Imogen Iro-Manager');
export const DIRECTOR = person(400, 'Dominic Director');
export const DIRECTOR_DEPUTY = person(401, 'Daisy Deputy-Director');
/** Covers team 0's manager from 2 to 6 March 2026. */
export const TM_DEPUTY = person(402, 'Tom Acting-Manager');
/** Was the Early Help Head of Service's deputy in January only. */
export const LAPSED_DEPUTY = person(403, 'Lou Lapsed');
export const PLACEMENT_TEAM = [person(500, 'Pip Placements'), person(501, 'Quinn Placements')];

const users = (people: Person[]) => ({ users: people });

export const REALISTIC_ORGANISATION = {
  teams: TEAMS.map((t, i) =>
    i === 3
      ? { name: t.name, managers: users([t.manager]), members: { groups: [TEAM_3_GROUP] } }
      : { name: t.name, managers: users([t.manager]), members: users(t.workers) },
  ),
  services: [
    { name: SERVICES.earlyHelp.name, headsOfService: users([HOS.earlyHelp]), teams: SERVICES.earlyHelp.teams.map((i) => TEAM_NAMES[i]!) },
    { name: SERVICES.cinCp.name, headsOfService: { groups: [CIN_CP_HOS_GROUP] }, teams: SERVICES.cinCp.teams.map((i) => TEAM_NAMES[i]!) },
    { name: SERVICES.care.name, headsOfService: users([HOS.care]), teams: SERVICES.care.teams.map((i) => TEAM_NAMES[i]!) },
  ],
  iroService: { iros: users(IROS), manager: users([IRO_MANAGER]) },
  director: users([DIRECTOR]),
  placementTeam: users(PLACEMENT_TEAM),
  deputies: [
    { role: 'director', deputy: DIRECTOR_DEPUTY, for: DIRECTOR, from: '2026-03-01', to: '2026-03-31' },
    { role: 'team-manager', deputy: TM_DEPUTY, for: TEAMS[0]!.manager, from: '2026-03-02', to: '2026-03-06' },
    { role: 'head-of-service', deputy: LAPSED_DEPUTY, for: HOS.earlyHelp, from: '2026-01-01', to: '2026-01-31' },
  ],
  people: [...TEAMS[3]!.workers, ...HOS_IN_GROUP],
};

/**
 * The same council in the earlier shape (one list of holders per role): how it was set up before
 * each case had its own people. Group-held roles are left out, as that shape could not message them.
 */
export const REALISTIC_AS_ROLES = {
  roles: {
    'social-worker': users(TEAMS.flatMap((t) => t.workers)),
    'team-manager': users(TEAMS.map((t) => t.manager)),
    'head-of-service': users([HOS.earlyHelp, ...HOS_IN_GROUP, HOS.care]),
    director: users([DIRECTOR]),
    iro: users(IROS),
    'placement-team': users(PLACEMENT_TEAM),
  },
  deputies: REALISTIC_ORGANISATION.deputies,
};
