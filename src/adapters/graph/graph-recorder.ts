/**
 * Recorder on SharePoint lists through Microsoft Graph.
 *
 * Every row carries its IdempotencyKey (an indexed column), and a write starts by looking the key up,
 * so a call repeated by the outbox — or a create whose reply was lost — never makes a second row:
 * - cases, tasks: find by key; update the row if our fields differ (If-Match its eTag; on 412 re-read
 *   and re-apply onto the fresh eTag), create it if absent. A case's row is updated on every step, so
 *   the item id and eTag from our own last write are remembered per key and the next update goes
 *   straight to PATCH with If-Match — no look-up. If anyone else changed the row meanwhile, the 412
 *   sends it down the re-read path above; if the row is gone (404), the look-up runs as usual.
 * - decisions, audit: append-only; create only if the key is absent (always looked up: only the list
 *   can say whether an earlier attempt, perhaps in another process, already created it).
 * recordMany does the same with $batch (≤ 20 sub-requests each): one batch of look-ups, one of writes.
 * Throttling and outages surface at once as TransientRecordError (with Retry-After); the outbox retries.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  FieldValue,
  PermanentRecordError,
  RecordList,
  RecordRequest,
  Recorder,
  ThrottledError,
  TransientRecordError,
} from '../../ports/recorder';
import { batchHeader, fromFailure, statusOf, toRecordError } from './graph-failure';
import { parseRetryAfter } from '../../cases/retry-after';
import { CASE_REF_COLUMN, IDEMPOTENCY_KEY_COLUMN, LIST_SCHEMA, columnOf } from './list-schema';
import { withoutDirectionControls } from '../../cases/direction-controls';
import { withoutFormulaStart } from '../../cases/formula-start';

export interface GraphRecorderConfig {
  client: Client;
  /** SharePoint site id (`host,siteCollectionId,webId`). */
  siteId: string;
  /** List id or title per list; defaults to the display names in list-schema.ts. */
  lists?: Partial<Record<RecordList, string>>;
  /** Re-read-and-re-apply rounds after 412 before giving up with a TransientRecordError. Default 3. */
  maxReconcileAttempts?: number;
  /** How many cases/tasks rows' item ids and eTags to remember (least recently used go first). Default 10 000. */
  knownRowsLimit?: number;
}

const BATCH_LIMIT = 20;
const APPEND_ONLY: ReadonlySet<RecordList> = new Set(['decisions', 'audit']);

type Fields = Record<string, FieldValue>;

interface PreparedRecord {
  list: RecordList;
  key: string;
  listPath: string;
  /** What the row should hold: request fields (normalised as SharePoint stores them) plus key, case and title. */
  fields: Fields;
}

interface ExistingRow {
  id: string;
  eTag: string;
  fields: Fields;
}

/** A row as of our own last successful write or read: enough to PATCH it with If-Match. */
interface KnownRow {
  id: string;
  eTag: string;
}

interface BatchSubRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

interface BatchSubResponse {
  id: string;
  status: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}

