/**
 * Text from outside printed on an administrator's terminal: what someone named in a forged card
 * (kept with their refusal), a display name, a delivery error. Its control characters are shown as
 * escapes (\u001b), so none can rewrite the screen or the window title (ANSI escape sequences),
 * start a false row of a table, or show words in another order than written (direction overrides).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach the terminal
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One table cell or one-line value: every control character escaped, line breaks too. */
export function terminalCell(text: string): string {
  return text.replace(UNSAFE, escaped);
}

/** What a command prints: its own line breaks kept, every other control character escaped. */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalCell).join('\n');
}
