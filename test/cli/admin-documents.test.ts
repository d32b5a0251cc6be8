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
      assert.equal(writeCaseDocuments(ref, '/tmp/unused', ctx, (t) => lines.push(t)), 0);
      assert.match(lines.join('\n'), new RegExp(`^Case ${ref}: its documents are in the SharePoint library ".+", in the folder ${folder}; open them there`));
    }
  });
});
