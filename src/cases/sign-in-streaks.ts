/**
 * The bot's sign-in to Microsoft Graph or the Bot Framework failing (a client secret expired or
 * replaced, a certificate not accepted): every item of a lane then fails the same way at every
 * poll. Operators are told once when it starts, in words naming the settings, again every 15
 * minutes while it lasts, and once when an item of that lane goes through again (failure-streak.ts).
 */
import type { Logger } from '../logging/logger';
import { outboxLane, type OutboxItem, type OutboxLane } from '../ports/outbox';
import type { SignInFailedError } from '../ports/recorder';
import { failureStreak, type FailureStreak } from './failure-streak';

export class SignInStreaks {
  private readonly streaks = new Map<string, { lanes: Set<OutboxLane>; streak: FailureStreak }>();

  constructor(private readonly now: () => Date, private readonly logger: Logger | undefined, private readonly quietMs?: number) {}

  failed(error: SignInFailedError, item: OutboxItem): void {
    let entry = this.streaks.get(error.service);
    if (!entry) {
      entry = { lanes: new Set(), streak: failureStreak(this.now, this.quietMs) };
      this.streaks.set(error.service, entry);
    }
    entry.lanes.add(outboxLane(item.kind));
    const news = entry.streak.failed();
    const kept = 'Nothing is lost: what waits in the outbox is kept and tried again every minute, never given up on, and goes out once the sign-in works.';
    if (news.tell === 'started') this.logger?.error(`The bot cannot sign in to ${error.service}: ${error.advice}. ${kept}`, { correlationId: item.effectId, kind: item.kind });
    else if (news.tell === 'still') {
      this.logger?.error(`The bot still cannot sign in to ${error.service} (${news.failures} failed tries since ${news.since.toISOString()}): ${error.advice}. ${kept}`, { failures: news.failures });
    }
  }

  /** An item delivered: the sign-ins its lane needs work again. */
  delivered(item: OutboxItem): void {
    const lane = outboxLane(item.kind);
    for (const [service, entry] of this.streaks) {
      if (!entry.lanes.has(lane)) continue;
      const ended = entry.streak.succeeded();
      this.streaks.delete(service);
      if (ended) this.logger?.info(`The bot signs in to ${service} again: what waited in the outbox is being sent.`, { failures: ended.failures, failingSince: ended.since.toISOString() });
    }
  }
}
