/**
 * Directory: who holds which role. Configured named users and/or Entra groups
 * (group membership from Graph checkMemberGroups, cached briefly).
 */
export type Role = 'social-worker' | 'team-manager' | 'head-of-service' | 'director' | 'iro' | 'placement-team';

export interface Directory {
  /** Entra group ids among `groupIds` that the user is a (transitive) member of. */
  memberGroups(objectId: string, groupIds: readonly string[]): Promise<string[]>;
}
