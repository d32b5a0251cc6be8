/**
 * The scale-out CaseStore: Azure Table Storage, shared by several bot instances. One object made
 * of one part per port (case repository, audit log, outbox, deadline queue, delivery state), each
 * in its own file, over the shared tables (azure-table-access.ts) and index hints
 * (azure-table-hints.ts). The layout, why a commit can never be half-visible, the costs and the
 * limits: DESIGN.md beside this file.
 */
import type { TableClient } from '@azure/data-tables';
import type {
  AuditEntry,
  CaseCommit,
  CaseListFilter,
  CaseStore,
  CaseSummary,
  CommandRecord,
  CommitBatch,
  CommitResult,
  Deadline,
  Instant,
  OutboxCounts,
  OutboxItem,
  OutboxStatus,
  RefusalEntry,
  RefusalEntryInput,
  StoredCase,
} from '../../ports/case-store';
import type { DeliveryKey } from '../../ports/delivery-keys';
import { erasureRefusal } from '../../ports/commit-rules';
import { normaliseInstant } from '../instant';
import { AzureTables, type AzureTableAccount } from './azure-table-access';
import { AzureTableAuditLog } from './azure-table-audit-log';
import { AzureTableCaseRepository } from './azure-table-case-repository';
import { AzureTableDeadlineQueue } from './azure-table-deadline-queue';
import { AzureTableDeliveryState } from './azure-table-delivery-state';
import { eraseCaseRows } from './azure-table-erasure';
import { AzureTableHints } from './azure-table-hints';
import { AzureTableOutbox } from './azure-table-outbox';
import { INDEX, encodeKey } from './table-keys';

export type { AzureTableAccount } from './azure-table-access';

export type AzureTableCaseStoreConfig = AzureTableAccount & {
  /** Letters and digits, starting with a letter: tables `<prefix>Cases` and `<prefix>Index`. */
  tablePrefix?: string;
  /**
   * For tests only: runs after a commit attempt's reads and reservations, just before its
   * transaction, so a test can make another writer step in exactly there.
   */
  beforeTransaction?: (caseId: string) => Promise<void>;
};

export const DEFAULT_TABLE_PREFIX = 'caseStore';

export class AzureTableCaseStore implements CaseStore {
  private readonly access: AzureTables;
  private readonly repository: AzureTableCaseRepository;
  private readonly auditLog: AzureTableAuditLog;
  private readonly outbox: AzureTableOutbox;
  private readonly deadlineQueue: AzureTableDeadlineQueue;
  private readonly deliveryState: AzureTableDeliveryState;

  constructor(config: AzureTableCaseStoreConfig) {
    this.access = new AzureTables(config, config.tablePrefix ?? DEFAULT_TABLE_PREFIX);
    const hints = new AzureTableHints(this.access);
    this.deadlineQueue = new AzureTableDeadlineQueue(this.access, hints);
    this.repository = new AzureTableCaseRepository(this.access, hints, this.deadlineQueue, config.beforeTransaction);
    this.auditLog = new AzureTableAuditLog(this.access);
    this.outbox = new AzureTableOutbox(this.access, hints);
    this.deliveryState = new AzureTableDeliveryState(this.access);
  }

  // CaseRepository
  commit<S>(commit: CaseCommit<S>): Promise<CommitResult> {
    return this.repository.commit(commit);
  }
  commitBatch<S>(batch: CommitBatch<S>): Promise<CommitResult[]> {
    return this.repository.commitBatch(batch);
  }
  get<S>(caseId: string): Promise<StoredCase<S> | undefined> {
    return this.repository.get(caseId);
  }
  getByRef<S>(ref: string): Promise<StoredCase<S> | undefined> {
    return this.repository.getByRef(ref);
  }
  list(filter?: CaseListFilter): Promise<CaseSummary[]> {
    return this.repository.list(filter);
  }
  findCommand(key: string): Promise<CommandRecord | undefined> {
    return this.repository.findCommand(key);
  }

