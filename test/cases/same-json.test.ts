/**
 * The audit diff's comparison (same-json.ts): two values are "the same" exactly when
 * JSON.stringify writes them the same, for any data, including what JSON leaves out or writes
 * as null (undefined, functions, NaN, Infinity), key order and objects with toJSON.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sameJson } from '../../src/cases/same-json';

const leaf = fc.constantFrom<unknown>(null, undefined, true, false, 0, -0, 1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'a', '1', () => 1, new Date(0), { toJSON: () => 'a' });
const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '1', 'toJSON'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A value and a close variant of it (a copy with one leaf, one key or the key order changed), so equal pairs are common. */
const pair = data.chain((value) => fc.tuple(fc.constant(value), fc.oneof(fc.constant(structuredCloneSafe(value)), data, fc.constant(reordered(value)))));

function structuredCloneSafe(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

function reordered(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).reverse());
}

describe('comparing parts of a case state as JSON', () => {
  it('agrees with comparing their JSON text, for any pair of values', () => {
    fc.assert(fc.property(pair, ([a, b]) => {
      assert.equal(sameJson(a, b), JSON.stringify(a) === JSON.stringify(b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }), { numRuns: 3000 });
  });

  it('finds a changed visit deep in a copied state, and no change in an untouched copy', () => {
    const visits = [{ index: 0, due: '2026-12-08', doneOn: null, overdue: false }, { index: 1, due: '2026-12-12', doneOn: null, overdue: false }];
    const copy = structuredClone(visits);
    assert.equal(sameJson(visits, copy), true);
    copy[1]!.overdue = true;
    assert.equal(sameJson(visits, copy), false);
  });

  it('treats key order and left-out properties as JSON does', () => {
    assert.equal(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 }), false);
    assert.equal(sameJson({ a: 1, b: undefined }, { a: 1 }), true);
    assert.equal(sameJson([undefined], [null]), true);
    assert.equal(sameJson(undefined, null), false);
    assert.equal(sameJson(Number.NaN, null), true);
  });
});
