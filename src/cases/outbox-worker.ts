/**
 * The outbox worker: claims items under a lease, delivers them, and settles each — delivered,
 * retried later (honouring Retry-After, with back-off), or dead. Dead items stay visible
 * (`admin outbox status`) and can be replayed.
 *
 * Order is kept per case per lane (see outboxLane in src/ports/case-store.ts): a case's records
 * go out in order, and so do its messages (notices, approval requests), but the two lanes are
 * independent, since records do not depend on messages. A Teams message that is failing or dead
 * does not hold back the case's SharePoint records, nor a Graph outage its messages. The store's
 * claim enforces this, handing out at most one item per case per lane at a time.
 */
import { randomUUID } from 'node:crypto';
import type { OutboxItem } from '../ports/case-store';
import type { Outbox } from '../ports/outbox';
import { LeaseLostError } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import { errorFields, type Logger } from '../logging/logger';
import { HeldBackError, PermanentRecordError, SignInFailedError, ThrottledError, TransientRecordError } from '../ports/recorder';
import { RecipientUnreachableError } from '../ports/notifier';
import { backoffWithJitter } from './send-rate';
import { retryWait } from './retry-after';
import { failureStreak, STREAK_QUIET_MS } from './failure-streak';
import { SignInStreaks } from './sign-in-streaks';

export interface OutboxWorkerOptions {
  owner?: string;
  leaseMs?: number;
  batchSize?: number;
  /** After this many failed attempts an item goes to dead-letter. */
  maxAttempts?: number;
  /** Back-off for failures without Retry-After: base × 2^attempts, capped, with jitter (between half and all of it). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onError?: (error: unknown, item: OutboxItem) => void;
  /**
   * Where each failure (warn) and dead-lettering (error) is logged, with the item's effectId as
   * the correlation id, so one item can be followed across retries and instances. Only ids, kinds,
   * counts and the error's type are logged: never the payload (it can hold a child's details).
   */
  logger?: Logger;
  /**
   * Told of each item it gives up on (dead-lettered), after that is saved: to keep it with its case
   * for people to see. If it throws, that is logged; the item stays dead either way.
   */
  onDead?: (item: OutboxItem) => Promise<void>;
  /** Told how each claimed item settled (for metrics). */
  onSettled?: (settlement: OutboxSettlement) => void;
  /** Delivers several items in one go (records: a Graph $batch); used for the items `batchable` picks. */
  deliverBatch?: (items: OutboxItem[]) => Promise<void>;
  batchable?: (item: OutboxItem) => boolean;
}

export interface OutboxSettlement {
  effectId: string;
  kind: string;
  outcome: 'delivered' | 'retried' | 'dead';
  /** Attempts so far, this one included. */
  attempts: number;
  durationMs: number;
}

export interface DrainReport {
  delivered: number;
  retried: number;
  dead: number;
}

export class OutboxWorker {
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** While start() has items in hand: waits for them all to settle. */
  private settling: (() => Promise<unknown>) | null = null;
  private readonly opts: Required<Pick<OutboxWorkerOptions, 'leaseMs' | 'batchSize' | 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'>>;
  /** The bot's own sign-ins failing: told once a streak, not once an item. */
  private readonly signIns: SignInStreaks;

  constructor(
    private readonly store: Outbox,
    private readonly deliver: (item: OutboxItem, stillWorking: () => Promise<void>) => Promise<void>,
    private readonly clock: Clock,
    private readonly options: OutboxWorkerOptions = {},
  ) {
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.opts = {
      leaseMs: options.leaseMs ?? 30_000,
      batchSize: options.batchSize ?? 20,
      maxAttempts: options.maxAttempts ?? 12,
      backoffBaseMs: options.backoffBaseMs ?? 1_000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
    };
    this.signIns = new SignInStreaks(() => this.clock.now(), options.logger);
  }

