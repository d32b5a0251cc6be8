/**
 * What both stores share above their parts: a store is one object made of one part per port, and
 * the audit log, outbox, deadline queue and delivery state are handed their calls unchanged. Each
 * store supplies its parts (and its own case repository, whose calls differ: group commit, erasure).
 */
import type { AuditEntry, CaseAuditLog, RefusalEntry, RefusalEntryInput } from '../ports/case-audit-log';
import type { Deadline, DeadlineQueue } from '../ports/deadline-queue';
import type { DeliveryKey } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { Instant } from '../ports/instant';
import type { Outbox, OutboxCounts, OutboxItem, OutboxStatus } from '../ports/outbox';

export abstract class StoreOfPorts implements CaseAuditLog, Outbox, DeadlineQueue, DeliveryState {
  protected abstract readonly auditLog: CaseAuditLog;
  protected abstract readonly outbox: Outbox;
  protected abstract readonly deadlineQueue: DeadlineQueue;
  protected abstract readonly deliveryState: DeliveryState;

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
}
