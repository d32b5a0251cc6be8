/**
 * An instant as the admin command prints it for a person to read: in the organisation's own time,
 * with its zone named ("2026-06-02 11:00 BST", "2026-03-02 10:00 GMT"; with the seconds where
 * entries follow each other closely: the audit trail, refusals), as the cards and documents show
 * times, not the stored "2026-06-02T10:00:00.000Z" (an hour out in summer, read as local time) nor
 * UTC (an auditor holding it beside a card read two times an hour apart). Anything not an instant
 * is printed as it is.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
    formats.set(timeZone, format);
  }
  return format;
}

export function instantText(iso: string, to: 'minutes' | 'seconds' = 'minutes', timeZone = 'Europe/London'): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(iso)) return iso;
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const parts = formatIn(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}${to === 'seconds' ? `:${part('second')}` : ''}`;
  return `${part('year')}-${part('month')}-${part('day')} ${time} ${part('timeZoneName')}`;
}
