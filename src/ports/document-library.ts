/**
 * DocumentLibrary: where the case file's documents are kept — a SharePoint document library through
 * Microsoft Graph (one folder per case), or a local SQLite file when Graph is not configured.
 * Calls come from the outbox worker and may be repeated: `revisionKey` names one version, so a
 * repeat never makes a second file nor (once the first attempt finished) a second version.
 */
export interface DocumentUpload {
  /** The case's folder is named by its reference (never the child's name)… */
  caseRef: string;
  /** …unless the case has a folder of its own (a reference's folder holding a withdrawn case's documents), named here as is. */
  folder?: string;
  fileName: string;
  revisionKey: string;
  content: Buffer;
  /** Metadata columns (DocumentKind, AssessmentVersion …) with the case reference added as CaseRef. */
  fields: Record<string, string | number | boolean>;
}

export interface StoredDocumentLink {
  caseRef: string;
  fileName: string;
  /** Where people open it (SharePoint), or null for a document kept locally. */
  webUrl: string | null;
  /** How many versions the library holds of it, where the library says cheaply (locally; not on SharePoint). */
  versions: number | null;
  updatedAt: string;
}

export interface DocumentLibrary {
  /** Saves one version of a document (creates the file, or a new version of it); resolves once kept. */
  put(upload: DocumentUpload): Promise<StoredDocumentLink>;
}
