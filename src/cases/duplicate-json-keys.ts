/**
 * Keys given twice in one object of a JSON text. JSON.parse keeps the last silently, so a second
 * "deputies" block added lower down a hand-edited organisation file dropped every deputy of the
 * first without a word. Run on text JSON.parse has accepted; one line per key given again.
 */
export function duplicateKeys(text: string): string[] {
  const problems: string[] = [];
  // One entry per open object (its keys and the line each was first given on) or array (null).
  const open: Array<Map<string, number> | null> = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '{') open.push(new Map());
    else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const key = JSON.parse(text.slice(i, end + 1)) as string;
      let next = end + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      const keys = open.at(-1);
      if (text[next] === ':' && keys) {
        const first = keys.get(key);
        if (first === undefined) keys.set(key, line);
        else problems.push(`"${key}" is given twice in one entry, on line ${first} and line ${line}: only the last would count, so put them together`);
      }
      i = end;
    }
  }
  return problems;
}
