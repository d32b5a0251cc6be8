/**
 * Whether free text says anything a reader can see. A comment or reason made only of spaces,
 * zero-width characters (U+200B, U+2060, U+FEFF), direction controls (which cards leave out),
 * control characters or blank-looking letters (Hangul fillers, the braille blank) shows as empty
 * on every card and in the case file, so it counts as no text where words are required.
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Z}\u115F\u1160\u2800\u3164\uFFA0]/u;

export function hasVisibleText(text: string | null | undefined): boolean {
  return typeof text === 'string' && VISIBLE.test(text);
}
