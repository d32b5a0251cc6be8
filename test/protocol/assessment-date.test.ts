import { strict as assert } from 'node:assert';
import { lastAssessmentProblem } from '../../src/protocol';

describe('the last assessment date (forms)', () => {
  it('is refused only when after today, naming R-ASSESS-3', () => {
    assert.equal(lastAssessmentProblem(null, '2026-03-02'), null);
    assert.equal(lastAssessmentProblem('2026-03-02', '2026-03-02'), null, 'today is fine');
    assert.equal(lastAssessmentProblem('2025-12-01', '2026-03-02'), null);
    assert.match(lastAssessmentProblem('2026-03-03', '2026-03-02') ?? '', /cannot have been completed after today.*R-ASSESS-3/);
  });
});
