/**
 * What every use case of the case service works with: its ports and settings, and "now" in the
 * organisation's time zone. Built once by CaseService; each use case is a function of it.
 */
import { randomUUID } from 'node:crypto';
import type { CasePolicy, Now } from '../protocol';
import type { CaseAuditLog } from '../ports/case-audit-log';
import type { CaseRepository } from '../ports/case-repository';
import type { DeadlineQueue } from '../ports/deadline-queue';
import type { Clock } from '../ports/clock';
import type { CaseDocumentSettings } from '../documents/case-documents';
import type { Authority } from './authority';
import type { RefusalLogLine } from './refusal-log';
import { nowIn } from './org-time';

export interface CaseServiceDeps {
  /** The case repository, with the refusal log and the deadlines a no-longer-applying reminder marks fired. */
  store: CaseRepository & CaseAuditLog & Pick<DeadlineQueue, 'markDeadlineFired'>;
  authority: Authority;
  clock: Clock;
  policy: CasePolicy;
  timeZone: string;
  /** Local hour at which calendar-day deadlines fall due (start of the working day). */
  deadlineHour?: number;
  newCaseId?: () => string;
  /** Each refusal kept (M7), for the log: codes and ids only. */
  onRefusal?: (line: RefusalLogLine) => void;
  /** Finds a social worker's team from their Entra manager when the organisation file does not name it (TEAM_FROM_ENTRA_MANAGER). */
  teamFromManager?: (personId: string) => Promise<string | undefined>;
  /** The case file: with it, each commit also sends the documents it made new or changed (src/documents). */
  documents?: CaseDocumentSettings;
}

export interface ServiceContext extends CaseServiceDeps {
  deadlineHour: number;
  newCaseId: () => string;
  /** The instant and the organisation's calendar day, read from the clock. */
  now(): Now;
}

export function serviceContext(deps: CaseServiceDeps): ServiceContext {
  return {
    ...deps,
    deadlineHour: deps.deadlineHour ?? 8,
    newCaseId: deps.newCaseId ?? (() => randomUUID()),
    now: () => nowIn(deps.clock.now(), deps.timeZone),
  };
}
