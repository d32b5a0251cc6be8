/**
 * Which parts of what the bot keeps about a case are the child's personal data, in one place:
 * the child's date of birth (and name, should a field ever carry one) and the free text people
 * typed about the child and family (views, risk analysis, safety plan, purposes, comments,
 * notes). Retention erases exactly these; a subject access export shows them; a search for a
 * child looks only in them. Everything else stays: who decided what, on whose behalf, when, the
 * stages, dates of steps and the rules applied.
 *
 * The walk is by property name, so it reaches the same fields wherever they are copied: the case
 * state, its audit entries' before/after, outbox payloads (records and notices), deadline
 * payloads and command outcomes. A new free-text field must be named here.
 */

/** Property names whose value is free text about the child or family. */
export const FREE_TEXT_FIELDS: readonly string[] = [
  'views', 'summary', 'riskAnalysis', 'safetyPlan', 'purpose', 'comment', 'view', 'notes', 'letter', 'statement', 'contribution',
  // Words given when a case is withdrawn, closed, reopened or corrected, or a step undone.
  'why', 'cancelledWhy', 'reason',
  // The SharePoint Decisions list's column, in the records kept in the outbox.
  'Comment',
  // The case file (issue 13): a document waiting in the outbox holds the date of birth and the
  // case's words; the IRO's words for the letter.
  'document', 'letterContributions',
];

/** `reason` is a stable code, not words, directly inside these objects (a case's closure). */
const CODE_REASON_PARENTS = new Set(['closure']);

/** Property names that identify the child directly. */
export const IDENTIFYING_FIELDS: readonly string[] = ['dateOfBirth', 'childName', 'childFirstName', 'childLastName'];

/** What an erased text reads as afterwards. */
export const ERASED = '[erased under the retention policy]';

const ALL = new Set([...FREE_TEXT_FIELDS, ...IDENTIFYING_FIELDS]);
const IDENTIFYING = new Set(IDENTIFYING_FIELDS);

/**
 * A copy of `value` with every personal field erased: free text becomes ERASED (empty text stays
 * empty), identifying values become null. Idempotent.
 */
export function erasePersonalData(value: unknown, parent = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => erasePersonalData(v, parent));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!ALL.has(key) || (key === 'reason' && CODE_REASON_PARENTS.has(parent))) out[key] = erasePersonalData(inner, key);
    else if (IDENTIFYING.has(key)) out[key] = null;
    else if (typeof inner === 'string') out[key] = inner === '' ? '' : ERASED;
    else out[key] = inner === null || inner === undefined ? inner : ERASED;
  }
  return out;
}

/** Where in `value` a personal field holds `needle` (case-insensitive): the fields' paths, never their text. */
export function personalFieldsMentioning(value: unknown, needle: string, path = ''): string[] {
  const wanted = needle.trim().toLowerCase();
  if (wanted === '') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => personalFieldsMentioning(v, needle, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const [key, inner] of Object.entries(value)) {
    const here = path === '' ? key : `${path}.${key}`;
    if (ALL.has(key) && typeof inner === 'string' && inner.toLowerCase().includes(wanted)) found.push(here);
    else found.push(...personalFieldsMentioning(inner, needle, here));
  }
  return found;
}