export function createGraphRecorder(config: GraphRecorderConfig): Recorder & { recordMany(requests: RecordRequest[]): Promise<void> } {
  const { client, siteId } = config;
  const maxReconcile = config.maxReconcileAttempts ?? 3;
  const knownLimit = config.knownRowsLimit ?? 10_000;
  const known = new Map<string, KnownRow>();

  const rowId = (record: PreparedRecord): string => `${record.list}\u0000${record.key}`;
  function remember(record: PreparedRecord, row: KnownRow | undefined): void {
    const id = rowId(record);
    known.delete(id); // re-inserted last: the map's order is least recently used first
    if (!row) return;
    known.set(id, { id: row.id, eTag: row.eTag });
    if (known.size > knownLimit) known.delete(known.keys().next().value ?? id);
  }

  const listPath = (list: RecordList): string =>
    `/sites/${siteId}/lists/${encodeURIComponent(config.lists?.[list] ?? LIST_SCHEMA[list].displayName)}`;

  const selectedColumns = (list: RecordList): string => ['Title', ...LIST_SCHEMA[list].columns.map((c) => c.name)].join(',');

  const lookupUrl = (record: PreparedRecord): string => {
    const filter = `fields/${IDEMPOTENCY_KEY_COLUMN} eq '${record.key.replace(/'/g, "''")}'`;
    // $top=1: rows are returned oldest first, so a duplicate from some earlier mishap never hides the original.
    return `${record.listPath}/items?expand=fields(select=${selectedColumns(record.list)})&$filter=${encodeURIComponent(filter)}&$top=1`;
  };

  async function findByKey(record: PreparedRecord): Promise<ExistingRow | undefined> {
    return firstRow(await client.api(lookupUrl(record)).get());
  }

  async function readItem(record: PreparedRecord, id: string): Promise<ExistingRow> {
    const item: unknown = await client.api(`${record.listPath}/items/${id}?expand=fields(select=${selectedColumns(record.list)})`).get();
    const row = toRow(item);
    if (!row) throw new PermanentRecordError(`${describe(record)}: Graph returned an item without id or eTag`);
    return row;
  }

  /** The created row (id and eTag from Graph's reply), or undefined if the reply did not say. */
  async function create(record: PreparedRecord): Promise<KnownRow | undefined> {
    return toRow(await client.api(`${record.listPath}/items`).post({ fields: record.fields }));
  }

  /** The row's new eTag from the fieldValueSet Graph returns, or undefined if the reply did not say. */
  async function update(record: PreparedRecord, row: KnownRow): Promise<KnownRow | undefined> {
    const reply: unknown = await client.api(`${record.listPath}/items/${row.id}/fields`).header('If-Match', row.eTag).patch(record.fields);
    const eTag = isRecord(reply) ? reply['@odata.etag'] : undefined;
    return typeof eTag === 'string' ? { id: row.id, eTag } : undefined;
  }

  /**
   * PATCH with If-Match; on 412 someone changed the row: re-read, and re-apply ours unless it is
   * already there or newer. Returns the row as it now stands, when known.
   */
  async function updateReconciling(record: PreparedRecord, row: KnownRow): Promise<KnownRow | undefined> {
    let current = row;
    for (let attempt = 0; attempt <= maxReconcile; attempt++) {
      try {
        return await update(record, current);
      } catch (error) {
        if (statusOf(error) !== 412) throw error;
      }
      const fresh = await readItem(record, current.id);
      if (!differs(fresh.fields, record.fields) || isOlderThanRow(record, fresh)) return fresh;
      current = fresh;
    }
    throw new TransientRecordError(`${describe(record)}: the row kept changing under us (412 ${maxReconcile + 1} times)`);
  }

  async function recordPrepared(record: PreparedRecord): Promise<void> {
    const appendOnly = APPEND_ONLY.has(record.list);
    const cached = appendOnly ? undefined : known.get(rowId(record));
    if (cached) {
      try {
        remember(record, await updateReconciling(record, cached));
        return;
      } catch (error) {
        remember(record, undefined);
        // Deleted by someone (404): find it by key, or create it again, as on a first write.
        if (statusOf(error) !== 404) throw error;
      }
    }
    const existing = await findByKey(record);
    if (!existing) {
      const created = await create(record);
      if (!appendOnly) remember(record, created);
      return;
    }
    if (appendOnly) return;
    remember(record, differs(existing.fields, record.fields) ? await updateReconciling(record, existing) : existing);
  }

  async function record(request: RecordRequest): Promise<void> {
    const prepared = prepare(request, listPath(request.list));
    try {
      await recordPrepared(prepared);
    } catch (error) {
      throw toRecordError(error, describe(prepared));
    }
  }

  async function runBatch(subRequests: BatchSubRequest[]): Promise<Map<string, BatchSubResponse>> {
    const responses = new Map<string, BatchSubResponse>();
    for (let start = 0; start < subRequests.length; start += BATCH_LIMIT) {
      const chunk = subRequests.slice(start, start + BATCH_LIMIT);
      let reply: unknown;
      try {
        reply = await client.api('/$batch').post({ requests: chunk });
      } catch (error) {
        throw toRecordError(error, `Graph $batch of ${chunk.length}`);
      }
      for (const response of parseBatchResponses(reply)) responses.set(response.id, response);
      for (const sub of chunk) {
        // A batch that silently drops a sub-request must not look like success.
        if (!responses.has(sub.id)) responses.set(sub.id, { id: sub.id, status: 500, headers: {} });
      }
    }
    return responses;
  }

  async function recordMany(requests: RecordRequest[]): Promise<void> {
    if (requests.length === 0) return;
    const records = coalesce(requests.map((request) => prepare(request, listPath(request.list))));
    if (records.length === 1 && records[0]) return record(requestOf(records[0]));
    // Rows written here get new eTags this call does not track: forget them (the next write looks them up).
    for (const r of records) remember(r, undefined);

    const failures: Array<TransientRecordError | PermanentRecordError> = [];
    const lookups = await runBatch(records.map((r, i) => ({ id: `find-${i}`, method: 'GET', url: lookupUrl(r) })));

    const writes: Array<{ sub: BatchSubRequest; record: PreparedRecord }> = [];
    records.forEach((r, i) => {
      const response = lookups.get(`find-${i}`);
      if (!response || response.status !== 200) {
        failures.push(subFailure(response, `${describe(r)} (look-up)`));
        return;
      }
      const existing = firstRow(response.body);
      const json = { 'Content-Type': 'application/json' };
      if (!existing) {
        writes.push({ record: r, sub: { id: `write-${i}`, method: 'POST', url: `${r.listPath}/items`, headers: json, body: { fields: r.fields } } });
      } else if (!APPEND_ONLY.has(r.list) && differs(existing.fields, r.fields)) {
        writes.push({
          record: r,
          sub: { id: `write-${i}`, method: 'PATCH', url: `${r.listPath}/items/${existing.id}/fields`, headers: { ...json, 'If-Match': existing.eTag }, body: r.fields },
        });
      }
    });

    const written = writes.length === 0 ? new Map<string, BatchSubResponse>() : await runBatch(writes.map((w) => w.sub));
    const conflicts: PreparedRecord[] = [];
    for (const { sub, record: r } of writes) {
      const response = written.get(sub.id);
      if (response && response.status >= 200 && response.status < 300) continue;
      if (response?.status === 412) conflicts.push(r);
      else failures.push(subFailure(response, describe(r)));
    }
    // Rare: someone changed a row between our look-up and our write. Reconcile those one by one.
    for (const r of conflicts) {
      try {
        await recordPrepared(r);
      } catch (error) {
        failures.push(toRecordError(error, describe(r)));
      }
    }
    if (failures.length > 0) throw combine(failures, records.length);
  }

  return { record, recordMany };
}

