/**
 * The CaseRepository port on Azure Tables: a commit is one entity-group transaction in the case's
 * partition, If-Match on the case entity, after the reservations and hints it needs (DESIGN.md);
 * the checks are the shared commit rules (src/ports/commit-rules.ts).
 */
import { odata } from '@azure/data-tables';
import type { CaseCommit, CaseListFilter, CaseSummary, CommandRecord, CommitBatch, CommitResult, StoredCase } from '../../ports/case-store';
import { afterEveryKeyStartingWith, anyCaseKey, sameFolderKey, type CaseRepository } from '../../ports/case-repository';
import { BatchRefusals, DEFAULT_LIST_LIMIT, commitRefusal, positiveInteger } from '../../ports/commit-rules';
import { normaliseCommit, normaliseFiring } from '../normalise-commit';
import { READ_CONCURRENCY, mapConcurrently, type AzureTables } from './azure-table-access';
import { checkCommitSize, commitActions, newOutboxItems, planDeadlines, type PartitionRead } from './azure-table-commit-plan';
import type { AzureTableDeadlineQueue } from './azure-table-deadline-queue';
import { StoreContentionError, isRaceLost } from './azure-table-errors';
import type { AzureTableHints } from './azure-table-hints';
import { text, toCaseEntity, toDeadline, toStoredCase, type CaseEntity } from './azure-table-rows';
import { readJson } from './entity-json';
import { CASE_ROW, COMMAND_PREFIX, DEADLINE_PREFIX, INDEX, InvalidKeyError, commandRowKey, dueRowKey, encodeKey, folderPartition, participantPartition, prefixEnd } from './table-keys';

const MAX_COMMIT_ATTEMPTS = 30;

/** A commit attempt lost a race (an ETag moved, an entity appeared): read again and retry. */
const RETRY = Symbol('retry');
type Attempt = CommitResult | typeof RETRY;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A reference no key can hold (over 400 characters escaped: "case" typed with a long or hostile
 * reference) is no case's, since every case's is at most 40: the look-up finds nothing, as on SQLite,
 * instead of throwing.
 */
function keyOrNothing(make: () => string): string | undefined {
  try {
    return make();
  } catch (error) {
    if (error instanceof InvalidKeyError) return undefined;
    throw error;
  }
}

export class AzureTableCaseRepository implements CaseRepository {
  constructor(
    private readonly tables: AzureTables,
    private readonly hints: AzureTableHints,
    private readonly deadlineQueue: AzureTableDeadlineQueue,
    /** For tests only: runs just before a commit attempt's transaction (see AzureTableCaseStoreConfig). */
    private readonly beforeTransaction?: (caseId: string) => Promise<void>,
  ) {}

  async commit<S>(input: CaseCommit<S>): Promise<CommitResult> {
    const commit = normaliseCommit(input) as CaseCommit<unknown>;
    checkCommitSize(commit);
    await this.tables.ready();
    for (let attempt = 1; ; attempt++) {
      const result = await this.tryCommit(commit);
      if (result !== RETRY) return result;
      if (attempt >= MAX_COMMIT_ATTEMPTS) throw new StoreContentionError(commit.summary.caseId, attempt);
      // Jittered back-off so racing instances stop colliding.
      await sleep(Math.random() * Math.min(100, 2 ** attempt));
    }
  }

  /**
   * The firings, then each commit as its own transaction, one after another. Table Storage has no
   * transaction across partitions, and each case is its own partition, so a batch cannot be one
   * transaction here: a crash part-way leaves a prefix of it written, each commit whole (and each
   * fired deadline marked in its own commit), which the port allows. Commits are not run side by
   * side so that prefix stays a prefix, and a case's commits keep their order.
   */
  async commitBatch<S>(batch: CommitBatch<S>): Promise<CommitResult[]> {
    const firings = (batch.firings ?? []).map(normaliseFiring);
    const commits = batch.commits.map((commit) => normaliseCommit(commit) as CaseCommit<unknown>);
    for (const firing of firings) encodeKey(firing.deadlineId, 'deadlineId');
    for (const commit of commits) checkCommitSize(commit);
    if (firings.length === 0 && commits.length === 0) {
      batch.written?.([]);
      return [];
    }
    await this.tables.ready();
    for (const firing of firings) await this.deadlineQueue.fire(firing.deadlineId, firing.at, firing.dueAt);
    const refusals = new BatchRefusals();
    const results: CommitResult[] = [];
    for (const commit of commits) {
      const caseId = commit.summary.caseId;
      if (refusals.refusesLater(caseId)) {
        results.push(refusals.laterRefusal((await this.tables.readCase(caseId))?.version ?? 0));
        continue;
      }
      const result = await this.commit(commit);
      refusals.note(caseId, result);
      results.push(result);
    }
    batch.written?.(results);
    return results;
  }

