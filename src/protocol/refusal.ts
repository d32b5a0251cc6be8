/** Why an event was not allowed: a stable code for programs, a sentence for people, and the rule behind it. */
import type { RuleId } from './rule-catalogue';

export const REFUSAL_CODES = [
  'OUT_OF_SCOPE',
  'OUT_OF_ORDER',
  'STEPS_OUTSTANDING',
  'NOT_YOUR_ROLE',
  'SELF_APPROVAL',
  'SAME_PERSON_HOS_AND_DIRECTOR',
  'ALREADY_DECIDED',
  'UNKNOWN_APPROVAL',
  'COMMENT_REQUIRED',
  'FORM_NOT_ALLOWED',
  'INVALID_DATE',
  'ALREADY_DONE',
  'CASE_CLOSED',
  /** "Record the return home" on a planned return not yet agreed: going home before then is an unplanned return (R-SCOPE-3). */
  'RETURN_NOT_AGREED',
  /** The case holds as much written text as can be kept (case-size.ts). */
  'CASE_FULL',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  /** The rule that forbids it, when one does. */
  rule: RuleId | null;
  /** Plain UK English: what is wrong and what to do next. The rule id is already in the text. */
  message: string;
}

export function refuse(code: RefusalCode, rule: RuleId | null, message: string): Refusal {
  return { code, rule, message: rule && !message.includes(rule) ? `${message} (${rule})` : message };
}
