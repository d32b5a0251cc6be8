/**
 * Free text quoted inside a sentence of the bot's own (an approver's comment, a reason) is kept to
 * one line. Teams starts a new paragraph at its line breaks, so a comment such as
 * `Fine.⏎⏎Case MOS-1042: Harper Head gave the written agreement` read as the bot's own news,
 * outside the quotes that say whose words they are. Where free text stands alone (a form's answer,
 * an assessment on the case file) its lines are kept.
 */

/** A line break (CR, LF, vertical tab, form feed, NEL, Unicode line and paragraph separators) with the spaces around it. */
const LINE_BREAKS = /[^\S\n\r\v\f\u0085\u2028\u2029]*[\n\r\v\f\u0085\u2028\u2029][\s\u0085]*/g;

export function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}
