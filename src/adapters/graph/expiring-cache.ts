/**
 * A small map whose answers expire and whose size is bounded, for the directory's lookups:
 * without both, a long-running bot would keep one entry per (person, group set) it was ever asked
 * about. Least recently written first out; an expired entry is never answered and is dropped when seen.
 */
export interface ExpiringCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now: () => number;
}

export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly options: ExpiringCacheOptions) {
    if (!(options.maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > this.options.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    const now = this.options.now();
    // Re-inserted so that Map order stays the order of writing (and so of expiry, the TTL being fixed).
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.options.ttlMs });
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && entry.expires > now) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
