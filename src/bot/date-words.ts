/**
 * Dates as people write them ("Monday 2 March 2026"), for cards and the letter to the child.
 * Computed from the calendar date itself, so the result never depends on the server's locale or time zone.
 */
import type { CalendarDate } from '../protocol';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function parts(date: CalendarDate | string): { year: number; month: number; day: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** "2 March 2026"; anything that is not a YYYY-MM-DD date is returned as it is. */
export function dateInWords(date: CalendarDate | string): string {
  const p = parts(date);
  return p ? `${p.day} ${MONTHS[p.month - 1] ?? ''} ${p.year}` : date;
}

/** "Monday 2 March 2026". */
export function dayAndDateInWords(date: CalendarDate | string): string {
  const p = parts(date);
  if (!p) return date;
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()] ?? '';
  return `${weekday} ${dateInWords(date)}`;
}
