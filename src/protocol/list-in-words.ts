/** A list as a sentence reads it: "Pat Smith", "Pat Smith and Lee Jones", "Pat Smith, Lee Jones or Sam Lee". */
export function listInWords(items: readonly string[], joinWith: 'and' | 'or' = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${joinWith} ${items.at(-1)!}`;
}
