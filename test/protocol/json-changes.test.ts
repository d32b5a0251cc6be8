/**
 * What the audit trail keeps of a change (json-changes.ts): each side holds only the places that
 * changed, in the value's own shape, so property names stay for retention and subject access.
 */
import { strict as assert } from 'node:assert';
import { jsonChanges } from '../../src/protocol';

describe('jsonChanges: only what changed, in the value\'s own shape', () => {
  it('is null for values JSON writes the same (key order, undefined properties, the same object)', () => {
    const same = { a: 1, b: [{ c: 'x' }], d: ['R-1'] };
    assert.equal(jsonChanges(same, same), null);
    assert.equal(jsonChanges({ a: 1, b: 2 }, { b: 2, a: 1 }), null);
    assert.equal(jsonChanges({ a: 1, gone: undefined }, { a: 1 }), null);
    assert.equal(jsonChanges([{ a: 1 }], [{ a: 1 }]), null);
    assert.equal(jsonChanges(['R-1', undefined], ['R-1', null]), null);
  });

  it('narrows objects to the properties that changed; a property on one side only was added or removed', () => {
    assert.deepEqual(jsonChanges({ stage: 'a', facts: { x: 1, y: 2 }, keep: 'k' }, { stage: 'b', facts: { x: 1, y: 3 }, keep: 'k' }), {
      before: { stage: 'a', facts: { y: 2 } },
      after: { stage: 'b', facts: { y: 3 } },
    });
    assert.deepEqual(jsonChanges({ a: 1, old: 'o' }, { a: 1, added: null }), { before: { old: 'o' }, after: { added: null } });
    assert.deepEqual(jsonChanges({ x: null }, { x: { y: 1 } }), { before: { x: null }, after: { x: { y: 1 } } });
  });

  it('narrows lists of records to the records that changed, by index; one appended is on the after side only', () => {
    const visit = (i: number, notes: string | null) => ({ index: i, notes, due: '2026-03-05' });
    const before = { visits: [visit(0, 'seen'), visit(1, null)] };
    const after = { visits: [visit(0, 'seen'), visit(1, 'seen too'), visit(2, 'extra')] };
    assert.deepEqual(jsonChanges(before, after), { before: { visits: { 1: { notes: null } } }, after: { visits: { 1: { notes: 'seen too' }, 2: visit(2, 'extra') } } });
    // Taken off the end: on the before side only.
    assert.deepEqual(jsonChanges(after, before), { before: { visits: { 1: { notes: 'seen too' }, 2: visit(2, 'extra') } }, after: { visits: { 1: { notes: null } } } });
  });

  it('writes whole what it cannot narrow: text, lists of plain values, a change of kind', () => {
    assert.deepEqual(jsonChanges({ rules: ['R-SIGN-1'] }, { rules: ['R-SIGN-1', 'R-SIGN-2'] }), { before: { rules: ['R-SIGN-1'] }, after: { rules: ['R-SIGN-1', 'R-SIGN-2'] } });
    assert.deepEqual(jsonChanges({ v: [{ a: 1 }] }, { v: [{ a: 1 }, 'x'] }), { before: { v: [{ a: 1 }] }, after: { v: [{ a: 1 }, 'x'] } });
    assert.deepEqual(jsonChanges({ v: [] }, { v: {} }), { before: { v: [] }, after: { v: {} } });
    assert.deepEqual(jsonChanges(1, '1'), { before: 1, after: '1' });
  });

  it('keeps a property named __proto__ as a property', () => {
    const before = JSON.parse('{"__proto__": {"a": 1}}') as unknown;
    const after = JSON.parse('{"__proto__": {"a": 2}}') as unknown;
    const changes = jsonChanges(before, after)!;
    assert.equal(JSON.stringify(changes.after), '{"__proto__":{"a":2}}');
    assert.equal(Object.getPrototypeOf(changes.after), Object.prototype);
  });

  it('reads own properties only, in the order JSON writes them, whatever Object.prototype inherits', () => {
    // Integer-like keys first, then the others as they were added: the order Object.keys gives.
    const changes = jsonChanges({ b: 1, 2: 'x', a: 1, 1: 'y' }, { b: 2, 2: 'z', a: 2, 1: 'w', c: 3 })!;
    assert.equal(JSON.stringify(changes.before), '{"1":"y","2":"x","b":1,"a":1}');
    assert.equal(JSON.stringify(changes.after), '{"1":"w","2":"z","b":2,"a":2,"c":3}');
    Object.defineProperty(Object.prototype, 'inherited', { value: 'polluted', enumerable: true, configurable: true });
    try {
      assert.equal(jsonChanges({ a: 1 }, { a: 1 }), null);
      assert.deepEqual(jsonChanges({ a: 1 }, { a: 2 }), { before: { a: 1 }, after: { a: 2 } });
      assert.ok(!Object.prototype.hasOwnProperty.call(jsonChanges({ a: 1 }, { a: 2, b: 3 })!.after, 'inherited'));
    } finally {
      delete (Object.prototype as Record<string, unknown>)['inherited'];
    }
  });
});