  // CaseAuditLog
  audit(caseId: string): Promise<AuditEntry[]> {
    return this.auditLog.audit(caseId);
  }
  recordRefusal(entry: RefusalEntryInput): Promise<void> {
    return this.auditLog.recordRefusal(entry);
  }
  refusals(caseId: string): Promise<RefusalEntry[]> {
    return this.auditLog.refusals(caseId);
  }

  // Outbox
  claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]> {
    return this.outbox.claimOutbox(owner, now, leaseUntil, limit);
  }
  markDelivered(effectId: string, owner: string, at: Instant): Promise<void> {
    return this.outbox.markDelivered(effectId, owner, at);
  }
  markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean): Promise<void> {
    return this.outbox.markFailed(effectId, owner, error, notBefore, dead);
  }
  outboxCounts(): Promise<OutboxCounts> {
    return this.outbox.outboxCounts();
  }
  listOutbox(status: OutboxStatus, limit?: number): Promise<OutboxItem[]> {
    return this.outbox.listOutbox(status, limit);
  }
  replayDead(effectId?: string): Promise<number> {
    return this.outbox.replayDead(effectId);
  }

  // DeadlineQueue
  dueDeadlines(now: Instant, limit: number): Promise<Deadline[]> {
    return this.deadlineQueue.dueDeadlines(now, limit);
  }
  markDeadlineFired(deadlineId: string, at: Instant): Promise<void> {
    return this.deadlineQueue.markDeadlineFired(deadlineId, at);
  }
  deadlines(caseId: string): Promise<Deadline[]> {
    return this.deadlineQueue.deadlines(caseId);
  }

  // DeliveryState
  saveConversation(key: DeliveryKey, reference: unknown): Promise<void> {
    return this.deliveryState.saveConversation(key, reference);
  }
  getConversation(key: DeliveryKey): Promise<unknown | undefined> {
    return this.deliveryState.getConversation(key);
  }

  /**
   * The rows first, then the commit: if the commit is refused (the case moved on) the erased rows
   * stay erased, which is what the next attempt would do anyway; the case's own state is only
   * replaced by a commit that checked its version.
   */
  async eraseCase<S>(commit: CaseCommit<S>, erase: (value: unknown) => unknown): Promise<CommitResult> {
    const current = await this.get(commit.summary.caseId);
    const refusal = erasureRefusal(commit.expectedVersion, current?.version);
    if (refusal) return refusal;
    await eraseCaseRows(this.access.cases, encodeKey(commit.summary.caseId, 'caseId'), erase);
    return this.commit(commit);
  }

  /** Table Storage keeps no freed space an erased value could be read back from. */
  async reclaimErasedSpace(): Promise<void> {
    await this.access.ready();
  }

  /** The two tables, created if missing: for this adapter's own tools (backup and restore in azure-table-backup.ts). */
  async tables(): Promise<{ cases: TableClient; index: TableClient }> {
    await this.access.ready();
    return { cases: this.access.cases, index: this.access.index };
  }

  /** Upserts one probe entity in the index table (a partition no reader looks at). */
  async checkWritable(at: Instant): Promise<void> {
    const when = normaliseInstant(at, 'at');
    await this.access.ready();
    await this.access.index.upsertEntity({ partitionKey: INDEX.probe, rowKey: 'readiness', at: when }, 'Replace');
  }

  /** Nothing to release (HTTP connections are pooled by Node); later calls are refused. */
  async close(): Promise<void> {
    this.access.close();
  }
}

/**
 * The Azure Table Storage case store. Tables are created on first use, so this returns at once;
 * a bad connection string throws here, an unreachable account on the first call.
 */
export function createAzureTableCaseStore(config: AzureTableCaseStoreConfig): AzureTableCaseStore {
  return new AzureTableCaseStore(config);
}
