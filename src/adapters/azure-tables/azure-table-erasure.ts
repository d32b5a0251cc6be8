/**
 * The rows eraseCase rewrites in a case's partition before its commit: audit entries'
 * before/after, outbox and deadline payloads, command outcomes. Each row is replaced whole
 * (If-Match on its ETag, so a lease taken on an outbox row meanwhile makes this pass start again).
 */
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { jsonProperties, readJson, toJsonText } from './entity-json';
import { AUDIT_PREFIX, COMMAND_PREFIX, DEADLINE_PREFIX, OUTBOX_PREFIX } from './table-keys';
import { isRaceLost } from './azure-table-errors';

type Row = TableEntityResult<Record<string, unknown>>;
type Erase = (value: unknown) => unknown;

const JSON_FIELDS: [prefix: string, fields: string[]][] = [
  [AUDIT_PREFIX, ['before', 'after']],
  [OUTBOX_PREFIX, ['payload']],
  [DEADLINE_PREFIX, ['payload']],
  [COMMAND_PREFIX, ['outcome']],
];
const MAX_PASSES = 10;

function fieldsOf(rowKey: string): string[] {
  return JSON_FIELDS.find(([prefix]) => rowKey.startsWith(prefix))?.[1] ?? [];
}

/** The row with its JSON fields erased, or undefined when erasing changes nothing. */
function erased(row: Row, fields: string[], erase: Erase): Record<string, unknown> | undefined {
  const { etag: _etag, timestamp: _timestamp, ...entity } = row as Row & { timestamp?: unknown };
  let changed = false;
  for (const field of fields) {
    if (row[`${field}Parts`] === undefined) continue;
    const before = toJsonText(readJson(row, field));
    const after = toJsonText(erase(JSON.parse(before) as unknown));
    if (after === before) continue;
    changed = true;
    for (const name of Object.keys(entity)) if (new RegExp(`^${field}(Parts|\\d+)$`).test(name)) delete entity[name];
    Object.assign(entity, jsonProperties(field, after));
  }
  return changed ? entity : undefined;
}

export async function eraseCaseRows(cases: TableClient, partitionKey: string, erase: Erase): Promise<void> {
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    let raced = false;
    for await (const row of cases.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
      const entity = erased(row, fieldsOf(row.rowKey ?? ''), erase);
      if (!entity) continue;
      try {
        await cases.updateEntity(entity as Record<string, unknown> & { partitionKey: string; rowKey: string }, 'Replace', { etag: row.etag });
      } catch (error) {
        if (!isRaceLost(error)) throw error;
        raced = true;
      }
    }
    if (!raced) return;
  }
  throw new Error(`case partition ${partitionKey} kept changing while its personal data was erased; the next retention sweep tries again`);
}
