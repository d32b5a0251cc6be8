import { strict as assert } from 'node:assert';
import { requiredFieldText } from '../../src/bot/required-field';
import { checkStepValues, stepFields } from '../../src/bot/case-steps';

describe('the words beside an empty required field', () => {
  it('name the field as a heading, so plural and question labels read as English', () => {
    assert.equal(requiredFieldText("The child's views"), "Please fill in: The child's views.");
    assert.equal(requiredFieldText('Was the child seen?'), 'Please fill in: Was the child seen?');
  });

  it('are what a visit form says, refused and beforehand, for its question "Was the child seen?"', () => {
    const { errors } = checkStepValues('visit', {});
    assert.equal(errors['outcome'], 'Please fill in: Was the child seen?');
    const outcome = stepFields('visit').find((f) => f.id === 'outcome');
    assert.equal(outcome?.errorMessage, 'Please fill in: Was the child seen?');
    for (const field of stepFields('visit')) assert.doesNotMatch(field.errorMessage, /is required/);
  });
});

describe('a required answer holding only characters nobody could see', () => {
  it("is refused beside the field as empty (zero-width spaces, direction controls, the braille blank), so the child's views are never recorded blank", () => {
    for (const views of ['\u200b\u200b', '\u202e\u2066', '\u2800 \u3164']) {
      const { errors } = checkStepValues('childViews', { views });
      assert.equal(errors['views'], "Please fill in: The child's views.", JSON.stringify(views));
    }
    assert.deepEqual(checkStepValues('childViews', { views: '\u200bWants to go home.' }).errors, {});
  });
});
