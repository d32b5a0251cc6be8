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
import { HeldBackError, PermanentRecordError, TransientRecordError } from '../ports/recorder';
import { RecipientUnreachableError } from '../ports/notifier';
import { backoffWithJitter } from './send-rate';

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
  private readonly opts: Required<Pick<OutboxWorkerOptions, 'leaseMs' | 'batchSize' | 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'>>;

  constructor(
    private readonly store: Outbox,
    private readonly deliver: (item: OutboxItem) => Promise<void>,
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
  }

  /** One pass: claim what is deliverable now and settle it. */
  async runOnce(): Promise<DrainReport> {
    const report: DrainReport = { delivered: 0, retried: 0, dead: 0 };
    const now = this.clock.now();
    const items = await this.store.claimOutbox(this.owner, now.toISOString(), new Date(now.getTime() + this.opts.leaseMs).toISOString(), this.opts.batchSize);
    const batch = this.options.deliverBatch ? items.filter((item) => this.options.batchable?.(item) ?? false) : [];
    if (batch.length > 1) {
      // Records of different cases go out in one request (a Graph $batch) where that saves requests.
      const rest = items.filter((item) => !batch.includes(item));
      await Promise.all([this.settleBatch(batch, report), ...rest.map((item) => this.settle(item, report))]);
      return report;
    }
    // Items of different cases, or of different lanes of one case, are independent: deliver them side by side.
    await Promise.all(items.map((item) => this.settle(item, report)));
    return report;
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
      if (!alreadyDelivered) await this.deliver(item);
      await this.store.markDelivered(item.effectId, this.owner, this.clock.now().toISOString());
      report.delivered += 1;
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
      const wait = error instanceof TransientRecordError && error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, 0) : backoff;
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
        this.options.logger?.warn('outbox item failed; it will be retried', { ...fields, retryInMs: wait });
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

  start(pollMs: number): void {
    const tick = () => {
      this.running = this.runOnce()
        .then((r) => r.delivered + r.retried + r.dead)
        .catch((error: unknown) => {
          this.options.onError?.(error, { effectId: '(claim)' } as OutboxItem);
          this.options.logger?.warn('outbox worker could not claim work; it will try again', { worker: this.owner, ...errorFields(error) });
          return 0;
        })
        .then((worked) => {
          // Keep going at once while there is work; otherwise wait for the next poll.
          if (this.timer !== null) this.timer = setTimeout(tick, worked > 0 ? 0 : pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
