/**
 * An instant as the admin command prints it for a person to read: "2026-03-02 10:00 UTC" (with the
 * seconds where entries follow each other closely: the audit trail, refusals), not the stored
 * "2026-03-02T10:00:00.000Z", which reads as local time in summer. Always UTC, as the store keeps it; anything not an instant is
 * printed as it is.
 */
export function instantText(iso: string, to: 'minutes' | 'seconds' = 'minutes'): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, to === 'seconds' ? 19 : 16)} UTC` : iso;
}
