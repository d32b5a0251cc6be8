/**
 * How fast the bot may post into one Teams conversation (a 1:1 chat or a channel thread).
 * Microsoft documents per-bot-per-thread limits ("Optimize your bot with rate limiting in Teams",
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): 7 operations a
 * second, 8 in 2 seconds, 60 in 30 seconds and 1,800 an hour; past them Teams answers 429.
 * Keeping under them here means a busy approver (many cases at once) is not throttled; a 429
 * that still comes (another instance, changed limits) is honoured by the caller with Retry-After.
 *
 * Counted per instance: with several instances each keeps its own count, and Teams' 429 is the backstop.
 */
import { retryWait } from './retry-after';

export interface RateWindow {
  /** Window length in milliseconds. */
  ms: number;
  /** Operations allowed in any window of that length. */
  max: number;
}

/** The documented per-bot, per-conversation limits (rate-limit page above). */
export const TEAMS_PER_CONVERSATION: readonly RateWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

/**
 * The outbox's share of those limits. Teams counts every post to the conversation, the bot's replies
 * to what the person types as well ("All requests are subject to the same rate limiting policy"),
 * and those replies are sent by the thread answering people, which this count does not see. So the
 * outbox leaves room for a person's own typing (two replies a second, ten in 30 seconds, a hundred
 * an hour): a busy approver sent a burst of requests who types 'my cases' still gets the answer,
 * and the burst is not refused with 429 because of it.
 */
export const OUTBOX_PER_CONVERSATION: readonly RateWindow[] = [
  { ms: 1_000, max: 5 },
  { ms: 2_000, max: 6 },
  { ms: 30_000, max: 50 },
  { ms: 3_600_000, max: 1_700 },
];

/**
 * The app's limit in the tenant, every conversation together: 50 requests a second (same page).
 * The outbox keeps to 40, leaving the rest for the bot's replies to people typing meanwhile.
 */
export const OUTBOX_PER_APP: readonly RateWindow[] = [{ ms: 1_000, max: 40 }];

/** The one key the app-wide rate is counted under. */
export const WHOLE_APP = '(the app in the tenant)';

export class SendRate {
  private readonly sent = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly longest: number;

  constructor(
    private readonly windows: readonly RateWindow[] = TEAMS_PER_CONVERSATION,
    private readonly now: () => number = Date.now,
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /**
   * Takes a slot for one post to `conversation` now if every window has room (returns 0), or
   * returns how many milliseconds to wait before asking again (nothing is taken then).
   */
  take(conversation: string): number {
    return this.takeAt(conversation).wait;
  }

  /** As take(), also saying when the slot was taken (for settle()). */
  takeAt(conversation: string): { wait: number; at: number } {
    const now = this.now();
    const blocked = this.blockedUntil.get(conversation) ?? 0;
    if (blocked > now) return { wait: blocked - now, at: now };
    const times = (this.sent.get(conversation) ?? []).filter((t) => t > now - this.longest);
    let wait = 0;
    for (const window of this.windows) {
      const inWindow = times.filter((t) => t > now - window.ms);
      // The oldest post in the window that must drop out for one more to fit.
      if (inWindow.length >= window.max) wait = Math.max(wait, inWindow[inWindow.length - window.max]! + window.ms - now);
    }
    if (wait === 0) times.push(now);
    if (times.length === 0) this.sent.delete(conversation);
    else this.sent.set(conversation, times);
    return { wait, at: now };
  }

  /**
   * The post taken at `takenAt` has been answered: count it from now instead. Teams counts a post
   * when it arrives, which is after it was taken here; counting from the answer keeps this side
   * the stricter one.
   */
  settle(conversation: string, takenAt: number): void {
    const times = this.sent.get(conversation);
    const index = times?.indexOf(takenAt) ?? -1;
    if (times && index >= 0) {
      times.splice(index, 1);
      times.push(this.now());
      times.sort((x, y) => x - y);
    }
  }

  /** Teams said 429 with Retry-After: nothing more to this conversation until then. */
  holdOff(conversation: string, ms: number): void {
    this.blockedUntil.set(conversation, Math.max(this.blockedUntil.get(conversation) ?? 0, this.now() + retryWait(ms)));
  }
}

/**
 * Exponential back-off with jitter (a random wait between half and all of the exponential bound),
 * as the rate-limit page asks, so that retries from many items do not arrive together.
 */
export function backoffWithJitter(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const bound = Math.min(maxMs, baseMs * 2 ** attempts);
  // Never less than half the bound: a retry straight away would only meet the same outage.
  return Math.round(bound / 2 + random() * (bound / 2));
}
