/**
 * What both stores share above their parts: a store is one object made of one part per port, each
 * handed its calls unchanged. Each store supplies its parts, and adds what only it has (erasure,
 * readiness, its connection).
 */
import type { AuditEntry, CaseAuditLog, RefusalEntry, RefusalEntryInput } from '../ports/case-audit-log';
import type { CaseCommit, CaseListFilter, CaseRepository, CaseSummary, CommandRecord, CommitBatch, CommitResult, StoredCase } from '../ports/case-repository';
import type { Deadline, DeadlineQueue } from '../ports/deadline-queue';
import type { DeliveryKey, DeliveryValue } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { Instant } from '../ports/instant';
import type { Outbox, OutboxCounts, OutboxItem, OutboxStatus } from '../ports/outbox';

export abstract class StoreOfPorts implements CaseRepository, CaseAuditLog, Outbox, DeadlineQueue, DeliveryState {
  protected abstract readonly repository: CaseRepository;
  protected abstract readonly auditLog: CaseAuditLog;
  protected abstract readonly outbox: Outbox;
  protected abstract readonly deadlineQueue: DeadlineQueue;
  protected abstract readonly deliveryState: DeliveryState;

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
  getByRefAnyCase<S>(ref: string): Promise<StoredCase<S> | undefined> {
    return this.repository.getByRefAnyCase(ref);
  }
  refsSharingFolder(ref: string): Promise<string[]> {
    return this.repository.refsSharingFolder(ref);
  }

  refsStartingWith(prefix: string): Promise<string[]> {
    return this.repository.refsStartingWith(prefix);
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
  forgetRefusalsBefore(before: Instant): Promise<number> {
    return this.auditLog.forgetRefusalsBefore(before);
  }

  // Outbox
  claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]> {
    return this.outbox.claimOutbox(owner, now, leaseUntil, limit);
  }
  markDelivered(effectId: string, owner: string, at: Instant): Promise<void> {
    return this.outbox.markDelivered(effectId, owner, at);
  }
  renewLease(effectId: string, owner: string, leaseUntil: Instant): Promise<void> {
    return this.outbox.renewLease(effectId, owner, leaseUntil);
  }
  markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean, attempted = true): Promise<void> {
    return this.outbox.markFailed(effectId, owner, error, notBefore, dead, attempted);
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
  dueDeadlines(now: Instant, limit: number, except?: ReadonlySet<string>): Promise<Deadline[]> {
    return this.deadlineQueue.dueDeadlines(now, limit, except);
  }
  dueDeadlinesOfCases(caseIds: readonly string[], now: Instant): Promise<Deadline[]> {
    return this.deadlineQueue.dueDeadlinesOfCases(caseIds, now);
  }
  markDeadlineFired(deadlineId: string, at: Instant): Promise<void> {
    return this.deadlineQueue.markDeadlineFired(deadlineId, at);
  }
  deadlines(caseId: string): Promise<Deadline[]> {
    return this.deadlineQueue.deadlines(caseId);
  }

  // DeliveryState
  saveConversation<K extends DeliveryKey>(key: K, reference: DeliveryValue<K>): Promise<void> {
    return this.deliveryState.saveConversation(key, reference);
  }
  getConversation<K extends DeliveryKey>(key: K): Promise<DeliveryValue<K> | undefined> {
    return this.deliveryState.getConversation(key);
  }
  forgetConversation(key: DeliveryKey): Promise<void> {
    return this.deliveryState.forgetConversation(key);
  }
}
