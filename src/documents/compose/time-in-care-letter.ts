/**
 * The "Your time in our care" letter (R-LETTER-1), as the social worker finished it: their edited
 * text where they kept it, else the draft from the case; then what the IRO, the carer or key worker
 * and the parents contributed, where it is not already in the text.
 */
import type { CaseState } from '../../protocol';
import type { CaseDocument, DocumentBlock } from '../document-model';
import { documentNamed } from '../document-kinds';
import { letterAgeBand } from './letter-wording';
import { dayOf, personActing, type DocumentContext } from './words';
import { caseFileRef } from '../case-file-ref';

export type LetterDrafter = (state: CaseState) => string;

export function timeInCareLetter(state: CaseState, ctx: DocumentContext, draft: LetterDrafter): CaseDocument | null {
  const letter = state.letter;
  if (!letter) return undoneLetter(state, ctx);
  const c = letter.contributions;
  // The draft leaves a place for each contribution: what was collected goes there, in the text the social worker kept too.
  const text = (letter.text ?? draft(state))
    .replace('[IRO to add]', c?.iro?.trim() || '[IRO to add]')
    .replace('From your carers: [carers to add]', c?.carer?.text.trim() ? `From ${c.carer.name}: ${c.carer.text.trim()}` : 'From your carers: [carers to add]')
    .replace('[parents to add]', c?.parents?.trim() || '[parents to add]');
  const blocks: DocumentBlock[] = text.split(/\n/).map((line) => line.trim()).filter(Boolean).map((line) => ({ type: 'paragraph' as const, text: line }));
  const extra: Array<[string, string | undefined]> = [
    [`From your Independent Reviewing Officer${state.iro ? ` (${state.iro.name})` : ''}`, c?.iro],
    [`From ${c?.carer?.name ?? 'your carer'}`, c?.carer?.text],
    ['From your parents', c?.parents],
  ];
  const missing = extra.filter(([, words]) => words?.trim() && !text.includes(words.trim()));
  if (missing.length > 0) {
    blocks.push({ type: 'heading', text: 'What people want to say to you' });
    for (const [who, words] of missing) blocks.push({ type: 'paragraph', text: `${who}: ${words!.trim()}` });
  }
  return {
    ...documentNamed(caseFileRef(state), 'time-in-care-letter'),
    blocks,
    fields: { DocumentKind: 'time-in-care-letter', WrittenOn: letter.writtenOn, AgeBand: letterAgeBand(state, letter.writtenOn) },
  };
}

/** A letter recorded and then undone: the file's new version says so, rather than keeping the undone letter as the child's. */
function undoneLetter(state: CaseState, ctx: DocumentContext): CaseDocument | null {
  const undo = state.undone?.filter((u) => u.step === 'letter').at(-1);
  if (!undo) return null;
  return {
    ...documentNamed(caseFileRef(state), 'time-in-care-letter'),
    blocks: [{ type: 'mark', text: `This letter was undone on ${dayOf(undo, ctx)} by ${personActing(undo.by, undo.onBehalfOf)} ("${undo.reason}"): it is not the child's letter. The letter recorded again on the case replaces it (R-LETTER-1).` }],
    // No letter stands: the columns the letter set are emptied, not left with the undone one's.
    fields: { DocumentKind: 'time-in-care-letter', WrittenOn: '', AgeBand: '' },
  };
}
