/**
 * The scheduler: due deadlines become DeadlineReached events on the same path as a person's
 * command. The deadline is marked fired in the same commit as the reminder it causes, and the
 * command key names the deadline and its due time, so a restart neither loses nor repeats one.
 *
 * A sweep takes the due deadlines a batch at a time (oldest first, each with its case's other due
 * deadlines: due-batch.ts) and hands each batch to the case service, which saves all of it in one
 * store batch: on SQLite one transaction, so one fsync per batch rather than one per deadline.
 * Between batches it yields to the event loop. Where the store writes a batch in another thread
 * (the server's background thread), the next batch is read and decided while it is written.
 */
import type { DeadlineKind, NoticeData } from '../protocol';
import type { Deadline } from '../ports/case-store';
import type { DeadlineQueue } from '../ports/deadline-queue';
import type { Clock } from '../ports/clock';
import type { CaseService, DeadlineCommand, DeadlineResult } from './case-service';
import { dueBatch } from './due-batch';
import { failureStreak } from './failure-streak';

/** How often the running scheduler also runs the retention sweep (src/cases/retention.ts). */
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

export interface SweepReport {
  due: number;
  fired: number;
  failed: number;
}

/** Due deadlines handled per store batch: one transaction each, and the longest the event loop waits. */
export const DEFAULT_SWEEP_BATCH = 200;

/**
 * Where batches are written in another thread: how many written batches may still be on their way
 * to the disk while the next is decided (a flush of the log takes 5 to 300 ms here, as long as
 * writing a batch or far longer while other processes use the disk; waiting for each held both
 * threads up). A failed flush stops the sweep once noticed, after at most these.
 */
export const MAX_BATCHES_WAITING_FOR_DISK = 4;

function commandFor(deadline: Deadline): DeadlineCommand {
  const payload = deadline.payload as { data?: NoticeData } | null;
  return {
    idempotencyKey: `deadline:${deadline.deadlineId}:${deadline.dueAt}`,
    caseId: deadline.caseId,
    event: { type: 'DeadlineReached', deadlineId: deadline.deadlineId, kind: deadline.kind as DeadlineKind, data: payload?.data ?? {} },
    dueAt: deadline.dueAt,
  };
}

