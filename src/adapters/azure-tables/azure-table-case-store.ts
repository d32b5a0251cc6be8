/**
 * The scale-out CaseStore: Azure Table Storage, shared by several bot instances. The layout (one
 * partition per case, an index table of verified hints and reservations), why a commit can never
 * be half-visible, the costs and the limits: DESIGN.md beside this file.
 */
import { BatchRefusals, commitRefusal, deadlineAfter, deadlineSteps, deliveredSettlement, failedSettlement } from '../../ports/commit-rules';
import { randomUUID } from 'node:crypto';
import { TableClient, odata, type TransactionAction } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import {
  LeaseLostError,
  OUTBOX_LANES,
  type AuditEntry,
  type CaseCommit,
  type CaseListFilter,
  type CaseStore,
  type CaseSummary,
  type CommandRecord,
  type CommitBatch,
  type CommitResult,
  type Deadline,
  type Instant,
  type OutboxCounts,
  type OutboxItem,
  type OutboxLane,
  type OutboxStatus,
  type RefusalEntry,
  type RefusalEntryInput,
  type StoredCase,
} from '../../ports/case-store';
import { normaliseInstant } from '../instant';
import { normaliseCommit, normaliseFiring } from '../normalise-commit';
import {
  CommitTooLargeError,
  DeadlineOwnedByAnotherCaseError,
  DuplicateEffectIdError,
  StoreClosedError,
  StoreContentionError,
  isRaceLost,
  statusOf,
} from './azure-table-errors';
import { eraseCaseRows } from './azure-table-erasure';
import { CHUNK_CHARS, jsonBudget, jsonProperties, jsonSize, readJson, toJsonText, type JsonProperties } from './entity-json';
import {
  AUDIT_PREFIX,
  CASE_ROW,
  COMMAND_PREFIX,
  DEADLINE_PREFIX,
  INDEX,
  OUTBOX_PREFIX,
  REFUSAL_PREFIX,
  auditRowKey,
  commandRowKey,
  deadlineRowKey,
  dueRowKey,
  dueUpperBound,
  encodeKey,
  outboxRowKey,
  participantPartition,
  prefixEnd,
  refusalRowKey,
} from './table-keys';

/**
 * How to reach the account: a connection string (Azurite's well-known one in development and
 * tests), or, on Azure, the account's table endpoint and a token credential (the managed
 * identity, holding Storage Table Data Contributor), so no account key exists to leak.
 */
export type AzureTableAccount = { connectionString: string } | { accountUrl: string; credential: TokenCredential };

export type AzureTableCaseStoreConfig = AzureTableAccount & {
  /** Letters and digits, starting with a letter: tables `<prefix>Cases` and `<prefix>Index`. */
  tablePrefix?: string;
  /**
   * For tests only: runs after a commit attempt's reads and reservations, just before its
   * transaction, so a test can make another writer step in exactly there.
   */
  beforeTransaction?: (caseId: string) => Promise<void>;
};

/** A TableClient for one table of the account. */
export function tableClient(account: AzureTableAccount, tableName: string): TableClient {
  if ('accountUrl' in account) return new TableClient(account.accountUrl, tableName, account.credential);
  const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:/i.test(account.connectionString);
  return TableClient.fromConnectionString(account.connectionString, tableName, { allowInsecureConnection: insecure });
}

export const DEFAULT_TABLE_PREFIX = 'caseStore';
const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_OUTBOX_LIST_LIMIT = 100;
const MAX_TRANSACTION_OPERATIONS = 100;
// The service's 4 MiB batch limit, leaving room for the envelope and the other properties.
const MAX_TRANSACTION_JSON_BYTES = 3_500_000;
const MAX_COMMIT_ATTEMPTS = 30;
// Parallel reads per call (verifying hints): enough to hide latency, not a flood.
const READ_CONCURRENCY = 16;

import { byCreation, deadlineEntity, integer, laneFilter, optionalText, outboxEntity, text, toAuditEntry, toCaseEntity, toDeadline, toOutboxItem, toStoredCase, withoutNulls, type CaseEntity, type Entity, type Row } from './azure-table-rows';

