/**
 * A scheduler's batch as it crosses to the store's batch writer thread: one flat list of strings,
 * numbers and nulls (packBatch), its JSON columns written out as it is packed, and the commits'
 * columns rebuilt from it in that thread (unpackBatch). postMessage copies each object of a message
 * property by property, names and all: a batch of 200 commits as objects is about 2,700 objects and
 * 10,600 properties, and copying it took about 3 ms of the deciding thread and 1 ms of the writer's
 * a batch; the same values in one list, about 9,800 of them, a fraction of that.
 *
 * The order is fixed and read back in the same order: change packCommit and unpackCommit together
 * (sqlite-packed-batch.test.ts packs a commit with every field set and reads it back).
 */
import type { CaseCommit } from '../../ports/case-store';
import type { BatchCommitColumns } from './sqlite-batch-commits';
import { toJson } from './sqlite-rows';

export type PackedBatch = Array<string | number | null>;

/**
 * The batch's commits packed, each with its state written out only where `stateSent` says so (the
 * case's row is written at that commit: sqlite-batch-commits.ts); null in its place elsewhere.
 */
export function packBatch(commits: readonly CaseCommit<unknown>[], stateSent: (i: number) => boolean): PackedBatch {
  const out: PackedBatch = [commits.length];
  commits.forEach((commit, i) => packCommit(out, commit, stateSent(i)));
  return out;
}

function packList(out: PackedBatch, values: readonly string[]): void {
  out.push(values.length);
  for (const value of values) out.push(value);
}

function packCommit(out: PackedBatch, commit: CaseCommit<unknown>, withState: boolean): void {
  const { summary, audit, deadlines, command } = commit;
  out.push(summary.caseId, summary.ref, summary.pathway, summary.stage);
  packList(out, summary.participants);
  out.push(summary.openedAt, summary.updatedAt, commit.expectedVersion, withState ? JSON.stringify(commit.state) : null);
  out.push(audit.at, audit.actorId, audit.actorName, audit.onBehalfOfId ?? null, audit.onBehalfOfName ?? null, audit.role, audit.action);
  out.push(audit.json ? audit.json.before : toJson(audit.before), audit.json ? audit.json.after : toJson(audit.after), audit.correlationId);
  out.push(commit.outbox.length);
  for (const item of commit.outbox) out.push(item.effectId, item.kind, toJson(item.payload));
  const schedule = deadlines?.schedule ?? [];
  out.push(schedule.length);
  for (const d of schedule) out.push(d.deadlineId, d.kind, d.dueAt, toJson(d.payload));
  packList(out, deadlines?.cancel ?? []);
  packList(out, deadlines?.fired ?? []);
  if (command) out.push(1, command.key, toJson(command.outcome));
  else out.push(0);
}

/** In the batch writer's thread: the commits' columns, as packBatch packed them. */
export function unpackBatch(packed: PackedBatch): BatchCommitColumns[] {
  let at = 0;
  const next = (): string | number | null => packed[at++] ?? null;
  const text = (): string => next() as string;
  const textOrNull = (): string | null => next() as string | null;
  const count = (): number => next() as number;
  const list = (): string[] => Array.from({ length: count() }, text);
  const commits: BatchCommitColumns[] = new Array<BatchCommitColumns>(count());
  for (let i = 0; i < commits.length; i++) {
    const summary = { caseId: text(), ref: text(), pathway: text(), stage: text(), participants: list(), openedAt: text(), updatedAt: text() };
    const expectedVersion = count();
    const state = textOrNull();
    const audit = {
      at: text(),
      actorId: text(),
      actorName: text(),
      onBehalfOfId: textOrNull(),
      onBehalfOfName: textOrNull(),
      role: text(),
      action: text(),
      before: textOrNull(),
      after: textOrNull(),
      correlationId: text(),
    };
    const outbox = Array.from({ length: count() }, () => ({ effectId: text(), kind: text(), payload: textOrNull() }));
    const schedule = Array.from({ length: count() }, () => ({ deadlineId: text(), kind: text(), dueAt: text(), payload: textOrNull() }));
    const deadlines = { schedule, cancel: list(), fired: list() };
    const withCommand = count() === 1;
    commits[i] = { summary, expectedVersion, state, audit, outbox, deadlines, ...(withCommand ? { command: { key: text(), outcome: textOrNull() } } : {}) };
  }
  if (at !== packed.length) throw new Error(`a packed batch of ${commits.length} commits had ${packed.length - at} values left over`);
  return commits;
}