  private async readPartition(partitionKey: string, commandKey: string | undefined): Promise<PartitionRead> {
    const deadlineRange = odata`(RowKey ge ${DEADLINE_PREFIX} and RowKey lt ${prefixEnd(DEADLINE_PREFIX)})`;
    const commandClause = commandKey === undefined ? '' : odata` or RowKey eq ${commandRowKey(commandKey)}`;
    const rows = await this.tables.query(
      this.tables.cases,
      `${odata`PartitionKey eq ${partitionKey}`} and (${odata`RowKey eq ${CASE_ROW}`} or ${deadlineRange}${commandClause})`,
    );
    const read: PartitionRead = { current: undefined, deadlines: new Map(), command: undefined };
    for (const row of rows) {
      if (row.rowKey === CASE_ROW) read.current = toCaseEntity(row);
      else if (row.rowKey?.startsWith(COMMAND_PREFIX)) read.command = row;
      else read.deadlines.set(text(row, 'deadlineId'), row);
    }
    return read;
  }

  private async tryCommit(commit: CaseCommit<unknown>): Promise<Attempt> {
    const { cases, index } = this.tables;
    const { summary } = commit;
    const caseId = summary.caseId;
    const partitionKey = encodeKey(caseId, 'caseId');
    const command = commit.command;

    // 1. Read the case partition and the reservations this commit may need, side by side.
    const [read, commandHint, refHint] = await Promise.all([
      this.readPartition(partitionKey, command?.key),
      command ? this.tables.getRow(index, INDEX.command, encodeKey(command.key, 'command key')) : undefined,
      this.tables.getRow(index, INDEX.ref, encodeKey(summary.ref, 'ref')),
    ]);
    const current = read.current;
    const currentVersion = current?.version ?? 0;

    // 2. The checks (commitRefusal: command key, version, ref), each hint verified against the case it names.
    let committed: { outcome: unknown } | undefined;
    if (command) {
      if (read.command) committed = { outcome: readJson(read.command, 'outcome') };
      const holder = commandHint && text(commandHint, 'caseId');
      if (!committed && holder !== undefined && holder !== caseId) {
        const record = await this.tables.getRow(cases, encodeKey(holder, 'caseId'), commandRowKey(command.key));
        if (record) committed = { outcome: readJson(record, 'outcome') };
      }
    }
    const holdsRef = current?.summary?.ref === summary.ref;
    // A held ref always has its reservation; one removed by hand is written again below.
    const refHolder = refHint && text(refHint, 'caseId');
    let refHeldBy: string | undefined;
    // The other case is read only when the earlier checks pass: otherwise its answer is not needed.
    if (!committed && currentVersion === commit.expectedVersion && !holdsRef && refHolder !== undefined && refHolder !== caseId) {
      const other = await this.tables.readCase(refHolder);
      if (other?.summary?.ref === summary.ref) refHeldBy = refHolder;
    }
    const refusal = commitRefusal(commit, { ...(committed ? { committed } : {}), currentVersion, ...(refHeldBy !== undefined ? { refHeldBy } : {}) });
    if (refusal) return refusal;

    // 3. Plan the case-partition transaction.
    const newVersion = commit.expectedVersion + 1;
    const plans = planDeadlines(commit, read, caseId);
    const auditSeq = (current?.auditSeq ?? 0) + 1;
    const items = newOutboxItems(commit, (current?.outboxSeq ?? 0) + 1);

    // 4. Reservations and hints, before the transaction (see DESIGN.md).
    const previousParticipants = current?.summary?.participants ?? [];
    const writes: Promise<boolean>[] = [];
    if (command) {
      writes.push(this.hints.reserve(INDEX.command, encodeKey(command.key, 'command key'), caseId, commandHint,
        async (holder) => (await this.tables.getRow(cases, encodeKey(holder.caseId, 'caseId'), commandRowKey(command.key))) !== undefined));
    }
    if (!holdsRef || !refHint) {
      writes.push(this.hints.reserve(INDEX.ref, encodeKey(summary.ref, 'ref'), caseId, refHint,
        async (holder) => holder.summary?.ref === summary.ref));
      writes.push(this.hints.upsertHint(folderPartition(summary.ref), partitionKey, { caseId, ref: summary.ref, version: newVersion }));
    }
    for (const participant of summary.participants) {
      if (previousParticipants.includes(participant)) continue;
      writes.push(this.hints.upsertHint(participantPartition(participant), partitionKey, { caseId, version: newVersion }));
    }
    for (const [deadlineId, plan] of plans) {
      if (!plan.after || plan.after.firedAt !== null || !plan.changed) continue;
      writes.push(this.hints.upsertHint(INDEX.due, dueRowKey(plan.after.dueAt, deadlineId), { caseId, deadlineId, version: newVersion }));
      if (!plan.before) writes.push(this.hints.registerDeadlineId(deadlineId, caseId));
    }
    if (items.length > 0) writes.push(this.hints.upsertHint(INDEX.outbox, partitionKey, { caseId, version: newVersion }));
    for (const item of items) writes.push(this.hints.registerEffect(item, commit.expectedVersion));
    const settled = await Promise.allSettled(writes);
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    if (settled.some((outcome) => outcome.status === 'fulfilled' && !outcome.value)) return RETRY;

    // 5. The commit itself: one transaction in the case partition.
    await this.beforeTransaction?.(caseId);
    const lastOutboxSeq = (current?.outboxSeq ?? 0) + items.length;
    const actions = commitActions(commit, { partitionKey, current, newVersion, auditSeq, lastOutboxSeq, items, plans });
    try {
      await cases.submitTransaction(actions);
    } catch (error) {
      if (isRaceLost(error)) return RETRY;
      throw error;
    }

    // 6. Settle: prune hints this commit made stale. Best effort: readers verify hints anyway.
    const pruning: Promise<void>[] = [];
    const previousRef = current?.summary?.ref;
    if (previousRef !== undefined && previousRef !== summary.ref) pruning.push(this.hints.pruneFolderHint(previousRef, caseId));
    for (const participant of previousParticipants) {
      if (!summary.participants.includes(participant)) pruning.push(this.hints.pruneParticipantHint(participant, caseId));
    }
    for (const [deadlineId, plan] of plans) {
      const before = plan.before && toDeadline(plan.before);
      if (!before || before.firedAt !== null || !plan.changed) continue;
      if (plan.after && plan.after.firedAt === null && plan.after.dueAt === before.dueAt) continue;
      pruning.push(this.hints.pruneDueHint(dueRowKey(before.dueAt, deadlineId)));
    }
    await Promise.allSettled(pruning);
    return { ok: true, version: newVersion };
  }

