/**
 * Directory on Entra ID: transitive group membership from Graph checkMemberGroups (at most 20 group
 * ids per call, so larger sets are split), cached per (user, group set) for a short while so a burst
 * of card clicks costs one call. A user Graph does not know (404) is in no groups.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { Directory, DirectoryLookupError } from '../../ports/directory';
import { describeThrown } from './graph-failure';

/** Re-exported where it was first defined; the type lives with the Directory port. */
export { DirectoryLookupError };

export interface GraphDirectoryConfig {
  client: Client;
  /** How long an answer is reused. Default 5 minutes. */
  cacheTtlMs?: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

const MAX_GROUP_IDS_PER_CALL = 20;
const RETRYABLE = new Set([-1, 401, 408, 429, 500, 502, 503, 504]);

export function createGraphDirectory(config: GraphDirectoryConfig): Directory & { clearCache(): void } {
  const ttl = config.cacheTtlMs ?? 5 * 60_000;
  const now = config.now ?? Date.now;
  const cache = new Map<string, { groups: string[]; expires: number }>();
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
    if (cached && cached.expires > now()) return unique.filter((id) => cached.groups.includes(id.toLowerCase()));
    const pending = inFlight.get(key);
    if (pending) return pending;
    const lookup = lookUp(objectId, unique)
      .then((groups) => {
        cache.set(key, { groups: groups.map((g) => g.toLowerCase()), expires: now() + ttl });
        return groups;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, lookup);
    return lookup;
  }

  return { memberGroups, clearCache: () => cache.clear() };
}
