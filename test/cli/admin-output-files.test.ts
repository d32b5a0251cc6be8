/**
 * What the admin commands write holds the child's date of birth and what was decided: it must land
 * only in a new file of the admin's own, never through a link or into a file someone else made. In
 * a shared folder (/tmp, a team share) another account could plant, under the name a document would
 * get, a symbolic link to a file it can read (or a file of its own, mode 0644): `cases documents
 * --out DIR` wrote the child's documents into it. And a link pointing nowhere passed the "already
 * exists" check of `cases export` and `backup`: the export was recorded in the case's audit trail,
 * then the write failed with a raw EEXIST error.
 */
import { strict as assert } from 'node:assert';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCaseDocuments, DocumentsUsageError, type DocumentsCommandContext, type DocumentsOfCase } from '../../src/cli/admin-documents';
import { SqliteDocumentLibrary } from '../../src/adapters/sqlite/sqlite-document-library';
import { whyNotWritable } from '../../src/cli/output-file';

/** A case as the command reads it: its documents are kept under its reference, by versions its id wrote. */
const CASE = { caseId: 'case-out-1', ref: 'OUT-1' } as DocumentsOfCase;

describe('admin commands write only new files of their own', () => {
  let dir: string;
  let ctx: DocumentsCommandContext;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-admin-out-'));
    const library = new SqliteDocumentLibrary(join(dir, 'documents.db'));
    for (const name of ['OUT-1 return home decision record 1.docx', 'OUT-1 Your time in our care letter.docx']) {
      await library.put({ caseRef: 'OUT-1', fileName: name, revisionKey: `${CASE.caseId}:${name}:1`, content: Buffer.from(`child's document ${name}`), fields: {} });
    }
    library.close();
    ctx = { graph: undefined, localFiles: { documents: join(dir, 'documents.db') } } as unknown as DocumentsCommandContext;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('cases documents: a link planted under a document’s name is refused, and nothing is written through it or beside it', () => {
    const out = join(dir, 'shared');
    mkdirSync(out);
    const target = join(dir, 'planted-target');
    writeFileSync(target, 'theirs');
    symlinkSync(target, join(out, 'OUT-1 Your time in our care letter.docx'));
    const lines: string[] = [];
    assert.throws(() => writeCaseDocuments(CASE, out, ctx, (t) => lines.push(t)), (error: unknown) => {
      assert.ok(error instanceof DocumentsUsageError, String(error));
      assert.match(error.message, /^Not written: .*OUT-1 Your time in our care letter\.docx already exists\. Name a new folder, or one without these documents in it\. Nothing was written\.$/);
      return true;
    });
    assert.equal(readFileSync(target, 'utf8'), 'theirs', 'the link’s target is untouched');
    assert.deepEqual(readdirSync(out), ['OUT-1 Your time in our care letter.docx'], 'no document written beside it');
  });

  it('cases documents: a file of someone else’s under a document’s name (mode 0644) is refused and left as it was', () => {
    const out = join(dir, 'shared');
    mkdirSync(out);
    writeFileSync(join(out, 'OUT-1 return home decision record 1.docx'), 'theirs', { mode: 0o644 });
    assert.throws(() => writeCaseDocuments(CASE, out, ctx, () => undefined), /already exists/);
    assert.equal(readFileSync(join(out, 'OUT-1 return home decision record 1.docx'), 'utf8'), 'theirs');
  });

  it('cases documents: into a new folder, or one holding other files, both documents are written', () => {
    const out = join(dir, 'shared');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'other');
    const lines: string[] = [];
    assert.equal(writeCaseDocuments(CASE, out, ctx, (t) => lines.push(t)), 0);
    assert.equal(readdirSync(out).length, 3, lines.join('\n'));
    assert.equal(writeCaseDocuments(CASE, join(dir, 'new'), ctx, () => undefined), 0);
    assert.equal(readdirSync(join(dir, 'new')).length, 2);
  });

  it('cases export and backup: a link pointing nowhere counts as already there', () => {
    const link = join(dir, 'export.json');
    symlinkSync(join(dir, 'nowhere', 'planted.json'), link);
    assert.ok(!existsSync(link) && lstatSync(link).isSymbolicLink());
    assert.equal(whyNotWritable(link), `Not written: ${link} already exists. Name a new file.`);
  });
});
