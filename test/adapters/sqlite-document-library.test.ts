/**
 * The bot's own copy of the case file (without Graph). Before cases had folders of their own, a case
 * that took a withdrawn case's reference wrote its versions into the same folder under the same
 * names; the latest version of each file was then the new case's, so `admin cases documents` for the
 * withdrawn case wrote out the new case's documents as its own. Each case now reads only the
 * versions it wrote.
 */
import { strict as assert } from 'node:assert';
import { SqliteDocumentLibrary } from '../../src/adapters/sqlite/sqlite-document-library';

describe('the local document library', () => {
  it("gives each case the latest of the versions it wrote, where two cases' versions share a folder", async () => {
    const library = new SqliteDocumentLibrary(':memory:', () => new Date('2026-03-02T10:00:00Z'));
    try {
      const put = (caseId: string, version: number, fileName: string, text: string) =>
        library.put({ caseRef: 'MOS-1042', fileName, revisionKey: `${caseId}:v${version}:${fileName}`, content: Buffer.from(text), fields: {} });
      await put('withdrawn', 3, 'record 1.docx', 'withdrawn, first');
      await put('withdrawn', 4, 'record 1.docx', 'withdrawn, second');
      await put('withdrawn', 5, 'agreement.docx', 'withdrawn agreement');
      await put('withdrawn-too', 2, 'record 1.docx', 'a case whose id starts the same');
      await put('reused', 2, 'record 1.docx', 'reused, first');
      const latest = (caseId: string) => library.latest('MOS-1042', caseId).map((d) => [d.fileName, d.content.toString()]);
      assert.deepEqual(latest('withdrawn'), [['record 1.docx', 'withdrawn, second'], ['agreement.docx', 'withdrawn agreement']]);
      assert.deepEqual(latest('reused'), [['record 1.docx', 'reused, first']]);
      assert.deepEqual(latest('nobody'), []);
      library.eraseCase('withdrawn');
      assert.deepEqual(latest('withdrawn'), []);
      assert.deepEqual(latest('withdrawn-too'), [['record 1.docx', 'a case whose id starts the same']]);
      assert.deepEqual(latest('reused'), [['record 1.docx', 'reused, first']]);
    } finally {
      library.close();
    }
  });
});
