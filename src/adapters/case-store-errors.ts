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

/**
 * The store is sound but was written by a newer release (the code was rolled back, or an older copy
 * pointed at it). Not damage: restoring a backup over it would throw away the cases recorded since,
 * so it says to run a release that knows the store instead. `store` names it (its file, or its
 * tables); `found` is what the newer release wrote ("schema version 18", "index version 4").
 */
export class StoreFromNewerReleaseError extends Error {
  constructor(store: string, found: string, supported: number) {
    super(
      `${store} was written by a newer release of the bot (${found}; this release knows up to ${supported}), so this release will not open it. ` +
        'Go back to that release or a newer one: deploy it again (or check it out and run npm ci). Do not restore a backup over the store or replace it: the cases recorded since would be lost.',
    );
    this.name = 'StoreFromNewerReleaseError';
  }
}
