/**
 * The case file on SharePoint: each document is a .docx in the "Case documents" library, in its
 * case's folder (named by the case reference, or the case's own folder), with the library's metadata columns.
 *
 * Once per version: a document's file name is the same for all its versions, uploads use
 * `@microsoft.graph.conflictBehavior=replace` (a new version of the same file, never a second file),
 * and the file's RevisionKey column names the version last written. A retry first reads the file:
 * if it already carries this revision, nothing is uploaded again. Before uploading, the file's
 * content tag (cTag, which changes only when the content does) is noted in the store; if an upload
 * went through but its reply was lost, the retry finds the content changed since that note and only
 * writes the columns, rather than making a second version. (The bot is the library's only writer of
 * these files; a person replacing one by hand in that moment would be taken for the bot's upload.)
 * Under 4 MB a simple upload (one PUT); above it an upload session, in fragments of 320 KiB multiples
 * PUT to the session's URL without a token, as Graph documents.
 * Throttling, outages and dropped connections surface as TransientRecordError (with Retry-After);
 * the outbox retries.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { deliveryKeys } from '../../ports/delivery-keys';
import type { DeliveryState } from '../../ports/delivery-state';
import type { DocumentLibrary, DocumentUpload, StoredDocumentLink } from '../../ports/document-library';
import { PermanentRecordError, TransientRecordError } from '../../ports/recorder';
import { fileSafeRef } from '../../documents/document-kinds';
import { ownCaseFileFolder } from '../../documents/case-file-ref';
import { DOCUMENT_LIBRARY, libraryFields, REVISION_KEY_COLUMN } from './document-library-schema';
import { nextPagePath } from './next-page';
import { statusOf, toRecordError } from './graph-failure';
import { parseRetryAfter } from '../../cases/retry-after';

export const SIMPLE_UPLOAD_LIMIT_BYTES = 4 * 1024 * 1024;
/** Fragments must be multiples of 320 KiB; Graph suggests 5–10 MiB. */
export const UPLOAD_FRAGMENT_BYTES = 320 * 1024 * 16;

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface GraphDocumentLibraryConfig {
  client: Client;
  siteId: string;
  /** The library's display name; default "Case documents". */
  libraryName?: string;
  simpleUploadLimitBytes?: number;
  fragmentBytes?: number;
  /** For the upload session's fragments (plain HTTP, no Graph client). */
  fetchImpl?: typeof fetch;
  /** Where an upload's start is noted (the case store's key-value entries), so a lost reply is not uploaded twice. */
  notes?: DeliveryState;
}

interface DriveItem {
  id?: string;
  cTag?: string;
  webUrl?: string;
  lastModifiedDateTime?: string;
  listItem?: { fields?: Record<string, unknown> };
}

/** The case a revision key names (`<caseId>:v<version>:<docId>`, src/documents/case-documents.ts). */
function caseOfRevision(key: unknown): string | undefined {
  return typeof key === 'string' ? /^(.+):v\d+:[^:]*$/.exec(key)?.[1] : undefined;
}

