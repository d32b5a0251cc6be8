/**
 * A name in .env that is not a setting but nearly spells one (MICROSOFT_APPID, Log_Level,
 * VISIT_OFFSET_DAYS): the setting it was meant to be would silently keep its default, so a bot
 * meant to check tokens would run without MICROSOFT_APP_ID. Names far from every setting (other
 * programs' variables) are left alone.
 */
const squeezed = (name: string): string => name.toUpperCase().replace(/[_-]/g, '');

/** Edits (insert, delete, replace) between two short names. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The first name of `names` that nearly spells a setting of `settings`, with that setting. */
export function misspeltSetting(names: readonly string[], settings: readonly string[]): { name: string; meant: string } | undefined {
  for (const name of names) {
    if (settings.includes(name)) continue;
    const upper = name.toUpperCase();
    const meant = settings.find((s) => s === upper || squeezed(s) === squeezed(name) || (s.length >= 8 && distance(upper, s) <= 2));
    if (meant) return { name, meant };
  }
  return undefined;
}
