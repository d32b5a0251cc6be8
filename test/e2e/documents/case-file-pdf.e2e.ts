/**
 * Every document of the case file, for the sample cases of both pathways, opened by LibreOffice
 * (Debian's libreoffice-writer-nogui, which run-e2e.sh installs if missing) and converted to PDF:
 * proof each .docx is a valid Word document another program reads. The PDF's text is checked against
 * the case, and a picture of each first page (pdftoppm) is saved in test/e2e/artifacts/documents/.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SAMPLE_SETTINGS, sampleDocuments } from '../../../src/cli/sample-documents';
import { renderDocx } from '../../../src/documents/render-docx';

const SOFFICE = process.env.SOFFICE_PATH ?? '/usr/bin/soffice';
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'documents');

describe('the case file in LibreOffice: each document converts to PDF', function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    assert.ok(existsSync(SOFFICE), `LibreOffice not found at ${SOFFICE}: run this through npm run test:e2e, which installs it`);
    dir = mkdtempSync(join(tmpdir(), 's20-case-file-pdf-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes, converts and pictures all the documents of the sample cases', async () => {
    const documents = sampleDocuments();
    assert.equal(documents.length, 12);
    const paths: string[] = [];
    for (const doc of documents) {
      const path = join(dir, doc.fileName);
      writeFileSync(path, await renderDocx(doc, SAMPLE_SETTINGS));
      paths.push(path);
    }
    // Its own profile folder: a LibreOffice already running for someone else is left alone.
    const profile = pathToFileURL(join(dir, 'lo-profile')).href;
    execFileSync(SOFFICE, [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...paths], { stdio: 'pipe', timeout: 240_000 });
    for (const doc of documents) {
      const pdf = join(dir, doc.fileName.replace(/\.docx$/, '.pdf'));
      assert.ok(existsSync(pdf), `no PDF for ${doc.fileName}`);
      assert.equal(readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      assert.ok(text.includes(`Case ${doc.caseRef}`), `${doc.fileName}: the case reference`);
      assert.ok(text.includes(doc.title.replace(/"/g, '').trim().split(' ')[0]!), `${doc.fileName}: its title`);
      const picture = join(ARTIFACTS, basename(doc.fileName, '.docx').replace(/ /g, '-'));
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, picture]);
      assert.ok(statSync(`${picture}.png`).size > 1000, `${doc.fileName}: a picture of its first page`);
    }
  });
});
