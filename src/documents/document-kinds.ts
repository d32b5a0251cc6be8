/**
 * The documents of the case file, one declaration each: what the document is, the rules that ask
 * for it, and the name its file carries (after the case reference, never the child's name).
 */
import type { RuleId } from '../protocol';
import type { CaseDocument } from './document-model';

export const DOCUMENT_KINDS = [
  'decision-record',
  'head-of-service-agreement',
  'director-authorisation',
  'placement-end-confirmation',
  'time-in-care-letter',
  'not-viable-record',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentKindDeclaration {
  title: string;
  /** The file's name after the case reference. */
  fileStem: string;
  rules: RuleId[];
}

export const DOCUMENT_KIND_DECLARATIONS: Record<DocumentKind, DocumentKindDeclaration> = {
  'decision-record': { title: 'Return home decision record', fileStem: 'return home decision record', rules: ['R-SIGN-4', 'R-UNPL-9'] },
  'head-of-service-agreement': { title: "Head of Service's written agreement", fileStem: 'Head of Service agreement', rules: ['R-SIGN-4'] },
  'director-authorisation': { title: "Director's authorisation", fileStem: 'Director authorisation', rules: ['R-SIGN-4', 'R-SIGN-5', 'R-PLACE-2'] },
  'placement-end-confirmation': { title: 'Placement end confirmation', fileStem: 'placement end confirmation', rules: ['R-PLACE-1'] },
  'time-in-care-letter': { title: '"Your time in our care"', fileStem: 'Your time in our care letter', rules: ['R-LETTER-1'] },
  'not-viable-record': { title: 'Return home not viable: record of actions', fileStem: 'not viable record', rules: ['R-UNPL-8'] },
};

/** A case reference as part of a file or folder name: SharePoint refuses `/` (MOS-1042/2 → MOS-1042-2). */
export function fileSafeRef(ref: string): string {
  return ref.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** `MOS-1042 return home decision record 2.docx`: the case reference, the document, the assessment round where there is one. */
export function documentFileName(ref: string, kind: DocumentKind, round?: number): string {
  const stem = DOCUMENT_KIND_DECLARATIONS[kind].fileStem;
  return `${fileSafeRef(ref)} ${stem}${round === undefined ? '' : ` ${round}`}.docx`;
}

/** What names one document of a case: its id (the kind, and the assessment round where there is one), its title and its file's name. */
export function documentNamed(ref: string, kind: DocumentKind, round?: number): Pick<CaseDocument, 'docId' | 'kind' | 'caseRef' | 'title' | 'fileName'> {
  return { docId: round === undefined ? kind : `${kind}-${round}`, kind, caseRef: ref, title: DOCUMENT_KIND_DECLARATIONS[kind].title, fileName: documentFileName(ref, kind, round) };
}
