/**
 * The machine's copy of a case's state (plain-copy.ts): the same value structuredClone would
 * give, sharing no object with the state it was copied from, so a handler's changes never reach
 * the caller's state.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainCopy } from '../../src/protocol/plain-copy';

/** Every object and array inside a value. */
function objectsIn(value: unknown, found: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return found;
  found.push(value);
  for (const inner of Object.values(value)) objectsIn(inner, found);
  return found;
}

const plainData = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, false, 0, -0, 1.5, -7, ''),
    fc.string(),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

describe('the machine copy of a case state', () => {
  it('is equal to structuredClone of it, with its keys in the same order', () => {
    fc.assert(fc.property(plainData, (value) => {
      const copy = plainCopy(value);
      assert.deepStrictEqual(copy, structuredClone(value));
      assert.equal(JSON.stringify(copy), JSON.stringify(value));
    }), { numRuns: 500 });
  });

  it('shares no object or array with the original', () => {
    fc.assert(fc.property(plainData, (value) => {
      const before = new Set(objectsIn(value));
      for (const inner of objectsIn(plainCopy(value))) assert.ok(!before.has(inner));
    }), { numRuns: 500 });
  });

  it('keeps a property set to undefined, as structuredClone does', () => {
    const copy = plainCopy({ a: undefined, b: [undefined, 1] });
    assert.ok(Object.prototype.hasOwnProperty.call(copy, 'a'));
    assert.deepStrictEqual(copy, { a: undefined, b: [undefined, 1] });
  });

  it('keeps a property named __proto__ that JSON.parse gave a state as a property', () => {
    const parsed = JSON.parse('{"steps":{"__proto__":{"polluted":true}}}') as { steps: Record<string, unknown> };
    const copy = plainCopy(parsed);
    assert.equal(Object.getPrototypeOf(copy.steps), Object.prototype);
    assert.deepStrictEqual(copy, structuredClone(parsed));
    assert.equal(JSON.stringify(copy), JSON.stringify(parsed));
  });

  it('copies what is not plain data with structuredClone', () => {
    const when = new Date('2026-12-05T09:00:00Z');
    const copy = plainCopy({ when, list: [new Map([['k', 1]])] });
    assert.ok(copy.when instanceof Date);
    assert.notEqual(copy.when, when);
    assert.equal(copy.when.toISOString(), when.toISOString());
    assert.ok(copy.list[0] instanceof Map);
    assert.equal(copy.list[0]!.get('k'), 1);
  });

  it('copies own properties only, in their order, whatever Object.prototype inherits', () => {
    const value = { b: 1, 2: 'x', a: { c: 1 }, 1: 'y' };
    Object.defineProperty(Object.prototype, 'inherited', { value: 'polluted', enumerable: true, configurable: true });
    try {
      const copy = plainCopy(value);
      assert.deepEqual(Object.keys(copy), ['1', '2', 'b', 'a']);
      assert.ok(!Object.prototype.hasOwnProperty.call(copy, 'inherited'));
      assert.ok(!Object.prototype.hasOwnProperty.call(copy.a, 'inherited'));
    } finally {
      delete (Object.prototype as Record<string, unknown>)['inherited'];
    }
  });
});
