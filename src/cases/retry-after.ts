/**
 * Retry-After, as Teams (the Bot Connector) and Microsoft Graph send it: one reading of the header
 * for both, bounded where it is read. RFC 9110 (section 10.2.3) allows two forms: a whole number of
 * seconds (a decimal part, which Teams' reading always took, is kept), or an HTTP date, which starts
 * with the day's name ("Fri, 31 Dec 2026 23:59:59 GMT", and the two obsolete forms). Anything else
 * ("-5", "0x10", "1e13", "soon") is no Retry-After, so the caller backs off as it does without one.
 */

/**
 * The longest Retry-After honoured: the longest documented Teams rate window (an hour, send-rate.ts).
 * A longer one (a misbehaving proxy, a date years ahead) would hold a conversation or an outbox item
 * for ever, or past the last instant a Date can hold; capped, it is simply tried again in an hour.
 */
export const MAX_RETRY_AFTER_MS = 3_600_000;

const SECONDS = /^\d+(\.\d+)?$/;
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*[, ]/i;

/** The header's wait in milliseconds, from 0 to MAX_RETRY_AFTER_MS; undefined when there is none or it is neither form. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (SECONDS.test(text)) return retryWait(Math.round(Number(text) * 1000));
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : retryWait(at - now);
}

/** A wait that can be scheduled: never negative, never past MAX_RETRY_AFTER_MS (one not a number: the longest). */
export function retryWait(retryAfterMs: number): number {
  return Number.isNaN(retryAfterMs) ? MAX_RETRY_AFTER_MS : Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
}

/**
 * The wait after a 429 that said no Retry-After: Teams and Graph do not always send one, and
 * Microsoft's pages say to back off then. It is still throttling, not a failed try (an item tried
 * twelve times was given up, a busy half hour's messages dead-lettered), so it waits this long, with
 * jitter up to twice it so that many items do not come back together: Teams' 30-second window.
 */
export const WAIT_WITHOUT_RETRY_AFTER_MS = 30_000;

/** A wait between WAIT_WITHOUT_RETRY_AFTER_MS and twice it. */
export function waitWithoutRetryAfter(random: () => number = Math.random): number {
  return Math.round(WAIT_WITHOUT_RETRY_AFTER_MS * (1 + random()));
}
