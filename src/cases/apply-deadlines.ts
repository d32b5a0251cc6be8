/**
 * Events raised by the reminder service (the scheduler): one at a time, or the due deadlines of a
 * sweep in one batch.
 */
import { SYSTEM_ACTOR, type CaseState } from '../protocol';
import type { CaseCommit, CommitResult, DeadlineFiring, StoredCase } from '../ports/case-store';
import type { ServiceContext } from './case-service-context';
import { outcomeOf, UNKNOWN_CASE, type ApplyCommand, type CommandOutcome, type DeadlineCommand, type DeadlineResult } from './case-command';
import { applyWith, decide } from './apply-event';
import { RecordsQueued } from './repeated-records';

/** Applies an event raised by the reminder service; the deadlines named are marked fired with it. */
export async function applySystem(ctx: ServiceContext, cmd: Omit<ApplyCommand, 'actor'>, firedDeadlines: string[] = []): Promise<CommandOutcome> {
  return outcomeOf(await applyWith(ctx, { ...cmd, actor: SYSTEM_ACTOR }, async () => ({ ok: true, actor: SYSTEM_ACTOR }), firedDeadlines));
}

export interface DeadlineSignals {
  /**
   * Called when every deadline of the batch is marked fired in the store, which may be a moment
   * before that is on disk and applyDeadlines answers: the scheduler may then read its next batch.
   * Not called when any deadline failed or is to be applied again on its own.
   */
  allFired?: () => void;
  /**
   * Called at once when the store fails a batch after allFired (its flush to disk failed), before
   * its deadlines are applied again one at a time: the scheduler, already on its next batch, stops.
   */
  flushFailed?: () => void;
  /**
   * Called when the store has handed the batch to another thread to write (CommitBatch.handedOver),
   * before it is written: the scheduler may then decide its next batch, leaving these cases out.
   */
  handedOver?: () => void;
}

/**
 * Applies the events of many due deadlines from the scheduler, each as applySystem would, and
 * marks every deadline fired: in the commit of the event it caused, or on its own when its event
 * was refused, no longer applies, or its case is gone (so it never comes round again). Everything
 * goes to the store in one commitBatch, which SQLite writes in one transaction (one fsync for the
 * batch instead of one per deadline); a case with several deadlines gets one commit per
 * deadline, each on the state the one before left. All of them happen at the same instant.
 *
 * A commit the store refused (someone acted on the case meanwhile, or the command was already
 * committed) is applied again on its own, with the later deadlines of its case; a batch the store
 * failed is applied again one deadline at a time (command keys make what was already written a
 * repeat). Returns one result per command, in order: an error is that deadline's alone, and
 * leaves it unfired to come round again.
 */
export async function applyDeadlines(ctx: ServiceContext, cmds: readonly DeadlineCommand[], signals: DeadlineSignals = {}): Promise<DeadlineResult[]> {
  const results: Array<DeadlineResult | undefined> = new Array<DeadlineResult | undefined>(cmds.length);
  const saving = await decideAndSave(ctx, cmds, results, signals);
  if (!saving) return results as DeadlineResult[];
  let saved: CommitResult[];
  try {
    saved = await saving.saved;
  } catch {
    if (saving.signalled()) signals.flushFailed?.();
    // One of them broke the batch (SQLite wrote none of it, or its flush failed): each again on its own.
    for (let i = 0; i < cmds.length; i++) if (results[i]?.ok) results[i] = await applyDeadlineAlone(ctx, cmds[i]!);
    return results as DeadlineResult[];
  }
  const { committing } = saving;
  // From the first refused commit of a case on, its deadlines were decided on a state the store
  // does not hold: each is applied again on its own, in order.
  const redoFrom = new Map<string, number>();
  saved.forEach((result, j) => {
    const i = committing[j]!;
    const caseId = cmds[i]!.caseId;
    if (!result.ok && !redoFrom.has(caseId)) redoFrom.set(caseId, i);
  });
  for (let i = 0; i < cmds.length; i++) {
    const from = redoFrom.get(cmds[i]!.caseId);
    if (from !== undefined && i >= from && results[i]?.ok) results[i] = await applyDeadlineAlone(ctx, cmds[i]!);
  }
  return results as DeadlineResult[];
}

