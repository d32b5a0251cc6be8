/**
 * What changed between two versions of a JSON value, kept in the value's own shape so that the
 * property names stay (retention erases, and a search for a child looks in, personal fields by
 * name wherever they are): each side holds, at every place that changed, what it had there, and
 * nothing that stayed the same.
 *  - Two objects: only the properties that changed, each narrowed the same way. A property only
 *    one side has is on that side only (added or removed).
 *  - Two lists of records (arrays of objects only, such as visits, approvals, attempts): an object
 *    keyed by the index of each record that changed ("3"), narrowed the same way; a record only
 *    one side has (appended or taken off the end) is on that side only.
 *  - Anything else that changed (text, dates, a list of ids or rule ids, a change of kind) is
 *    written whole on both sides.
 * So the audit trail keeps an added visit's notes once, not the case's whole list of visits twice.
 */

export interface JsonChanges {
  /** What the changed places held before; undefined where there was nothing (the value was added). */
  before: unknown;
  /** What they hold after; undefined where there is nothing now (the value was removed). */
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype;
}

/** JSON leaves out a property with one of these values (and writes null for such an array element). */
function leftOut(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

const hasOwn = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);

/** Sets a property, "__proto__" included (JSON.parse can give an object its own). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function simple(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Two values JSON writes the same: simple ones that differ never are; anything else (a Date) as JSON writes it. */
function sameValue(a: unknown, b: unknown): boolean {
  if (simple(a) || simple(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The changes of one entry, added to both sides (made when the first is found). */
function record(found: JsonChanges | null, key: string, inner: JsonChanges): JsonChanges {
  const out = found ?? { before: {}, after: {} };
  if (inner.before !== undefined) put(out.before as Record<string, unknown>, key, inner.before);
  if (inner.after !== undefined) put(out.after as Record<string, unknown>, key, inner.after);
  return out;
}

function objectChanges(before: Record<string, unknown>, after: Record<string, unknown>): JsonChanges | null {
  let found: JsonChanges | null = null;
  let shared = 0;
  // for-in with hasOwn visits what Object.keys lists, in its order, without making the list: a
  // sweep compares every part of 20,000 states, and those lists were a tenth of what it allocated.
  for (const key in before) {
    if (!hasOwn(before, key)) continue;
    const there = hasOwn(after, key);
    if (there) shared++;
    const inner = jsonChanges(before[key], there ? after[key] : undefined);
    if (inner) found = record(found, key, inner);
  }
  // Properties only the after side has: looked for only when there are some.
  if (ownKeyCount(after) === shared) return found;
  for (const key in after) {
    if (!hasOwn(after, key) || hasOwn(before, key)) continue;
    const inner = jsonChanges(undefined, after[key]);
    if (inner) found = record(found, key, inner);
  }
  return found;
}

/** How many keys Object.keys would list, without listing them. */
function ownKeyCount(target: Record<string, unknown>): number {
  let count = 0;
  for (const key in target) if (hasOwn(target, key)) count++;
  return count;
}

/** An element as JSON writes it: undefined (and the like) inside the list is null; past its end, nothing. */
function elementAt(list: unknown[], i: number): unknown {
  if (i >= list.length) return undefined;
  const value = list[i];
  return leftOut(value) ? null : value;
}

function listChanges(before: unknown[], after: unknown[]): JsonChanges | null {
  let changed: [number, JsonChanges][] | null = null;
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    const inner = jsonChanges(elementAt(before, i), elementAt(after, i));
    if (inner) (changed ??= []).push([i, inner]);
  }
  if (!changed) return null;
  // Only a list of records is narrowed: a list of plain values (ids, rule ids) reads better whole.
  if (!before.every(isPlainObject) || !after.every(isPlainObject)) return { before, after };
  let found: JsonChanges = { before: {}, after: {} };
  for (const [i, inner] of changed) found = record(found, String(i), inner);
  return found;
}

/** The changes from `before` to `after` as JSON writes them, or null when JSON writes them the same. */
export function jsonChanges(before: unknown, after: unknown): JsonChanges | null {
  if (before === after) return null;
  const noBefore = leftOut(before);
  const noAfter = leftOut(after);
  if (noBefore || noAfter) return noBefore && noAfter ? null : { before: noBefore ? undefined : before, after: noAfter ? undefined : after };
  if (isPlainObject(before) && isPlainObject(after)) return objectChanges(before, after);
  if (isList(before) && isList(after)) return listChanges(before, after);
  return sameValue(before, after) ? null : { before, after };
}
