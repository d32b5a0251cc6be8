import { strict as assert } from 'node:assert';
import { checkEvidenceLink } from '../../src/documents/evidence-link';

describe('NSPCC evidence links (R-PLAN-3)', () => {
  it('takes a web address from SharePoint or the case-record system, and nothing else', () => {
    assert.deepEqual(checkEvidenceLink(' https://council.sharepoint.com/sites/cs/Shared Documents/x.docx '), { ok: true, url: 'https://council.sharepoint.com/sites/cs/Shared%20Documents/x.docx' });
    assert.equal(checkEvidenceLink('http://mosaic.council.local/case/123').ok, true);
    for (const bad of ['', 'uploaded', 'javascript:alert(1)', 'file:///c:/x.docx', 'https://', 'mailto:a@b.c', `https://x.org/${'a'.repeat(2001)}`]) {
      const result = checkEvidenceLink(bad);
      assert.equal(result.ok, false, bad.slice(0, 40));
    }
  });
});
