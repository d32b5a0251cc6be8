/**
 * Work repeated on a poll (the outbox's claim, the scheduler's sweep) fails at every poll while
 * the case store is down: logging each failure wrote a warning with a stack every few seconds for
 * as long as the outage lasted, and nothing said when it was over. A streak is told once when it
 * starts, then once every `quietMs` while it lasts, and once more when the work succeeds again.
 */

/** What to log after a failure: nothing, the start of a streak, or that it is still going on. */
export type FailureNews = { tell: 'nothing' } | { tell: 'started' } | { tell: 'still'; failures: number; since: Date };

export interface FailureStreak {
  failed(): FailureNews;
  /** After a success: how the streak it ended went, or undefined when there was none. */
  succeeded(): { failures: number; since: Date } | undefined;
}

/** Repeats of a failing streak are told at most once in this long (15 minutes). */
export const STREAK_QUIET_MS = 15 * 60_000;

export function failureStreak(now: () => Date, quietMs = STREAK_QUIET_MS): FailureStreak {
  let streak: { failures: number; since: Date; lastTold: number } | undefined;
  return {
    failed() {
      const at = now();
      if (!streak) {
        streak = { failures: 1, since: at, lastTold: at.getTime() };
        return { tell: 'started' };
      }
      streak.failures += 1;
      if (at.getTime() - streak.lastTold < quietMs) return { tell: 'nothing' };
      streak.lastTold = at.getTime();
      return { tell: 'still', failures: streak.failures, since: streak.since };
    },
    succeeded() {
      const ended = streak;
      streak = undefined;
      return ended && { failures: ended.failures, since: ended.since };
    },
  };
}
