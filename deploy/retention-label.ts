/**
 * `provision:sharepoint -- --retention-label "LABEL"`: the council's default retention label for
 * the lists the bot writes. Microsoft Graph v1.0 labels only files and folders (driveItem
 * retentionLabel); a list's or library's default label is set through SharePoint itself (Microsoft
 * Purview, PnP PowerShell's Set-PnPRetentionLabel, or the CLI for Microsoft 365). So this prints
 * the commands to run, for each list, rather than pretending Graph did it.
 */

/** The label named after `--retention-label`, undefined without it; throws when it is given empty. */
export function retentionLabelArgument(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--retention-label');
  // Anything else is refused, not ignored: a mistyped --retention-lable made the lists without a word about the label.
  const unknown = argv.find((arg, i) => !(i === at || (at >= 0 && i === at + 1)));
  if (unknown !== undefined) throw new Error(`unknown argument ${JSON.stringify(unknown)}: the only option is --retention-label "LABEL NAME". Nothing was changed`);
  if (at < 0) return undefined;
  const label = argv[at + 1]?.trim();
  if (!label || label.startsWith('--')) throw new Error('--retention-label needs the label\'s name, e.g. --retention-label "Children\'s social care record"');
  return label;
}

function quoted(text: string): string {
  return `"${text.replace(/(["\\$`])/g, '\\$1')}"`;
}

export function retentionLabelLines(label: string, webUrl: string, listTitles: readonly string[]): string[] {
  return [
    `Retention label ${quoted(label)}: Microsoft Graph cannot set a list's default retention label (it labels files and folders only), so apply it to each list in Microsoft Purview or with the CLI for Microsoft 365, signed in as a SharePoint or compliance administrator:`,
    ...listTitles.map((title) => `  m365 spo list retentionlabel ensure --webUrl ${quoted(webUrl)} --listTitle ${quoted(title)} --name ${quoted(label)} --syncToItems`),
  ];
}
