/**
 * Tells each deputy, as their cover starts (the organisation file's `from`, at the hour deadlines
 * fire), of the requests (and, for an IRO, the IRO's view) that waited for the person they cover before it began: those went to
 * that person only, so the deputy would otherwise hear nothing until a reminder or escalation.
 * Run by the reminder service with each sweep. One command a case and cover, keyed by both, so a
 * restart or a second instance tells nobody twice; each cover is looked at once a process.
 */
import { APPROVAL_STAGES, APPROVER_ROLE, isAfter, waitedBeforeCover, type CaseState } from '../protocol';
import type { CaseStore } from '../ports/case-store';
import type { Authority } from './authority';
import type { CaseService } from './case-service';
import { waitingQueue } from './case-index';
import { everySummary } from './every-summary';
import type { Deputy } from './organisation';
import { calendarDateIn, localTimeOn } from './org-time';

export interface CoverStartsDeps {
  store: Pick<CaseStore, 'list' | 'get'>;
  authority: Authority;
  service: Pick<CaseService, 'applySystem'>;
  timeZone: string;
  /** The hour of the organisation's day at which deadlines fire (the case service's, 8 by default). */
  deadlineHour?: number;
}

export class CoverStarts {
  /** The covers looked at by this process. */
  private readonly looked = new Set<string>();

  constructor(private readonly deps: CoverStartsDeps) {}

  /** Tells the deputies whose cover has begun and was not looked at yet; returns how many cases told one. */
  async tell(now: Date): Promise<number> {
    const { authority, timeZone } = this.deps;
    const today = calendarDateIn(now, timeZone);
    let told = 0;
    for (const cover of authority.organisation.deputies) {
      const key = `${cover.role}:${cover.deputy.id}:${cover.for.id}:${cover.from}`;
      if (this.looked.has(key) || isAfter(today, cover.to) || now < localTimeOn(cover.from, this.deps.deadlineHour ?? 8, timeZone)) continue;
      for (const state of await this.waitingBefore(cover)) {
        if (!(await authority.holdsOnCase(cover.for, cover.role, today, state)) || !(await authority.holdsOnCase(cover.deputy, cover.role, today, state))) continue;
        const outcome = await this.deps.service.applySystem({
          idempotencyKey: `cover:${key}:${state.caseId}`,
          caseId: state.caseId,
          event: { type: 'CoverStarted', deputy: cover.deputy, for: cover.for, role: cover.role, from: cover.from, to: cover.to },
        });
        if (outcome.ok) told += 1;
      }
      this.looked.add(key);
    }
    return told;
  }

  /** The open cases with a request for this part (or the IRO's view, for an IRO) that waited since before the cover began (which the deputy may decide). */
  private async waitingBefore(cover: Deputy): Promise<CaseState[]> {
    const found: CaseState[] = [];
    const queues = [...APPROVAL_STAGES.filter((s) => APPROVER_ROLE[s] === cover.role), ...(cover.role === 'iro' ? (['iro-view'] as const) : [])];
    for (const queue of queues) {
      for (const summary of await everySummary(this.deps.store, waitingQueue(queue))) {
        const state = (await this.deps.store.get<CaseState>(summary.caseId))?.state;
        if (!state || state.stage === 'closed' || found.some((s) => s.caseId === state.caseId)) continue;
        if (waitedBeforeCover(state, cover)) found.push(state);
      }
    }
    return found;
  }
}