function prepare(request: RecordRequest, listPath: string): PreparedRecord {
  const definition = LIST_SCHEMA[request.list];
  if (!definition) throw new PermanentRecordError(`Unknown record list '${String(request.list)}'`);
  if (typeof request.key !== 'string' || request.key === '' || request.key.length > 255) {
    throw new PermanentRecordError(`${definition.displayName}: the idempotency key must be 1 to 255 characters`);
  }
  const fields: Fields = {};
  for (const [name, value] of Object.entries(request.fields)) {
    const column = columnOf(request.list, name);
    if (!column) throw new PermanentRecordError(`${definition.displayName} has no column '${name}'`);
    fields[name] = normalise(definition.displayName, column.name, column.type, value);
  }
  fields[IDEMPOTENCY_KEY_COLUMN] = request.key;
  fields[CASE_REF_COLUMN] = request.caseRef;
  fields.Title = request.caseRef;
  return { list: request.list, key: request.key, listPath, fields };
}

/** SharePoint's single line of text holds 255 characters at most, and refuses the whole row otherwise. */
const SINGLE_LINE_MAX = 255;

/**
 * A longer value (a name: Entra display names run to 256 characters, the organisation file sets no
 * limit) is clipped with "…" rather than the row refused and dead-lettered; never mid surrogate pair.
 */
function singleLine(value: string): string {
  if (value.length <= SINGLE_LINE_MAX) return value;
  const cut = /[\uD800-\uDBFF]/.test(value.charAt(SINGLE_LINE_MAX - 2)) ? SINGLE_LINE_MAX - 2 : SINGLE_LINE_MAX - 1;
  return `${value.slice(0, cut)}…`;
}

function listText(value: string): string {
  return withoutFormulaStart(withoutDirectionControls(value));
}

