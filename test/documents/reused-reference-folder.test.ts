/**
 * A withdrawn case gives its reference up (MOS-1042 → MOS-1042_W_…) and its documents stay in the
 * MOS-1042 folder. A new case opened with MOS-1042 (normally the same child) wrote its documents
 * into that folder under the same file names, so in SharePoint they became new versions of the
 * withdrawn case's files. Each case now has a folder of its own for its whole life, set when it is
 * opened: the reference's for the first, "MOS-1042 (5e6f7a8b)" beside it for a case that reuses it.
 * (Without Graph, on both stores, with retention and the admin command: test/cases/retention.test.ts.)
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { runAdmin } from '../../src/cli/admin';
import type { CommandOutcome, EventInput } from '../../src/cases/case-service';
import { loadConfig } from '../../src/config';
import { documentLinks } from '../../src/documents/document-links';
import type { CaseState } from '../../src/protocol';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { makeWorld, PEOPLE, RecordingNotifier, ROLES, SettableClock, type World } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { docxText } from './support/docx-text';

const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';
let counter = 0;
const key = (): string => `reuse-${process.pid}-${++counter}`;

function ok(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`${outcome.code}: ${outcome.message}`);
  return outcome;
}

/** Opens a case and submits its assessment (the decision record is made), with `tag` in its words. */
async function caseWithRecord(app: App, ref: string, tag: string): Promise<string> {
  const facts = { legalStatus: 'S20', dateOfBirth: '2012-06-07', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: '2025-12-01', pathway: 'unplanned', returnedHomeOn: null };
  const caseId = ok(await app.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref, trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts })).caseId;
  const act = async (actor: { id: string; name: string }, event: EventInput) => ok(await app.service.apply({ idempotencyKey: key(), caseId, actor, event }));
  await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: `views-${tag}` });
  await act(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: `risk-${tag}`, consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await act(PEOPLE.sw, { type: 'IroInformed' });
  await act(PEOPLE.sw, { type: 'ParentsConsulted', views: `parents-${tag}`, plannedReturnAgreed: false });
  await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: `analysis-${tag}`, safetyPlan: `plan-${tag}`, stepdownPlan: [{ option: 'trusted-adult', purpose: `purpose-${tag}` }], completedOn: '2026-03-02' });
  return caseId;
}

async function withdraw(app: App, caseId: string): Promise<string> {
  ok(await app.service.apply({ idempotencyKey: key(), caseId, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'started on the wrong child record' } }));
  return (await app.store.get<CaseState>(caseId))!.state.ref;
}

const idStart = (caseId: string): string => caseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);

