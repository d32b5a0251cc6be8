/**
 * A problem the schema finds in the organisation file, in words the council's IT staff can act on:
 * where (counted from 1, with the team's or person's name) and what, instead of zod's own
 * ("teams.0.managers.users.0.name: Invalid input: expected string, received undefined").
 */
import type { z } from 'zod';

const KINDS: Readonly<Record<string, string>> = { string: 'text in quotes', array: 'a list in [ ]', object: 'an entry in { }', number: 'a number', boolean: 'true or false' };

/** The entry's name (or id), to find it by: what people search the file for. */
function nameOf(entry: unknown): string {
  if (entry === null || typeof entry !== 'object') return '';
  const { name, id } = entry as { name?: unknown; id?: unknown };
  if (typeof name === 'string' && name.trim() !== '') return ` (${name})`;
  return typeof id === 'string' && id.trim() !== '' ? ` (id ${id})` : '';
}

function what(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const kind = KINDS[issue.expected] ?? issue.expected;
      return value === undefined ? `is missing (it must be ${kind})` : `must be ${kind}`;
    }
    case 'too_small':
      return issue.origin === 'string' ? 'is empty' : issue.message;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `${issue.keys.map((k) => `"${k}"`).join(', ')} ${issue.keys.length > 1 ? 'are not fields' : 'is not a field'} of this entry: check the spelling`;
    default:
      return issue.message;
  }
}

/** One line: where in the file (from `input`, the parsed file), then what is wrong there. */
export function organisationProblem(issue: z.core.$ZodIssue, input: unknown): string {
  const steps: string[] = [];
  let value: unknown = input;
  for (const key of issue.path) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number') steps.push(`${steps.pop() ?? 'entry'} no. ${key + 1}${nameOf(value)}`);
    else steps.push(String(key));
  }
  return `${steps.length > 0 ? steps.join(' > ') : 'the file'}: ${what(issue, value)}`;
}