/** A commit attempt lost a race (an ETag moved, an entity appeared): read again and retry. */
const RETRY = Symbol('retry');
type Attempt = CommitResult | typeof RETRY;

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${field} must be a positive integer, got ${value}`);
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `task` over `items` with at most `limit` in flight; results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const n = next++;
      results[n] = await task(items[n] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}


// ---------------------------------------------------------------------------------------------
// Case partition rows

/** What a commit read of its case partition: the case entity, its deadlines and the command record. */
interface PartitionRead {
  current: CaseEntity | undefined;
  deadlines: Map<string, Row>;
  command: Row | undefined;
}

/** A deadline row as a commit leaves it: kept as read, written, or deleted. */
interface DeadlinePlan {
  before: Row | undefined;
  after: Deadline | undefined;
  changed: boolean;
}

export class AzureTableCaseStore implements CaseStore {
  private readonly cases: TableClient;
  private readonly index: TableClient;
  private readiness: Promise<void> | null = null;
  private closed = false;
  private readonly beforeTransaction: ((caseId: string) => Promise<void>) | undefined;

  constructor(config: AzureTableCaseStoreConfig) {
    this.beforeTransaction = config.beforeTransaction;
    const prefix = config.tablePrefix ?? DEFAULT_TABLE_PREFIX;
    // Table names: 3–63 letters and digits, starting with a letter.
    if (!/^[A-Za-z][A-Za-z0-9]{0,57}$/.test(prefix)) {
      throw new RangeError(`tablePrefix must be 1–58 letters and digits starting with a letter, got ${JSON.stringify(prefix)}`);
    }
    this.cases = tableClient(config, `${prefix}Cases`);
    this.index = tableClient(config, `${prefix}Index`);
  }

  /** Creates the tables on first use (idempotent); a failure is retried by the next call. */
  private async ready(): Promise<void> {
    if (this.closed) throw new StoreClosedError();
    this.readiness ??= Promise.all([this.cases.createTable(), this.index.createTable()]).then(
      () => undefined,
      (error: unknown) => {
        this.readiness = null;
        throw error;
      },
    );
    return this.readiness;
  }

  // ------------------------------------------------------------------ small reads and writes

  private async getRow(table: TableClient, partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  private async query(table: TableClient, filter: string, select?: string[], first?: boolean): Promise<Row[]> {
    const rows: Row[] = [];
    const queryOptions = select ? { filter, select } : { filter };
    // The SDK follows continuation tokens: a page may come back empty before the match.
    for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions })) {
      rows.push(row);
      if (first) break;
    }
    return rows;
  }

  private partitionRange(partitionKey: string, prefix: string): string {
    return odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${prefixEnd(prefix)}`;
  }

  private async readCase(caseId: string): Promise<CaseEntity | undefined> {
    const row = await this.getRow(this.cases, encodeKey(caseId, 'caseId'), CASE_ROW);
    return row && toCaseEntity(row);
  }

  /** A write that may lose a race: true if it happened, false if another writer got there first. */
  private async attempt(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isRaceLost(error)) return false;
      throw error;
    }
  }

  // ------------------------------------------------------------------ commit

  async commit<S>(input: CaseCommit<S>): Promise<CommitResult> {
    const commit = normaliseCommit(input) as CaseCommit<unknown>;
    this.checkSize(commit);
    await this.ready();
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
    for (const commit of commits) this.checkSize(commit);
    if (firings.length === 0 && commits.length === 0) return [];
    await this.ready();
    for (const firing of firings) await this.fire(firing.deadlineId, firing.at, firing.dueAt);
    const refusals = new BatchRefusals();
    const results: CommitResult[] = [];
    for (const commit of commits) {
      const caseId = commit.summary.caseId;
      if (refusals.refusesLater(caseId)) {
        results.push(refusals.laterRefusal((await this.readCase(caseId))?.version ?? 0));
        continue;
      }
      const result = await this.commit(commit);
      refusals.note(caseId, result);
      results.push(result);
    }
    return results;
  }

  /** Refuses, before any I/O, a commit that cannot fit one entity or one transaction. */
  private checkSize(commit: CaseCommit<unknown>): void {
    const { summary } = commit;
    encodeKey(summary.caseId, 'caseId');
    encodeKey(summary.ref, 'ref');
    for (const p of summary.participants) encodeKey(p, 'participant');
    if (commit.command) encodeKey(commit.command.key, 'command key');
    const deadlineIds = new Set<string>();
    for (const d of commit.deadlines?.schedule ?? []) deadlineIds.add(d.deadlineId);
    for (const id of commit.deadlines?.cancel ?? []) deadlineIds.add(id);
    for (const id of commit.deadlines?.fired ?? []) deadlineIds.add(id);
    for (const id of deadlineIds) encodeKey(id, 'deadlineId');
    for (const item of commit.outbox) encodeKey(item.effectId, 'effectId');

    const operations = 2 + commit.outbox.length + deadlineIds.size + (commit.command ? 1 : 0);
    if (operations > MAX_TRANSACTION_OPERATIONS) {
      throw new CommitTooLargeError(summary.caseId, `${operations} operations (at most ${MAX_TRANSACTION_OPERATIONS})`);
    }
    const texts: string[] = [];
    const measure = (field: string, ...values: unknown[]): void => {
      const json = values.map(toJsonText);
      jsonBudget(field, ...json);
      texts.push(...json);
    };
    measure('state', commit.state);
    if (JSON.stringify(summary.participants).length > CHUNK_CHARS) throw new CommitTooLargeError(summary.caseId, 'too many participants');
    measure('audit before and after', commit.audit.before, commit.audit.after);
    for (const item of commit.outbox) measure(`outbox payload ${item.effectId}`, item.payload);
    for (const d of commit.deadlines?.schedule ?? []) measure(`deadline payload ${d.deadlineId}`, d.payload);
    if (commit.command) measure('command outcome', commit.command.outcome);
    const total = texts.reduce((n, t) => n + jsonSize(t), 0);
    if (total > MAX_TRANSACTION_JSON_BYTES) {
      throw new CommitTooLargeError(summary.caseId, `${total} bytes of JSON (at most ${MAX_TRANSACTION_JSON_BYTES})`);
    }
  }

  private async readPartition(partitionKey: string, commandKey: string | undefined): Promise<PartitionRead> {
    const deadlineRange = odata`(RowKey ge ${DEADLINE_PREFIX} and RowKey lt ${prefixEnd(DEADLINE_PREFIX)})`;
    const commandClause = commandKey === undefined ? '' : odata` or RowKey eq ${commandRowKey(commandKey)}`;
    const rows = await this.query(
      this.cases,
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
    const { summary } = commit;
    const caseId = summary.caseId;
    const partitionKey = encodeKey(caseId, 'caseId');
    const command = commit.command;

    // 1. Read the case partition and the reservations this commit may need, side by side.
    const [read, commandHint, refHint] = await Promise.all([
      this.readPartition(partitionKey, command?.key),
      command ? this.getRow(this.index, INDEX.command, encodeKey(command.key, 'command key')) : undefined,
      this.getRow(this.index, INDEX.ref, encodeKey(summary.ref, 'ref')),
    ]);
    const current = read.current;
    const currentVersion = current?.version ?? 0;

    // 2. The checks (commitRefusal: command key, version, ref), each hint verified against the case it names.
    let committed: { outcome: unknown } | undefined;
    if (command) {
      if (read.command) committed = { outcome: readJson(read.command, 'outcome') };
      const holder = commandHint && text(commandHint, 'caseId');
      if (!committed && holder !== undefined && holder !== caseId) {
        const record = await this.getRow(this.cases, encodeKey(holder, 'caseId'), commandRowKey(command.key));
        if (record) committed = { outcome: readJson(record, 'outcome') };
      }
    }
    const holdsRef = current?.summary?.ref === summary.ref;
    // A held ref always has its reservation; one removed by hand is written again below.
    const refHolder = refHint && text(refHint, 'caseId');
    let refHeldBy: string | undefined;
    // The other case is read only when the earlier checks pass: otherwise its answer is not needed.
    if (!committed && currentVersion === commit.expectedVersion && !holdsRef && refHolder !== undefined && refHolder !== caseId) {
      const other = await this.readCase(refHolder);
      if (other?.summary?.ref === summary.ref) refHeldBy = refHolder;
    }
    const refusal = commitRefusal(commit, { ...(committed ? { committed } : {}), currentVersion, ...(refHeldBy !== undefined ? { refHeldBy } : {}) });
    if (refusal) return refusal;

    // 3. Plan the case-partition transaction.
    const newVersion = commit.expectedVersion + 1;
    const plans = this.planDeadlines(commit, read, caseId);
    const auditSeq = (current?.auditSeq ?? 0) + 1;
    const firstOutboxSeq = (current?.outboxSeq ?? 0) + 1;
    const items: OutboxItem[] = commit.outbox.map((item, n) => ({
      ...item,
      caseId,
      seq: firstOutboxSeq + n,
      status: 'pending',
      attempts: 0,
      notBefore: commit.audit.at,
      lastError: null,
      createdAt: commit.audit.at,
      deliveredAt: null,
      leaseOwner: null,
      leaseUntil: null,
    }));

    // 4. Reservations and hints, before the transaction (see the design note at the top).
    const previousParticipants = current?.summary?.participants ?? [];
    const writes: Promise<boolean>[] = [];
    if (command) {
      writes.push(this.reserve(INDEX.command, encodeKey(command.key, 'command key'), caseId, commandHint,
        async (holder) => (await this.getRow(this.cases, encodeKey(holder.caseId, 'caseId'), commandRowKey(command.key))) !== undefined));
    }
    if (!holdsRef || !refHint) {
      writes.push(this.reserve(INDEX.ref, encodeKey(summary.ref, 'ref'), caseId, refHint,
        async (holder) => holder.summary?.ref === summary.ref));
    }
    for (const participant of summary.participants) {
      if (previousParticipants.includes(participant)) continue;
      writes.push(this.upsertHint(participantPartition(participant), partitionKey, { caseId, version: newVersion }));
    }
    for (const [deadlineId, plan] of plans) {
      if (!plan.after || plan.after.firedAt !== null || !plan.changed) continue;
      writes.push(this.upsertHint(INDEX.due, dueRowKey(plan.after.dueAt, deadlineId), { caseId, deadlineId, version: newVersion }));
      if (!plan.before) writes.push(this.registerDeadlineId(deadlineId, caseId));
    }
    if (items.length > 0) writes.push(this.upsertHint(INDEX.outbox, partitionKey, { caseId, version: newVersion }));
    for (const item of items) writes.push(this.registerEffect(item, commit.expectedVersion));
    const settled = await Promise.allSettled(writes);
    for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    if (settled.some((outcome) => outcome.status === 'fulfilled' && !outcome.value)) return RETRY;

    // 5. The commit itself: one transaction in the case partition.
    await this.beforeTransaction?.(caseId);
    const actions = this.transaction(commit, partitionKey, current, newVersion, auditSeq, firstOutboxSeq + items.length, items, plans);
    try {
      await this.cases.submitTransaction(actions);
    } catch (error) {
      if (isRaceLost(error)) return RETRY;
      throw error;
    }

    // 6. Settle: prune hints this commit made stale. Best effort: readers verify hints anyway.
    const pruning: Promise<void>[] = [];
    for (const participant of previousParticipants) {
      if (!summary.participants.includes(participant)) pruning.push(this.pruneParticipantHint(participant, caseId));
    }
    for (const [deadlineId, plan] of plans) {
      const before = plan.before && toDeadline(plan.before);
      if (!before || before.firedAt !== null || !plan.changed) continue;
      if (plan.after && plan.after.firedAt === null && plan.after.dueAt === before.dueAt) continue;
      pruning.push(this.pruneDueHint(dueRowKey(before.dueAt, deadlineId)));
    }
    await Promise.allSettled(pruning);
    return { ok: true, version: newVersion };
  }

  /** fired, then cancel, then schedule (an event may answer a deadline and set the same id again); one operation per row. */
  private planDeadlines(commit: CaseCommit<unknown>, read: PartitionRead, caseId: string): Map<string, DeadlinePlan> {
    const plans = new Map<string, DeadlinePlan>();
    const plan = (id: string): DeadlinePlan => {
      let p = plans.get(id);
      if (!p) {
        const before = read.deadlines.get(id);
        p = { before, after: before && toDeadline(before), changed: false };
        plans.set(id, p);
      }
      return p;
    };
    for (const step of deadlineSteps(commit.deadlines)) {
      const p = plan(step.kind === 'schedule' ? step.deadline.deadlineId : step.deadlineId);
      const next = deadlineAfter(p.after, step, caseId, commit.audit.at);
      if (next !== p.after) {
        p.after = next;
        p.changed = true;
      }
    }
    return plans;
  }

  private transaction(
    commit: CaseCommit<unknown>,
    partitionKey: string,
    current: CaseEntity | undefined,
    newVersion: number,
    auditSeq: number,
    outboxSeq: number,
    items: OutboxItem[],
    plans: Map<string, DeadlinePlan>,
  ): TransactionAction[] {
    const { summary, audit } = commit;
    const caseEntity: Entity = {
      partitionKey,
      rowKey: CASE_ROW,
      caseId: summary.caseId,
      version: newVersion,
      auditSeq,
      outboxSeq: outboxSeq - 1,
      ref: summary.ref,
      pathway: summary.pathway,
      stage: summary.stage,
      participants: JSON.stringify(summary.participants),
      openedAt: summary.openedAt,
      updatedAt: summary.updatedAt,
      ...jsonProperties('state', toJsonText(commit.state)),
    };
    const actions: TransactionAction[] = [
      // Replace, so no state part of a larger earlier state survives.
      current ? ['update', caseEntity, 'Replace', { etag: current.etag }] : ['create', caseEntity],
      ['create', {
        partitionKey,
        rowKey: auditRowKey(auditSeq),
        ...withoutNulls({
          caseId: summary.caseId,
          seq: auditSeq,
          at: audit.at,
          actorId: audit.actorId,
          actorName: audit.actorName,
          onBehalfOfId: audit.onBehalfOfId,
          onBehalfOfName: audit.onBehalfOfName,
          role: audit.role,
          action: audit.action,
          correlationId: audit.correlationId,
        }),
        ...jsonProperties('before', toJsonText(audit.before)),
        ...jsonProperties('after', toJsonText(audit.after)),
      }],
    ];
    for (const item of items) actions.push(['create', outboxEntity(partitionKey, item)]);
    for (const plan of plans.values()) {
      if (!plan.changed) continue;
      // Every deadline write is conditional too: markDeadlineFired may touch a row outside commits.
      if (plan.after && plan.before) actions.push(['update', deadlineEntity(partitionKey, plan.after), 'Replace', { etag: plan.before.etag }]);
      else if (plan.after) actions.push(['create', deadlineEntity(partitionKey, plan.after)]);
      // A transaction's delete cannot carry an ETag; a cancel beating a concurrent markDeadlineFired is harmless.
      else if (plan.before) actions.push(['delete', { partitionKey, rowKey: plan.before.rowKey ?? '' }]);
    }
    if (commit.command) {
      actions.push(['create', {
        partitionKey,
        rowKey: commandRowKey(commit.command.key),
        key: commit.command.key,
        at: audit.at,
        ...jsonProperties('outcome', toJsonText(commit.command.outcome)),
      }]);
    }
    return actions;
  }

  // ------------------------------------------------------------------ reservations and hints

  /**
   * Makes the reservation `partition/rowKey` name `caseId`, after the commit read its case entity:
   * create it, re-write our own (so a takeover in between is detected by its ETag), or take over
   * another case's stale one after fencing that case. False if a race was lost (retry the commit).
   */
  private async reserve(
    partition: string,
    rowKey: string,
    caseId: string,
    seen: Row | undefined,
    holds: (holder: CaseEntity) => Promise<boolean>,
  ): Promise<boolean> {
    const entity: Entity = { partitionKey: partition, rowKey, caseId, claim: randomUUID() };
    if (!seen) return this.attempt(() => this.index.createEntity(entity));
    const holderId = text(seen, 'caseId');
    if (holderId !== caseId) {
      // Read the holder after the reservation, check it does not hold it, then fence it.
      const holder = await this.readCase(holderId);
      if (holder && (await holds(holder))) return false;
      const fenced = await this.attempt(() => holder
        ? this.cases.updateEntity({ partitionKey: encodeKey(holderId, 'caseId'), rowKey: CASE_ROW, fence: randomUUID() }, 'Merge', { etag: holder.etag })
        : this.cases.createEntity({ partitionKey: encodeKey(holderId, 'caseId'), rowKey: CASE_ROW, caseId: holderId, version: 0, auditSeq: 0, outboxSeq: 0 }));
      if (!fenced) return false;
    }
    return this.attempt(() => this.index.updateEntity(entity, 'Replace', { etag: seen.etag }));
  }

  private async upsertHint(partition: string, rowKey: string, properties: JsonProperties): Promise<boolean> {
    await this.index.upsertEntity({ partitionKey: partition, rowKey, ...properties }, 'Replace');
    return true;
  }

  /** Deadline id → case, refusing an id another case has scheduled (ids are unique across the store). */
  private async registerDeadlineId(deadlineId: string, caseId: string): Promise<boolean> {
    const rowKey = encodeKey(deadlineId, 'deadlineId');
    const entity: Entity = { partitionKey: INDEX.deadline, rowKey, caseId };
    if (await this.attempt(() => this.index.createEntity(entity))) return true;
    const seen = await this.getRow(this.index, INDEX.deadline, rowKey);
    if (!seen) return false;
    const holder = text(seen, 'caseId');
    if (holder === caseId) return true;
    if (await this.getRow(this.cases, encodeKey(holder, 'caseId'), deadlineRowKey(deadlineId))) throw new DeadlineOwnedByAnotherCaseError(deadlineId);
    return this.attempt(() => this.index.updateEntity(entity, 'Replace', { etag: seen.etag }));
  }

  /** Effect id → case and seq, refusing an id already in the outbox. */
  private async registerEffect(item: OutboxItem, expectedVersion: number): Promise<boolean> {
    const rowKey = encodeKey(item.effectId, 'effectId');
    const entity: Entity = { partitionKey: INDEX.effect, rowKey, caseId: item.caseId, seq: item.seq };
    if (await this.attempt(() => this.index.createEntity(entity))) return true;
    const seen = await this.getRow(this.index, INDEX.effect, rowKey);
    if (!seen) return false;
    const committed = await this.outboxRowOf(seen);
    if (committed && text(committed, 'effectId') === item.effectId) {
      // Two writers that read the same version build the same effect ids: the loser has a stale
      // read, not a reused id. Retrying re-reads the case and ends in VERSION_CONFLICT.
      if (text(seen, 'caseId') === item.caseId) {
        const current = await this.readCase(item.caseId);
        if (current && current.version !== expectedVersion) return false;
      }
      throw new DuplicateEffectIdError(item.effectId);
    }
    return this.attempt(() => this.index.updateEntity(entity, 'Replace', { etag: seen.etag }));
  }

  private async outboxRowOf(effectHint: Row): Promise<Row | undefined> {
    return this.getRow(this.cases, encodeKey(text(effectHint, 'caseId'), 'caseId'), outboxRowKey(integer(effectHint, 'seq')));
  }

  /**
   * Deletes a hint its case no longer needs. Only once the case has reached the version the hint
   * was written for (its writer has committed or lost), and If-Match, so a writer re-adding the
   * hint (an upsert, which changes the ETag) always wins.
   */
  private async pruneHint(partition: string, rowKey: string, needed: (caseEntity: CaseEntity) => Promise<boolean>): Promise<void> {
    const hint = await this.getRow(this.index, partition, rowKey);
    if (!hint) return;
    const caseEntity = await this.readCase(text(hint, 'caseId'));
    if (!caseEntity || caseEntity.version < integer(hint, 'version')) return;
    if (await needed(caseEntity)) return;
    await this.attempt(() => this.index.deleteEntity(partition, rowKey, { etag: hint.etag }));
  }

  private async pruneParticipantHint(participant: string, caseId: string): Promise<void> {
    await this.pruneHint(participantPartition(participant), encodeKey(caseId, 'caseId'),
      async (c) => c.summary?.participants.includes(participant) ?? false);
  }

  private async pruneDueHint(rowKey: string): Promise<void> {
    await this.pruneHint(INDEX.due, rowKey, async (c) => {
      const hint = await this.getRow(this.index, INDEX.due, rowKey);
      if (!hint) return true;
      return (await this.pendingDeadline(c.caseId, text(hint, 'deadlineId'), rowKey)) !== undefined;
    });
  }

  private async pruneOutboxHint(caseId: string): Promise<void> {
    await this.pruneHint(INDEX.outbox, encodeKey(caseId, 'caseId'), async () => (await this.firstUndelivered(caseId)) !== undefined);
  }

  // ------------------------------------------------------------------ cases

  async get<S>(caseId: string): Promise<StoredCase<S> | undefined> {
    await this.ready();
    const entity = await this.readCase(caseId);
    return entity && toStoredCase<S>(entity);
  }

  async getByRef<S>(ref: string): Promise<StoredCase<S> | undefined> {
    await this.ready();
    const reservation = await this.getRow(this.index, INDEX.ref, encodeKey(ref, 'ref'));
    if (!reservation) return undefined;
    const found = await this.get<S>(text(reservation, 'caseId'));
    // A reservation left by a commit that never happened, or a ref the case has since given up.
    return found?.summary.ref === ref ? found : undefined;
  }

  /**
   * Most recently updated first. With a participant: that participant's hint partition and a point
   * read per case. Without: a scan of every case entity (admin-style; reads only the summary).
   */
  async list(filter: CaseListFilter = {}): Promise<CaseSummary[]> {
    const limit = positiveInteger(filter.limit ?? DEFAULT_LIST_LIMIT, 'limit');
    await this.ready();
    let summaries: CaseSummary[];
    if (filter.participant !== undefined) {
      const participant = filter.participant;
      const hints = await this.query(this.index, odata`PartitionKey eq ${participantPartition(participant)}`, ['caseId']);
      const entities = await mapConcurrently(hints, READ_CONCURRENCY, (hint) => this.readCase(text(hint, 'caseId')));
      summaries = entities.flatMap((e) => (e?.summary?.participants.includes(participant) ? [e.summary] : []));
    } else {
      const rows = await this.query(this.cases, odata`RowKey eq ${CASE_ROW} and version gt ${0}`,
        ['caseId', 'version', 'auditSeq', 'outboxSeq', 'ref', 'pathway', 'stage', 'participants', 'openedAt', 'updatedAt']);
      summaries = rows.flatMap((row) => toCaseEntity(row).summary ?? []);
    }
    return summaries
      .filter((s) => filter.stage === undefined || s.stage === filter.stage)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.caseId.localeCompare(b.caseId))
      .slice(0, limit);
  }

  async findCommand(key: string): Promise<CommandRecord | undefined> {
    await this.ready();
    const reservation = await this.getRow(this.index, INDEX.command, encodeKey(key, 'command key'));
    if (!reservation) return undefined;
    const record = await this.getRow(this.cases, encodeKey(text(reservation, 'caseId'), 'caseId'), commandRowKey(key));
    return record && { key, outcome: readJson(record, 'outcome') };
  }

  async audit(caseId: string): Promise<AuditEntry[]> {
    await this.ready();
    const rows = await this.query(this.cases, this.partitionRange(encodeKey(caseId, 'caseId'), AUDIT_PREFIX));
    return rows.map(toAuditEntry);
  }

  /**
   * A row in the case's partition (RowKey `refusal-<at>-<uuid>`), outside the commit transaction:
   * the case entity is not touched, so its ETag and version stay as they were.
   */
  async recordRefusal(entry: RefusalEntryInput): Promise<void> {
    const at = normaliseInstant(entry.at, 'at');
    await this.ready();
    const partitionKey = encodeKey(entry.caseId, 'caseId');
    await this.cases.createEntity({
      partitionKey,
      rowKey: refusalRowKey(at, randomUUID()),
      ...withoutNulls({
        caseId: entry.caseId,
        at,
        actorId: entry.actorId,
        actorName: entry.actorName,
        action: entry.action,
        code: entry.code,
        rule: entry.rule,
        correlationId: entry.correlationId,
        named: entry.named === undefined ? null : entry.named.slice(0, 100),
      }),
    });
  }

  async refusals(caseId: string): Promise<RefusalEntry[]> {
    await this.ready();
    const rows = await this.query(this.cases, this.partitionRange(encodeKey(caseId, 'caseId'), REFUSAL_PREFIX));
    return rows.map((row, index) => ({
      caseId: text(row, 'caseId'),
      seq: index + 1,
      at: text(row, 'at'),
      actorId: text(row, 'actorId'),
      actorName: text(row, 'actorName'),
      action: text(row, 'action'),
      code: text(row, 'code'),
      rule: optionalText(row, 'rule'),
      correlationId: text(row, 'correlationId'),
      ...(optionalText(row, 'named') !== null ? { named: optionalText(row, 'named')! } : {}),
    }));
  }

  // ------------------------------------------------------------------ outbox

  /** The lowest-seq outbox row of the case (in `lane`, if given) that is not delivered (pending or dead), if any. */
  private async firstUndelivered(caseId: string, lane?: OutboxLane): Promise<Row | undefined> {
    let filter = `${this.partitionRange(encodeKey(caseId, 'caseId'), OUTBOX_PREFIX)} and ${odata`status ne ${'delivered'}`}`;
    if (lane !== undefined) filter += ` and ${laneFilter(lane)}`;
    const [row] = await this.query(this.cases, filter, undefined, true);
    return row;
  }

  async claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]> {
    const at = normaliseInstant(now, 'now');
    const until = normaliseInstant(leaseUntil, 'leaseUntil');
    positiveInteger(limit, 'limit');
    await this.ready();
    const hints = await this.query(this.index, odata`PartitionKey eq ${INDEX.outbox}`, ['caseId']);
    const caseIds = hints.map((hint) => text(hint, 'caseId'));
    // Each case's head in each lane: a pending or dead row holds back only the later rows of its lane.
    const heads = await mapConcurrently(caseIds, READ_CONCURRENCY,
      (caseId) => Promise.all(OUTBOX_LANES.map((lane) => this.firstUndelivered(caseId, lane))));

    const candidates: { row: Row; item: OutboxItem }[] = [];
    const drained: string[] = [];
    heads.forEach((laneHeads, n) => {
      const rows = laneHeads.filter((row): row is Row => row !== undefined);
      if (rows.length === 0) {
        drained.push(caseIds[n] ?? '');
        return;
      }
      for (const row of rows) {
        const item = toOutboxItem(row);
        const free = item.leaseOwner === null || item.leaseOwner === owner || (item.leaseUntil !== null && item.leaseUntil <= at);
        if (item.status === 'pending' && item.notBefore <= at && free) candidates.push({ row, item });
      }
    });
    candidates.sort((a, b) => byCreation(a.item, b.item));

    const claimed: OutboxItem[] = [];
    for (const { row, item } of candidates) {
      if (claimed.length >= limit) break;
      const leased: OutboxItem = { ...item, leaseOwner: owner, leaseUntil: until };
      // If-Match: of two instances reading the same row, one lease wins and the other is skipped.
      const won = await this.attempt(() => this.cases.updateEntity(outboxEntity(row.partitionKey ?? '', leased), 'Replace', { etag: row.etag }));
      if (won) claimed.push(leased);
    }
    await Promise.allSettled(drained.map((caseId) => this.pruneOutboxHint(caseId)));
    return claimed;
  }

  /** Settles an item the owner holds: re-reads and re-checks after a lost race, else LeaseLostError. */
  private async settle(effectId: string, owner: string, change: (item: OutboxItem) => OutboxItem): Promise<void> {
    await this.ready();
    const hint = await this.getRow(this.index, INDEX.effect, encodeKey(effectId, 'effectId'));
    for (;;) {
      const row = hint && (await this.outboxRowOf(hint));
      const item = row && toOutboxItem(row);
      if (!row || !item || item.effectId !== effectId || item.status !== 'pending' || item.leaseOwner !== owner) {
        throw new LeaseLostError(effectId, owner);
      }
      const written = await this.attempt(() => this.cases.updateEntity(outboxEntity(row.partitionKey ?? '', change(item)), 'Replace', { etag: row.etag }));
      if (written) return;
    }
  }

  async markDelivered(effectId: string, owner: string, at: Instant): Promise<void> {
    const deliveredAt = normaliseInstant(at, 'at');
    const settled = deliveredSettlement(deliveredAt);
    await this.settle(effectId, owner, (item) => ({ ...item, status: settled.status, deliveredAt: settled.deliveredAt!, leaseOwner: null, leaseUntil: null }));
  }

  async markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean): Promise<void> {
    const settled = failedSettlement(error, normaliseInstant(notBefore, 'notBefore'), dead);
    await this.settle(effectId, owner, (item) => ({ ...item, status: settled.status, attempts: item.attempts + 1, ...settled.failure!, leaseOwner: null, leaseUntil: null }));
  }

  /** Every outbox row of every case (admin-style scan). */
  private async scanOutbox(status?: OutboxStatus, select?: string[]): Promise<Row[]> {
    const range = odata`RowKey ge ${OUTBOX_PREFIX} and RowKey lt ${prefixEnd(OUTBOX_PREFIX)}`;
    return this.query(this.cases, status === undefined ? range : `${range} and ${odata`status eq ${status}`}`, select);
  }

  /** A scan of every outbox row (admin-style). */
  async outboxCounts(): Promise<OutboxCounts> {
    await this.ready();
    const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, oldestPendingAt: null };
    for (const row of await this.scanOutbox(undefined, ['status', 'createdAt'])) {
      const status = text(row, 'status') as OutboxStatus;
      counts[status] += 1;
      const createdAt = text(row, 'createdAt');
      if (status === 'pending' && (counts.oldestPendingAt === null || createdAt < counts.oldestPendingAt)) counts.oldestPendingAt = createdAt;
    }
    return counts;
  }

  /** Oldest first. A scan of the outbox rows with that status (admin-style). */
  async listOutbox(status: OutboxStatus, limit = DEFAULT_OUTBOX_LIST_LIMIT): Promise<OutboxItem[]> {
    positiveInteger(limit, 'limit');
    await this.ready();
    return (await this.scanOutbox(status)).map(toOutboxItem).sort(byCreation).slice(0, limit);
  }

  /** Dead → pending, attempts 0; If-Match, so a row changed meanwhile is re-read. All: a scan (admin-style). */
  async replayDead(effectId?: string): Promise<number> {
    await this.ready();
    let rows: (Row | undefined)[];
    if (effectId === undefined) {
      rows = await this.scanOutbox('dead');
    } else {
      const hint = await this.getRow(this.index, INDEX.effect, encodeKey(effectId, 'effectId'));
      rows = [hint && (await this.outboxRowOf(hint))];
    }
    let replayed = 0;
    for (let row of rows) {
      while (row && text(row, 'status') === 'dead' && (effectId === undefined || text(row, 'effectId') === effectId)) {
        const item: OutboxItem = { ...toOutboxItem(row), status: 'pending', attempts: 0, leaseOwner: null, leaseUntil: null };
        const current: Row = row;
        if (await this.attempt(() => this.cases.updateEntity(outboxEntity(current.partitionKey ?? '', item), 'Replace', { etag: current.etag }))) {
          replayed += 1;
          break;
        }
        row = await this.getRow(this.cases, current.partitionKey ?? '', current.rowKey ?? '');
      }
    }
    // The case kept its `outbox` hint: a dead row counts as undelivered, so it was never pruned.
    return replayed;
  }

  // ------------------------------------------------------------------ deadlines

  /** The deadline the due hint `dueKey` stands for, if it is still pending at that due time. */
  private async pendingDeadline(caseId: string, deadlineId: string, dueKey: string): Promise<Deadline | undefined> {
    const row = await this.getRow(this.cases, encodeKey(caseId, 'caseId'), deadlineRowKey(deadlineId));
    const deadline = row && toDeadline(row);
    return deadline && deadline.firedAt === null && dueRowKey(deadline.dueAt, deadlineId) === dueKey ? deadline : undefined;
  }

  async dueDeadlines(now: Instant, limit: number): Promise<Deadline[]> {
    const at = normaliseInstant(now, 'now');
    positiveInteger(limit, 'limit');
    await this.ready();
    const due: Deadline[] = [];
    const stale: string[] = [];
    let batch: Row[] = [];
    const verify = async (): Promise<void> => {
      const found = await mapConcurrently(batch, READ_CONCURRENCY, (hint) =>
        this.pendingDeadline(text(hint, 'caseId'), text(hint, 'deadlineId'), hint.rowKey ?? ''));
      found.forEach((deadline, n) => {
        if (deadline) due.push(deadline);
        else stale.push(batch[n]?.rowKey ?? '');
      });
      batch = [];
    };
    // Hints come in RowKey order, which is due order; each is verified against its case partition.
    const filter = odata`PartitionKey eq ${INDEX.due} and RowKey lt ${dueUpperBound(at)}`;
    for await (const hint of this.index.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      batch.push(hint);
      if (due.length + batch.length >= limit) {
        await verify();
        if (due.length >= limit) break;
      }
    }
    if (batch.length > 0) await verify();
    await Promise.allSettled(stale.map((rowKey) => this.pruneDueHint(rowKey)));
    return due.slice(0, limit);
  }

  /** Keeps the first firing time if it had already fired; an unknown id changes nothing. */
  async markDeadlineFired(deadlineId: string, at: Instant): Promise<void> {
    const firedAt = normaliseInstant(at, 'at');
    await this.ready();
    await this.fire(deadlineId, firedAt);
  }

  /** Marks the deadline fired at `firedAt` if it has not fired (and, when `dueAt` is given, is still due then). */
  private async fire(deadlineId: string, firedAt: Instant, dueAt?: Instant): Promise<void> {
    const hint = await this.getRow(this.index, INDEX.deadline, encodeKey(deadlineId, 'deadlineId'));
    if (!hint) return;
    const partitionKey = encodeKey(text(hint, 'caseId'), 'caseId');
    for (;;) {
      const row = await this.getRow(this.cases, partitionKey, deadlineRowKey(deadlineId));
      const deadline = row && toDeadline(row);
      if (!row || !deadline || deadline.firedAt !== null) return;
      if (dueAt !== undefined && deadline.dueAt !== dueAt) return;
      const fired = await this.attempt(() => this.cases.updateEntity(deadlineEntity(partitionKey, { ...deadline, firedAt }), 'Replace', { etag: row.etag }));
      if (fired) {
        await this.pruneDueHint(dueRowKey(deadline.dueAt, deadlineId)).catch(() => undefined);
        return;
      }
    }
  }

  /** Scheduled and fired deadlines of the case (cancelled ones are gone), by due time. */
  async deadlines(caseId: string): Promise<Deadline[]> {
    await this.ready();
    const rows = await this.query(this.cases, this.partitionRange(encodeKey(caseId, 'caseId'), DEADLINE_PREFIX));
    return rows.map(toDeadline).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.deadlineId.localeCompare(b.deadlineId));
  }

  // ------------------------------------------------------------------ conversations

  async saveConversation(key: string, reference: unknown): Promise<void> {
    const json = toJsonText(reference ?? null);
    jsonBudget('conversation reference', json);
    await this.ready();
    await this.index.upsertEntity({ partitionKey: INDEX.conversation, rowKey: encodeKey(key, 'conversation key'), ...jsonProperties('reference', json) }, 'Replace');
  }

  async getConversation(key: string): Promise<unknown | undefined> {
    await this.ready();
    const row = await this.getRow(this.index, INDEX.conversation, encodeKey(key, 'conversation key'));
    return row && readJson(row, 'reference');
  }

  /**
   * The rows first, then the commit: if the commit is refused (the case moved on) the erased rows
   * stay erased, which is what the next attempt would do anyway; the case's own state is only
   * replaced by a commit that checked its version.
   */
  async eraseCase<S>(commit: CaseCommit<S>, erase: (value: unknown) => unknown): Promise<CommitResult> {
    const current = await this.get(commit.summary.caseId);
    if (!current) return { ok: false, code: 'VERSION_CONFLICT', currentVersion: 0 };
    if (current.version !== commit.expectedVersion) return { ok: false, code: 'VERSION_CONFLICT', currentVersion: current.version };
    await eraseCaseRows(this.cases, encodeKey(commit.summary.caseId, 'caseId'), erase);
    return this.commit(commit);
  }

  /** Table Storage keeps no freed space an erased value could be read back from. */
  async reclaimErasedSpace(): Promise<void> {
    await this.ready();
  }

  /** The two tables, created if missing: for this adapter's own tools (backup and restore in azure-table-backup.ts). */
  async tables(): Promise<{ cases: TableClient; index: TableClient }> {
    await this.ready();
    return { cases: this.cases, index: this.index };
  }

  /** Upserts one probe entity in the index table (a partition no reader looks at). */
  async checkWritable(at: Instant): Promise<void> {
    const when = normaliseInstant(at, 'at');
    await this.ready();
    await this.index.upsertEntity({ partitionKey: INDEX.probe, rowKey: 'readiness', at: when }, 'Replace');
  }

  /** Nothing to release (HTTP connections are pooled by Node); later calls are refused. */
  async close(): Promise<void> {
    this.closed = true;
  }
}

/**
 * The Azure Table Storage case store. Tables are created on first use, so this returns at once;
 * a bad connection string throws here, an unreachable account on the first call.
 */
export function createAzureTableCaseStore(config: AzureTableCaseStoreConfig): AzureTableCaseStore {
  return new AzureTableCaseStore(config);
}
