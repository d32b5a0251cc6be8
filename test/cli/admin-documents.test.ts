/**
 * `admin cases documents REF` with SharePoint configured names the folder the documents are in.
 * A reference with "/" (MOS-7000/2, the bot's own suggestion for a later return) is kept in the
 * folder MOS-7000-2, as the uploads name it; the command named a folder "MOS-7000/2" nobody could find.
 */
import { strict as assert } from 'node:assert';
import { writeCaseDocuments, type DocumentsCommandContext } from '../../src/cli/admin-documents';

describe('admin cases documents with SharePoint', () => {
  const ctx = { graph: { sharePointSiteId: 'site' }, localFiles: { documents: '/nonexistent/documents.db' } } as unknown as DocumentsCommandContext;

  it('names the folder the documents are uploaded to, for a reference with "/" too', () => {
    for (const [ref, folder] of [['MOS-1042', 'MOS-1042'], ['MOS-7000/2', 'MOS-7000-2']] as const) {
      const lines: string[] = [];
      assert.equal(writeCaseDocuments({ caseId: 'c1', ref }, '/tmp/unused', ctx, (t) => lines.push(t)), 0);
      assert.match(lines.join('\n'), new RegExp(`^Case ${ref}: its documents are in the SharePoint library ".+", in the folder ${folder}; open them there`));
    }
  });

  it("names a case's own folder where it has one (it took a withdrawn case's reference), and a withdrawn case's by the reference it was opened with", () => {
    const lines: string[] = [];
    writeCaseDocuments({ caseId: 'c2', ref: 'MOS-7000/2', documentsFolder: 'MOS-7000-2 (5e6f7a8b)' }, '/tmp/unused', ctx, (t) => lines.push(t));
    writeCaseDocuments({ caseId: 'c3', ref: 'MOS-7000/2_W_c3', closure: { reason: 'withdrawn', ref: 'MOS-7000/2' } as never }, '/tmp/unused', ctx, (t) => lines.push(t));
    assert.match(lines[0] ?? '', /^Case MOS-7000\/2: its documents are in the SharePoint library ".+", in the folder MOS-7000-2 \(5e6f7a8b\); open them there/);
    assert.match(lines[1] ?? '', /^Case MOS-7000\/2: its documents are in the SharePoint library ".+", in the folder MOS-7000-2; open them there/);
  });
});
