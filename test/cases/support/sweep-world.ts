/** For the scheduler's tests: a case service and scheduler on any CaseStore (such as a real one wrapped to misbehave). */
import { Authority } from '../../../src/cases/authority';
import { CaseService } from '../../../src/cases/case-service';
import { Scheduler } from '../../../src/cases/scheduler';
import { DEFAULT_CASE_POLICY } from '../../../src/protocol';
import type { CaseStore } from '../../../src/ports/case-store';
import { PEOPLE, ROLES, SettableClock } from '../../../support/world';

/** The store with some methods replaced; every other call goes to the store itself. */
export function wrapStore(store: CaseStore, overrides: Partial<CaseStore>): CaseStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function sweeperOn(store: CaseStore, clock: SettableClock, options: { batchSize?: number; onError?: (error: unknown, deadlineId: string) => void } = {}) {
  const service = new CaseService({ store, authority: new Authority(ROLES, null), clock, policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' });
  const scheduler = new Scheduler({ store, service, clock, ...options });
  return { service, scheduler };
}

/** The child home on Monday 2 March 2026: visit 0's reminder falls due on 4 March, its overdue notice on 6 March. */
export const HOME_ON_2_MARCH = {
  legalStatus: 'S20',
  dateOfBirth: '2011-05-14',
  accommodatedOn: '2026-01-05',
  previousEpisodeEndedOn: null,
  lastAssessmentCompletedOn: '2025-12-01',
  pathway: 'unplanned',
  returnedHomeOn: '2026-03-02',
};

/** When both of visit 0's deadlines are due, and nothing else. */
export const BOTH_DUE = '2026-03-06T12:00:00Z';

/** Opens `count` cases on 2 March 2026 through the service; returns their ids in order. */
export async function openCases(service: CaseService, count: number, tag = 'SWEEP'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const opened = await service.openCase({ idempotencyKey: `${tag}-open-${i}`, actor: PEOPLE.sw, ref: `${tag}-${i}`, facts: HOME_ON_2_MARCH, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
    if (!opened.ok) throw new Error(`opening case ${i}: ${opened.code}`);
    ids.push(opened.caseId);
  }
  return ids;
}
