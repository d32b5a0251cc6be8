/**
 * The size budget of an approval card. Teams refuses a bot message over 100 KB counted in UTF-16
 * and advises keeping it under 80 KB (413 MessageSizeTooBig past the limit: "Format your bot
 * messages", https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages).
 * The forms allow 4,000 characters per answer, and an approval card shows six of them, so long
 * answers are shortened on the card, each with its own "Read … in full" button, named for it (that one answer in full, on the same
 * card); test/bot/card-size.test.ts builds the largest case the forms allow and measures every card.
 */
import { oneLine } from '../cases/one-line';

/** Teams' advised size of a bot message, in bytes of UTF-16. */
export const CARD_BUDGET_BYTES_UTF16 = 80 * 1024;

/** An answer on an approval card is shortened past this many characters. */
export const ANSWER_CHARACTERS_ON_CARD = 1_500;

/** Control characters other than new lines and tabs: invisible, and six bytes each once in JSON. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export interface Shortened {
  text: string;
  shortened: boolean;
}

/** Said where a long answer is cut (a request mail, which has no "Read in full", says its own: src/bot/mail-request-card.ts). */
export const SHORTENED_HERE = ' (shortened here: choose its "Read … in full" button below for the rest, or open the case)';

/** The answer as the card shows it: whole if short enough (or asked for in full), else its start and what to do for the rest. */
export function onCard(answer: string, full = false): Shortened {
  const clean = answer.replace(CONTROL, ' ');
  if (full || clean.length <= ANSWER_CHARACTERS_ON_CARD) return { text: clean, shortened: false };
  const cut = clean.slice(0, ANSWER_CHARACTERS_ON_CARD);
  // End at a word where one is near, so the last word is not cut in half.
  const space = cut.lastIndexOf(' ');
  const start = space > ANSWER_CHARACTERS_ON_CARD - 200 ? cut.slice(0, space) : cut;
  return { text: `${start}…${SHORTENED_HERE}`, shortened: true };
}

/** The size Teams counts for a message: its JSON in UTF-16, two bytes per code unit. */
export function utf16Size(message: unknown): number {
  return JSON.stringify(message).length * 2;
}

/** A quotation of earlier words on a card (what was said before, an earlier version): its start only. */
export function quoted(text: string, characters = 300): string {
  // On one line: quoted inside a sentence of ours, a line break would start a line that reads as ours (one-line.ts).
  const clean = oneLine(text).replace(CONTROL, ' ');
  return clean.length <= characters ? clean : `${clean.slice(0, characters)}…`;
}
