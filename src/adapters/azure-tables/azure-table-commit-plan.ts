/**
 * What one commit writes in its case partition, worked out without I/O: the size checks made
 * before anything is written, the deadline rows it changes, its new outbox rows, and the
 * entity-group transaction itself. The repository (azure-table-case-repository.ts) reads, plans
 * here, reserves and hints, then submits.
 */
import { caseSummaryColumns } from '../case-summary-columns';
import type { TransactionAction } from '@azure/data-tables';
import type { CaseCommit, Deadline, OutboxItem } from '../../ports/case-store';
import { deadlineAfter, deadlineSteps } from '../../ports/commit-rules';
import { CommitTooLargeError } from './azure-table-errors';
import { deadlineEntity, outboxEntity, toDeadline, withoutNulls, type CaseEntity, type Entity, type Row } from './azure-table-rows';
import { CHUNK_CHARS, jsonBudget, jsonProperties, jsonSize, toJsonText } from './entity-json';
import { CASE_ROW, auditRowKey, commandRowKey, encodeKey } from './table-keys';

const MAX_TRANSACTION_OPERATIONS = 100;
// The service's 4 MiB batch limit, leaving room for the envelope and the other properties.
const MAX_TRANSACTION_JSON_BYTES = 3_500_000;

/** What a commit read of its case partition: the case entity, its deadlines and the command record. */
export interface PartitionRead {
  current: CaseEntity | undefined;
  deadlines: Map<string, Row>;
  command: Row | undefined;
}

/** A deadline row as a commit leaves it: kept as read, written, or deleted. */
export interface DeadlinePlan {
  before: Row | undefined;
  after: Deadline | undefined;
  changed: boolean;
}

/** Refuses, before any I/O, a commit that cannot fit one entity or one transaction. */
export function checkCommitSize(commit: CaseCommit<unknown>): void {
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
  const { json } = commit.audit;
  if (json) {
    jsonBudget('audit before and after', json.before, json.after);
    texts.push(json.before, json.after);
  } else measure('audit before and after', commit.audit.before, commit.audit.after);
  for (const item of commit.outbox) measure(`outbox payload ${item.effectId}`, item.payload);
  for (const d of commit.deadlines?.schedule ?? []) measure(`deadline payload ${d.deadlineId}`, d.payload);
  if (commit.command) measure('command outcome', commit.command.outcome);
  const total = texts.reduce((n, t) => n + jsonSize(t), 0);
  if (total > MAX_TRANSACTION_JSON_BYTES) {
    throw new CommitTooLargeError(summary.caseId, `${total} bytes of JSON (at most ${MAX_TRANSACTION_JSON_BYTES})`);
  }
}

/** fired, then cancel, then schedule (deadlineSteps); one operation per row. */
export function planDeadlines(commit: CaseCommit<unknown>, read: PartitionRead, caseId: string): Map<string, DeadlinePlan> {
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

/** The commit's outbox items as rows, numbered from `firstSeq`, pending from the commit's instant. */
export function newOutboxItems(commit: CaseCommit<unknown>, firstSeq: number): OutboxItem[] {
  return commit.outbox.map((item, n) => ({
    ...item,
    caseId: commit.summary.caseId,
    seq: firstSeq + n,
    status: 'pending',
    attempts: 0,
    notBefore: commit.audit.at,
    lastError: null,
    createdAt: commit.audit.at,
    deliveredAt: null,
    leaseOwner: null,
    leaseUntil: null,
  }));
}

export interface CommitRows {
  partitionKey: string;
  current: CaseEntity | undefined;
  newVersion: number;
  auditSeq: number;
  /** The last outbox seq the case will have used. */
  lastOutboxSeq: number;
  items: OutboxItem[];
  plans: Map<string, DeadlinePlan>;
}

/** The entity-group transaction of a commit: the case entity (If-Match), its audit row, outbox, deadline and command rows. */
export function commitActions(commit: CaseCommit<unknown>, rows: CommitRows): TransactionAction[] {
  const { summary, audit } = commit;
  const { partitionKey, current, newVersion, auditSeq } = rows;
  const caseEntity: Entity = {
    partitionKey,
    rowKey: CASE_ROW,
    ...caseSummaryColumns(summary),
    version: newVersion,
    auditSeq,
    outboxSeq: rows.lastOutboxSeq,
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
      // As the service wrote it out (case-commit.ts), where it did: not written out again.
      ...jsonProperties('before', audit.json ? audit.json.before : toJsonText(audit.before)),
      ...jsonProperties('after', audit.json ? audit.json.after : toJsonText(audit.after)),
    }],
  ];
  for (const item of rows.items) actions.push(['create', outboxEntity(partitionKey, item)]);
  for (const plan of rows.plans.values()) {
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
