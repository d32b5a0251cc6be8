/**
 * The SharePoint document library of the case file: one folder per case (named by its reference),
 * and the metadata columns each document carries — the same fields the local library keeps.
 * Deliberately absent, as in the lists: the child's name and date of birth (they are inside the files).
 */
import { CASE_REF_COLUMN, type ListColumn } from './list-schema';

export const REVISION_KEY_COLUMN = 'RevisionKey';

export interface LibraryDefinition {
  displayName: string;
  description: string;
  columns: readonly ListColumn[];
}

export const DOCUMENT_LIBRARY: LibraryDefinition = {
  displayName: 'Case documents',
  description: 'The case file the return home bot writes: decision records, agreements, authorisations, confirmations and letters, one folder per case.',
  columns: [
    { name: CASE_REF_COLUMN, type: 'text', indexed: true },
    { name: REVISION_KEY_COLUMN, type: 'text', indexed: true },
    { name: 'DocumentKind', type: 'text', indexed: true },
    { name: 'AssessmentVersion', type: 'number' },
    { name: 'AgreedByHeadOfService', type: 'boolean' },
    { name: 'Retrospective', type: 'boolean' },
    { name: 'EndDate', type: 'text' },
    { name: 'WrittenOn', type: 'text' },
    { name: 'AgeBand', type: 'text' },
  ],
};

/** Only the library's own columns are sent (Graph refuses a field it does not know). */
export function libraryFields(fields: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const known = new Set(['Title', ...DOCUMENT_LIBRARY.columns.map((c) => c.name)]);
  return Object.fromEntries(Object.entries(fields).filter(([name]) => known.has(name)));
}
