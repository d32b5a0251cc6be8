/**
 * The facts a ruling is made from (docs/protocol/ruling-contract.md, "Facts").
 * Validated here so the CLI, the bot and the case service all refuse the same bad input
 * with the same message naming the field.
 */
import { z } from 'zod';
import { CalendarDate, isAfter, isCalendarDate, isOnOrAfter } from './calendar-date';

export const LEGAL_STATUSES = ['S20', 'ICO', 'CO'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

export const PATHWAYS = ['planned', 'unplanned'] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** zod error text that says "is required" when the field is missing, else `otherwise`. */
function requiredOr(otherwise: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : otherwise);
}

const calendarDate = z
  .string({ error: requiredOr('must be a date written YYYY-MM-DD') })
  .refine(isCalendarDate, { error: 'must be a real date written YYYY-MM-DD' })
  .transform((value) => value as CalendarDate);

export const factsSchema = z.strictObject(
  {
  asOf: calendarDate,
  legalStatus: z.enum(LEGAL_STATUSES, { error: requiredOr('must be one of S20, ICO or CO') }),
  dateOfBirth: calendarDate,
  accommodatedOn: calendarDate,
  previousEpisodeEndedOn: calendarDate.nullable(),
  lastAssessmentCompletedOn: calendarDate.nullable(),
  pathway: z.enum(PATHWAYS, { error: requiredOr('must be planned or unplanned') }),
  returnedHomeOn: calendarDate.nullable(),
  reunificationStartedOn: calendarDate.nullable().optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'the facts must be a JSON object' : undefined) },
);

export type Facts = z.infer<typeof factsSchema>;

export interface FactsProblem {
  /** The field at fault (for cross-field problems, the field the message is about). */
  field: string;
  message: string;
}

export type FactsResult = { ok: true; facts: Facts } | { ok: false; problems: FactsProblem[] };

/**
 * The last day any date of the facts can be: asOf (today). The rules below refuse the date accommodated,
 * the return home and the start of reunification after it; the date of birth and a previous episode
 * come before the date accommodated, and the last assessment cannot be after today (assessment-date.ts).
 * The forms' date pickers for the facts end there.
 */
export function latestFactDay(asOf: CalendarDate): CalendarDate {
  return asOf;
}

/** The cross-field rules of the contract ("Invalid: …"), each naming both fields. */
function orderProblems(facts: Facts): FactsProblem[] {
  const problems: FactsProblem[] = [];
  const { asOf, dateOfBirth, accommodatedOn, previousEpisodeEndedOn, returnedHomeOn, reunificationStartedOn } = facts;
  if (isAfter(accommodatedOn, asOf)) {
    problems.push({ field: 'accommodatedOn', message: `accommodatedOn (${accommodatedOn}) is after asOf (${asOf})` });
  }
  if (returnedHomeOn !== null && isAfter(accommodatedOn, returnedHomeOn)) {
    problems.push({ field: 'accommodatedOn', message: `accommodatedOn (${accommodatedOn}) is after returnedHomeOn (${returnedHomeOn})` });
  }
  if (isAfter(dateOfBirth, accommodatedOn)) {
    problems.push({ field: 'dateOfBirth', message: `dateOfBirth is after accommodatedOn (${accommodatedOn})` });
  }
  if (returnedHomeOn !== null && isAfter(returnedHomeOn, asOf)) {
    problems.push({ field: 'returnedHomeOn', message: `returnedHomeOn (${returnedHomeOn}) is after asOf (${asOf})` });
  }
  if (previousEpisodeEndedOn !== null && isOnOrAfter(previousEpisodeEndedOn, accommodatedOn)) {
    problems.push({ field: 'previousEpisodeEndedOn', message: `previousEpisodeEndedOn (${previousEpisodeEndedOn}) is on or after accommodatedOn (${accommodatedOn})` });
  }
  if (reunificationStartedOn != null && isAfter(reunificationStartedOn, asOf)) {
    problems.push({ field: 'reunificationStartedOn', message: `reunificationStartedOn (${reunificationStartedOn}) is after asOf (${asOf})` });
  }
  return problems;
}

/**
 * An unknown field's name as the message shows it: plain when it looks like a name, else quoted
 * (JSON escapes) and shortened, so a key holding a line break cannot split the one-line message.
 */
function fieldName(key: string): string {
  if (/^[A-Za-z_$][\w$]{0,63}$/.test(key)) return key;
  const quoted = JSON.stringify(key);
  return quoted.length > 66 ? `${quoted.slice(0, 64)}…"` : quoted;
}

function describeIssue(issue: z.core.$ZodIssue): FactsProblem {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(facts)';
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map(fieldName).join(', ');
    return { field: names, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${names}` };
  }
  if (issue.path.length === 0) return { field, message: issue.message };
  return { field, message: `${field} ${issue.message}` };
}

/**
 * Validates raw facts. The date fields of a child (date of birth) are never echoed
 * in a message, so an error can be logged without leaking it.
 */
export function parseFacts(input: unknown): FactsResult {
  const parsed = factsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(describeIssue) };
  const problems = orderProblems(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, facts: parsed.data };
}

/** One line naming every problem: what the CLI prints and the bot shows. */
export function describeFactsProblems(problems: readonly FactsProblem[]): string {
  return `Invalid facts: ${problems.map((p) => p.message).join('; ')}`;
}
