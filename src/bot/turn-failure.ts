/**
 * What a person is told when their click or command fails on our side (the store or a service not
 * answering, a bug): first whether anything was recorded (src/cases/recorded-in-turn.ts), then what
 * to do next, with the reference that finds the failure in the server's log.
 */
import { isStoreFull, STORE_FULL_MESSAGE, STORE_FULL_TITLE } from '../cases/store-full';

export interface TurnFailure {
  /** The card's heading, when a click failed. */
  title: string;
  text: string;
  /** The same in a chat message, when a typed command failed. */
  chat: string;
}

const quoteIt = (reference: string): string => `If it keeps happening, contact your IT service desk and give them this reference: ${reference}`;

/** `recorded`: the references of the cases the turn's commands are on (they were saved before the failure). */
export function turnFailure(error: unknown, reference: string, recorded: readonly string[]): TurnFailure {
  if (recorded.length > 0) {
    const cases = recorded.length === 1 ? `case ${recorded[0]}` : `cases ${recorded.join(', ')}`;
    const text =
      `Your change to ${cases} was recorded, and anyone it concerns will be told as usual, but something went wrong on our side before I could show you the result. ` +
      `Please do not send it again: type "case ${recorded[0]}" to see the case as it now stands. ${quoteIt(reference)}`;
    return { title: 'It was recorded', text, chat: text };
  }
  if (isStoreFull(error)) {
    const text = `${STORE_FULL_MESSAGE} If you contact them, give them this reference: ${reference}`;
    return { title: STORE_FULL_TITLE, text, chat: `${STORE_FULL_TITLE}. ${text}` };
  }
  const text = `Sorry, something went wrong on our side and I could not finish that, so nothing was recorded and nobody was told. Please try again in a few minutes. ${quoteIt(reference)}`;
  return { title: 'Nothing was recorded', text, chat: text };
}
