/**
 * The Azure Tables store's rows: reading an entity into the port's types and writing one back
 * (the case entity, audit, outbox and deadline rows), with the small typed readers they share.
 * No I/O. See DESIGN.md beside this file for the layout.
 */
import { odata, type TableEntity, type TableEntityResult } from '@azure/data-tables';
import { RECORD_KINDS, type AuditEntry, type CaseSummary, type Deadline, type OutboxItem, type OutboxLane, type StoredCase } from '../../ports/case-store';
import { CorruptEntityError } from './azure-table-errors';
import { jsonProperties, readJson, toJsonText, type JsonProperties } from './entity-json';
import { deadlineRowKey, outboxRowKey } from './table-keys';

export type Row = TableEntityResult<Record<string, unknown>>;
export type Entity = TableEntity<JsonProperties>;

export function where(row: Row): string {
  return `${row.partitionKey ?? '?'}/${row.rowKey ?? '?'}`;
}

export function text(row: Row, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new CorruptEntityError(where(row), name);
  return value;
}

export function optionalText(row: Row, name: string): string | null {
  const value = row[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new CorruptEntityError(where(row), name);
  return value;
}

export function integer(row: Row, name: string): number {
  const value = row[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new CorruptEntityError(where(row), name);
  return value;
}

/** Table Storage has no nulls: a null is an absent property. */
export function withoutNulls(properties: Record<string, string | number | null | undefined>): JsonProperties {
  const out: JsonProperties = {};
  for (const [name, value] of Object.entries(properties)) if (value !== null && value !== undefined) out[name] = value;
  return out;
}


export interface CaseEntity {
  etag: string;
  caseId: string;
  /** 0 for a fencing placeholder: the case does not exist. */
  version: number;
  auditSeq: number;
  outboxSeq: number;
  summary: CaseSummary | null;
  row: Row;
}

export function toCaseEntity(row: Row): CaseEntity {
  const version = integer(row, 'version');
  return {
    etag: row.etag,
    caseId: text(row, 'caseId'),
    version,
    auditSeq: integer(row, 'auditSeq'),
    outboxSeq: integer(row, 'outboxSeq'),
    summary: version === 0 ? null : {
      caseId: text(row, 'caseId'),
      ref: text(row, 'ref'),
      pathway: text(row, 'pathway'),
      stage: text(row, 'stage'),
      participants: JSON.parse(text(row, 'participants')) as string[],
      openedAt: text(row, 'openedAt'),
      updatedAt: text(row, 'updatedAt'),
    },
    row,
  };
}

export function toStoredCase<S>(entity: CaseEntity): StoredCase<S> | undefined {
  if (!entity.summary) return undefined;
  return { summary: entity.summary, version: entity.version, state: readJson(entity.row, 'state') as S };
}

export function toAuditEntry(row: Row): AuditEntry {
  return {
    caseId: text(row, 'caseId'),
    seq: integer(row, 'seq'),
    at: text(row, 'at'),
    actorId: text(row, 'actorId'),
    actorName: text(row, 'actorName'),
    onBehalfOfId: optionalText(row, 'onBehalfOfId'),
    onBehalfOfName: optionalText(row, 'onBehalfOfName'),
    role: text(row, 'role'),
    action: text(row, 'action'),
    before: readJson(row, 'before'),
    after: readJson(row, 'after'),
    correlationId: text(row, 'correlationId'),
  };
}

export function toOutboxItem(row: Row): OutboxItem {
  const status = text(row, 'status');
  if (status !== 'pending' && status !== 'delivered' && status !== 'dead') throw new CorruptEntityError(where(row), 'status');
  return {
    effectId: text(row, 'effectId'),
    caseId: text(row, 'caseId'),
    seq: integer(row, 'seq'),
    kind: text(row, 'kind'),
    payload: readJson(row, 'payload'),
    status,
    attempts: integer(row, 'attempts'),
    notBefore: text(row, 'notBefore'),
    lastError: optionalText(row, 'lastError'),
    createdAt: text(row, 'createdAt'),
    deliveredAt: optionalText(row, 'deliveredAt'),
    leaseOwner: optionalText(row, 'leaseOwner'),
    leaseUntil: optionalText(row, 'leaseUntil'),
  };
}

export function outboxEntity(partitionKey: string, item: OutboxItem): Entity {
  return {
    partitionKey,
    rowKey: outboxRowKey(item.seq),
    ...withoutNulls({
      effectId: item.effectId,
      caseId: item.caseId,
      seq: item.seq,
      kind: item.kind,
      status: item.status,
      attempts: item.attempts,
      notBefore: item.notBefore,
      lastError: item.lastError,
      createdAt: item.createdAt,
      deliveredAt: item.deliveredAt,
      leaseOwner: item.leaseOwner,
      leaseUntil: item.leaseUntil,
    }),
    ...jsonProperties('payload', toJsonText(item.payload)),
  };
}

export function toDeadline(row: Row): Deadline {
  return {
    deadlineId: text(row, 'deadlineId'),
    caseId: text(row, 'caseId'),
    kind: text(row, 'kind'),
    dueAt: text(row, 'dueAt'),
    payload: readJson(row, 'payload'),
    firedAt: optionalText(row, 'firedAt'),
  };
}

export function deadlineEntity(partitionKey: string, d: Deadline): Entity {
  return {
    partitionKey,
    rowKey: deadlineRowKey(d.deadlineId),
    ...withoutNulls({ deadlineId: d.deadlineId, caseId: d.caseId, kind: d.kind, dueAt: d.dueAt, firedAt: d.firedAt }),
    ...jsonProperties('payload', toJsonText(d.payload)),
  };
}


/**
 * The OData filter matching the outbox rows of one lane: the same rule as outboxLane (the kinds in
 * RECORD_KINDS are records, every other kind is a message), put as a query on `kind`.
 */
export function laneFilter(lane: OutboxLane): string {
  return lane === 'records'
    ? `(${RECORD_KINDS.map((kind) => odata`kind eq ${kind}`).join(' or ')})`
    : `(${RECORD_KINDS.map((kind) => odata`kind ne ${kind}`).join(' and ')})`;
}

export function byCreation(a: OutboxItem, b: OutboxItem): number {
  return a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId) || a.seq - b.seq;
}

// ---------------------------------------------------------------------------------------------
