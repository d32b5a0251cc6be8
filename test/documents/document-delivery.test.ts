/**
 * The case file end to end: the app as the composition root builds it, the case service making the
 * documents, the outbox worker keeping them — in the SharePoint library on the local Graph server
 * through a 429 storm, replies lost after the write and an outage (each version once, the case card's
 * links recorded), or, without Graph, in the local library that `admin cases documents` writes out.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { runAdmin } from '../../src/cli/admin';
import { loadConfig } from '../../src/config';
import { documentLinks } from '../../src/documents/document-links';
import type { DocumentPayload } from '../../src/documents/case-documents';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { RecordingNotifier, ROLES, SettableClock } from '../../support/world';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { docxText } from './support/docx-text';
import { runCaseToLetter } from './support/case-file-run';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';

function appOn(dir: string, env: Record<string, string>, clock: SettableClock, extra: Parameters<typeof createApp>[1] = {}): App {
  const rolesFile = join(dir, 'roles.json');
  writeFileSync(rolesFile, JSON.stringify(ROLES));
  return createApp(loadConfig({ DATA_DIR: dir, ROLES_FILE: rolesFile, ORG_NAME: 'Mossbank Council', ...env }), { clock, notifier: new RecordingNotifier(), ...extra });
}

/** Runs the worker on the fake clock until nothing is pending (Retry-After and back-off passed by moving the clock). */
async function drain(app: App, clock: SettableClock): Promise<void> {
  for (let round = 0; round < 400; round++) {
    await app.worker.runOnce();
    if ((await app.store.outboxCounts()).pending === 0) return;
    clock.current = new Date(clock.current.getTime() + 15_000);
  }
  assert.fail('the outbox did not drain');
}

describe('the case file through the outbox', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-case-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('with Graph: each version reaches the SharePoint library once through throttling, lost replies and an outage; the case card has a link to each', async () => {
    const server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
    const client = testGraphClient(server.url);
    const app = appOn(dir, { GRAPH_BASE_URL: `${server.url}/v1.0`, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' }, clock, { graphClient: client });
    try {
      await provisionSharePoint(client, SITE);
      let op = 0;
      server.throttle({ forMs: 600_000, retryAfterSeconds: 7, match: () => ++op % 3 === 0 });
      let write = 0;
      server.fail({ status: 504, afterApply: true, forMs: 600_000, match: (t) => t.method !== 'GET' && ++write % 5 === 0 });
      let step = 0;
      const caseId = await runCaseToLetter(app, clock, 'DOC-1', async () => {
        if (++step === 6) await server.outage({ forMs: 600_000, mode: '503', retryAfterSeconds: 30 });
        if (step === 9) await server.endOutage();
        await app.worker.runOnce();
      });
      server.clearFaults();
      await drain(app, clock);
      assert.equal((await app.store.outboxCounts()).dead, 0);

      const delivered = (await app.store.listOutbox('delivered', 10_000)).filter((i) => i.kind === 'document' && i.caseId === caseId);
      const versionsMade = new Map<string, number>();
      for (const item of delivered) {
        const name = (item.payload as DocumentPayload).document.fileName;
        versionsMade.set(name, (versionsMade.get(name) ?? 0) + 1);
      }
      const files = server.drives.files(SITE, 'Case documents');
      assert.deepEqual(files.map((f) => f.path.split('/')[0]), files.map(() => 'DOC-1'), 'one folder, named by the case reference');
      assert.deepEqual(new Map(files.map((f) => [f.name, f.versions])), versionsMade, 'each file holds exactly the versions the case made');
      assert.deepEqual(files.map((f) => f.name).sort(), [
        'DOC-1 Director authorisation 1.docx',
        'DOC-1 Head of Service agreement 1.docx',
        'DOC-1 Your time in our care letter.docx',
        'DOC-1 placement end confirmation.docx',
        'DOC-1 return home decision record 1.docx',
      ]);
      for (const file of files) assert.ok((await docxText(file.content)).includes('DOC-1'), file.name);
      const links = await documentLinks(app.store, caseId);
      assert.equal(links.length, 5);
      for (const link of links) assert.match(link.webUrl ?? '', /^https:\/\/contoso\.sharepoint\.com\/.+\/DOC-1\//);
    } finally {
      await app.close();
      await server.stop();
    }
  });

  it('without Graph: kept in the local library; admin cases documents REF --out DIR writes the latest of each', async () => {
    const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
    const app = appOn(dir, {}, clock);
    let caseId: string;
    try {
      caseId = await runCaseToLetter(app, clock, 'DOC-2');
      await drain(app, clock);
      const links = await documentLinks(app.store, caseId);
      assert.equal(links.length, 5);
      assert.ok(links.every((l) => l.webUrl === null));
      const out: string[] = [];
      const outDir = join(dir, 'out');
      const code = await runAdmin(['cases', 'documents', 'DOC-2', '--out', outDir], app.store, { out: (t) => out.push(t) }, app.config);
      assert.equal(code, 0, out.join('\n'));
      assert.deepEqual(readdirSync(outDir).sort(), links.map((l) => l.fileName).sort());
      // They name the child and give their date of birth: readable by their owner only, as the bot's own files.
      assert.equal(statSync(outDir).mode & 0o777, 0o700, 'the folder made for them');
      for (const name of readdirSync(outDir)) assert.equal(statSync(join(outDir, name)).mode & 0o777, 0o600, name);
      const record = await docxText(readFileSync(join(outDir, 'DOC-2 return home decision record 1.docx')));
      assert.ok(record.includes('The version the Head of Service agreed'));
      assert.ok(record.includes('14 May 2009'), 'the date of birth is in the document');
      const letter = await docxText(readFileSync(join(outDir, 'DOC-2 Your time in our care letter.docx')));
      assert.ok(letter.includes('Your letter, as finished.'));
      assert.ok(!out.join('\n').includes('14 May 2009') && !out.join('\n').includes('2009-05-14'), 'the command prints no date of birth');
      assert.match(out[0]!, /^Wrote 5 documents of case DOC-2/);
    } finally {
      await app.close();
    }
  });
});
