import type { Instant } from '../ports/case-store';

/** An instant the store was given that is not an ISO 8601 date-time with a zone. */
export class InvalidInstantError extends Error {
  readonly code = 'INVALID_INSTANT';
  constructor(readonly field: string, readonly value: string) {
    super(`${field} is not an ISO 8601 instant with a time zone: ${JSON.stringify(value.slice(0, 40))}`);
    this.name = 'InvalidInstantError';
  }
}

// A zone is required: a local time would mean a different instant on every server.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The one stored form of an instant: UTC `toISOString()` (24 characters, milliseconds), so
 * string comparison in SQL is time order. `+01:00` offsets and missing milliseconds are accepted
 * on the way in.
 */
export function normaliseInstant(value: Instant, field: string): Instant {
  // A sweep's commits all carry the instant it fired them at (thousands of times): the last one normalised is kept.
  if (value === last.value) return last.stored;
  const time = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidInstantError(field, value);
  const stored = new Date(time).toISOString();
  last = { value, stored };
  return stored;
}

let last: { value: string; stored: Instant } = { value: '1970-01-01T00:00:00.000Z', stored: '1970-01-01T00:00:00.000Z' };
