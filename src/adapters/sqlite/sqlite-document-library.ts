/**
 * The local document library used when Microsoft Graph is not configured: every version of every
 * document, as bytes in a SQLite file beside the case store. A revision already kept is not kept
 * again. `npm run --silent admin -- cases documents REF --out DIR` writes a case's documents out.
 */
import Database from 'better-sqlite3';
import { preparePrivateFile } from './private-files';
import type { DocumentLibrary, DocumentUpload, StoredDocumentLink } from '../../ports/document-library';

export interface KeptDocument {
  /** The folder it is filed under: the case reference, or the case's own folder (case-file-ref.ts). */
  caseRef: string;
  fileName: string;
  version: number;
  revisionKey: string;
  content: Buffer;
  fields: Record<string, string | number | boolean>;
  keptAt: string;
}

interface Row { case_ref: string; file_name: string; version: number; revision_key: string; content: Buffer; fields: string; kept_at: string }

export class SqliteDocumentLibrary implements DocumentLibrary {
  private readonly db: Database.Database;

  constructor(path: string, private readonly now: () => Date = () => new Date()) {
    // The documents hold children's dates of birth: only the bot's own account may read them (L7).
    if (path !== ':memory:') preparePrivateFile(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    // Erased documents are overwritten on disk, not left in free pages (retention).
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS document_versions (
      case_ref TEXT NOT NULL, file_name TEXT NOT NULL, version INTEGER NOT NULL, revision_key TEXT NOT NULL UNIQUE,
      content BLOB NOT NULL, fields TEXT NOT NULL, kept_at TEXT NOT NULL,
      PRIMARY KEY (case_ref, file_name, version))`);
  }

  async put(upload: DocumentUpload): Promise<StoredDocumentLink> {
    const folder = upload.folder ?? upload.caseRef;
    const keep = this.db.transaction((): void => {
      if (this.db.prepare('SELECT 1 FROM document_versions WHERE revision_key = ?').get(upload.revisionKey)) return;
      const last = this.db.prepare('SELECT MAX(version) AS v FROM document_versions WHERE case_ref = ? AND file_name = ?').get(folder, upload.fileName) as { v: number | null };
      this.db
        .prepare('INSERT INTO document_versions (case_ref, file_name, version, revision_key, content, fields, kept_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(folder, upload.fileName, (last.v ?? 0) + 1, upload.revisionKey, upload.content, JSON.stringify(upload.fields), this.now().toISOString());
    });
    keep.immediate();
    const row = this.db.prepare('SELECT MAX(version) AS v, MAX(kept_at) AS at FROM document_versions WHERE case_ref = ? AND file_name = ?').get(folder, upload.fileName) as { v: number; at: string };
    return { caseRef: upload.caseRef, fileName: upload.fileName, webUrl: null, versions: row.v, updatedAt: row.at };
  }

  /**
   * The latest version of each of the case's documents in its folder, in the order they were first
   * kept: only the versions the case itself wrote (its revision keys start "<caseId>:"), so a case
   * that took a withdrawn case's reference before cases had folders of their own, and wrote into
   * that folder, does not pass its versions off as the other's.
   */
  latest(caseRef: string, caseId: string): KeptDocument[] {
    const rows = this.db.prepare(`WITH own AS (SELECT rowid AS id, * FROM document_versions WHERE case_ref = @ref AND revision_key >= @from AND revision_key < @to)
      SELECT d.* FROM own d WHERE d.version = (SELECT MAX(version) FROM own WHERE file_name = d.file_name)
      ORDER BY (SELECT MIN(id) FROM own WHERE file_name = d.file_name)`).all({ ref: caseRef, ...ownRevisions(caseId) }) as Row[];
    return rows.map(toKept);
  }

  /** Every version kept of a case's documents, oldest first. */
  versions(caseRef: string): KeptDocument[] {
    return (this.db.prepare('SELECT * FROM document_versions WHERE case_ref = ? ORDER BY rowid').all(caseRef) as Row[]).map(toKept);
  }

  /**
   * Retention: every version of a case's documents goes once its personal data is erased. Kept
   * only while Graph is off; with Graph the SharePoint library is the council's record, under its labels.
   */
  eraseCase(caseId: string): void {
    // Every version this case wrote (its revision keys start "<caseId>:"), in whichever folder, and
    // none of another case's: a withdrawn case's reference, freed, may name a new case's folder.
    // A range, so the revision keys' unique index finds them.
    const { from, to } = ownRevisions(caseId);
    this.db.prepare('DELETE FROM document_versions WHERE revision_key >= ? AND revision_key < ?').run(from, to);
    // The deleted pages leave the write-ahead log too.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}

/** The range of the revision keys a case wrote (`<caseId>:v<version>:<docId>`, case-documents.ts). */
function ownRevisions(caseId: string): { from: string; to: string } {
  return { from: `${caseId}:`, to: `${caseId};` };
}

function toKept(r: Row): KeptDocument {
  return { caseRef: r.case_ref, fileName: r.file_name, version: r.version, revisionKey: r.revision_key, content: r.content, fields: JSON.parse(r.fields) as KeptDocument['fields'], keptAt: r.kept_at };
}
