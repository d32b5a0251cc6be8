/** Who holds a part, named one way for the case card, the notices and an escalated request's deciders. */
import { strict as assert } from 'node:assert';
import { holdersText, listInWords } from '../../src/protocol';

describe('who holds a part, in words', () => {
  it('lists names as a sentence reads them, with "and" or "or"', () => {
    assert.equal(listInWords([]), '');
    assert.equal(listInWords(['Pat Smith']), 'Pat Smith');
    assert.equal(listInWords(['Pat Smith', 'Lee Jones']), 'Pat Smith and Lee Jones');
    assert.equal(listInWords(['Pat Smith', 'Lee Jones', 'Sam Lee'], 'or'), 'Pat Smith, Lee Jones or Sam Lee');
  });

  it('names a group as a group, and says when nobody is named', () => {
    assert.equal(holdersText([{ id: 'g', name: 'Assessment Team managers', group: true }, { id: 'p', name: 'Pat Smith' }]), 'Assessment Team managers (group) and Pat Smith');
    assert.equal(holdersText([{ id: 'p', name: 'Pat Smith' }, { id: 'l', name: 'Lee Jones' }], 'or'), 'Pat Smith or Lee Jones');
    assert.equal(holdersText([]), 'nobody named');
  });
});