describe("a new case taking a withdrawn case's reference, with SharePoint", function () {
  this.timeout(120_000);
  let dir: string;
  let server: LocalGraphServer;
  let app: App;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-reuse-'));
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    const client = testGraphClient(server.url);
    const rolesFile = join(dir, 'roles.json');
    writeFileSync(rolesFile, JSON.stringify(ROLES));
    const config = loadConfig({ DATA_DIR: dir, ROLES_FILE: rolesFile, ORG_NAME: 'Mossbank Council', LOG_LEVEL: 'silent', GRAPH_BASE_URL: `${server.url}/v1.0`, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' });
    app = createApp(config, { clock: new SettableClock(new Date('2026-03-02T10:00:00Z')), notifier: new RecordingNotifier(), graphClient: client });
    await provisionSharePoint(client, SITE);
  });
  afterEach(async () => {
    await app.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const files = () => server.drives.files(SITE, 'Case documents');
  const snapshot = (folder: string) => files().filter((f) => f.path.split('/')[0] === folder).map((f) => ({ name: f.name, versions: f.versions, content: f.content.toString('base64'), fields: { ...f.fields } }));

  it("leaves the withdrawn case's files as they were and keeps the new case's in a folder of its own, named by the reference and the start of its id", async () => {
    const firstId = await caseWithRecord(app, 'MOS-1042', 'FIRST');
    const firstRef = await withdraw(app, firstId);
    await app.worker.drain();
    const before = snapshot('MOS-1042');
    assert.deepEqual(before.map((f) => f.name), ['MOS-1042 return home decision record 1.docx']);

    const secondId = await caseWithRecord(app, 'MOS-1042', 'SECOND');
    await app.worker.drain();
    assert.equal((await app.store.outboxCounts()).dead, 0);
    // Before: the new case's record was uploaded over the withdrawn case's (a second version of the same file).
    assert.deepEqual(snapshot('MOS-1042'), before, "the withdrawn case's files are unchanged");
    const own = `MOS-1042 (${idStart(secondId)})`;
    const second = files().filter((f) => f.path.split('/')[0] === own);
    assert.deepEqual(second.map((f) => [f.name, f.versions]), [['MOS-1042 return home decision record 1.docx', 1]]);
    const text = await docxText(second[0]!.content);
    assert.ok(text.includes('MOS-1042') && text.includes('analysis-SECOND') && !text.includes('analysis-FIRST'), 'the new case\'s record, under its reference');
    assert.equal(second[0]!.fields['CaseRef'], 'MOS-1042', 'filtered by the reference in SharePoint, as every case');
    assert.ok((await docxText(Buffer.from(before[0]!.content, 'base64'))).includes('analysis-FIRST'));
    // The case card's links open each case's own files.
    const links = async (caseId: string) => (await documentLinks(app.store, caseId)).map((l) => decodeURIComponent(l.webUrl ?? ''));
    assert.match((await links(secondId))[0] ?? '', /\/MOS-1042 \([0-9a-f]{8}\)\/MOS-1042 return home decision record 1\.docx$/);
    assert.match((await links(firstId))[0] ?? '', /\/MOS-1042\/MOS-1042 return home decision record 1\.docx$/);

    // The support desk is sent to each case's own folder.
    const said: string[] = [];
    const admin = async (ref: string) => runAdmin(['cases', 'documents', ref, '--out', join(dir, 'out')], app.store, { out: (t) => said.push(t) }, app.config);
    assert.equal(await admin('MOS-1042'), 0);
    assert.equal(await admin(firstRef), 0);
    assert.match(said[0] ?? '', /^Case MOS-1042: its documents are in the SharePoint library "Case documents", in the folder MOS-1042 \([0-9a-f]{8}\); open them there/);
    assert.match(said[1] ?? '', /^Case MOS-1042: its documents are in the SharePoint library "Case documents", in the folder MOS-1042; open them there/);

    // A third case with the reference, after the second is withdrawn too: a folder of its own again.
    await withdraw(app, secondId);
    const thirdId = await caseWithRecord(app, 'mos/1042', 'THIRD');
    await app.worker.drain();
    assert.deepEqual(snapshot('MOS-1042'), before);
    assert.equal(snapshot(own).length, 1);
    assert.deepEqual(snapshot(`mos-1042 (${idStart(thirdId)})`).map((f) => [f.name, f.versions]), [['mos-1042 return home decision record 1.docx', 1]]);
  });

  it('keeps a case that reuses no reference in the folder named by its reference alone', async () => {
    const caseId = await caseWithRecord(app, 'MOS-2000', 'ONLY');
    await app.worker.drain();
    assert.equal((await app.store.get<CaseState>(caseId))!.state.documentsFolder, undefined);
    assert.deepEqual(files().map((f) => f.path), ['MOS-2000/MOS-2000 return home decision record 1.docx']);
  });
});

describe("a new case opened with a reference while the case holding it is withdrawn", () => {
  it('gets a folder of its own, though the withdrawal landed after the new case looked for withdrawn cases', async () => {
    let heldBy: string | undefined;
    const facts = { legalStatus: 'S20', dateOfBirth: '2012-06-07', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: '2025-12-01', pathway: 'unplanned', returnedHomeOn: null };
    const world: World = makeWorld('2026-03-02T10:00:00Z', {}, undefined, {
      storeAs: (store) => wrapStore(store, {
        // The team manager's withdrawal lands just before the new case's commit.
        commit: async (commit) => {
          if (commit.expectedVersion === 0 && heldBy !== undefined) {
            const withdrawing = heldBy;
            heldBy = undefined;
            ok(await world.service.apply({ idempotencyKey: key(), caseId: withdrawing, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'started on the wrong child record' } }));
          }
          return store.commit(commit);
        },
      }),
    });
    try {
      const firstId = ok(await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'RACE-1', trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts })).caseId;
      heldBy = firstId;
      const secondId = ok(await world.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'RACE-1', trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts })).caseId;
      assert.match((await world.store.get<CaseState>(firstId))!.state.ref, /^RACE-1_W_/);
      // Before: no folder of its own, so its documents would have gone into RACE-1 over the withdrawn case's.
      assert.equal((await world.store.get<CaseState>(secondId))!.state.documentsFolder, `RACE-1 (${idStart(secondId)})`);
    } finally {
      await world.close();
    }
  });
});
