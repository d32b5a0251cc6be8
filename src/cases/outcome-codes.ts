/**
 * Every stable code a command's refusal can carry: the protocol's own (src/protocol/refusal.ts),
 * then the case service's, about who acted, the start form, the case named, the command key and
 * the typed commands ("team cases", "new copy REF").
 * The Teams edge turns each into an answer with one exhaustive switch (src/bot/outcome-answers.ts),
 * so a code added here without its answer there fails the build. Programs and logs read the code;
 * people read the message beside it.
 */
import { REFUSAL_CODES } from '../protocol';

export const SERVICE_OUTCOME_CODES = [
  /** A social worker acting on a colleague's case. */
  'NOT_YOUR_CASE',
  /** A deputy acting outside the dates the organisation file gives them. */
  'DEPUTY_OUT_OF_DATES',
  /** The directory (Entra groups) did not answer: nothing was decided, try again. */
  'DIRECTORY_UNAVAILABLE',
  /** No case has the id or reference given. */
  'UNKNOWN_CASE',
  /** A case this person may not see (kept in its refusal log; they are told the same as UNKNOWN_CASE). */
  'CASE_NOT_VISIBLE',
  /** The start form: a case reference that is not a case-record id. */
  'INVALID_REF',
  /** The start form: facts that do not fit together, or an implausible date of birth. */
  'INVALID_FACTS',
  /** The start form: the person is in no team, so the case would have no team manager. */
  'NO_TEAM',
  /** The start form: an IRO who is not one of the organisation's. */
  'UNKNOWN_IRO',
  /** The start form: another case already has this reference. */
  'DUPLICATE_REF',
  /** A handover to someone the organisation file does not name for that part of the case. */
  'NOT_A_HOLDER',
  /** A command key used again by another person or for another case (L2). */
  'KEY_REUSED',
  /** "team cases" from someone who manages no team or service and is not the Director (nor their active deputy). */
  'NOT_A_MANAGER',
] as const;

export const OUTCOME_CODES = [...REFUSAL_CODES, ...SERVICE_OUTCOME_CODES] as const;
export type OutcomeCode = (typeof OUTCOME_CODES)[number];
