/**
 * Whether a case reference holds the child's date of birth. The reference is what travels where the
 * child's details must not (Teams channels and messages, SharePoint rows and folders, document
 * names, log lines), so a reference typed as "JS-04/05/2011" or the date typed into the wrong box
 * would carry the date of birth into all of them. Found in the ways people write dates: 2011-05-04,
 * 04/05/2011, 4-5-11, 04052011, 20110504, 040511 (as a whole run of digits); the month first too.
 * A year alone, or a day and month alone, is not enough to tell.
 */

export function refHoldsDateOfBirth(ref: string, dateOfBirth: string): boolean {
  const [year, month, day] = dateOfBirth.split('-');
  if (!year || !month || !day) return false;
  const yy = year.slice(2);
  const runs = ref.match(/\d+/g) ?? [];
  // Written together: the whole date within a run, or a run that is the date with a two-digit year.
  const joined = [`${year}${month}${day}`, `${day}${month}${year}`, `${month}${day}${year}`];
  const shortJoined = [`${day}${month}${yy}`, `${month}${day}${yy}`, `${yy}${month}${day}`];
  if (runs.some((run) => joined.some((d) => run.includes(d)) || shortJoined.includes(run))) return true;
  // Written apart (2011-05-04, 4/5/11): three runs in a row, read as numbers so "4" is "04".
  const same = (run: string | undefined, part: string): boolean => run !== undefined && run.length <= part.length && Number(run) === Number(part);
  const isYear = (run: string | undefined): boolean => run === year || run === yy;
  for (let i = 0; i + 2 < runs.length; i++) {
    const [a, b, c] = [runs[i], runs[i + 1], runs[i + 2]];
    if (a === year && same(b, month) && same(c, day)) return true;
    if (same(a, day) && same(b, month) && isYear(c)) return true;
    if (same(a, month) && same(b, day) && isYear(c)) return true;
  }
  return false;
}
