/** The people and roles of a case. Authority is verified in src/cases before an event reaches the protocol. */
import { listInWords } from './list-in-words';

export const CASE_ROLES = ['social-worker', 'team-manager', 'head-of-service', 'director', 'iro', 'placement-team'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

export const ROLE_NAMES: Record<CaseRole, string> = {
  'social-worker': 'social worker',
  'team-manager': 'team manager',
  'head-of-service': 'Head of Service',
  director: 'Director',
  iro: 'Independent Reviewing Officer',
  'placement-team': "Children's Placement Team",
};

/** A person, by Entra object id, with the display name shown on cards and in the audit trail. */
export interface Person {
  id: string;
  name: string;
}

/** Who is acting, in which role, and (for a deputy) on whose behalf. */
export interface Actor extends Person {
  role: CaseRole | 'system';
  onBehalfOf?: Person;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'Reminder service', role: 'system' };

/** Both ids an actor stands for: their own and, for a deputy, the principal's. */
export function identitiesOf(actor: { id: string; onBehalfOf?: Person | undefined }): string[] {
  return actor.onBehalfOf ? [actor.id, actor.onBehalfOf.id] : [actor.id];
}

/** Someone who holds a part on a case: a person, or an Entra group whose members hold it together. */
export interface Holder extends Person {
  group?: true;
}

/** Who holds a part, by name: "Pat Smith", "Pat Smith or Lee Jones", "the Assessment Team managers (group)"; "nobody named". */
export function holdersText(holders: readonly Holder[], joinWith: 'and' | 'or' = 'and'): string {
  if (holders.length === 0) return 'nobody named';
  return listInWords(holders.map((h) => (h.group ? `${h.name} (group)` : h.name)), joinWith);
}

/**
 * The case's own managers, fixed when it opens from the organisation file and changed only by a
 * handover: the team the social worker belongs to, its team manager(s), its service's Head(s) of
 * Service, the Director, and who covers the IRO until one is named (the IRO manager).
 */
export interface CasePeople {
  team: string | null;
  service: string | null;
  teamManagers: Holder[];
  headsOfService: Holder[];
  director: Holder[];
  iroManager: Holder[];
}
