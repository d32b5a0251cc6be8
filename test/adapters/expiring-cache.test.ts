/** The directory's cache: answers expire, and the number kept is bounded. */
import assert from 'node:assert/strict';
import { ExpiringCache } from '../../src/adapters/graph/expiring-cache';

describe('ExpiringCache', () => {
  let clock: number;
  const cache = (maxEntries: number, ttlMs = 1000) => new ExpiringCache<string>({ ttlMs, maxEntries, now: () => clock });
  beforeEach(() => {
    clock = 0;
  });

  it('answers until the TTL has passed, then forgets', () => {
    const c = cache(10);
    c.set('a', 'A');
    clock = 999;
    assert.equal(c.get('a'), 'A');
    clock = 1000;
    assert.equal(c.get('a'), undefined);
    assert.equal(c.size, 0, 'an expired entry seen is dropped');
  });

  it('keeps at most maxEntries, the least recently written going first', () => {
    const c = cache(2);
    c.set('a', 'A');
    c.set('b', 'B');
    c.set('a', 'A2'); // written again: now the newest
    c.set('c', 'C');
    assert.equal(c.size, 2);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 'A2');
    assert.equal(c.get('c'), 'C');
  });

  it('drops entries that expired unseen when a new one is written, so a quiet key does not stay', () => {
    const c = cache(100);
    for (let i = 0; i < 50; i += 1) c.set(`old-${i}`, 'x');
    clock = 1500;
    c.set('new', 'y');
    assert.equal(c.size, 1);
  });

  it('refuses a bound below one', () => {
    assert.throws(() => cache(0), RangeError);
  });
});
