/**
 * JSON values stored in entity properties. A string property holds at most 64 KiB (UTF-16, so
 * 32,768 characters) and an entity at most 1 MiB, so a value is split over `<name>0`, `<name>1` …
 * with `<name>Parts` saying how many.
 */

/** A value too large for one entity: the commit is refused before anything is written. */
export class ValueTooLargeError extends Error {
  readonly code = 'VALUE_TOO_LARGE';
  constructor(readonly field: string, readonly bytes: number, readonly maxBytes: number) {
    super(`${field} is ${bytes} bytes of JSON; Azure Table Storage holds at most ${maxBytes} in one entity`);
    this.name = 'ValueTooLargeError';
  }
}

/**
 * Characters per property. The service counts a string as UTF-16 (30,000 × 2 bytes < 64 KiB);
 * Azurite counts characters (≤ 32 Ki).
 */
export const CHUNK_CHARS = 30_000;
/**
 * The JSON values of one entity together (a case's state; an audit entry's before and after),
 * leaving room for the other properties under the 1 MiB entity limit.
 */
export const MAX_ENTITY_JSON_BYTES = 960_000;

/**
 * A value's size as the limits see it: the service stores UTF-16, while the request body (which
 * Azurite and the 4 MiB transaction limit measure) is UTF-8 with the JSON text escaped again.
 */
export function jsonSize(text: string): number {
  return Math.max(text.length * 2, Buffer.byteLength(JSON.stringify(text)));
}

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
  const bytes = texts.reduce((n, t) => n + jsonSize(t), 0);
  if (bytes > MAX_ENTITY_JSON_BYTES) throw new ValueTooLargeError(field, bytes, MAX_ENTITY_JSON_BYTES);
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