/**
 * Decides each command (its result in `results`) and hands the batch to the store without waiting
 * for it to be written: null when there is nothing to write. A function of its own, so that nothing
 * waiting for the store holds the batch's commits (each case's whole state, a few megabytes a
 * batch): the SQLite store lets them go once its batch writer has them. Held while the batch was
 * written and flushed, they outlived the scheduler thread's young-generation collections, were
 * copied by each and then moved to the old generation.
 */
async function decideAndSave(
  ctx: ServiceContext,
  cmds: readonly DeadlineCommand[],
  results: Array<DeadlineResult | undefined>,
  signals: DeadlineSignals,
): Promise<{ saved: Promise<CommitResult[]>; committing: number[]; signalled: () => boolean } | null> {
  const now = ctx.now();
  const firings: DeadlineFiring[] = [];
  const commits: CaseCommit<CaseState>[] = [];
  /** For each commit, the command it saves. */
  const committing: number[] = [];
  const fire = (i: number): void => {
    const cmd = cmds[i]!;
    firings.push({ deadlineId: cmd.event.deadlineId, dueAt: cmd.dueAt, at: now.at });
  };
  const byCase = new Map<string, number[]>();
  cmds.forEach((cmd, i) => {
    const list = byCase.get(cmd.caseId);
    if (list) list.push(i);
    else byCase.set(cmd.caseId, [i]);
  });
  for (const [caseId, indexes] of byCase) {
    let current: StoredCase<CaseState> | undefined;
    // A case's SharePoint row queued again the same by its next commit is left out (repeated-records.ts).
    const records = new RecordsQueued();
    try {
      current = await ctx.store.get<CaseState>(caseId);
    } catch (error) {
      for (const i of indexes) results[i] = { ok: false, error };
      continue;
    }
    for (const i of indexes) {
      const cmd = cmds[i]!;
      if (!current) {
        results[i] = { ok: true, outcome: UNKNOWN_CASE };
        fire(i);
        continue;
      }
      try {
        const decision = decide(ctx, current, { ...cmd, actor: SYSTEM_ACTOR }, SYSTEM_ACTOR, now, [cmd.event.deadlineId]);
        results[i] = { ok: true, outcome: decision.outcome };
        if (decision.kind !== 'commit') {
          fire(i);
          continue;
        }
        const { commit } = decision;
        commits.push({ ...commit, outbox: records.withoutRepeats(commit.outbox) });
        committing.push(i);
        current = { summary: commit.summary, version: commit.expectedVersion + 1, state: commit.state };
      } catch (error) {
        // This deadline alone; the case's next deadlines are decided on the state before it.
        results[i] = { ok: false, error };
      }
    }
  }
  if (firings.length === 0 && commits.length === 0) return null;

  // Every deadline is fired by the batch once it is written if each was decided and each commit goes through.
  let signalled = false;
  const written = (batchResults: CommitResult[]): void => {
    if (cmds.every((_, i) => results[i]?.ok) && batchResults.every((result) => result.ok)) {
      signalled = true;
      signals.allFired?.();
    }
  };
  const saved = ctx.store.commitBatch({ firings, commits, written, ...(signals.handedOver ? { handedOver: signals.handedOver } : {}) });
  return { saved, committing, signalled: () => signalled };
}

/** One deadline's event on its own (the path a batch falls back to); the deadline ends fired unless this fails. */
async function applyDeadlineAlone(ctx: ServiceContext, cmd: DeadlineCommand): Promise<DeadlineResult> {
  try {
    const outcome = await applySystem(ctx, { idempotencyKey: cmd.idempotencyKey, caseId: cmd.caseId, event: cmd.event }, [cmd.event.deadlineId]);
    // A refused event, an unknown case or a repeat of a command already committed left it unfired.
    await ctx.store.commitBatch({ firings: [{ deadlineId: cmd.event.deadlineId, dueAt: cmd.dueAt, at: ctx.clock.now().toISOString() }], commits: [] });
    return { ok: true, outcome };
  } catch (error) {
    return { ok: false, error };
  }
}
