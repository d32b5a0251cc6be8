/**
 * Each text box of a step's form stops typing where the step's check refuses (a handover's reason
 * at 1,000 characters, the IRO's words for the letter at 2,000, a link at 2,000), instead of every
 * box letting 4,000 be typed and the longer ones refused only once sent.
 */
import { strict as assert } from 'node:assert';
import { handoverForm } from '../../src/bot/handover-form';
import { checkStepValues, STEPS, type StepId, stepFields } from '../../src/bot/case-steps';
import { NO_NOTICE, stepFormCard } from '../../src/bot/card-builder';
import { HANDOVER_REASON_MAX, LETTER_CONTRIBUTION_MAX } from '../../src/protocol';
import { opened } from '../protocol/support/case-fixtures';

type Node = Record<string, unknown>;
function textBoxes(card: unknown): Node[] {
  const found: Node[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if ((n as Node)['type'] === 'Input.Text') found.push(n as Node);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

const formOf = (step: StepId) =>
  stepFormCard({ caseId: 'c-1', ref: 'MOS-1', step, index: '', title: 't', rule: '', ruleText: '', submitTitle: 'Record', notice: NO_NOTICE, intro: { shown: false, message: '' }, fields: stepFields(step), shown: '' });

describe("a form's text boxes stop where the step's check refuses", () => {
  it("every step's text box has the maxLength its check keeps to: one character more is refused, none at the most", () => {
    for (const step of Object.keys(STEPS) as StepId[]) {
      for (const box of textBoxes(formOf(step))) {
        const max = box['maxLength'];
        assert.equal(typeof max, 'number', `${step}.${String(box['id'])}: ${JSON.stringify(max)}`);
        const id = String(box['id']);
        const over = checkStepValues(step, { [id]: 'a'.repeat((max as number) + 1) }).errors[id] ?? '';
        assert.match(over, /is longer than/, `${step}.${id} refuses ${(max as number) + 1} characters`);
        assert.doesNotMatch(checkStepValues(step, { [id]: 'a'.repeat(max as number) }).errors[id] ?? '', /is longer than/, `${step}.${id} takes ${String(max)}`);
      }
    }
  });

  it("the IRO's words for the letter stop at 2,000 characters, not 4,000 (R-LETTER-1)", () => {
    assert.deepEqual(textBoxes(formOf('letterContribution')).map((b) => b['maxLength']), [LETTER_CONTRIBUTION_MAX]);
  });

  it("a handover's reason stops at 1,000 characters, as the handover is refused past it", () => {
    const card = handoverForm(opened().state, { roles: [], people: [] } as unknown as Parameters<typeof handoverForm>[1]);
    assert.deepEqual(textBoxes(card).map((b) => [b['id'], b['maxLength']]), [['reason', HANDOVER_REASON_MAX]]);
  });
});
