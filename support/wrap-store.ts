/** A real store with some of its methods replaced (to count calls, or to fail); every other call goes to the store itself. */
import type { CaseStore } from '../src/ports/case-store';

export function wrapStore(store: CaseStore, overrides: Partial<CaseStore>): CaseStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (Object.prototype.hasOwnProperty.call(overrides, property)) return (overrides as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
