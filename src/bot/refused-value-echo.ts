/**
 * What a form shows again of a value it refused. The card's inputs cap what a person can type
 * (step-form.json: 4,000 characters a text answer; the letter 8,000), so a longer value can only
 * be forged card data: the refusal names the field and shows it empty rather than echo what may
 * be megabytes back in the answer.
 */

/** The step form's text inputs' maxLength (cards/step-form.json). */
export const CARD_TEXT_INPUT_MAX = 4000;

/** A choice, date or toggle: no value the card offers comes near this. */
const CARD_OTHER_INPUT_MAX = 1000;

export function echoOfRefused(value: string, kind: string, fieldMax?: number): string {
  const cardMax = kind === 'text' ? Math.max(fieldMax ?? CARD_TEXT_INPUT_MAX, CARD_TEXT_INPUT_MAX) : CARD_OTHER_INPUT_MAX;
  return value.length > cardMax ? '' : value;
}
