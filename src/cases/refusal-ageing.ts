/**
 * Refusals are kept for REFUSALS_KEPT_DAYS and then deleted, from every case's log and the store's
 * own. The daily cap (refusal-cap.ts) bounded a day's growth, but nothing ever went: a person sending
 * forged clicks every day grew the store by up to 200 rows a day for as long as the bot ran. A year
 * covers any investigation of who tried what; the log's line for each refusal goes to the platform's
 * logs as before. Run by the scheduler with the retention sweep (at most once an hour).
 */
import type { CaseAuditLog } from '../ports/case-audit-log';
import type { Clock } from '../ports/clock';

export const REFUSALS_KEPT_DAYS = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

export class RefusalAgeing {
  constructor(private readonly deps: { store: Pick<CaseAuditLog, 'forgetRefusalsBefore'>; clock: Clock }) {}

  /** Deletes the refusals older than REFUSALS_KEPT_DAYS; returns how many. */
  async age(): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - REFUSALS_KEPT_DAYS * DAY_MS).toISOString();
    return this.deps.store.forgetRefusalsBefore(before);
  }
}
