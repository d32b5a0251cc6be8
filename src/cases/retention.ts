/**
 * Retention: RETENTION_DAYS_AFTER_CLOSE days after a case closed (counted from its last change,
 * which for a closed case is its closing or a later correction), the child's personal data is
 * erased from the bot's own store (see personal-data.ts for what that is), in one commit that
 * says so in the audit trail and in the organisation's SharePoint audit list. Who decided what,
 * on whose behalf and when stays. The SharePoint lists and documents are the council's record,
 * kept under its own retention labels; this touches only the bot's working copy (and its copy of
 * the case file's documents, kept when Graph is off).
 *
 * Run by the scheduler (at most once an hour). Each case is erased once: the state carries
 * `personalDataErased`, and the command key `retention:<caseId>` makes a repeat a no-op.
 */
import type { CaseStore, CaseSummary } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import type { CaseState } from '../protocol';
import { auditListLine } from './audit-list-line';
import { erasePersonalData } from './personal-data';

export const RETENTION_ACTOR = { id: 'system', name: 'Retention policy', role: 'system' } as const;

/** Stages after which nothing more happens to a case. */
export const ENDED_STAGES: readonly string[] = ['closed'];

export interface RetentionReport {
  /** Closed cases old enough and not yet erased. */
  due: number;
  erased: number;
  failed: number;
}

export interface ErasedMark {
  at: string;
  daysAfterClose: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function erasedMarkOf(state: unknown): ErasedMark | null {
  const mark = (state as { personalDataErased?: ErasedMark } | null)?.personalDataErased;
  return mark ?? null;
}

export class Retention {
  constructor(
    private readonly deps: {
      store: CaseStore;
      clock: Clock;
      daysAfterClose: number;
      /** The bot's own copy of the case file, when it keeps one (without Graph): every version the case wrote, erased with the case. */
      documents?: { eraseCase(caseId: string): void | Promise<void> };
      onError?: (error: unknown, caseId: string) => void;
    },
  ) {}

  /** The ended cases whose last change is older than the retention period. */
  private async candidates(now: Date): Promise<CaseSummary[]> {
    const cutoff = new Date(now.getTime() - this.deps.daysAfterClose * DAY_MS).toISOString();
    const out: CaseSummary[] = [];
    for (const stage of ENDED_STAGES) {
      for (const summary of await this.deps.store.list({ stage, limit: 1_000_000 })) if (summary.updatedAt <= cutoff) out.push(summary);
    }
    return out.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  }

  async sweep(): Promise<RetentionReport> {
    const now = this.deps.clock.now();
    const report: RetentionReport = { due: 0, erased: 0, failed: 0 };
    for (const summary of await this.candidates(now)) {
      try {
        const stored = await this.deps.store.get<CaseState>(summary.caseId);
        if (!stored || !ENDED_STAGES.includes(stored.summary.stage) || erasedMarkOf(stored.state)) continue;
        report.due += 1;
        // Documents first: deleting them again is harmless if the case's own erasure then fails and is retried.
        // By the case's id, not its reference: a withdrawn case's reference changed after its files were kept.
        await this.deps.documents?.eraseCase(stored.summary.caseId);
        const result = await this.erase(stored.summary, stored.version, stored.state, now);
        if (result) report.erased += 1;
      } catch (error) {
        report.failed += 1;
        this.deps.onError?.(error, summary.caseId);
      }
      // Yield between cases: the SQLite store answers synchronously.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (report.erased > 0) await this.deps.store.reclaimErasedSpace();
    return report;
  }

  private async erase(summary: CaseSummary, version: number, state: CaseState, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const mark: ErasedMark = { at, daysAfterClose: this.deps.daysAfterClose };
    const erased = { ...(erasePersonalData(state) as CaseState), personalDataErased: mark };
    const action = `Personal data erased from the bot's store, ${this.deps.daysAfterClose} days after the case closed (RETENTION_DAYS_AFTER_CLOSE)`;
    const unfired = (await this.deps.store.deadlines(summary.caseId)).filter((d) => !d.firedAt).map((d) => d.deadlineId);
    const result = await this.deps.store.eraseCase({
      summary,
      expectedVersion: version,
      state: erased,
      audit: { at, actorId: RETENTION_ACTOR.id, actorName: RETENTION_ACTOR.name, role: RETENTION_ACTOR.role, action, before: null, after: { personalDataErased: mark }, correlationId: `retention:${summary.caseId}` },
      outbox: [auditListLine(summary, version + 1, at, RETENTION_ACTOR, action)],
      deadlines: { cancel: unfired },
      command: { key: `retention:${summary.caseId}`, outcome: { ok: true, erased: true } },
    }, erasePersonalData);
    return result.ok;
  }
}
