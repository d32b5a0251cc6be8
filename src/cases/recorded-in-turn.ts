/**
 * What one person's turn (a click, a typed command) has recorded so far. When the turn then fails
 * on our side, the apology says whether their change was saved (src/bot/turn-failure.ts), so nobody
 * is left guessing or sends a recorded decision again. Marked where a case's commit returns: a
 * commit that throws has written nothing (src/adapters/case-store-errors.ts). Outside a turn (the
 * scheduler, the CLIs) nothing is kept.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommandOutcome } from './case-command';

/** The references of the cases this turn's commands are recorded on, in order. */
export interface TurnRecord {
  readonly refs: string[];
}

const turns = new AsyncLocalStorage<TurnRecord>();

/** Runs one turn, noting in `record` what its commands record. */
export function inTurn<T>(record: TurnRecord, run: () => T): T {
  return turns.run(record, run);
}

/** A command of this turn is on the case `ref` now (just committed, or recorded by its first try). */
export function noteRecorded(ref: string): void {
  const record = turns.getStore();
  if (record && !record.refs.includes(ref)) record.refs.push(ref);
}

/** An outcome that is on its case (committed now, or by the command's first try), noted; returned as it is. */
export function recorded(outcome: CommandOutcome): CommandOutcome {
  if (outcome.ok) noteRecorded(outcome.ref);
  return outcome;
}
