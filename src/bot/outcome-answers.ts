/**
 * How the Teams edge answers each outcome code (src/cases/outcome-codes.ts), in one exhaustive
 * switch: adding a code without its answer here fails the build. The service's message says what
 * is wrong and what to do; the answer says where it goes and, for a card of its own, its heading.
 * A typed command's refusal that the service gives no words for ("team cases" from someone who is
 * not a manager, "new case" from someone who may not start one, a reference nobody may see) is
 * answered here in words.
 */
import type { OutcomeCode } from '../cases/outcome-codes';
import type { StartFormField } from './card-builder';
import { escapeMarkdown } from './markdown-escape';
import { NOT_A_MANAGER_TEXT, NOT_AN_OPENER_TEXT } from './working-list-text';

export type OutcomeAnswer =
  /** On the card or form it came from, with "Not recorded." before it on a case's cards. */
  | { kind: 'notice' }
  /** Beside the start form's field it is about, the form kept as filled in. */
  | { kind: 'beside'; field: StartFormField }
  /** A card of its own: nothing on the card it came from can put it right. */
  | { kind: 'own-card'; title: string }
  /** A chat message in these words (a typed command). */
  | { kind: 'words'; text: string };

/** A typed message that names a command: "new case", "team cases", or one naming a case by its reference. */
export type TypedCommand = { command: 'new case' | 'team cases' } | { command: 'new copy' | 'case'; ref: string };

/** Where the command came from: the start form, a button on a case's cards (a decision, a step, a handover), or a typed command. */
export type OutcomeSource = 'start-form' | 'case-action' | TypedCommand;

const NOTICE: OutcomeAnswer = { kind: 'notice' };
const beside = (field: StartFormField): OutcomeAnswer => ({ kind: 'beside', field });
const ownCard = (title: string): OutcomeAnswer => ({ kind: 'own-card', title });
const words = (text: string): OutcomeAnswer => ({ kind: 'words', text });
const CANNOT_START = ownCard('You cannot start a case');

/** The same words whether the case does not exist or the person may not see it: no existence leak. */
function notFoundWords(typed: Extract<TypedCommand, { ref: string }>): OutcomeAnswer {
  // Echoed as typed, but as words: a "reference" typed as [text](address) is not shown back as a link (L4).
  const ref = escapeMarkdown(typed.ref.slice(0, 40));
  return typed.command === 'new copy'
    ? words(`There is no case with reference ${ref} that you can see, so no copy was sent. Type "my cases" to see your cases.`)
    : words(`There is no case with reference ${ref} that you can see. Type "my cases" to see your cases.`);
}

export function outcomeAnswer(code: OutcomeCode, from: OutcomeSource): OutcomeAnswer {
  const starting = from === 'start-form';
  const typed = typeof from === 'object' ? from : undefined;
  switch (code) {
    // The child is not on section 20 (R-SCOPE-2): no field of the start form changes that.
    case 'OUT_OF_SCOPE':
      return starting ? ownCard('This case cannot be started here') : NOTICE;
    // On the start form, only the unplanned reason can be out of order: the 16/17 reason for a younger child (R-UNPL-1).
    case 'OUT_OF_ORDER':
      return starting ? beside('trigger') : NOTICE;
    // "new case" from someone who may not start one: no form to fill in for nothing.
    case 'NOT_YOUR_ROLE':
      return typed?.command === 'new case' ? words(NOT_AN_OPENER_TEXT) : starting ? CANNOT_START : NOTICE;
    case 'DEPUTY_OUT_OF_DATES':
      return starting ? CANNOT_START : NOTICE;
    case 'NO_TEAM':
      return CANNOT_START;
    case 'INVALID_REF':
    case 'DUPLICATE_REF':
      return beside('ref');
    case 'UNKNOWN_IRO':
      return beside('iro');
    // The same answer whether the case does not exist or the person may not see it.
    case 'UNKNOWN_CASE':
    case 'CASE_NOT_VISIBLE':
      return typed && 'ref' in typed ? notFoundWords(typed) : ownCard('Case not found');
    case 'NOT_A_MANAGER':
      return words(NOT_A_MANAGER_TEXT);
    // "team cases" asks the directory who manages what; elsewhere the service's message says to try again.
    case 'DIRECTORY_UNAVAILABLE':
      return typed?.command === 'team cases' ? words('Your role could not be checked just now (the directory did not answer). Please type "team cases" again in a minute.') : NOTICE;
    case 'STEPS_OUTSTANDING':
    case 'SELF_APPROVAL':
    case 'SAME_PERSON_HOS_AND_DIRECTOR':
    case 'ALREADY_DECIDED':
    case 'UNKNOWN_APPROVAL':
    case 'COMMENT_REQUIRED':
    case 'FORM_NOT_ALLOWED':
    case 'INVALID_DATE':
    case 'ALREADY_DONE':
    case 'CASE_CLOSED':
    case 'RETURN_NOT_AGREED':
    case 'CASE_FULL':
    case 'NOT_YOUR_CASE':
    case 'INVALID_FACTS':
    case 'NOT_A_HOLDER':
    case 'KEY_REUSED':
      return NOTICE;
    default:
      return unanswered(code);
  }
}

/** A typed command's refusal as the chat message that answers it: the switch's words, or else the service's message. */
export function typedCommandAnswer(code: OutcomeCode, from: TypedCommand, message = ''): string {
  const answer = outcomeAnswer(code, from);
  return answer.kind === 'words' ? answer.text : message;
}

function unanswered(code: never): never {
  throw new Error(`No answer for the outcome code ${code as string}`);
}
