/**
 * A case reference as someone typed or pasted it. Copied from Word, Outlook or the case-record
 * system, a reference can carry what nobody sees: a zero-width space or joiner, a word joiner, a
 * byte-order mark, a soft hyphen, or a dash that only looks like "-" (a non-breaking hyphen, an en
 * dash), or letters and digits in their full-width forms. "case MOS‑1042" was then answered "There
 * is no case with reference MOS‑1042", looking just like the case's own, and a case could not be
 * started with it, with no word of which character was wrong. References are letters, digits,
 * "-", "/" and "_" (CASE_REF_PATTERN), so look-alikes are read as what they look like and the
 * invisible is left out. Letters of other alphabets that look Latin (a Cyrillic "М") are kept: no
 * reference holds one, so such a reference finds no case and starts none.
 */
const INVISIBLE = /\p{Cf}/gu;
/** Hyphens and dashes (U+2010–U+2015), the minus sign, and the small and full-width hyphen-minus. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

export function typedRef(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').trim();
}
