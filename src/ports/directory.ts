/**
 * Directory: who holds which role. Configured named users and/or Entra groups
 * (group membership from Graph checkMemberGroups, group members from transitiveMembers, a
 * person's manager; cached briefly).
 */
export interface Directory {
  /**
   * Entra group ids among `groupIds` that the user is a (transitive) member of.
   * Throws DirectoryLookupError when membership cannot be checked right now.
   */
  memberGroups(objectId: string, groupIds: readonly string[]): Promise<string[]>;
  /**
   * The people in a group, transitively (nested groups included), for messaging a role held
   * through it. Throws DirectoryLookupError when they cannot be listed right now.
   */
  groupMembers?(groupId: string): Promise<{ id: string; name: string }[]>;
  /** The Entra object id of a person's manager, or null when none is set. */
  managerOf?(objectId: string): Promise<string | null>;
}

/**
 * Group membership could not be checked (the directory throttled, was unavailable or refused).
 * `retryable`: the same question may be answered later (throttling, outage); `retryAfterMs` when known.
 */
export class DirectoryLookupError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DirectoryLookupError';
  }
}
