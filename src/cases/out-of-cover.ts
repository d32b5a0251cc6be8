/**
 * A deputy outside their dates, pressing a button on a case they cover or covered (an old request
 * in their chat) or typing its reference, is told their cover ended, or has not started yet, with
 * who acts meanwhile, instead of "no case you can see" as if they were never on it. Only the deputy
 * of one of the case's people is told (one whose cover ended while the case was open, or one named
 * for later dates): anyone else still gets the same not-found answer, so nothing says whether a
 * case exists.
 */
import type { CalendarDate, CaseState, Holder, Person } from '../protocol';
import { dateText, holdersText, ROLE_NAMES } from '../protocol';
import { caseHolders } from './case-people';
import { calendarDateIn } from './org-time';
import type { Deputy, Organisation } from './organisation';

/** Why a deputy is not shown a case they cover on other dates: a heading and the words. */
export interface OutOfCover {
  heading: string;
  words: string;
}

const COVERED_PARTS = ['social-worker', 'team-manager', 'head-of-service', 'director', 'iro'] as const;

/** The words for a deputy of one of this case's people whose cover is not today, or undefined. */
export function outOfCoverWords(org: Organisation, person: Person, state: CaseState, today: CalendarDate, timeZone: string): OutOfCover | undefined {
  // The organisation's day the case was opened (not UTC's, a day early after midnight in summer): a cover that ended before it never covered this case.
  const openedOn = calendarDateIn(new Date(state.openedAt), timeZone);
  for (const role of COVERED_PARTS) {
    const holding = caseHolders(org, state, role);
    const holders = new Set(holding.filter((h) => !h.group).map((h) => h.id));
    const covers = org.deputies.filter((d) => d.role === role && d.deputy.id === person.id && holders.has(d.for.id));
    // A cover still to come says more than one that ended: the deputy will be back on the case.
    const next = covers.filter((d) => today < d.from).sort((a, b) => a.from.localeCompare(b.from))[0];
    if (next) return notStarted(next, role, whoActs(next, holding));
    const ended = covers.filter((d) => d.to < today && openedOn <= d.to).sort((a, b) => b.to.localeCompare(a.to))[0];
    if (ended) return endedWords(ended, role, whoActs(ended, holding));
  }
  return undefined;
}

/**
 * Everyone who holds the part on the case, the person covered first ("Taylor Manager and Morgan
 * Manager act"): naming only the person covered left out a second team manager who acts too.
 */
function whoActs(cover: Deputy, holding: readonly Holder[]): string {
  const others = holding.filter((h) => h.group || h.id !== cover.for.id);
  return `${holdersText([cover.for, ...others])} ${others.length > 0 ? 'act' : 'acts'}`;
}

function notStarted(cover: Deputy, role: (typeof COVERED_PARTS)[number], acts: string): OutOfCover {
  return {
    heading: 'Your cover has not started yet',
    words: `Your cover as ${cover.for.name}'s deputy (${ROLE_NAMES[role]}) starts on ${dateText(cover.from)}, so you cannot open or act on their cases yet, and nothing was recorded. ${acts} on this case until then. If your cover should have started already, ask your administrator to change your dates in the organisation file.`,
  };
}

function endedWords(cover: Deputy, role: (typeof COVERED_PARTS)[number], acts: string): OutOfCover {
  return {
    heading: 'Your cover has ended',
    words: `Your cover as ${cover.for.name}'s deputy (${ROLE_NAMES[role]}) ended on ${dateText(cover.to)}, so you can no longer open or act on their cases, and nothing was recorded. ${acts} on this case again. If you are still covering for them, ask your administrator to extend your dates in the organisation file.`,
  };
}
