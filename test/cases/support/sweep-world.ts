/**
 * For the scheduler's tests: the case service and scheduler, built by the composition root as the
 * bot builds them, on any CaseStore (such as a real one wrapped to misbehave).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, createApp } from '../../../src/app';
import type { CaseService } from '../../../src/cases/case-service';
import { loadConfig } from '../../../src/config';
import type { CaseStore } from '../../../src/ports/case-store';
import { PEOPLE, ROLES, SettableClock } from '../../../support/world';
import { wrapStore } from '../../../support/wrap-store';

export { wrapStore };

const sweepers: { app: App; dir: string }[] = [];

/**
 * The app on `store` (the caller's: closed by the caller), its own files (records, documents) in a
 * temp folder that closeSweepers() removes. `onError`: a deadline that failed, by its id.
 */
export function sweeperOn(store: CaseStore, clock: SettableClock, options: { batchSize?: number; onError?: (error: unknown, deadlineId: string) => void } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 's20-sweeper-'));
  const onError = options.onError;
  // Visits 3 and 4 days after the return home, so each case has two reminders due at once (BOTH_DUE)
  // and both are sent: a reminder fired with its visit's overdue notice is not (deadline-reached.ts).
  const app = createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dir, VISIT_OFFSETS_DAYS: '3,4,7,14,21,28' }), {
    store: wrapStore(store, { close: async () => undefined }),
    clock,
    organisation: ROLES,
    ...(options.batchSize ? { sweepBatchSize: options.batchSize } : {}),
    // The app names a failed deadline `deadline ID` (and other background work otherwise).
    ...(onError ? { onError: (error: unknown, context: string) => context.startsWith('deadline ') && onError(error, context.slice('deadline '.length)) } : {}),
  });
  sweepers.push({ app, dir });
  return { service: app.service, scheduler: app.scheduler };
}

/** Closes the sweepers' own files and removes their folders (not their stores). */
export async function closeSweepers(): Promise<void> {
  for (const { app, dir } of sweepers.splice(0)) {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The child home on Monday 2 March 2026: visit 0's reminder falls due on 4 March (its overdue notice
 * on 6 March), visit 1's on 5 March (its overdue notice on 7 March).
 */
export const HOME_ON_2_MARCH = {
  legalStatus: 'S20',
  dateOfBirth: '2011-05-14',
  accommodatedOn: '2026-01-05',
  previousEpisodeEndedOn: null,
  lastAssessmentCompletedOn: '2025-12-01',
  pathway: 'unplanned',
  returnedHomeOn: '2026-03-02',
};

/** When the reminders of visits 0 and 1 are both due, and nothing else. */
export const BOTH_DUE = '2026-03-05T12:00:00Z';

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
