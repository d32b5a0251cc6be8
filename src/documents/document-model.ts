/**
 * A document of the case file as data: headed blocks of text, facts and tables. Composed from the
 * case (compose/*.ts), rendered to Word (.docx) by render-docx.ts, compared as JSON to tell whether
 * a document changed (a new version) or not. It holds the child's date of birth: it goes to the
 * document library only, never to a channel, a log line or an error.
 */
import type { DocumentKind } from './document-kinds';

export type DocumentBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  /** A line that must stand out, such as "The version the Head of Service agreed". */
  | { type: 'mark'; text: string }
  /** Label and value pairs, shown as a two-column table. */
  | { type: 'facts'; rows: Array<[string, string]> }
  | { type: 'table'; header: string[]; rows: string[][] };

/** Metadata columns of the document library (the same names on SharePoint and in the local store). */
export type DocumentFields = Record<string, string | number | boolean>;

export interface CaseDocument {
  /** Stable within the case: one file per id (`decision-record-2`, `letter`). */
  docId: string;
  kind: DocumentKind;
  caseRef: string;
  /** The case's own folder, where it has one (case-file-ref.ts); else the folder is named by caseRef. */
  folder?: string;
  title: string;
  /** The case reference and the document's name: never the child's name. */
  fileName: string;
  blocks: DocumentBlock[];
  fields: DocumentFields;
}