  async get<S>(caseId: string): Promise<StoredCase<S> | undefined> {
    await this.tables.ready();
    const entity = await this.tables.readCase(caseId);
    return entity && toStoredCase<S>(entity);
  }

  async getByRef<S>(ref: string): Promise<StoredCase<S> | undefined> {
    await this.tables.ready();
    const key = keyOrNothing(() => encodeKey(ref, 'ref'));
    const reservation = key === undefined ? undefined : await this.tables.getRow(this.tables.index, INDEX.ref, key);
    if (!reservation) return undefined;
    const found = await this.get<S>(text(reservation, 'caseId'));
    // A reservation left by a commit that never happened, or a ref the case has since given up.
    return found?.summary.ref === ref ? found : undefined;
  }

  /** One partition of the index (the folder's hints), then the cases they name whose ref `keep` takes. */
  private async folderHolders(ref: string, keep: (held: string) => boolean): Promise<CaseEntity[]> {
    const partition = keyOrNothing(() => folderPartition(ref));
    if (partition === undefined) return [];
    return this.hintedHolders(odata`PartitionKey eq ${partition}`, keep);
  }

  /** The folder hints `filter` takes, then the cases they name whose ref `keep` takes, by ref. */
  private async hintedHolders(filter: string, keep: (held: string) => boolean): Promise<CaseEntity[]> {
    await this.tables.ready();
    const hints = (await this.tables.query(this.tables.index, filter, ['caseId', 'ref'])).filter((h) => keep(text(h, 'ref')));
    const found = await mapConcurrently(hints, READ_CONCURRENCY, async (h) => {
      const entity = await this.tables.readCase(text(h, 'caseId'));
      // A hint left by a commit that never happened, or a ref the case has since given up.
      return entity?.summary && entity.summary.ref === text(h, 'ref') ? [entity] : [];
    });
    return found.flat().sort((a, b) => (a.summary!.ref < b.summary!.ref ? -1 : 1));
  }

