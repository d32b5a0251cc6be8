/**
 * What a card must give people who use a screen reader, the keyboard alone, high contrast or large
 * text (Adaptive Cards' input labels and validation, 1.3+; Microsoft's accessibility tips for cards):
 * every input labelled, a required input with the error a reader announces, buttons whose titles
 * make sense read alone and differ on one card, no text cut short or squeezed into a column of fixed
 * pixels, images described.
 */

/** Titles that say nothing when a screen reader lists a card's buttons on their own. */
const VAGUE = /^(open|yes|no|ok|go|submit|send|record|more|continue|click here|here|view|read in full)$/i;

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node, path: string) => void, path = '$'): void {
  if (Array.isArray(node)) node.forEach((item, i) => walk(item, visit, `${path}[${i}]`));
  else if (node && typeof node === 'object') {
    visit(node as Node, path);
    for (const [key, value] of Object.entries(node)) if (key !== 'data') walk(value, visit, `${path}.${key}`);
  }
}

const filled = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** The accessibility problems of one expanded card, each naming where it is; [] when none. */
export function accessProblems(card: unknown): string[] {
  const problems: string[] = [];
  const titles: string[] = [];
  walk(card, (n, path) => {
    const type = String(n['type'] ?? '');
    if (type === 'Input.Toggle') {
      // A tick box is named by the words beside it (its title); a label saying the same is read out twice.
      if (!filled(n['title'])) problems.push(`${path} (${type} ${String(n['id'])}) has no title beside its box`);
      if (filled(n['label']) && String(n['label']).trim() === String(n['title'] ?? '').trim()) problems.push(`${path} (${type} ${String(n['id'])}) has the same words as label and title, read out twice`);
    } else if (type.startsWith('Input.')) {
      if (!filled(n['label'])) problems.push(`${path} (${type} ${String(n['id'])}) has no label`);
      if (n['isRequired'] === true && !filled(n['errorMessage'])) problems.push(`${path} (${type} ${String(n['id'])}) is required but has no errorMessage`);
      // Said the same way on every form, as the server says it ("Please fill in: …"), or as the thing to do ("Enter …", "Choose …").
      else if (n['isRequired'] === true && !/^(Please fill in: |Enter |Choose )/.test(String(n['errorMessage']))) problems.push(`${path} (${type} ${String(n['id'])}) says "${String(n['errorMessage'])}" when left empty, worded unlike every other form`);
    }
    if (type === 'TextBlock' && (n['wrap'] !== true || n['maxLines'] !== undefined)) problems.push(`${path} TextBlock "${String(n['text']).slice(0, 40)}" may be cut short (no wrap)`);
    // A column of fixed pixels does not grow with the text: at large text sizes its words break mid-word.
    if (type === 'Column' && /px$/.test(String(n['width'] ?? '')) && JSON.stringify(n['items'] ?? []).includes('"TextBlock"')) problems.push(`${path} text in a column ${String(n['width'])} wide, which large text overflows`);
    // What looks like a title or a section's heading is one for a screen reader too (style heading, 1.5), so it can jump between them.
    const looksLikeHeading = n['weight'] === 'Bolder' && (['Large', 'Medium'].includes(String(n['size'])) || (n['color'] === undefined && !/[.:!?]$/.test(String(n['text'] ?? '').trim())));
    if (type === 'TextBlock' && looksLikeHeading && n['style'] !== 'heading') problems.push(`${path} "${String(n['text']).slice(0, 40)}" looks like a heading but is not marked as one`);
    if (type === 'Image' && !filled(n['altText'])) problems.push(`${path} Image has no altText`);
    if (type.startsWith('Action.') && !path.includes('.refresh')) {
      const title = String(n['title'] ?? '');
      if (!filled(title)) problems.push(`${path} ${type} has no title`);
      else if (VAGUE.test(title.trim())) problems.push(`${path} button "${title}" does not say what it does read alone`);
      titles.push(title.trim().toLowerCase());
    }
  });
  const twice = [...new Set(titles.filter((t, i) => titles.indexOf(t) !== i))];
  for (const t of twice) problems.push(`two buttons titled "${t}" on one card`);
  return problems;
}
