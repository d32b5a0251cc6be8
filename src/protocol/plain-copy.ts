/**
 * A deep copy of a case's state for the machine to change. The state is plain data (objects,
 * arrays, strings, numbers, booleans, null), which this copies several times faster than
 * structuredClone, the largest part of deciding a deadline; anything else in it (there is
 * nothing else today) is still copied by structuredClone.
 */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function plainCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value);
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = plainCopy(value[i] as unknown);
    return copy as T;
  }
  if (!isPlainObject(value)) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  // for-in with hasOwn: the keys Object.keys lists, in its order, without making the list.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const inner = plainCopy((value as Record<string, unknown>)[key]);
    // JSON.parse can give an object its own "__proto__" property; assigning it would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
    else copy[key] = inner;
  }
  return copy as T;
}