export function createGraphDocumentLibrary(config: GraphDocumentLibraryConfig): DocumentLibrary {
  const { client, siteId } = config;
  const libraryName = config.libraryName ?? DOCUMENT_LIBRARY.displayName;
  const simpleLimit = config.simpleUploadLimitBytes ?? SIMPLE_UPLOAD_LIMIT_BYTES;
  const fragment = config.fragmentBytes ?? UPLOAD_FRAGMENT_BYTES;
  const fetchImpl = config.fetchImpl ?? fetch;
  let driveId: string | undefined;

  async function drive(): Promise<string> {
    if (driveId) return driveId;
    // Every page: a site with many libraries (one per team, an archive each year) lists them over several.
    let found: { id?: string; name?: string } | undefined;
    for (let next: string | undefined = `/sites/${siteId}/drives?$select=id,name`; next !== undefined && !found; ) {
      const page = (await client.api(next).get()) as { value?: Array<{ id?: string; name?: string }> };
      found = page.value?.find((d) => d.name === libraryName);
      next = nextPagePath(page);
    }
    if (!found?.id) throw new PermanentRecordError(`the document library "${libraryName}" is not on the site: run npm run provision:sharepoint`);
    driveId = found.id;
    return driveId;
  }

  const itemPath = (drive: string, upload: DocumentUpload, folder = upload.folder ?? fileSafeRef(upload.caseRef)): string =>
    `/drives/${drive}/root:/${encodeURIComponent(folder)}/${encodeURIComponent(upload.fileName)}`;

  /**
   * The file this version goes to, and what is there now. A case that took a withdrawn case's
   * reference before cases had folders of their own finds the withdrawn case's file under its
   * name: never a new version of another case's file; the case's own folder instead.
   */
  async function target(upload: DocumentUpload): Promise<{ path: string; existing: DriveItem | undefined }> {
    const path = itemPath(await drive(), upload);
    const existing = await current(path);
    const writer = caseOfRevision(existing?.listItem?.fields?.[REVISION_KEY_COLUMN]);
    const caseId = caseOfRevision(upload.revisionKey);
    if (upload.folder !== undefined || writer === undefined || caseId === undefined || writer === caseId) return { path, existing };
    const own = itemPath(await drive(), upload, ownCaseFileFolder(upload.caseRef, caseId));
    return { path: own, existing: await current(own) };
  }

  async function current(path: string): Promise<DriveItem | undefined> {
    try {
      return (await client.api(`${path}?$select=id,cTag,webUrl,lastModifiedDateTime&$expand=listItem($expand=fields($select=${REVISION_KEY_COLUMN}))`).get()) as DriveItem;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function simpleUpload(path: string, content: Buffer): Promise<DriveItem> {
    return (await client.api(`${path}:/content?@microsoft.graph.conflictBehavior=replace`).header('Content-Type', DOCX_MIME).put(content)) as DriveItem;
  }

  async function sessionUpload(path: string, content: Buffer): Promise<DriveItem> {
    const session = (await client.api(`${path}:/createUploadSession`).post({ item: { '@microsoft.graph.conflictBehavior': 'replace' } })) as { uploadUrl?: string };
    if (!session.uploadUrl) throw new PermanentRecordError('Graph returned an upload session without an uploadUrl');
    for (let start = 0; start < content.length; start += fragment) {
      const end = Math.min(start + fragment, content.length) - 1;
      // The session URL is pre-authenticated: no Authorization header (Graph refuses one).
      const response = await fetchImpl(session.uploadUrl, {
        method: 'PUT',
        headers: { 'Content-Length': String(end - start + 1), 'Content-Range': `bytes ${start}-${end}/${content.length}` },
        body: content.subarray(start, end + 1),
      });
      if (response.status === 202) continue;
      if (response.ok) return (await response.json()) as DriveItem;
      const detail = `uploading a document fragment: HTTP ${response.status}`;
      if (response.status === 429 || response.status >= 500 || response.status === 404 || response.status === 416) {
        throw new TransientRecordError(detail, parseRetryAfter(response.headers.get('Retry-After') ?? undefined));
      }
      throw new PermanentRecordError(detail);
    }
    throw new PermanentRecordError('the upload session ended without the file');
  }

  return {
    async put(upload: DocumentUpload): Promise<StoredDocumentLink> {
      try {
        const { path, existing } = await target(upload);
        let item = existing;
        if (existing?.listItem?.fields?.[REVISION_KEY_COLUMN] !== upload.revisionKey) {
          const note = deliveryKeys.documentUpload(upload.revisionKey);
          const started = await config.notes?.getConversation(note);
          const landed = started !== undefined && existing !== undefined && (existing.cTag ?? null) !== started.cTag;
          if (!landed) {
            await config.notes?.saveConversation(note, { cTag: existing?.cTag ?? null });
            item = upload.content.length < simpleLimit ? await simpleUpload(path, upload.content) : await sessionUpload(path, upload.content);
          }
          if (!item?.id) throw new PermanentRecordError('Graph returned an uploaded file without an id');
          await client.api(`/drives/${await drive()}/items/${item.id}/listItem/fields`).patch({ ...libraryFields(upload.fields), [REVISION_KEY_COLUMN]: upload.revisionKey });
        }
        return { caseRef: upload.caseRef, fileName: upload.fileName, webUrl: item?.webUrl ?? null, versions: null, updatedAt: item?.lastModifiedDateTime ?? new Date().toISOString() };
      } catch (error) {
        if (error instanceof TypeError && error.message === 'fetch failed') throw new TransientRecordError('uploading a document: no response');
        throw toRecordError(error, 'keeping a document in the library');
      }
    },
  };
}
