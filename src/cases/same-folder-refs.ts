/**
 * References whose case file would share a SharePoint folder and file names with `ref`. The
 * library writes "/" as "-" (fileSafeRef in src/documents/document-kinds.ts), so MOS-7000/2 and
 * MOS-7000-2 are one folder: the second case's documents would be saved as new versions of the
 * first's, and the first case's people would open the other child's decision record from their
 * card. Each "/" or "-" either way, for up to MAX_SEPARATORS of them (case-record ids have one or
 * two); beyond that, all of them one way or the other.
 */
const MAX_SEPARATORS = 4;

export function sameFolderRefs(ref: string): string[] {
  const at = [...ref].flatMap((c, i) => (c === '/' || c === '-' ? [i] : []));
  const spellings = new Set<string>();
  if (at.length <= MAX_SEPARATORS) {
    for (let mask = 0; mask < 2 ** at.length; mask++) {
      const chars = [...ref];
      at.forEach((position, bit) => (chars[position] = mask & (1 << bit) ? '/' : '-'));
      spellings.add(chars.join(''));
    }
  } else {
    spellings.add(ref.replace(/\//g, '-'));
    spellings.add(ref.replace(/-/g, '/'));
  }
  spellings.delete(ref);
  return [...spellings];
}
