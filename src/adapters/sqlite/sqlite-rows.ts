/**
 * The SQLite store's rows: their shapes as the tables hold them, and reading them into the port's
 * types. No I/O; the tables themselves are in schema.ts.
 */
import type { AuditEntry, CaseSummary, Deadline, OutboxItem, OutboxStatus, StoredCase } from '../../ports/case-store';

export interface CaseRow {
  case_id: string;
  ref: string;
  pathway: string;
  stage: string;
  participants: string;
  opened_at: string;
  updated_at: string;
  version: number;
  state: string;
}

export interface AuditRow {
  case_id: string;
  seq: number;
  at: string;
  actor_id: string;
  actor_name: string;
  on_behalf_of_id: string | null;
  on_behalf_of_name: string | null;
  role: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  correlation_id: string;
}

export interface RefusalRow {
  /** In refusals; store_refusals has `named` instead. */
  case_id?: string;
  named?: string;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  code: string;
  rule: string | null;
  correlation_id: string;
  /** In refusals only (migration 16); null when none was written. */
  comment?: string | null;
}

export interface OutboxRow {
  effect_id: string;
  case_id: string;
  seq: number;
  kind: string;
  payload: string | null;
  status: OutboxStatus;
  attempts: number;
  not_before: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

export interface DeadlineRow {
  deadline_id: string;
  case_id: string;
  kind: string;
  due_at: string;
  payload: string | null;
  fired_at: string | null;
}

/** JSON for an `unknown` column; `undefined` is kept as SQL NULL and read back as null. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

export function toSummary(row: CaseRow): CaseSummary {
  return {
    caseId: row.case_id,
    ref: row.ref,
    pathway: row.pathway,
    stage: row.stage,
    participants: JSON.parse(row.participants) as string[],
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    caseId: row.case_id,
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    onBehalfOfId: row.on_behalf_of_id,
    onBehalfOfName: row.on_behalf_of_name,
    role: row.role,
    action: row.action,
    before: fromJson(row.before_json),
    after: fromJson(row.after_json),
    correlationId: row.correlation_id,
  };
}

export function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    effectId: row.effect_id,
    caseId: row.case_id,
    seq: row.seq,
    kind: row.kind,
    payload: fromJson(row.payload),
    status: row.status,
    attempts: row.attempts,
    notBefore: row.not_before,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}

export function toDeadline(row: DeadlineRow): Deadline {
  return {
    deadlineId: row.deadline_id,
    caseId: row.case_id,
    kind: row.kind,
    dueAt: row.due_at,
    payload: fromJson(row.payload),
    firedAt: row.fired_at,
  };
}

export function toStoredCase<S>(row: CaseRow): StoredCase<S> {
  return { summary: toSummary(row), version: row.version, state: JSON.parse(row.state) as S };
}