  async getByRefAnyCase<S>(ref: string): Promise<StoredCase<S> | undefined> {
    const key = anyCaseKey(ref);
    const held = await this.folderHolders(ref, (r) => anyCaseKey(r) === key);
    const found = held.find((e) => e.summary!.ref === ref) ?? held[0];
    return found && toStoredCase<S>(found);
  }

  async refsSharingFolder(ref: string): Promise<string[]> {
    const key = sameFolderKey(ref);
    return [...new Set((await this.folderHolders(ref, (r) => sameFolderKey(r) === key)).map((e) => e.summary!.ref))];
  }

  async refsStartingWith(prefix: string): Promise<string[]> {
    const key = sameFolderKey(prefix);
    // Folder partitions sort as their keys do: encodeKey spells a key character by character.
    const from = key === '' ? undefined : keyOrNothing(() => folderPartition(key));
    if (from === undefined) return [];
    const holders = await this.hintedHolders(odata`PartitionKey ge ${from} and PartitionKey lt ${afterEveryKeyStartingWith(from)}`, (r) => sameFolderKey(r).startsWith(key));
    return [...new Set(holders.map((e) => e.summary!.ref))];
  }

  /**
   * Most recently updated first. With a participant: that participant's hint partition and a point
   * read per case. Without: a scan of every case entity (admin-style; reads only the summary).
   */
  async list(filter: CaseListFilter = {}): Promise<CaseSummary[]> {
    const limit = positiveInteger(filter.limit ?? DEFAULT_LIST_LIMIT, 'limit');
    await this.tables.ready();
    let summaries: CaseSummary[];
    if (filter.participant !== undefined) {
      const participant = filter.participant;
      const hints = await this.tables.query(this.tables.index, odata`PartitionKey eq ${participantPartition(participant)}`, ['caseId']);
      const entities = await mapConcurrently(hints, READ_CONCURRENCY, (hint) => this.tables.readCase(text(hint, 'caseId')));
      summaries = entities.flatMap((e) => (e?.summary?.participants.includes(participant) ? [e.summary] : []));
    } else {
      const rows = await this.tables.query(this.tables.cases, odata`RowKey eq ${CASE_ROW} and version gt ${0}`,
        ['caseId', 'version', 'auditSeq', 'outboxSeq', 'ref', 'pathway', 'stage', 'participants', 'openedAt', 'updatedAt']);
      summaries = rows.flatMap((row) => toCaseEntity(row).summary ?? []);
    }
    return summaries
      .filter((s) => filter.stage === undefined || s.stage === filter.stage)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.caseId.localeCompare(b.caseId))
      .slice(0, limit);
  }

  async findCommand(key: string): Promise<CommandRecord | undefined> {
    await this.tables.ready();
    const reservation = await this.tables.getRow(this.tables.index, INDEX.command, encodeKey(key, 'command key'));
    if (!reservation) return undefined;
    const record = await this.tables.getRow(this.tables.cases, encodeKey(text(reservation, 'caseId'), 'caseId'), commandRowKey(key));
    return record && { key, outcome: readJson(record, 'outcome') };
  }
}
