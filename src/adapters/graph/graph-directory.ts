/**
 * Directory on Entra ID: transitive group membership from Graph checkMemberGroups (at most 20 group
 * ids per call, so larger sets are split), cached per (user, group set) for a short while so a burst
 * of card clicks costs one call. A user Graph does not know (404) is in no groups. Also a group's
 * people (transitiveMembers, every page, cached briefly) and a person's manager.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { Directory, DirectoryLookupError } from '../../ports/directory';
import { ExpiringCache } from './expiring-cache';
import { describeThrown } from './graph-failure';
import { nextPagePath } from './next-page';

/** Re-exported where it was first defined; the type lives with the Directory port. */
export { DirectoryLookupError };

export interface GraphDirectoryConfig {
  client: Client;
  /** How long an answer is reused. Default 5 minutes. */
  cacheTtlMs?: number;
  /** Membership answers kept at once (one per person and group set); the oldest go first beyond it. Default 5,000. */
  maxMembershipAnswers?: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

const MAX_GROUP_IDS_PER_CALL = 20;
const RETRYABLE = new Set([-1, 401, 408, 429, 500, 502, 503, 504]);

/** Groups whose members are kept at once: the oldest answer is forgotten first beyond this. */
const MEMBER_LISTS_KEPT = 200;
/** Membership answers kept at once: a few per person who has clicked in the last TTL. */
const MEMBERSHIP_ANSWERS_KEPT = 5_000;
/** Transitive members a page (Graph allows up to 999). */
const MEMBERS_PAGE = 999;

export function createGraphDirectory(config: GraphDirectoryConfig): Required<Directory> & { clearCache(): void; readonly cachedAnswers: number } {
  const ttl = config.cacheTtlMs ?? 5 * 60_000;
  const now = config.now ?? Date.now;
  const cache = new ExpiringCache<string[]>({ ttlMs: ttl, maxEntries: config.maxMembershipAnswers ?? MEMBERSHIP_ANSWERS_KEPT, now });
  const inFlight = new Map<string, Promise<string[]>>();

  async function lookUp(objectId: string, groupIds: readonly string[]): Promise<string[]> {
    const member = new Set<string>();
    for (let start = 0; start < groupIds.length; start += MAX_GROUP_IDS_PER_CALL) {
      const chunk = groupIds.slice(start, start + MAX_GROUP_IDS_PER_CALL);
      let reply: unknown;
      try {
        reply = await config.client.api(`/users/${encodeURIComponent(objectId)}/checkMemberGroups`).post({ groupIds: chunk });
      } catch (error) {
        const failure = describeThrown(error);
        if (failure.status === 404) return [];
        const detail = failure.status === -1 ? `no response (${failure.code})` : `HTTP ${failure.status} ${failure.code}`;
        throw new DirectoryLookupError(`Checking group membership: ${detail}`, RETRYABLE.has(failure.status), failure.retryAfterMs);
      }
      const value = typeof reply === 'object' && reply !== null ? (reply as { value?: unknown }).value : undefined;
      if (Array.isArray(value)) for (const id of value) if (typeof id === 'string') member.add(id.toLowerCase());
    }
    // Answer in the caller's spelling and order.
    return groupIds.filter((id) => member.has(id.toLowerCase()));
  }

  async function memberGroups(objectId: string, groupIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(groupIds)];
    if (unique.length === 0) return [];
    const key = `${objectId.toLowerCase()}|${[...unique].map((id) => id.toLowerCase()).sort().join(',')}`;
    const cached = cache.get(key);
    if (cached) return unique.filter((id) => cached.includes(id.toLowerCase()));
    const pending = inFlight.get(key);
    if (pending) return pending;
    const lookup = lookUp(objectId, unique)
      .then((groups) => {
        cache.set(key, groups.map((g) => g.toLowerCase()));
        return groups;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, lookup);
    return lookup;
  }

  function lookupError(what: string, error: unknown): DirectoryLookupError {
    const failure = describeThrown(error);
    const detail = failure.status === -1 ? `no response (${failure.code})` : `HTTP ${failure.status} ${failure.code}`;
    return new DirectoryLookupError(`${what}: ${detail}`, RETRYABLE.has(failure.status), failure.retryAfterMs);
  }

  const members = new ExpiringCache<{ id: string; name: string }[]>({ ttlMs: ttl, maxEntries: MEMBER_LISTS_KEPT, now });

  /** The users in a group, through nested groups, every page of them; cached briefly, the oldest forgotten first. */
  async function groupMembers(groupId: string): Promise<{ id: string; name: string }[]> {
    const key = groupId.toLowerCase();
    const cached = members.get(key);
    if (cached) return cached;
    const people: { id: string; name: string }[] = [];
    let next: string | undefined = `/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=id,displayName&$top=${MEMBERS_PAGE}`;
    while (next) {
      let page: { value?: unknown };
      try {
        page = (await config.client.api(next).get()) as typeof page;
      } catch (error) {
        throw lookupError('Listing a group\'s members', error);
      }
      for (const item of Array.isArray(page.value) ? page.value : []) {
        const o = item as { '@odata.type'?: unknown; id?: unknown; displayName?: unknown };
        // Nested groups are listed too; only people are messaged.
        if (o['@odata.type'] === '#microsoft.graph.user' && typeof o.id === 'string') people.push({ id: o.id, name: typeof o.displayName === 'string' ? o.displayName : o.id });
      }
      next = nextPagePath(page);
    }
    members.set(key, people);
    return people;
  }

  async function managerOf(objectId: string): Promise<string | null> {
    try {
      const reply = (await config.client.api(`/users/${encodeURIComponent(objectId)}/manager`).select('id').get()) as { id?: unknown };
      return typeof reply.id === 'string' ? reply.id : null;
    } catch (error) {
      if (describeThrown(error).status === 404) return null;
      throw lookupError('Finding a manager', error);
    }
  }

  return {
    get cachedAnswers() {
      return cache.size;
    },
    memberGroups,
    groupMembers,
    managerOf,
    clearCache: () => {
      cache.clear();
      members.clear();
    },
  };
}
