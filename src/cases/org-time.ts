/** Converting between instants and the organisation's calendar dates (Europe/London by default). */
import type { CalendarDate, Now } from '../protocol';
import { dateText } from '../protocol';

// Building an Intl.DateTimeFormat costs about 100 times more than using one, and a card formats
// many dates: the three this module uses are built once per time zone (the key is the zone alone,
// as building a key from the options showed in profiles of every command).
interface ZoneFormatters {
  date: Intl.DateTimeFormat;
  time: Intl.DateTimeFormat;
  parts: Intl.DateTimeFormat;
}
const zones = new Map<string, ZoneFormatters>();
function formattersFor(timeZone: string): ZoneFormatters {
  let f = zones.get(timeZone);
  if (!f) {
    f = {
      date: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
      time: new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }),
      parts: new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }),
    };
    zones.set(timeZone, f);
  }
  return f;
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = formattersFor(timeZone).parts.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

// Every click asks for today's date (the service's now()), each new deadline for its instant, and the
// case file's documents for the day of each step they list (twice: before and after the change), at
// about 50 µs of Intl each: the answers are kept. A zone's date changes only on a whole minute (every
// zone's offset has been whole minutes for a century), so dates are kept per zone by the minute.
const datesByMinute = new Map<string, Map<number, CalendarDate>>();
const instantsOn = new Map<string, number>();
/** Enough for every deadline hour of years of dates in a few zones; then it starts again. */
const MAX_KEPT_INSTANTS = 10_000;
/** Enough minutes for the steps of the cases in hand; then it starts again. */
const MAX_KEPT_MINUTES = 10_000;

/** `format(instant)` in `timeZone`, kept per zone by the minute (see above); a zone's list starts again when full. */
function byMinute<T>(kept: Map<string, Map<number, T>>, instant: Date, timeZone: string, format: (f: ZoneFormatters) => T): T {
  const minute = Math.floor(instant.getTime() / 60_000);
  let ofZone = kept.get(timeZone);
  if (!ofZone) kept.set(timeZone, (ofZone = new Map()));
  const found = ofZone.get(minute);
  if (found !== undefined) return found;
  const value = format(formattersFor(timeZone));
  if (ofZone.size >= MAX_KEPT_MINUTES) ofZone.clear();
  ofZone.set(minute, value);
  return value;
}

export function calendarDateIn(instant: Date, timeZone: string): CalendarDate {
  return byMinute(datesByMinute, instant, timeZone, (f) => f.date.format(instant));
}

const timesByMinute = new Map<string, Map<number, string>>();

/** "14:05": the organisation's local time of day at `instant`, on the 24-hour clock. */
export function localTimeText(instant: Date, timeZone: string): string {
  // Kept by the minute as dates are: a card shows the time of each step it lists.
  return byMinute(timesByMinute, instant, timeZone, (f) => f.time.format(instant));
}

/** "Wed 2 Dec 2026": the organisation's date at `instant`, as people read it. */
export function localDateText(instant: Date, timeZone: string): string {
  return dateText(calendarDateIn(instant, timeZone));
}

/** "Wed 2 Dec 2026, 14:05": the organisation's date and time at `instant`, as people read them. */
export function localDateTimeText(instant: Date, timeZone: string): string {
  return `${localDateText(instant, timeZone)}, ${localTimeText(instant, timeZone)}`;
}

/** The instant of `hour`:00 local time on `date` in `timeZone` (reminders go out at the start of the working day). */
export function localTimeOn(date: CalendarDate, hour: number, timeZone: string): Date {
  const key = `${timeZone} ${date} ${hour}`;
  const kept = instantsOn.get(key);
  if (kept !== undefined) return new Date(kept);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour, 0, 0);
  const first = guess - offsetMs(new Date(guess), timeZone);
  // Re-check once: the offset may differ either side of a clock change.
  const instant = guess - offsetMs(new Date(first), timeZone);
  if (instantsOn.size >= MAX_KEPT_INSTANTS) instantsOn.clear();
  instantsOn.set(key, instant);
  return new Date(instant);
}

export function nowIn(instant: Date, timeZone: string): Now {
  return { at: instant.toISOString(), today: calendarDateIn(instant, timeZone) };
}
