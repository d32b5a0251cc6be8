/**
 * Infrastructure failures every CaseStore adapter throws the same way (never a CommitResult);
 * a commit that throws has written nothing.
 */

/** A commit scheduled a deadline id that belongs to another case (ids are unique across the store). */
export class DeadlineOwnedByAnotherCaseError extends Error {
  readonly code = 'DEADLINE_OWNED_BY_ANOTHER_CASE';
  constructor(readonly deadlineId: string) {
    super(`deadline ${deadlineId} belongs to another case`);
    this.name = 'DeadlineOwnedByAnotherCaseError';
  }
}

/** A commit reused an effect id that an earlier commit (or the same one) already put in the outbox. */
export class DuplicateEffectIdError extends Error {
  readonly code = 'DUPLICATE_EFFECT_ID';
  constructor(readonly effectId: string) {
    super(`effect id ${effectId} is already in the outbox`);
    this.name = 'DuplicateEffectIdError';
  }
}
