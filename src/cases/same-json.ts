/**
 * Whether two values serialise to the same JSON, without serialising them: the audit diff
 * compares every part of a case's state before and after an event this way (a deadline's
 * reminder changes one or two of them). Plain data is walked; anything else (a Date, an object
 * with toJSON, a number JSON writes as null) is compared by serialising that value.
 */
type Kind = 'simple' | 'array' | 'object' | 'other';

function kindOf(value: unknown): Kind {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return 'simple';
  if (typeof value === 'number') return Number.isFinite(value) ? 'simple' : 'other';
  if (typeof value !== 'object') return 'other';
  if (Array.isArray(value)) return Object.getPrototypeOf(value) === Array.prototype ? 'array' : 'other';
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function' ? 'object' : 'other';
}

/** JSON leaves out a property whose value is one of these, and writes null for such an array element. */
function leftOut(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const kind = kindOf(a);
  const other = kindOf(b);
  if (kind === 'other' || other === 'other') return JSON.stringify(a) === JSON.stringify(b);
  // Different kinds, or two different finite numbers, strings or booleans: different JSON.
  if (kind !== other || kind === 'simple') return false;
  if (kind === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      const p = x[i];
      const q = y[i];
      if (!sameJson(leftOut(p) ? null : p, leftOut(q) ? null : q)) return false;
    }
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const xKeys = Object.keys(x);
  const yKeys = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < xKeys.length && leftOut(x[xKeys[i]!])) i++;
    while (j < yKeys.length && leftOut(y[yKeys[j]!])) j++;
    if (i === xKeys.length || j === yKeys.length) return i === xKeys.length && j === yKeys.length;
    const key = xKeys[i]!;
    if (key !== yKeys[j] || !sameJson(x[key], y[key])) return false;
    i++;
    j++;
  }
}
