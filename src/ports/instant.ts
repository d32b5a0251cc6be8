/**
 * ISO 8601 instant, e.g. 2026-03-02T09:15:00.000Z. Adapters normalise every instant they store
 * to UTC `toISOString()` form (so stored instants compare correctly as strings) and reject
 * strings that are not instants.
 */
export type Instant = string;