/** Values as SharePoint stores them, so a re-read compares equal: date-times in UTC to the second. */
function normalise(listName: string, column: string, type: string, value: FieldValue): FieldValue {
  if (value === null) return null;
  const wrongType = (expected: string): PermanentRecordError =>
    new PermanentRecordError(`${listName}.${column} must be ${expected}`);
  switch (type) {
    // Without direction controls, as people read everything else (direction-controls.ts), and never
    // starting as a formula would in a spreadsheet the list is exported to (formula-start.ts).
    case 'text':
      if (typeof value !== 'string') throw wrongType('text');
      return singleLine(listText(value));
    case 'multilineText':
      if (typeof value !== 'string') throw wrongType('text');
      return listText(value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType('true or false');
      return value;
    default: {
      if (typeof value !== 'string') throw wrongType('a date');
      const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
      const time = Date.parse(text);
      if (Number.isNaN(time)) throw wrongType('a date');
      return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
  }
}

/** Several requests for the same row in one call become one: updates merge in order, append-only rows keep the first. */
function coalesce(records: PreparedRecord[]): PreparedRecord[] {
  const byRow = new Map<string, PreparedRecord>();
  for (const r of records) {
    const id = `${r.list}\u0000${r.key}`;
    const earlier = byRow.get(id);
    if (!earlier) byRow.set(id, { ...r, fields: { ...r.fields } });
    else if (!APPEND_ONLY.has(r.list)) Object.assign(earlier.fields, r.fields);
  }
  return [...byRow.values()];
}

function requestOf(record: PreparedRecord): RecordRequest {
  const { [IDEMPOTENCY_KEY_COLUMN]: _key, [CASE_REF_COLUMN]: caseRef, Title: _title, ...fields } = record.fields;
  return { list: record.list, key: record.key, caseRef: String(caseRef), fields };
}

function differs(stored: Fields, wanted: Fields): boolean {
  // SharePoint leaves empty columns out of the fieldValueSet: absent means null.
  return Object.entries(wanted).some(([name, value]) => (stored[name] ?? null) !== value);
}

/** A case update older than what the row already shows (UpdatedAt) must not overwrite it. */
function isOlderThanRow(record: PreparedRecord, row: ExistingRow): boolean {
  const ours = record.fields.UpdatedAt;
  const theirs = row.fields.UpdatedAt;
  return record.list === 'cases' && typeof ours === 'string' && typeof theirs === 'string' && theirs > ours;
}

function firstRow(collection: unknown): ExistingRow | undefined {
  if (!isRecord(collection) || !Array.isArray(collection.value)) return undefined;
  return toRow(collection.value[0]);
}

function toRow(item: unknown): ExistingRow | undefined {
  if (!isRecord(item) || typeof item.id !== 'string') return undefined;
  const fields = isRecord(item.fields) ? item.fields : {};
  const eTag = typeof item.eTag === 'string' ? item.eTag : typeof fields['@odata.etag'] === 'string' ? fields['@odata.etag'] : undefined;
  if (eTag === undefined) return undefined;
  const values: Fields = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[name] = value;
  }
  return { id: item.id, eTag, fields: values };
}

function parseBatchResponses(reply: unknown): BatchSubResponse[] {
  if (!isRecord(reply) || !Array.isArray(reply.responses)) {
    throw new TransientRecordError('Graph $batch: the reply had no responses');
  }
  return reply.responses.filter(isRecord).map((r) => ({
    id: String(r.id),
    status: typeof r.status === 'number' ? r.status : 500,
    headers: isRecord(r.headers) ? r.headers : {},
    body: r.body,
  }));
}

function subFailure(response: BatchSubResponse | undefined, what: string): TransientRecordError | PermanentRecordError {
  if (!response) return new TransientRecordError(`${what}: no response in the batch`);
  const error = isRecord(response.body) && isRecord(response.body.error) ? response.body.error : {};
  return fromFailure(
    {
      status: response.status,
      code: typeof error.code === 'string' ? error.code : 'unknown',
      retryAfterMs: parseRetryAfter(batchHeader(response.headers, 'Retry-After')),
    },
    what,
  );
}

/** One error for a recordMany: retryable if any part is (the retry is idempotent), waiting for the longest Retry-After. */
function combine(failures: Array<TransientRecordError | PermanentRecordError>, total: number): TransientRecordError | PermanentRecordError {
  const transient = failures.filter((f): f is TransientRecordError => f instanceof TransientRecordError);
  const first = failures[0]?.message ?? '';
  const summary = `${failures.length} of ${total} rows not recorded; first: ${first}`;
  if (transient.length === 0) return new PermanentRecordError(summary);
  const waits = transient.map((f) => f.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  // Every row throttled (429 inside the batch, with Retry-After): told when to come back, not a failed attempt.
  if (failures.every((f) => f instanceof ThrottledError)) return new ThrottledError(summary, Math.max(...waits), failures.some((f) => f.status === 429) ? 429 : 503);
  return new TransientRecordError(summary, waits.length > 0 ? Math.max(...waits) : undefined);
}

function describe(record: PreparedRecord): string {
  return `Recording ${LIST_SCHEMA[record.list].displayName} row ${record.key}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
