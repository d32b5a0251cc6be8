/**
 * An instant as the admin command prints it for a person to read: "2026-03-02 10:00 UTC", not the
 * stored "2026-03-02T10:00:00.000Z". Always UTC, as the store keeps it; anything not an instant is
 * printed as it is.
 */
export function instantText(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}
