/** Infrastructure failures of the Azure Table case store (thrown, never a CommitResult). */
export { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../case-store-errors';

/** Other writers kept changing what a commit had read; it gave up after many attempts. */
export class StoreContentionError extends Error {
  readonly code = 'STORE_CONTENTION';
  constructor(readonly caseId: string, readonly attempts: number) {
    super(`commit of case ${caseId} gave up after ${attempts} attempts: other writers kept changing it`);
    this.name = 'StoreContentionError';
  }
}

/** A commit would need more than one Table transaction (100 operations, 4 MiB). */
export class CommitTooLargeError extends Error {
  readonly code = 'COMMIT_TOO_LARGE';
  constructor(readonly caseId: string, detail: string) {
    super(`commit of case ${caseId} is too large for one Table transaction: ${detail}`);
    this.name = 'CommitTooLargeError';
  }
}

/** An entity that does not have the shape this adapter writes (edited by hand, or another program). */
export class CorruptEntityError extends Error {
  readonly code = 'CORRUPT_ENTITY';
  constructor(readonly where: string, readonly property: string) {
    super(`entity ${where} has no valid ${property}`);
    this.name = 'CorruptEntityError';
  }
}

export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('the Azure Table case store is closed');
    this.name = 'StoreClosedError';
  }
}

/** The Table service's HTTP status of a failed call, if it was one. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** 404 (gone), 409 (already exists) and 412 (ETag changed): someone else wrote first. */
export function isRaceLost(error: unknown): boolean {
  const status = statusOf(error);
  return status === 404 || status === 409 || status === 412;
}
