/**
 * The case file's SharePoint library through the real Graph client, against the local Graph server
 * with the library made by the real provisioning code: simple upload under 4 MB, an upload session
 * above it, replace-on-conflict (a new version of the same file, never a second file), the metadata
 * columns, and retries through throttling, outages and replies lost after the write — each version
 * reaches the library once.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { createGraphDocumentLibrary } from '../../src/adapters/graph/graph-document-library';
import type { DeliveryKey, DeliveryValue } from '../../src/ports/delivery-keys';
import type { DeliveryState } from '../../src/ports/delivery-state';
import type { DocumentLibrary, DocumentUpload } from '../../src/ports/document-library';
import { PermanentRecordError, TransientRecordError } from '../../src/ports/recorder';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';
const LIBRARY = 'Case documents';

function upload(revision: number, content: Buffer = Buffer.from(`version ${revision}`), fileName = 'MOS-1042 return home decision record 1.docx'): DocumentUpload {
  return { caseRef: 'MOS-1042/2', fileName, revisionKey: `case-1:v${revision}:decision-record-1`, content, fields: { CaseRef: 'MOS-1042/2', DocumentKind: 'decision-record', AssessmentVersion: 1, AgreedByHeadOfService: revision > 1, NotAColumn: 'dropped' } };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected a rejection');
}

describe('Graph document library (local Graph server)', function () {
  this.timeout(60_000);
  let server: LocalGraphServer;
  let client: Client;
  let library: DocumentLibrary;
  // The store's key-value entries, where an upload's start is noted.
  // The delivery state's upload notes, kept in memory: each key kind keeps its own type of value.
  const notes = new Map<string, unknown>();
  const keyValues: DeliveryState = {
    getConversation: async <K extends DeliveryKey>(key: K) => notes.get(key) as DeliveryValue<K> | undefined,
    saveConversation: async (key, value) => void notes.set(key, value),
    forgetConversation: async (key) => void notes.delete(key),
  };
  const files = () => server.drives.files(SITE, LIBRARY);
  const writes = () => server.stats().log.filter((e) => e.method === 'PUT' || e.method === 'POST').map((e) => `${e.method} ${e.path.includes('/upload/') ? '/upload' : e.path.split(':/').pop()} ${e.status}`);

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    client = testGraphClient(server.url);
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    server.reset();
    await provisionSharePoint(client, SITE);
    notes.clear();
    library = createGraphDocumentLibrary({ client, siteId: SITE, notes: keyValues });
    server.resetStats();
  });

  it('uploads a small document in one PUT into the case folder, with its columns; the same revision again uploads nothing', async () => {
    const link = await library.put(upload(1));
    assert.equal(files().length, 1);
    const [file] = files();
    assert.equal(file!.path, 'MOS-1042-2/MOS-1042 return home decision record 1.docx');
    assert.equal(file!.content.toString(), 'version 1');
    assert.equal(file!.versions, 1);
    assert.equal(file!.fields['CaseRef'], 'MOS-1042/2');
    assert.equal(file!.fields['DocumentKind'], 'decision-record');
    assert.equal(file!.fields['RevisionKey'], 'case-1:v1:decision-record-1');
    assert.ok(!('NotAColumn' in file!.fields));
    assert.match(link.webUrl ?? '', /^https:\/\/contoso\.sharepoint\.com\/.+MOS-1042-2\/MOS-1042%20return%20home/);
    assert.deepEqual(writes(), ['PUT content 201']);

    server.resetStats();
    await library.put(upload(1));
    assert.deepEqual(writes(), [], 'a repeat of a revision already kept writes nothing');
    assert.equal(files()[0]!.versions, 1);
  });

  it('a new revision is a new version of the same file, never a second file', async () => {
    await library.put(upload(1));
    await library.put(upload(2));
    assert.equal(files().length, 1);
    assert.equal(files()[0]!.versions, 2);
    assert.equal(files()[0]!.content.toString(), 'version 2');
    assert.equal(files()[0]!.fields['AgreedByHeadOfService'], true);
  });

  it("never makes a new version of another case's file: a case that took a withdrawn case's reference before cases had folders of their own writes into its own folder", async () => {
    await library.put(upload(1));
    const withdrawn = files()[0]!;
    const later: DocumentUpload = { ...upload(1, Buffer.from('the later case')), revisionKey: 'case-2-later:v3:decision-record-1' };
    const link = await library.put(later);
    await library.put({ ...later, revisionKey: 'case-2-later:v4:decision-record-1', content: Buffer.from('the later case, again') });
    // Before: the later case's record became version 2 of the withdrawn case's file.
    const byPath = new Map(files().map((f) => [f.path, f]));
    assert.equal(byPath.get(withdrawn.path)!.versions, 1);
    assert.equal(byPath.get(withdrawn.path)!.content.toString(), 'version 1');
    assert.equal(byPath.get(withdrawn.path)!.fields['RevisionKey'], 'case-1:v1:decision-record-1');
    const own = byPath.get('MOS-1042-2 (case2lat)/MOS-1042 return home decision record 1.docx');
    assert.ok(own, [...byPath.keys()].join(', '));
    assert.deepEqual([own.versions, own.content.toString(), own.fields['RevisionKey']], [2, 'the later case, again', 'case-2-later:v4:decision-record-1']);
    assert.match(decodeURIComponent(link.webUrl ?? ''), /\/MOS-1042-2 \(case2lat\)\/MOS-1042 return home decision record 1\.docx$/);
    // The case's own next revision of a file it wrote itself stays a new version of that file.
    await library.put(upload(2));
    assert.equal(files().find((f) => f.path === withdrawn.path)!.versions, 2);
  });

  it('above 4 MB it uses an upload session, in 320 KiB-multiple fragments without a token', async () => {
    const big = randomBytes(4 * 1024 * 1024 + 12_345);
    // 1.25 MiB fragments: four of them, then the rest.
    library = createGraphDocumentLibrary({ client, siteId: SITE, fragmentBytes: 320 * 1024 * 4 });
    await library.put(upload(1, big));
    const log = writes();
    assert.equal(log[0], 'POST createUploadSession 200');
    assert.deepEqual(log.slice(1), ['PUT /upload 202', 'PUT /upload 202', 'PUT /upload 202', 'PUT /upload 201']);
    assert.equal(log.filter((l) => l.startsWith('PUT content')).length, 0);
    assert.ok(files()[0]!.content.equals(big));
    assert.equal(files()[0]!.fields['RevisionKey'], 'case-1:v1:decision-record-1');
  });

  it('throttling and outages are retryable, with Retry-After; a missing library is not', async () => {
    server.throttle({ times: 1, retryAfterSeconds: 7, match: (t) => t.method === 'PUT' });
    const throttled = await rejection(library.put(upload(1)));
    assert.ok(throttled instanceof TransientRecordError);
    assert.equal(throttled.retryAfterMs, 7000);
    await server.outage({ forMs: 60_000, mode: '503', retryAfterSeconds: 3 });
    assert.ok((await rejection(library.put(upload(1)))) instanceof TransientRecordError);
    await server.endOutage();
    await library.put(upload(1));
    assert.equal(files().length, 1);
    assert.equal(files()[0]!.versions, 1);

    const elsewhere = createGraphDocumentLibrary({ client, siteId: SITE, libraryName: 'Not there' });
    const missing = await rejection(elsewhere.put(upload(1)));
    assert.ok(missing instanceof PermanentRecordError);
    assert.match(missing.message, /provision:sharepoint/);
  });

  it('a reply lost after the metadata was written: the retry finds the revision and uploads nothing more', async () => {
    server.fail({ status: 504, afterApply: true, times: 1, match: (t) => t.method === 'PATCH' });
    assert.ok((await rejection(library.put(upload(1)))) instanceof TransientRecordError);
    server.resetStats();
    await library.put(upload(1));
    assert.deepEqual(writes(), []);
    assert.equal(files()[0]!.versions, 1);
  });

  it('a reply lost after the upload itself: the retry sees the content changed since it started and only writes the columns', async () => {
    await library.put(upload(1));
    server.fail({ status: 504, afterApply: true, times: 1, match: (t) => t.method === 'PUT' });
    assert.ok((await rejection(library.put(upload(2)))) instanceof TransientRecordError);
    assert.equal(files()[0]!.versions, 2, 'the upload went through');
    assert.equal(files()[0]!.fields['RevisionKey'], 'case-1:v1:decision-record-1', 'its columns were not written');
    server.resetStats();
    await library.put(upload(2));
    assert.deepEqual(writes(), [], 'no second upload');
    assert.equal(files()[0]!.versions, 2);
    assert.equal(files()[0]!.fields['RevisionKey'], 'case-1:v2:decision-record-1');
  });

  it('an upload session fragment throttled: the retry starts again and the file is whole, once', async () => {
    const big = randomBytes(5 * 1024 * 1024);
    server.throttle({ times: 1, retryAfterSeconds: 2, match: (t) => t.path.startsWith('/upload/') });
    const error = await rejection(library.put(upload(1, big)));
    assert.ok(error instanceof TransientRecordError);
    assert.equal(error.retryAfterMs, 2000);
    await library.put(upload(1, big));
    assert.equal(files().length, 1);
    assert.ok(files()[0]!.content.equals(big));
  });

  it("finds the case documents library when the site's libraries come over several pages (Graph's nextLink followed)", async () => {
    const paged = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN], pageSize: 2 });
    try {
      const pagedClient = testGraphClient(paged.url);
      // A council site with libraries of its own, made before the bot's.
      for (const name of ['Site Assets', 'Policies', 'Team minutes']) {
        await pagedClient.api(`/sites/${SITE}/lists`).post({ displayName: name, list: { template: 'documentLibrary' } });
      }
      await provisionSharePoint(pagedClient, SITE);
      const onPages = createGraphDocumentLibrary({ client: pagedClient, siteId: SITE, notes: keyValues });
      await onPages.put(upload(1));
      assert.equal(paged.drives.files(SITE, LIBRARY).length, 1);
      assert.ok(paged.stats().log.filter((e) => e.path.endsWith('/drives')).length >= 2, 'the drives came over more than one page');
    } finally {
      await paged.stop();
    }
  });
});
