/**
 * The words beside a required field left empty. Said with the field's label as a heading, since
 * labels are nouns ("The child's views"), plurals and questions ("Was the child seen?"), and
 * "… is required" read wrongly for most of them.
 */
export function requiredFieldText(label: string): string {
  return `Please fill in: ${label}${/[.?!]$/.test(label) ? '' : '.'}`;
}
