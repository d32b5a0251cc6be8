/**
 * Free text typed about a case (comments, views, summaries) reaches Teams messages and Adaptive
 * Card TextBlocks, both of which render Markdown: a comment holding `[Open the form](https://…)`
 * would be a live link inside the tenant (L4). Markdown's own escapes (a backslash before
 * punctuation, CommonMark) make such text show as typed: no links, images, autolinks or emphasis.
 * Our own words use no Markdown, so everything shown is escaped the same way. Unicode direction
 * controls are left out (direction-controls.ts), so nothing shows in another order than typed.
 */
import { withoutDirectionControls } from '../cases/direction-controls';

/**
 * Link, image, autolink and HTML characters, escaped with a backslash; and a backslash before one of
 * them (or before another backslash), which would otherwise undo the escape. Emphasis is left: it
 * cannot make a link, and every escape adds to the card's size.
 */
const SPECIAL = /[[\]<>]|\\(?=[\\[\]<>])/g;

export function escapeMarkdown(text: string): string {
  return (
    withoutDirectionControls(text)
      .replace(SPECIAL, (c) => `\\${c}`)
      // Bare addresses become links by themselves (autolinks): break the pattern, not the words.
      .replace(/:\/\//g, ':\\/\\/')
      .replace(/\bwww\./gi, (w) => `${w.slice(0, -1)}\\.`)
  );
}

/** The card with the text of every TextBlock and every fact escaped; inputs and actions are left alone. */
export function escapeCardText<T>(card: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      if (key === 'data') out[key] = value; // an action's data goes back to us as it is
      else out[key] = walk(value);
    }
    if (object['type'] === 'TextBlock' && typeof object['text'] === 'string') out['text'] = escapeMarkdown(object['text']);
    if (object['type'] === 'FactSet' && Array.isArray(object['facts'])) {
      out['facts'] = (object['facts'] as Array<Record<string, unknown>>).map((f) => ({
        ...f,
        ...(typeof f['title'] === 'string' ? { title: escapeMarkdown(f['title']) } : {}),
        ...(typeof f['value'] === 'string' ? { value: escapeMarkdown(f['value']) } : {}),
      }));
    }
    return out;
  };
  return walk(card) as T;
}
