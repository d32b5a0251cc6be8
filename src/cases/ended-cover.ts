/**
 * A deputy whose cover has ended, pressing a button on a case they covered (an old request in their
 * chat), is told their cover ended, instead of "no case you can see" as if they had never been on
 * it. Only someone who was the deputy of one of the case's people while the case was open is told:
 * anyone else still gets the same not-found answer, so nothing says whether a case exists.
 */
import type { CalendarDate, CaseState, Person } from '../protocol';
import { dateText, ROLE_NAMES } from '../protocol';
import { caseHolders } from './case-people';
import type { Organisation } from './organisation';

const COVERED_PARTS = ['social-worker', 'team-manager', 'head-of-service', 'director', 'iro'] as const;

/** The words for a deputy whose cover of one of this case's people ended before today, or undefined. */
export function endedCoverWords(org: Organisation, person: Person, state: CaseState, today: CalendarDate): string | undefined {
  // The case's opening day as stored (UTC): a cover that ended before it never covered this case.
  const openedOn = state.openedAt.slice(0, 10);
  for (const role of COVERED_PARTS) {
    const holders = new Set(caseHolders(org, state, role).filter((h) => !h.group).map((h) => h.id));
    const ended = org.deputies
      .filter((d) => d.role === role && d.deputy.id === person.id && holders.has(d.for.id) && d.to < today && openedOn <= d.to)
      .sort((a, b) => b.to.localeCompare(a.to))[0];
    if (ended) {
      return `Your cover as ${ended.for.name}'s deputy (${ROLE_NAMES[role]}) ended on ${dateText(ended.to)}, so you can no longer open or act on their cases, and nothing was recorded. ${ended.for.name} acts on this case again. If you are still covering for them, ask your administrator to extend your dates in the organisation file.`;
    }
  }
  return undefined;
}
