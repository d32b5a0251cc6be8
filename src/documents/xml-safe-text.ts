/**
 * Word files are XML 1.0, which cannot hold control characters (other than tab and line breaks),
 * U+FFFE, U+FFFF or half a surrogate pair. People can type or paste them (the case keeps its text
 * as typed), and one of them in a case file's document makes Word refuse to open it. So the
 * documents leave them out: nothing a reader could see is lost. Unicode direction controls go too,
 * as everywhere people read (src/cases/direction-controls.ts): the record reads as it was typed.
 */
import type { CaseDocument, DocumentBlock } from './document-model';
import { withoutDirectionControls } from '../cases/direction-controls';

const NOT_IN_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafeText(text: string): string {
  return withoutDirectionControls(text.replace(NOT_IN_XML, ''));
}

function safeBlock(block: DocumentBlock): DocumentBlock {
  switch (block.type) {
    case 'heading':
    case 'paragraph':
    case 'mark':
      return { ...block, text: xmlSafeText(block.text) };
    case 'facts':
      return { ...block, rows: block.rows.map(([label, value]): [string, string] => [xmlSafeText(label), xmlSafeText(value)]) };
    case 'table':
      return { ...block, header: block.header.map(xmlSafeText), rows: block.rows.map((row) => row.map(xmlSafeText)) };
  }
}

/** The document with every text XML cannot hold left out (the same document when there is none). */
export function xmlSafeDocument(doc: CaseDocument): CaseDocument {
  return { ...doc, title: xmlSafeText(doc.title), caseRef: xmlSafeText(doc.caseRef), blocks: doc.blocks.map(safeBlock) };
}
