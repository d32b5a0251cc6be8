/**
 * Every notice's headline is written alike: straight apostrophes, as the other headlines and the
 * notice texts have them (a curly one in one headline read as a different hand, and searching the
 * chat for "child's letter" missed it).
 */
import { strict as assert } from 'node:assert';
import { NOTICE_CATALOGUE } from '../../src/cases/notice-catalogue';

describe('notice headlines', () => {
  it("use the straight apostrophe, as the rest do (the IRO's 'Words for the child's letter' among them)", () => {
    const curly = Object.entries(NOTICE_CATALOGUE).filter(([, d]) => /[‘’]/.test(d.headline)).map(([kind, d]) => `${kind}: ${d.headline}`);
    assert.deepEqual(curly, []);
    assert.equal(NOTICE_CATALOGUE['letter-contribution-asked'].headline, "Words for the child's letter");
  });
});
