/**
 * The scheduler: due deadlines become DeadlineReached events on the same path as a person's
 * command. The deadline is marked fired in the same commit as the reminder it causes, and the
 * command key names the deadline and its due time, so a restart neither loses nor repeats one.
 */
import type { DeadlineKind, NoticeData } from '../protocol';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import type { CaseService } from './case-service';

export interface SweepReport {
  due: number;
  fired: number;
  failed: number;
}

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly deps: { store: CaseStore; service: CaseService; clock: Clock; batchSize?: number; onError?: (error: unknown, deadlineId: string) => void },
  ) {}

  /** Fires every deadline due now; returns what it did. */
  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { due: 0, fired: 0, failed: 0 };
    const batch = this.deps.batchSize ?? 500;
    for (;;) {
      const due = await this.deps.store.dueDeadlines(this.deps.clock.now().toISOString(), batch);
      report.due += due.length;
      for (const deadline of due) {
        try {
          const payload = deadline.payload as { data?: NoticeData } | null;
          await this.deps.service.applySystem(
            {
              idempotencyKey: `deadline:${deadline.deadlineId}:${deadline.dueAt}`,
              caseId: deadline.caseId,
              event: { type: 'DeadlineReached', deadlineId: deadline.deadlineId, kind: deadline.kind as DeadlineKind, data: payload?.data ?? {} },
            },
            [deadline.deadlineId],
          );
          // A refused or unknown-case deadline must not come round again forever.
          const left = await this.deps.store.deadlines(deadline.caseId);
          if (left.some((d) => d.deadlineId === deadline.deadlineId && d.firedAt === null)) {
            await this.deps.store.markDeadlineFired(deadline.deadlineId, this.deps.clock.now().toISOString());
          }
          report.fired += 1;
        } catch (error) {
          report.failed += 1;
          this.deps.onError?.(error, deadline.deadlineId);
        }
        // The store answers synchronously (SQLite), so without this a sweep of thousands of due
        // deadlines would hold the event loop: no HTTP request, not even /healthz, until it ends.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (due.length < batch || report.failed > 0) return report;
    }
  }

  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.sweep()
        .catch((error: unknown) => this.deps.onError?.(error, '(sweep)'))
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
