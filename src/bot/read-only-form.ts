/**
 * A step's form that cannot be recorded now (src/bot/step-offered.ts): the same form to read, what
 * was typed kept, without its Record button (it would only be refused again), with a line saying
 * so and the way back to the case.
 */
import type { CardJson } from './card-builder';

export function readOnlyForm(card: CardJson): CardJson {
  const body = Array.isArray(card['body']) ? card['body'] : [];
  const actions = Array.isArray(card['actions']) ? (card['actions'] as { verb?: unknown }[]) : [];
  return {
    ...card,
    body: [...body, { type: 'TextBlock', text: 'This step cannot be recorded now, so this form has no button to record it. Go back to the case to see what can be done next.', wrap: true, isSubtle: true }],
    actions: actions.filter((a) => a.verb !== 'recordStep'),
  };
}
