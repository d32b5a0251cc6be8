/**
 * Someone a case was handed over from (its earlier social worker, IRO, team manager or Head of
 * Service), pressing a button on a card they still have or typing its reference, is told it was
 * handed over, to whom and by whom, instead of "no case you can see" as if it had vanished. They
 * were told all of this when it happened (the "Case handed over" notice), so nothing new is said;
 * anyone the case was never handed over from still gets the same not-found answer.
 */
import type { CaseRole, CaseState, Person, RuleId } from '../protocol';
import { dateText, handoverRoleName, personText, refOpenedWith } from '../protocol';
import type { OutOfCover } from './out-of-cover';

/** The latest handover of one of these parts from this person to someone else. */
function lastHandoverFrom(person: Person, state: CaseState, parts?: readonly CaseRole[]) {
  return (state.reassignments ?? []).filter((r) => r.from.some((h) => !h.group && h.id === person.id) && r.to.id !== person.id && (!parts || parts.includes(r.role))).at(-1);
}

type Handover = NonNullable<ReturnType<typeof lastHandoverFrom>>;

/** A handover in the words both answers use: " on 3 March 2026" (none for one kept without its date), the part, who decided it. */
function handoverWords(handover: Handover): { when: string; part: string; by: string } {
  return { when: handover.on ? ` on ${dateText(handover.on)}` : '', part: handoverRoleName(handover.role), by: personText(handover.by, handover.onBehalfOf) };
}

/**
 * For someone who still sees the case (a team manager of its team, say) pressing a step of a part
 * it was handed over from them: "You are no longer this case's team manager: …", or undefined.
 */
export function handedOverPartWords(person: Person, state: CaseState, parts: readonly CaseRole[]): string | undefined {
  const handover = lastHandoverFrom(person, state, parts);
  if (!handover) return undefined;
  const { when, part, by } = handoverWords(handover);
  return `You are no longer this case's ${part}: it was handed over to ${handover.to.name}${when} (decided by ${by}).`;
}

/**
 * A refusal of someone who holds none of these parts on the case, as they are told it: that the
 * part was handed over from them (to whom, when, by whom) when it was, else the refusal as it stands.
 */
export function notTheirPart(person: Person, state: CaseState, parts: readonly CaseRole[], refused: { message: string; rule: RuleId | null }): { message: string; rule: RuleId | null } {
  const handed = handedOverPartWords(person, state, parts);
  return handed ? { message: handed, rule: null } : refused;
}

/** The words for a person this case was handed over from (the latest such handover), or undefined. */
export function handedOverFromWords(person: Person, state: CaseState): OutOfCover | undefined {
  const handover = lastHandoverFrom(person, state);
  if (!handover) return undefined;
  const { when, part, by } = handoverWords(handover);
  return {
    heading: 'This case was handed over',
    words: `Case ${refOpenedWith(state)} was handed over${when}: its ${part} is now ${handover.to.name} instead of you (decided by ${by}). You can no longer open or act on it, so nothing was recorded. If you still need to do something on it, ask ${handover.by.name}.`,
  };
}
