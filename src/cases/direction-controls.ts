/**
 * Unicode's explicit direction controls (embeddings, overrides, isolates): typed into a comment they
 * make its words, or the words after it, show in another order than typed ("Trojan Source"), so
 * "\u202Edevorppa" reads as "approved". Left out of everything people read: Teams cards and
 * messages (src/bot/markdown-escape.ts), the case file's documents and the SharePoint lists, so a
 * record cannot read otherwise than it was written. Right-to-left text shows rightly without them.
 */
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutDirectionControls(text: string): string {
  return text.replace(DIRECTION_CONTROLS, '');
}
