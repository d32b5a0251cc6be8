/**
 * The audit trail's before/after: the top-level parts of a case's state that a command changed,
 * without the child's date of birth or the letter's words.
 */
import type { CaseState } from '../protocol';
import { sameJson } from './same-json';

/** The letter without its words (which may name the child): that it was kept, and who contributed. */
function withoutLetterWords(letter: CaseState['letter'] | undefined): unknown {
  if (!letter) return null;
  const { text, contributions, ...rest } = letter;
  return { ...rest, ...(text !== undefined ? { textKept: true } : {}), ...(contributions ? { contributionsFrom: Object.keys(contributions) } : {}) };
}

/** Top-level parts of the state that changed: what the audit trail keeps as before/after. */
export function changedParts(before: CaseState | null, after: CaseState): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof CaseState)[]) {
    if (key === 'updatedAt') continue;
    const old = before ? before[key] : undefined;
    // Compared as JSON would write them, without writing them: the protocol hands back a copy of every part.
    if (!sameJson(old, after[key])) {
      // The child's date of birth is never copied into the audit trail.
      if (key === 'facts') {
        const { dateOfBirth: _b, ...oldFacts } = (old as CaseState['facts'] | undefined) ?? ({} as CaseState['facts']);
        const { dateOfBirth: _a, ...newFacts } = after.facts;
        b[key] = before ? oldFacts : null;
        a[key] = newFacts;
      } else if (key === 'letter') {
        // The letter's words (and what others wrote for it) may name the child: kept in the case file, not the audit trail.
        b[key] = withoutLetterWords(old as CaseState['letter'] | undefined);
        a[key] = withoutLetterWords(after.letter);
      } else {
        b[key] = old ?? null;
        a[key] = after[key];
      }
    }
  }
  return { before: b, after: a };
}
