/**
 * The drives of the local Graph server's SharePoint document libraries: the documented driveItem
 * calls the bot makes to keep its case file — a file addressed by path (`/drives/{id}/root:/a/b.docx`),
 * simple upload (`…:/content`, up to 250 MB), resumable upload sessions (`…:/createUploadSession`,
 * then byte ranges PUT to the uploadUrl without a token, in multiples of 320 KiB, at most 60 MiB
 * each, in order), `@microsoft.graph.conflictBehavior` (replace: a new version of the same file;
 * fail: 409; rename: a second file), and the file's list item fields (the library's columns).
 * Folders on the path are created as needed, as SharePoint does.
 */
import { randomUUID } from 'node:crypto';
import { GraphHttpError, GraphOperation, GraphReply, isRecord, jsonReply } from './graph-reply';
import { SharePointSites, StoredValue, validateFields, type ListState } from './sharepoint-sites';

export const SIMPLE_UPLOAD_MAX_BYTES = 250 * 1024 * 1024;
export const UPLOAD_FRAGMENT_MULTIPLE = 320 * 1024;
export const UPLOAD_FRAGMENT_MAX_BYTES = 60 * 1024 * 1024;

type ConflictBehavior = 'replace' | 'fail' | 'rename';

export interface DriveFile {
  id: string;
  /** Folder path and name, e.g. `MOS-1042/MOS-1042 return home decision record 1.docx`. */
  path: string;
  name: string;
  content: Buffer;
  /** 1 when created; each replace adds one. */
  versions: number;
  fields: Record<string, StoredValue>;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

interface Drive {
  id: string;
  siteId: string;
  listId: string;
  files: Map<string, DriveFile>;
}

interface UploadSession {
  driveId: string;
  path: string;
  conflict: ConflictBehavior;
  size: number | null;
  received: Buffer[];
  receivedBytes: number;
  expires: number;
}

const SESSION_LIFETIME_MS = 15 * 60_000;

export class DocumentDrives {
  private readonly drives = new Map<string, Drive>();
  private readonly sessions = new Map<string, UploadSession>();

  /** `pageSize`: drives a page of GET /sites/{id}/drives (Graph pages every collection; a nextLink, absolute, leads on). */
  constructor(private readonly sharePoint: SharePointSites, private readonly options: { baseWebUrl: string; uploadBase: () => string; pageSize: number }) {}

  reset(): void {
    this.drives.clear();
    this.sessions.clear();
  }

  /** The files of a library as stored, bypassing HTTP (for asserting what the cloud holds). */
  files(siteId: string, libraryName: string): DriveFile[] {
    const list = this.sharePoint.findList(siteId, libraryName);
    if (!list) return [];
    return [...(this.drives.get(driveIdOf(list))?.files.values() ?? [])];
  }

  handle(operation: GraphOperation): GraphReply | undefined {
    const segments = operation.path.split('/').filter(Boolean);
    if (segments[0] === 'upload' && segments.length === 2) return this.uploadFragment(segments[1] ?? '', operation);
    if (segments[0] === 'sites' && segments.length === 3 && segments[2] === 'drives' && operation.method === 'GET') {
      const siteId = decodeURIComponent(segments[1] ?? '');
      return this.drivesPage(siteId, operation);
    }
    if (segments[0] === 'sites' && segments.length === 5 && segments[2] === 'lists' && segments[4] === 'drive' && operation.method === 'GET') {
      const siteId = decodeURIComponent(segments[1] ?? '');
      const list = this.sharePoint.findList(siteId, decodeURIComponent(segments[3] ?? ''));
      if (!list || list.template !== 'documentLibrary') throw new GraphHttpError(404, 'itemNotFound', 'The list has no drive.');
      return jsonReply(200, this.driveJson(siteId, list));
    }
    if (segments[0] !== 'drives' || segments.length < 2) return undefined;
    const drive = this.drive(decodeURIComponent(segments[1] ?? ''));
    const rest = operation.path.split('/').slice(3).join('/');
    if (rest === '') {
      if (operation.method !== 'GET') throw methodNotAllowed();
      return jsonReply(200, this.driveJsonOf(drive));
    }
    const byPath = /^root:\/(.+?)(?::\/(content|createUploadSession))?:?$/.exec(rest);
    if (byPath) {
      const path = (byPath[1] ?? '').split('/').map(decodeURIComponent).join('/');
      checkPath(path);
      const action = byPath[2];
      if (action === 'content' && operation.method === 'PUT') return this.simpleUpload(drive, path, operation);
      if (action === 'createUploadSession' && operation.method === 'POST') return this.createSession(drive, path, operation);
      if (action === undefined && operation.method === 'GET') {
        const file = drive.files.get(path.toLowerCase());
        if (!file) throw new GraphHttpError(404, 'itemNotFound', 'The resource could not be found.');
        return jsonReply(200, this.itemJson(drive, file, expandsListItem(operation.query)));
      }
      throw methodNotAllowed();
    }
    const byId = /^items\/([^/]+)(\/listItem\/fields)?$/.exec(rest);
    if (byId) {
      const file = [...drive.files.values()].find((f) => f.id === decodeURIComponent(byId[1] ?? ''));
      if (!file) throw new GraphHttpError(404, 'itemNotFound', 'The resource could not be found.');
      if (!byId[2] && operation.method === 'GET') return jsonReply(200, this.itemJson(drive, file, expandsListItem(operation.query)));
      if (byId[2] && operation.method === 'PATCH') {
        if (!isRecord(operation.body)) throw new GraphHttpError(400, 'invalidRequest', 'The request body must be a fieldValueSet.');
        Object.assign(file.fields, validateFields(this.listOf(drive), operation.body));
        return jsonReply(200, { ...file.fields });
      }
      throw methodNotAllowed();
    }
    return undefined;
  }