  /** One pass: claim what is deliverable now and settle it. */
  async runOnce(): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, retried: 0, dead: 0 };
    await Promise.all(this.deliverClaimed(await this.claim(this.opts.batchSize), report).map((d) => d.settled));
    return report;
  }

  private claim(limit: number): Promise<OutboxItem[]> {
    const now = this.clock.now();
    return this.store.claimOutbox(this.owner, now.toISOString(), new Date(now.getTime() + this.opts.leaseMs).toISOString(), limit);
  }

  /** Starts settling claimed items; each with the promise of its settlement (a batch's items share one). */
  private deliverClaimed(items: OutboxItem[], report: DrainReport): Array<{ item: OutboxItem; settled: Promise<void> }> {
    const batch = this.options.deliverBatch ? items.filter((item) => this.options.batchable?.(item) ?? false) : [];
    if (batch.length > 1) {
      // Records of different cases go out in one request (a Graph $batch) where that saves requests.
      const batchSettled = this.settleBatch(batch, report);
      return items.map((item) => ({ item, settled: batch.includes(item) ? batchSettled : this.settle(item, report) }));
    }
    // Items of different cases, or of different lanes of one case, are independent: deliver them side by side.
    return items.map((item) => ({ item, settled: this.settle(item, report) }));
  }

  /**
   * A batch either goes through whole, or waits whole (throttling, outage: one Retry-After for
   * all), or — when something in it is refused for good — is taken apart so that only the bad
   * item is dead-lettered. Deliveries are idempotent, so re-sending a part that went through is safe.
   */
  private async settleBatch(items: OutboxItem[], report: DrainReport): Promise<void> {
    try {
      await this.options.deliverBatch!(items);
    } catch (error) {
      if (error instanceof PermanentRecordError) {
        for (const item of items) await this.settle(item, report);
        return;
      }
      await Promise.all(items.map((item) => this.settle(item, report, error)));
      return;
    }
    await Promise.all(items.map((item) => this.settle(item, report, undefined, true)));
  }

  private async settle(item: OutboxItem, report: DrainReport, batchError?: unknown, alreadyDelivered = false): Promise<void> {
    const started = Date.now();
    const settled = (outcome: OutboxSettlement['outcome']): void =>
      this.options.onSettled?.({ effectId: item.effectId, kind: item.kind, outcome, attempts: item.attempts + 1, durationMs: Date.now() - started });
    try {
      if (batchError !== undefined) throw batchError;
      if (!alreadyDelivered) {
        try {
          await this.deliver(item, () => this.stillWorking(item));
        } finally {
          this.progressAt.delete(item.effectId);
          this.leaseEnds.delete(item.effectId);
        }
      }
      await this.store.markDelivered(item.effectId, this.owner, this.clock.now().toISOString());
      report.delivered += 1;
      this.signIns.delivered(item);
      this.options.logger?.debug('outbox item delivered', { correlationId: item.effectId, caseId: item.caseId, kind: item.kind, attempts: item.attempts + 1, durationMs: Date.now() - started });
      settled('delivered');
    } catch (error) {
      if (error instanceof LeaseLostError) {
        // Another worker owns it now (our lease ran out while we worked).
        this.options.logger?.warn('outbox item lost its lease while being delivered; another instance has it', { correlationId: item.effectId, caseId: item.caseId, kind: item.kind, worker: this.owner });
        return;
      }
      this.options.onError?.(error, item);
      const permanent = error instanceof PermanentRecordError || error instanceof RecipientUnreachableError;
      // Held back by our own pacing, it was never sent: not an attempt, and no reason to give it up.
      const attempted = !(error instanceof HeldBackError);
      const dead = permanent || (attempted && item.attempts + 1 >= this.opts.maxAttempts);
      const backoff = backoffWithJitter(item.attempts, this.opts.backoffBaseMs, this.opts.backoffMaxMs);
      const wait = error instanceof TransientRecordError && error.retryAfterMs !== undefined ? retryWait(error.retryAfterMs) : backoff;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      try {
        await this.store.markFailed(item.effectId, this.owner, message.slice(0, 500), new Date(this.clock.now().getTime() + wait).toISOString(), dead, attempted);
      } catch (markError) {
        if (!(markError instanceof LeaseLostError)) throw markError;
      }
      // errorFields: the error's type, code and status, never its message (which can echo the payload).
      const fields = { correlationId: item.effectId, caseId: item.caseId, kind: item.kind, attempts: item.attempts + 1, permanent, ...errorFields(error) };
      if (dead) {
        report.dead += 1;
        this.options.logger?.error('outbox item dead-lettered: it will not be retried until replayed (npm run admin)', fields);
        settled('dead');
        try {
          await this.options.onDead?.(item);
        } catch (reportError) {
          this.options.logger?.error('a dead-lettered outbox item could not be reported on its case', { correlationId: item.effectId, caseId: item.caseId, ...errorFields(reportError) });
          this.options.onError?.(reportError, item);
        }
      } else {
        report.retried += 1;
        if (error instanceof SignInFailedError) {
          this.signIns.failed(error, item);
          this.options.logger?.debug('outbox item held back: the bot could not sign in', { ...fields, retryInMs: wait });
        } else if (error instanceof ThrottledError) {
          // A busy morning's ordinary throttling, not a failure: no warning and no stack for each item.
          // errorStatus tells throttling (429) from an outage that said when to come back (503).
          this.options.logger?.info('outbox item throttled by Teams or Microsoft Graph (429, or 503 with Retry-After); it goes when they said', {
            correlationId: item.effectId, caseId: item.caseId, kind: item.kind, errorName: error.name, errorStatus: error.status, retryInMs: wait,
          });
        } else this.options.logger?.warn('outbox item failed; it will be retried', { ...fields, retryInMs: wait });
        settled('retried');
      }
    }
  }

  /** Runs passes until nothing is deliverable right now (tests, admin replay). */
  async drain(maxPasses = 1000): Promise<DrainReport> {
    const total: DrainReport = { delivered: 0, retried: 0, dead: 0 };
    for (let pass = 0; pass < maxPasses; pass++) {
      const r = await this.runOnce();
      total.delivered += r.delivered;
      total.retried += r.retried;
      total.dead += r.dead;
      if (r.delivered + r.retried + r.dead === 0) break;
    }
    return total;
  }

  /**
   * Delivers continuously: up to `batchSize` items in hand at once, claiming more as soon as half
   * of them are settled rather than when the whole batch is, so an item that takes long (a message
   * held back up to 2 s by Teams' pacing, a slow upload) no longer holds back the items claimed with
   * it or the next ones. The store hands our own leased items back to us (it renews their lease), so
   * the claim asks for as many more as are in hand and leaves those out, including any that settle
   * while the claim waits for the disk (what it returned was read before they settled).
   */
  start(pollMs: number): void {
    /** Each item in hand: its settlement, and when it was claimed (the clock's milliseconds). */
    const inHand = new Map<string, { settled: Promise<void>; since: number }>();
    let claiming = false;
    let idle = false;
    /** Settlements so far: one during a claim may have let an item through that the claim did not see. */
    let settlements = 0;
    let soon: NodeJS.Immediate | null = null;
    // While the store is down every claim fails: told once, then every 15 minutes, and when it is over.
    const claims = failureStreak(() => this.clock.now());
    const report: DrainReport = { delivered: 0, retried: 0, dead: 0 };
    // Settlements in one turn of the event loop lead to one claim.
    const pumpSoon = (): void => {
      soon ??= setImmediate(() => {
        soon = null;
        pump();
      });
    };
    const pump = (): void => {
      if (this.timer === null || claiming) return;
      const room = this.opts.batchSize - inHand.size;
      // Claims come half a batch at a time (each one reads past the items waiting for later); once a
      // claim found nothing new, the next waits for the poll or for the hand to empty, as a batch did.
      if (room < Math.ceil(this.opts.batchSize / 2) || (idle && inHand.size > 0)) return;
      // A claim renews the lease of the items we hold: once one has been in hand for half a lease
      // (a delivery hanging), claim no more until it settles, so its lease runs out and another
      // instance can take it over, as when a batch waited for its slowest.
      if (this.holdsOneTooLong(inHand.entries())) return;
      claiming = true;
      const settledBefore = settlements;
      // Those in hand now, even if they settle before the claim returns (its rows are read now).
      const held = new Set(inHand.keys());
      const claimed = this.claim(room + held.size)
        .then((items) => {
          const outage = claims.succeeded();
          if (outage) {
            this.options.logger?.info('the outbox can read its work from the case store again; delivery goes on', { worker: this.owner, failedClaims: outage.failures, failingSince: outage.since.toISOString() });
          }
          const fresh = items.filter((item) => !held.has(item.effectId) && !inHand.has(item.effectId)).slice(0, room);
          const claimedAt = this.clock.now().getTime();
          for (const { item, settled } of this.deliverClaimed(fresh, report)) {
            const done = settled.finally(() => {
              inHand.delete(item.effectId);
              settlements += 1;
              if (inHand.size === 0) this.settling = null;
              // A settled item may let the next item of its case through.
              pumpSoon();
            });
            // Its settlement could not be saved (the store failing): it stays leased, and is claimed again once the lease runs out.
            inHand.set(item.effectId, {
              since: claimedAt,
              settled: done.catch((error: unknown) => {
                this.options.onError?.(error, item);
                this.options.logger?.warn('outbox worker could not settle an item; it will be tried again', { correlationId: item.effectId, worker: this.owner, ...errorFields(error) });
              }),
            });
          }
          if (inHand.size > 0) this.settling = () => Promise.all([...inHand.values()].map((held) => held.settled));
          return fresh.length;
        })
        .catch((error: unknown) => {
          this.options.onError?.(error, { effectId: '(claim)' } as OutboxItem);
          const news = claims.failed();
          if (news.tell === 'started') {
            this.options.logger?.warn(
              `the outbox cannot read its work from the case store, so no notices, approval requests or SharePoint records go out until it can. It tries again at every poll and logs when it succeeds (while it keeps failing, once every ${STREAK_QUIET_MS / 60_000} minutes). /readyz names what is wrong with the store`,
              { worker: this.owner, ...errorFields(error) },
            );
          } else if (news.tell === 'still') {
            this.options.logger?.warn('the outbox still cannot read its work from the case store: nothing is going out', { worker: this.owner, failedClaims: news.failures, failingSince: news.since.toISOString(), ...errorFields(error) });
          }
          return 0;
        })
        .then((found) => {
          claiming = false;
          if (this.timer === null) return;
          if (found > 0) idle = false;
          if (found > 0 || (settlements !== settledBefore && inHand.size === 0)) return pump();
          // Nothing new: look again after the poll, or once the items in hand have all settled.
          idle = true;
          clearTimeout(this.timer);
          this.timer = setTimeout(() => {
            idle = false;
            pump();
          }, pollMs);
        });
      this.running = claimed;
    };
    this.timer = setTimeout(pump, 0);
  }

  private holdsOneTooLong(inHand: Iterable<[string, { since: number }]>): boolean {
    const limit = this.clock.now().getTime() - this.opts.leaseMs / 2;
    // A delivery that said it is still working (stillWorking) is not hanging.
    for (const [effectId, held] of inHand) if (Math.max(held.since, this.progressAt.get(effectId) ?? 0) <= limit) return true;
    return false;
  }

  /** When each item in delivery last said it was still working, and the lease it then holds until (the clock's milliseconds). */
  private readonly progressAt = new Map<string, number>();
  private readonly leaseEnds = new Map<string, number>();

  /**
   * A delivery going on for long (a notice to a group of a thousand, one person at a time) keeps its
   * item: once less than two thirds of its lease is left, the lease is renewed for a whole one. Before,
   * one such notice ran near its 30-second lease, and past it another instance took the item over
   * and sent to the same people at the same time. Lost meanwhile (LeaseLostError), the delivery stops.
   */
  private async stillWorking(item: OutboxItem): Promise<void> {
    const now = this.clock.now().getTime();
    this.progressAt.set(item.effectId, now);
    const ends = this.leaseEnds.get(item.effectId) ?? (item.leaseUntil ? Date.parse(item.leaseUntil) : now);
    if (ends - now > (this.opts.leaseMs * 2) / 3) return;
    const until = now + this.opts.leaseMs;
    await this.store.renewLease(item.effectId, this.owner, new Date(until).toISOString());
    this.leaseEnds.set(item.effectId, until);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // The claim under way, then every item in hand, finish first.
    await this.running;
    await this.settling?.();
  }
}
