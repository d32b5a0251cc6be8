/**
 * JSON values stored in entity properties. A string property holds at most 64 KiB (UTF-16, so
 * 32,768 characters) and an entity at most 1 MiB, so a value is split over `<name>0`, `<name>1` …
 * with `<name>Parts` saying how many.
 */

/** A value too large for one entity: the commit is refused before anything is written. */
export class ValueTooLargeError extends Error {
  readonly code = 'VALUE_TOO_LARGE';
  constructor(readonly field: string, readonly chars: number, readonly maxChars: number) {
    super(`${field} is ${chars} characters of JSON; Azure Table Storage holds at most ${maxChars} in one entity`);
    this.name = 'ValueTooLargeError';
  }
}

/** Characters per property: 30,000 × 2 bytes stays under the 64 KiB property limit. */
export const CHUNK_CHARS = 30_000;
/**
 * At most 14 parts (840 KB as UTF-16) per value, so one value plus the entity's other
 * properties stays under the 1 MiB entity limit. Entities holding two values (an audit entry's
 * before and after) share this budget: see jsonBudget.
 */
export const MAX_JSON_CHARS = 14 * CHUNK_CHARS;

export type JsonProperties = Record<string, string | number>;

function split(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    // Never cut a surrogate pair in two: each part must be valid UTF-16 on the wire.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/** `undefined` is stored as JSON null (as the SQLite adapter does). */
export function toJsonText(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** Checks that the JSON texts together fit one entity; throws naming the field. */
export function jsonBudget(field: string, ...texts: string[]): void {
  const chars = texts.reduce((n, t) => n + t.length, 0);
  if (chars > MAX_JSON_CHARS) throw new ValueTooLargeError(field, chars, MAX_JSON_CHARS);
}

export function jsonProperties(name: string, text: string): JsonProperties {
  const parts = split(text);
  const properties: JsonProperties = { [`${name}Parts`]: parts.length };
  parts.forEach((part, n) => { properties[`${name}${n}`] = part; });
  return properties;
}

export function readJson(entity: Record<string, unknown>, name: string): unknown {
  const count = entity[`${name}Parts`];
  if (count === undefined) return null;
  if (typeof count !== 'number') throw new TypeError(`${name}Parts is not a number`);
  let text = '';
  for (let n = 0; n < count; n++) {
    const part = entity[`${name}${n}`];
    if (typeof part !== 'string') throw new TypeError(`${name}${n} is missing`);
    text += part;
  }
  return JSON.parse(text) as unknown;
}
