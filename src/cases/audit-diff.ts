/**
 * The audit trail's before/after: what a command changed in a case's state, narrowed to the
 * places that changed (json-changes.ts), without the child's date of birth or the letter's words.
 */
import { jsonChanges, type CaseState } from '../protocol';

/** The letter without its words (which may name the child): that it was kept, and who contributed. */
function withoutLetterWords(letter: CaseState['letter'] | undefined): unknown {
  if (!letter) return letter;
  const { text, contributions, ...rest } = letter;
  return { ...rest, ...(text !== undefined ? { textKept: true } : {}), ...(contributions ? { contributionsFrom: Object.keys(contributions) } : {}) };
}

/** The child's date of birth is never copied into the audit trail. */
function withoutDateOfBirth(facts: CaseState['facts'] | undefined): unknown {
  if (!facts) return facts;
  const { dateOfBirth: _dateOfBirth, ...rest } = facts;
  return rest;
}

/** A part as the audit trail may keep it. */
function auditable(key: keyof CaseState, value: unknown): unknown {
  if (key === 'facts') return withoutDateOfBirth(value as CaseState['facts'] | undefined);
  // The letter's words (and what others wrote for it) may name the child: kept in the case file, not the audit trail.
  if (key === 'letter') return withoutLetterWords(value as CaseState['letter'] | undefined);
  return value;
}

/**
 * What changed, part by part: each side holds, at every place that changed, what it had there
 * (a place one side does not have was added or removed). A part whose only change the audit trail
 * may not keep (the date of birth, the letter's words) is named with nothing in it.
 */
export function changedParts(before: CaseState | null, after: CaseState): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const part = (key: keyof CaseState): void => {
    if (key === 'updatedAt') return;
    const old = before ? before[key] : undefined;
    const now = after[key];
    if (old === now) return;
    const raw = jsonChanges(old, now);
    if (!raw) return;
    // The date of birth and the letter's words are left out; a part changed only there is named empty.
    const changes = key === 'facts' || key === 'letter' ? jsonChanges(auditable(key, old), auditable(key, now)) ?? { before: {}, after: {} } : raw;
    if (changes.before !== undefined) b[key] = changes.before;
    if (changes.after !== undefined) a[key] = changes.after;
  };
  // The parts before has, then those only after has, each in Object.keys' order (for-in with
  // hasOwn: the same keys without making a list of them, nor a set of both).
  if (before) for (const key in before) if (hasOwn(before, key)) part(key as keyof CaseState);
  for (const key in after) if (hasOwn(after, key) && !(before && hasOwn(before, key))) part(key as keyof CaseState);
  return { before: b, after: a };
}

const hasOwn = (target: object, key: string): boolean => Object.prototype.hasOwnProperty.call(target, key);
