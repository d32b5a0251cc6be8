/**
 * The scale-out CaseStore: Azure Table Storage, shared by several bot instances. One object made
 * of one part per port (case repository, audit log, outbox, deadline queue, delivery state), each
 * in its own file, over the shared tables (azure-table-access.ts) and index hints
 * (azure-table-hints.ts). The layout, why a commit can never be half-visible, the costs and the
 * limits: DESIGN.md beside this file.
 */
import type { TableClient } from '@azure/data-tables';
import type {
  CaseCommit,
  CaseStore,
  CommitResult,
  Instant,
} from '../../ports/case-store';
import { erasureRefusal } from '../../ports/commit-rules';
import { normaliseInstant } from '../instant';
import { StoreOfPorts } from '../store-of-ports';
import { AzureTables, type AzureTableAccount } from './azure-table-access';
import { AzureTableAuditLog } from './azure-table-audit-log';
import { AzureTableCaseRepository } from './azure-table-case-repository';
import { AzureTableDeadlineQueue } from './azure-table-deadline-queue';
import { AzureTableDeliveryState } from './azure-table-delivery-state';
import { eraseCaseRows } from './azure-table-erasure';
import { AzureTableHints } from './azure-table-hints';
import { checkNotNewer, upgradeIndex } from './azure-table-index-upgrades';
import { statusOf } from './azure-table-errors';
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

export class AzureTableCaseStore extends StoreOfPorts implements CaseStore {
  private readonly access: AzureTables;
  protected readonly repository: AzureTableCaseRepository;
  protected readonly auditLog: AzureTableAuditLog;
  protected readonly outbox: AzureTableOutbox;
  protected readonly deadlineQueue: AzureTableDeadlineQueue;
  protected readonly deliveryState: AzureTableDeliveryState;

  constructor(config: AzureTableCaseStoreConfig) {
    super();
    this.access = new AzureTables(config, config.tablePrefix ?? DEFAULT_TABLE_PREFIX);
    const hints = new AzureTableHints(this.access);
    this.access.upgrade = () => upgradeIndex(this.access, hints);
    this.deadlineQueue = new AzureTableDeadlineQueue(this.access, hints);
    this.repository = new AzureTableCaseRepository(this.access, hints, this.deadlineQueue, config.beforeTransaction);
    this.auditLog = new AzureTableAuditLog(this.access);
    this.outbox = new AzureTableOutbox(this.access, hints);
    this.deliveryState = new AzureTableDeliveryState(this.access);
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

  /** Upserts one probe entity in the index table (a partition no reader looks at), then refuses tables a newer release upgraded (StoreFromNewerReleaseError). */
  async checkWritable(at: Instant): Promise<void> {
    const when = normaliseInstant(at, 'at');
    const write = () => this.access.probe.upsertEntity({ partitionKey: INDEX.probe, rowKey: 'readiness', at: when }, 'Replace');
    try {
      await write();
    } catch (error) {
      // The tables are not made yet (a new account): make them, then try again.
      if (statusOf(error) !== 404) throw error;
      await this.access.ready();
      await write();
    }
    await checkNotNewer(this.access);
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
