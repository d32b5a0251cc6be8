/**
 * `npm run --silent admin -- cases documents REF --out DIR`: writes the latest version of each of a
 * case's documents as .docx files, from the local library the bot keeps when Graph is not configured.
 * With Graph, the documents are in the SharePoint library instead, and the command says so.
 * Prints file names only (they carry the case reference, never the child's name).
 */
import { existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config';
import { SqliteDocumentLibrary } from '../adapters/sqlite/sqlite-document-library';
import { DOCUMENT_LIBRARY } from '../adapters/graph/document-library-schema';
import { caseFileFolder, caseFileRef, localCaseFileKey } from '../documents/case-file-ref';
import type { CaseState } from '../protocol';
import { PRIVATE_FILE_MODE, PRIVATE_FOLDER_MODE } from '../adapters/sqlite/private-files';
import { instantText } from './instant-text';

/** What the command reads of the configuration: where the documents are kept (SharePoint, or the local file). */
/** `organisation`: its time zone, to print the times the documents were kept in (instant-text.ts). */
export type DocumentsCommandContext = Pick<Config, 'graph' | 'localFiles'> & { organisation?: Pick<Config['organisation'], 'timeZone'> };

export class DocumentsUsageError extends Error {}

/** What the command reads of the case: its id and where its documents are filed (case-file-ref.ts). */
export type DocumentsOfCase = Pick<CaseState, 'caseId' | 'ref' | 'closure' | 'documentsFolder'>;

/** Why `cases documents REF --out DIR` cannot run without a DIR, before any store is opened. */
export function documentsUsageProblem(outDir: string | undefined): string | undefined {
  return outDir ? undefined : 'Say where to write them: npm run --silent admin -- cases documents REF --out DIR';
}

export function writeCaseDocuments(state: DocumentsOfCase, outDir: string | undefined, ctx: DocumentsCommandContext, out: (text: string) => void): number {
  if (!outDir) throw new DocumentsUsageError(documentsUsageProblem(outDir));
  // Named by the reference it was opened with (a withdrawn case's documents stay there).
  const ref = caseFileRef(state);
  if (ctx.graph !== undefined) {
    // The folder is named as the documents' upload names it: "MOS-7000/2" is kept in the folder MOS-7000-2.
    out(`Case ${ref}: its documents are in the SharePoint library "${DOCUMENT_LIBRARY.displayName}", in the folder ${caseFileFolder(state)}; open them there (the case card links to each).`);
    return 0;
  }
  const path = ctx.localFiles.documents;
  if (!existsSync(path)) {
    out(`Case ${ref}: no documents yet (the bot has kept none on this machine).`);
    return 0;
  }
  const library = new SqliteDocumentLibrary(path);
  try {
    const documents = library.latest(localCaseFileKey(state), state.caseId);
    if (documents.length === 0) {
      out(`Case ${ref}: no documents yet. They are made as the case goes on (the decision record when the assessment is submitted).`);
      return 0;
    }
    const dir = resolve(outDir);
    // Only new files: in a shared folder someone else could have put a link (or a file they can
    // read) under a document's name, and the child's documents would go into it.
    const there = documents.find((doc) => lstatSync(join(dir, doc.fileName), { throwIfNoEntry: false }));
    if (there) throw new DocumentsUsageError(`Not written: ${join(outDir, there.fileName)} already exists. Name a new folder, or one without these documents in it. Nothing was written.`);
    // Owner only, as the bot's own files (private-files.ts): they name the child and say what was decided.
    mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
    // 'wx' creates each file or fails, never following a link put there since the check.
    for (const doc of documents) writeFileSync(join(dir, doc.fileName), doc.content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    out(`Wrote ${documents.length} document${documents.length === 1 ? '' : 's'} of case ${ref} to ${dir}:`);
    for (const doc of documents) out(`  ${doc.fileName} (version ${doc.version}, kept ${instantText(doc.keptAt, 'minutes', ctx.organisation?.timeZone)})`);
    return 0;
  } finally {
    library.close();
  }
}

/** A document the bot keeps on this machine (no Graph), as a subject access export lists it. */
export interface KeptDocumentLine {
  fileName: string;
  version: number;
  keptAt: string;
}

/**
 * The latest version of each of the case's documents kept on this machine, or undefined when Graph
 * is configured (they are in the SharePoint library). Opens nothing that is not there.
 */
export function documentsKeptHere(state: DocumentsOfCase, ctx: DocumentsCommandContext): KeptDocumentLine[] | undefined {
  if (ctx.graph !== undefined) return undefined;
  if (!existsSync(ctx.localFiles.documents)) return [];
  const library = new SqliteDocumentLibrary(ctx.localFiles.documents);
  try {
    return library.latest(localCaseFileKey(state), state.caseId).map((doc) => ({ fileName: doc.fileName, version: doc.version, keptAt: doc.keptAt }));
  } finally {
    library.close();
  }
}
