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

type Kind = 'absent' | 'object' | 'records' | 'array' | 'value';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** JSON leaves out a property with one of these values (and writes null for such an array element). */
function leftOut(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function kindOf(value: unknown): Kind {
  if (leftOut(value)) return 'absent';
  if (isPlainObject(value)) return 'object';
  if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) return value.every(isPlainObject) ? 'records' : 'array';
  return 'value';
}

/** Sets a property, "__proto__" included (JSON.parse can give an object its own). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Finite numbers, strings, booleans and null that differ are different JSON; anything else (a Date) as JSON writes it.
  const simple = (v: unknown) => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  if (simple(a) || simple(b)) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Narrows two collections entry by entry: the keys of objects, or the indexes of lists of records. */
function entries(before: Record<string, unknown> | unknown[], after: Record<string, unknown> | unknown[], keys: Iterable<string>): JsonChanges | null {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  let changed = false;
  for (const key of keys) {
    const inner = jsonChanges((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key]);
    if (!inner) continue;
    changed = true;
    if (inner.before !== undefined) put(b, key, inner.before);
    if (inner.after !== undefined) put(a, key, inner.after);
  }
  return changed ? { before: b, after: a } : null;
}

function keysOf(before: Record<string, unknown>, after: Record<string, unknown>): Set<string> {
  return new Set([...Object.keys(before), ...Object.keys(after)]);
}

function indexes(before: unknown[], after: unknown[]): string[] {
  return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => String(i));
}

/** The changes from `before` to `after` as JSON writes them, or null when JSON writes them the same. */
export function jsonChanges(before: unknown, after: unknown): JsonChanges | null {
  if (before === after) return null;
  const kind = kindOf(before);
  const other = kindOf(after);
  if (kind === 'absent' && other === 'absent') return null;
  if (kind === 'absent' || other === 'absent') return { before: kind === 'absent' ? undefined : before, after: other === 'absent' ? undefined : after };
  if (kind === 'object' && other === 'object') {
    const b = before as Record<string, unknown>;
    const a = after as Record<string, unknown>;
    return entries(b, a, keysOf(b, a));
  }
  if (kind === 'records' && other === 'records') return entries(before as unknown[], after as unknown[], indexes(before as unknown[], after as unknown[]));
  if (kind === 'array' && other === 'array' && sameArray(before as unknown[], after as unknown[])) return null;
  if (kind !== 'array' && sameValue(before, after)) return null;
  return { before, after };
}

/** Lists of plain values (ids, rule ids, plans) compared as JSON writes them. */
function sameArray(before: unknown[], after: unknown[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i++) {
    const p = leftOut(before[i]) ? null : before[i];
    const q = leftOut(after[i]) ? null : after[i];
    if (jsonChanges(p, q)) return false;
  }
  return true;
}