/** Told to onError in place of a deadline id when a sweep as a whole failed. */
export const SWEEP_FAILED = '(sweep)';
/** Told to onError in place of a deadline id when telling deputies whose cover began failed. */
export const COVER_STARTS = '(cover starts)';
/** The id onError gives a failed ageing of the refusal logs. */
export const REFUSAL_AGEING = '(refusal ageing)';
/** The id onError gives a failed catch-up of the organisation file's Director on open cases. */
export const DIRECTOR_CATCH_UP = '(Director catch-up)';

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deps: {
      store: DeadlineQueue;
      service: CaseService;
      clock: Clock;
      batchSize?: number;
      /** A deadline that could not fire, by id; or the whole sweep (SWEEP_FAILED), when the store could not be read. */
      onError?: (error: unknown, deadlineId: string) => void;
      /** A sweep worked again after failing `failures` times since `since` (the store was unreachable). */
      onRecovered?: (failures: number, since: Date) => void;
      /** Erases personal data of long-closed cases; run at most once an hour by start(). */
      retention?: { sweep(): Promise<unknown> };
      /** Deletes refusals past REFUSALS_KEPT_DAYS (refusal-ageing.ts); run with the retention sweep. */
      refusalAgeing?: { age(): Promise<unknown> };
      /** Tells deputies whose cover has begun of what waited for the person they cover (cover-starts.ts); run with each sweep. */
      coverStarts?: { tell(now: Date): Promise<unknown> };
      /** Puts the Director the organisation file names now on every open case (director-catch-up.ts); run with each tick of the running scheduler. */
      directorCatchUp?: { catchUp(): Promise<unknown> };
      /** Warns once a day when EXTRA_NON_WORKING_DAYS has run out (closure-days-watch.ts); asked on each tick of the running scheduler. */
      closureDays?: { check(now: Date): void };
    },
  ) {}

  private retentionRanAt: number | null = null;

  /** The deadlines, then (at most once an hour) the refusals' ageing and the retention sweep. */
  private async tick(): Promise<void> {
    this.deps.closureDays?.check(this.deps.clock.now());
    // Before the deadlines, so an escalation's notice and the Cases list name the same Director; a failure here holds none of them up.
    await this.deps.directorCatchUp?.catchUp().catch((error: unknown) => this.deps.onError?.(error, DIRECTOR_CATCH_UP));
    await this.sweep();
    const now = this.deps.clock.now().getTime();
    if ((this.deps.retention || this.deps.refusalAgeing) && (this.retentionRanAt === null || now - this.retentionRanAt >= RETENTION_EVERY_MS)) {
      this.retentionRanAt = now;
      // Its own failure (the store unreachable) is told, and holds up neither the sweep nor retention.
      await this.deps.refusalAgeing?.age().catch((error: unknown) => this.deps.onError?.(error, REFUSAL_AGEING));
      await this.deps.retention?.sweep();
    }
  }

  /**
   * Fires every deadline due now; returns what it did. Once every deadline of a batch is marked
   * fired in the store, the next batch is read and decided while the first is still being flushed
   * to disk (one batch at a time waits for the disk, not the sweep); the sweep answers once the
   * last is on disk. Where the store writes the batch in another thread (CommitBatch.handedOver),
   * the next batch is read and decided as soon as it is handed over, without its cases (whose
   * deadlines it fires): both cores work, one deciding, the other writing; and the one after that
   * once the batch before is written, while up to MAX_BATCHES_WAITING_FOR_DISK are still being flushed.
   */
  async sweep(): Promise<SweepReport> {
    // Before the deadlines, so a deputy has the request before its reminder or escalation; a failure here holds none of them up.
    await this.deps.coverStarts?.tell(this.deps.clock.now()).catch((error: unknown) => this.deps.onError?.(error, COVER_STARTS));
    const report: SweepReport = { due: 0, fired: 0, failed: 0 };
    const batch = this.deps.batchSize ?? DEFAULT_SWEEP_BATCH;
    // Every batch so far, written, its results counted once it is on disk.
    let flushing: Promise<void> = Promise.resolve();
    // The batch before: `done` once written (or settled, if not all of it fired), `settled` once on disk and counted.
    let previous: { done: Promise<unknown>; settled: Promise<void> } | null = null;
    // Batches written in another thread, still on their way to the disk, oldest first.
    const onTheirWay: Array<Promise<void>> = [];
    // A batch whose flush failed after its deadlines were marked fired: known before it is counted.
    let flushFailed = false;
    // The batch handed over to be written and maybe not yet written: its cases wait for the next read.
    let inHand: { cases: Set<string>; deadlines: Set<string>; done: Promise<unknown> } | null = null;
    try {
      for (;;) {
        const now = this.deps.clock.now().toISOString();
        const writing = inHand;
        // The oldest due but those being written (read past, not read).
        const read = await this.deps.store.dueDeadlines(now, batch, writing?.deadlines);
        const oldest = writing ? read.filter((d) => !writing.cases.has(d.caseId)) : read;
        if (oldest.length === 0) {
          if (!writing || read.length === 0) return report;
          // All that is due is being written: once it is, look again.
          await writing.done;
          inHand = null;
          continue;
        }
        const due = await this.batchOf(oldest, now, batch);
        report.due += due.length;
        let allFired = (): void => undefined;
        const fired = new Promise<void>((resolve) => (allFired = resolve));
        let handedOver = (): void => undefined;
        const handed = new Promise<'handed'>((resolve) => (handedOver = () => resolve('handed')));
        const settled = this.deps.service
          .applyDeadlines(due.map(commandFor), { allFired, handedOver, flushFailed: () => (flushFailed = true) })
          .catch((error: unknown): DeadlineResult[] => due.map(() => ({ ok: false, error })))
          .then((results) => this.count(results, due, report));
        // A batch with a deadline that failed or is applied again on its own is waited for whole,
        // unless it is being written elsewhere (its cases are then left out of the next read).
        const done = Promise.race([fired, settled]);
        inHand = (await Promise.race([done, handed])) === 'handed' ? { cases: new Set(due.map((d) => d.caseId)), deadlines: new Set(due.map((d) => d.deadlineId)), done } : null;
        const before = previous;
        previous = { done, settled };
        flushing = Promise.all([flushing, settled]).then(() => undefined);
        if (inHand && before) {
          // Written elsewhere: the next batch is read and decided once the one before is written
          // (only this one's cases are then left out), not once it is on disk, so the writer always
          // has the next batch in hand while the disk catches up; a few batches at most wait for it.
          await before.done;
          onTheirWay.push(before.settled);
          while (onTheirWay.length > MAX_BATCHES_WAITING_FOR_DISK) await onTheirWay.shift();
        } else {
          // Written here: one batch at a time waits for the disk while the next is read and written.
          await before?.settled;
        }
        // The store answers synchronously (SQLite), so without this a sweep of thousands of due
        // deadlines would hold the event loop: no HTTP request, not even /healthz, until it ends.
        await new Promise<void>((resolve) => setImmediate(resolve));
        // A failed deadline stays due: stop here rather than meet it again in the next batch. A
        // failed flush stops the sweep at once, not once its batch is counted (after the next one).
        if (report.failed > 0 || flushFailed) return report;
        // The queue had no more due than these (the batch took every case it named).
        const taken = new Set(due.map((d) => d.deadlineId));
        if (read.length < batch && oldest.every((d) => taken.has(d.deadlineId))) return report;
      }
    } finally {
      await flushing;
    }
  }

  /**
   * The batch (dueBatch) from the oldest due deadlines: their cases' due deadlines are read a few
   * cases at a time, in order, until those read fill the batch. Cases past it are not read: the
   * oldest due are often one of each case (a visit's reminder before its overdue notice), so a
   * batch takes half the cases they name, and reading every one read each case twice.
   */
  private async batchOf(oldest: readonly Deadline[], now: string, limit: number): Promise<Deadline[]> {
    const caseIds = [...new Set(oldest.map((d) => d.caseId))];
    const chunk = Math.max(1, Math.ceil(limit / 4));
    const read = new Set<string>();
    const ofCases: Deadline[] = [];
    let dueOfRead = 0;
    for (let at = 0; at < caseIds.length && dueOfRead < limit; at += chunk) {
      const cases = caseIds.slice(at, at + chunk);
      const found = await this.deps.store.dueDeadlinesOfCases(cases, now);
      for (const caseId of cases) read.add(caseId);
      ofCases.push(...found);
      // The oldest named may not be in what was read a moment later (fired meanwhile): counted anyway.
      dueOfRead = new Set([...ofCases.map((d) => d.deadlineId), ...oldest.filter((d) => read.has(d.caseId)).map((d) => d.deadlineId)]).size;
    }
    return dueBatch(oldest.filter((d) => read.has(d.caseId)), ofCases, limit);
  }

  private count(results: DeadlineResult[], due: readonly Deadline[], report: SweepReport): void {
    results.forEach((result, n) => {
      if (result.ok) {
        report.fired += 1;
      } else {
        report.failed += 1;
        this.deps.onError?.(result.error, due[n]!.deadlineId);
      }
    });
  }

  start(intervalMs: number): void {
    // While the store is down every sweep fails: told once, then every 15 minutes, and when it is over.
    const sweeps = failureStreak(() => this.deps.clock.now());
    const tick = () => {
      this.running = this.tick()
        .then(() => {
          const outage = sweeps.succeeded();
          if (outage) this.deps.onRecovered?.(outage.failures, outage.since);
        })
        .catch((error: unknown) => {
          if (sweeps.failed().tell !== 'nothing') this.deps.onError?.(error, SWEEP_FAILED);
        })
        .finally(() => {
          if (this.timer !== null) this.timer = setTimeout(tick, intervalMs);
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
