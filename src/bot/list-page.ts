/**
 * One page of a long working list ("team cases 2", "my cases 2", "covered cases 2"…): SHOWN at a
 * time, each page ending with how many are left and what to type for the next, and a page past
 * the last saying how many pages there are. One place, so every list pages alike.
 */

/** Lists are long for a Director or an IRO with 150 children: SHOWN at a time. */
export const SHOWN = 40;

export interface ListPage<T> {
  /** The items on this page. */
  shown: T[];
  /** How many come before this page. */
  from: number;
  /** How many come after it. */
  rest: number;
  pages: number;
  /** The page asked for is past the last. */
  past: boolean;
}

export function pageOf<T>(all: readonly T[], page: number): ListPage<T> {
  const pages = Math.ceil(all.length / SHOWN);
  const from = (page - 1) * SHOWN;
  const shown = all.slice(from, from + SHOWN);
  return { shown, from, rest: Math.max(0, all.length - from - shown.length), pages, past: page > pages };
}

/** '\n…and 5 more cases, not overdue before those shown. Type "team cases 3" to see the next 5, or "case" and a reference to open one.' (nothing on the last page). */
export function moreText(p: ListPage<unknown>, page: number, what: string, order: string, command: string): string {
  if (p.rest === 0) return '';
  return `\n…and ${p.rest} more ${what}, ${order}. Type "${command} ${page + 1}" to see the next ${Math.min(p.rest, SHOWN)}, or "case" and a reference to open one.`;
}

/** 'They fit on 3 pages of 40: type "team cases" for the first, or "team cases 3" for the last.' `withFirst` says what else the first page has. */
export function pastLastText(pages: number, command: string, withFirst = ''): string {
  return `They fit on ${pages <= 1 ? 'one page' : `${pages} pages`} of ${SHOWN}: type "${command}" for the first${withFirst}${pages > 1 ? `, or "${command} ${pages}" for the last` : ''}.`;
}