  /** One page of a site's drives, in the order the libraries were made; `$skiptoken` is where the page starts. */
  private drivesPage(siteId: string, operation: GraphOperation): GraphReply {
    const all = this.sharePoint.listsOf(siteId).filter((l) => l.template === 'documentLibrary');
    const token = operation.query.get('$skiptoken');
    const start = token === null ? 0 : Number(Buffer.from(token, 'base64').toString('utf8').replace(/^drives:/, ''));
    if (!Number.isInteger(start) || start < 0) throw new GraphHttpError(400, 'invalidRequest', 'The $skiptoken is not valid.');
    const page = all.slice(start, start + this.options.pageSize);
    const body: Record<string, unknown> = { value: page.map((l) => this.driveJson(siteId, l)) };
    if (start + page.length < all.length) {
      const rest = [...operation.query.entries()].filter(([n]) => n !== '$skiptoken').map(([n, v]) => `${n}=${encodeURIComponent(v)}`);
      rest.push(`$skiptoken=${encodeURIComponent(Buffer.from(`drives:${start + page.length}`, 'utf8').toString('base64'))}`);
      body['@odata.nextLink'] = `${this.options.uploadBase()}/v1.0${operation.path}?${rest.join('&')}`;
    }
    return jsonReply(200, body);
  }

  private drive(id: string): Drive {
    const existing = this.drives.get(id);
    if (existing) return existing;
    throw new GraphHttpError(404, 'itemNotFound', 'The drive could not be found.');
  }

  private listOf(drive: Drive): ListState {
    const list = this.sharePoint.findList(drive.siteId, drive.listId);
    if (!list) throw new GraphHttpError(404, 'itemNotFound', 'The library was deleted.');
    return list;
  }

  private driveJson(siteId: string, list: ListState): Record<string, unknown> {
    const id = driveIdOf(list);
    if (!this.drives.has(id)) this.drives.set(id, { id, siteId, listId: list.id, files: new Map() });
    return this.driveJsonOf(this.drives.get(id)!);
  }

  private driveJsonOf(drive: Drive): Record<string, unknown> {
    const list = this.listOf(drive);
    return { id: drive.id, name: list.displayName, driveType: 'documentLibrary', webUrl: `${this.options.baseWebUrl}/sites/${drive.siteId}/${encodeURIComponent(list.name)}` };
  }

  private itemJson(drive: Drive, file: DriveFile, withListItem: boolean): Record<string, unknown> {
    const json: Record<string, unknown> = {
      id: file.id,
      name: file.name,
      size: file.content.length,
      eTag: `"{${file.id}},${file.versions}"`,
      // The content tag: changes with the content only, not with the columns.
      cTag: `"c:{${file.id}},${file.versions}"`,
      createdDateTime: file.createdDateTime,
      lastModifiedDateTime: file.lastModifiedDateTime,
      webUrl: `${this.driveJsonOf(drive).webUrl as string}/${file.path.split('/').map(encodeURIComponent).join('/')}`,
      file: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      parentReference: { driveId: drive.id, path: `/drives/${drive.id}/root:/${file.path.split('/').slice(0, -1).join('/')}` },
    };
    if (withListItem) json.listItem = { id: file.id, fields: { ...file.fields } };
    return json;
  }

  /** Writes the content at `path` as the conflict behaviour says: 201 for a new file, 200 for a new version. */
  private write(drive: Drive, path: string, content: Buffer, conflict: ConflictBehavior): GraphReply {
    const key = path.toLowerCase();
    const existing = drive.files.get(key);
    const now = new Date().toISOString();
    if (existing && conflict === 'fail') throw new GraphHttpError(409, 'nameAlreadyExists', 'The specified item name already exists.');
    if (existing && conflict === 'replace') {
      existing.content = content;
      existing.versions += 1;
      existing.lastModifiedDateTime = now;
      return jsonReply(200, this.itemJson(drive, existing, false));
    }
    const finalPath = existing ? freeName(drive, path) : path;
    const list = this.listOf(drive);
    const fields: Record<string, StoredValue> = {};
    for (const column of list.columns) if (!column.readOnly) fields[column.name] = null;
    const file: DriveFile = { id: randomUUID().replace(/-/g, '').toUpperCase(), path: finalPath, name: finalPath.split('/').pop() ?? finalPath, content, versions: 1, fields, createdDateTime: now, lastModifiedDateTime: now };
    drive.files.set(finalPath.toLowerCase(), file);
    return jsonReply(201, this.itemJson(drive, file, false));
  }

  private simpleUpload(drive: Drive, path: string, operation: GraphOperation): GraphReply {
    const content = operation.rawBody ?? Buffer.alloc(0);
    if (content.length > SIMPLE_UPLOAD_MAX_BYTES) throw new GraphHttpError(413, 'requestEntityTooLarge', 'Simple upload is limited to 250 MB: use an upload session.');
    return this.write(drive, path, content, conflictOf(operation.query.get('@microsoft.graph.conflictBehavior')));
  }

  private createSession(drive: Drive, path: string, operation: GraphOperation): GraphReply {
    const item = isRecord(operation.body) && isRecord(operation.body.item) ? operation.body.item : {};
    const conflict = conflictOf(typeof item['@microsoft.graph.conflictBehavior'] === 'string' ? item['@microsoft.graph.conflictBehavior'] : null);
    if (conflict === 'fail' && drive.files.has(path.toLowerCase())) throw new GraphHttpError(409, 'nameAlreadyExists', 'The specified item name already exists.');
    const token = randomUUID();
    const expires = Date.now() + SESSION_LIFETIME_MS;
    this.sessions.set(token, { driveId: drive.id, path, conflict, size: null, received: [], receivedBytes: 0, expires });
    return jsonReply(200, { uploadUrl: `${this.options.uploadBase()}/upload/${token}`, expirationDateTime: new Date(expires).toISOString(), nextExpectedRanges: ['0-'] });
  }

  private uploadFragment(token: string, operation: GraphOperation): GraphReply {
    const session = this.sessions.get(token);
    if (!session || session.expires < Date.now()) throw new GraphHttpError(404, 'itemNotFound', 'The upload session was not found or has expired.');
    if (operation.method === 'DELETE') {
      this.sessions.delete(token);
      return { status: 204 };
    }
    if (operation.method !== 'PUT') throw methodNotAllowed();
    if (operation.headers['authorization']) throw new GraphHttpError(401, 'unauthenticated', 'The upload URL takes no Authorization header.');
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(operation.headers['content-range'] ?? '');
    const body = operation.rawBody ?? Buffer.alloc(0);
    if (!range) throw new GraphHttpError(400, 'invalidRequest', 'Content-Range is required: bytes START-END/TOTAL.');
    const [start, end, total] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (end - start + 1 !== body.length) throw new GraphHttpError(400, 'invalidRequest', 'The Content-Range does not match the body length.');
    if (session.size !== null && session.size !== total) throw new GraphHttpError(400, 'invalidRequest', 'The total size changed within the session.');
    if (start !== session.receivedBytes) throw new GraphHttpError(416, 'invalidRange', `The fragment must start at byte ${session.receivedBytes}.`);
    if (body.length > UPLOAD_FRAGMENT_MAX_BYTES) throw new GraphHttpError(413, 'requestEntityTooLarge', 'A fragment may be at most 60 MiB.');
    const last = end + 1 === total;
    if (!last && body.length % UPLOAD_FRAGMENT_MULTIPLE !== 0) throw new GraphHttpError(400, 'invalidRequest', 'Fragments other than the last must be a multiple of 320 KiB.');
    session.size = total;
    session.received.push(body);
    session.receivedBytes += body.length;
    if (!last) return jsonReply(202, { expirationDateTime: new Date(session.expires).toISOString(), nextExpectedRanges: [`${session.receivedBytes}-`] });
    this.sessions.delete(token);
    return this.write(this.drive(session.driveId), session.path, Buffer.concat(session.received), session.conflict);
  }
}

function driveIdOf(list: ListState): string {
  return `b!${list.id.replace(/-/g, '')}`;
}

function conflictOf(value: string | null): ConflictBehavior {
  if (value === null || value === 'replace') return 'replace';
  if (value === 'fail' || value === 'rename') return value;
  throw new GraphHttpError(400, 'invalidRequest', `Unknown conflict behaviour '${value}'.`);
}

/** SharePoint refuses these in file and folder names. */
function checkPath(path: string): void {
  if (/["*:<>?\\|#%]/.test(path) || path.split('/').some((s) => s.trim() === '')) {
    throw new GraphHttpError(400, 'invalidRequest', 'The file or folder name contains characters that are not permitted.');
  }
}

/** `a/b.docx` taken: `a/b 1.docx`, `a/b 2.docx` … */
function freeName(drive: Drive, path: string): string {
  const dot = path.lastIndexOf('.');
  const [stem, ext] = dot > path.lastIndexOf('/') ? [path.slice(0, dot), path.slice(dot)] : [path, ''];
  for (let n = 1; ; n++) if (!drive.files.has(`${stem} ${n}${ext}`.toLowerCase())) return `${stem} ${n}${ext}`;
}

function expandsListItem(query: URLSearchParams): boolean {
  return (query.get('$expand') ?? query.get('expand') ?? '').split(',').some((e) => e.trim().startsWith('listItem'));
}

function methodNotAllowed(): GraphHttpError {
  return new GraphHttpError(405, 'methodNotAllowed', 'The method is not allowed on this resource.');
}
