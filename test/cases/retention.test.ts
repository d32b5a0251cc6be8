/**
 * Issue 16, item 6: retention. A closed case's personal data (date of birth and every free text
 * typed about the child and family) is erased from the bot's own store RETENTION_DAYS_AFTER_CLOSE
 * days after it closed, leaving who decided what and when, with an audit entry saying so. Shown on
 * a real SQLite file (its bytes on disk, WAL included, searched for the text afterwards) and on
 * Azurite (every entity of both tables searched).
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupAzureTableStore } from '../../src/adapters/azure-tables/azure-table-backup';
import { AzureTableCaseStore } from '../../src/adapters/azure-tables/azure-table-case-store';
import { SqliteRecorder } from '../../src/adapters/sqlite/sqlite-recorder';
import { SqliteDocumentLibrary } from '../../src/adapters/sqlite/sqlite-document-library';
import { App, createApp } from '../../src/app';
import { runAdmin } from '../../src/cli/admin';
import type { CommandOutcome, EventInput } from '../../src/cases/case-service';
import { ERASED } from '../../src/cases/personal-data';
import { loadConfig } from '../../src/config';
import type { AuditEntry } from '../../src/ports/case-store';
import type { CaseState } from '../../src/protocol';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { dataDirEnv } from '../../support/app-on';
import { PEOPLE, RecordingNotifier, SettableClock } from '../../support/world';

let counter = 0;
const key = (): string => `ret-${process.pid}-${++counter}`;

function ok(outcome: CommandOutcome): Extract<CommandOutcome, { ok: true }> {
  if (!outcome.ok) assert.fail(`${outcome.code}: ${outcome.message}`);
  return outcome;
}

/** Free text planted in every field a not-viable case records, each unique to its case. */
function texts(tag: string) {
  return {
    views: `child-views-${tag}-Zebedee`,
    risk: `risk-summary-${tag}`,
    parents: `parents-views-${tag}`,
    iro: `iro-view-${tag}`,
    riskAnalysis: `risk-analysis-${tag}`,
    safetyPlan: `safety-plan-${tag}`,
    actions: `not-viable-notes-${tag}`,
    review: `review-notes-${tag}`,
    comment: `manager-comment-${tag}`,
  };
}

const DOB = { closedOld: '2010-02-03', closedRecent: '2011-04-05', open: '2012-06-07' } as const;

async function caseWithText(app: App, ref: string, dob: string, t: ReturnType<typeof texts>, close: boolean): Promise<string> {
  const s = app.service;
  const opened = ok(await s.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref, trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts: { legalStatus: 'S20', dateOfBirth: dob, accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: '2025-12-01', pathway: 'unplanned', returnedHomeOn: null } }));
  const caseId = opened.caseId;
  const act = async (actor: { id: string; name: string }, event: EventInput) => ok(await s.apply({ idempotencyKey: key(), caseId, actor, event }));
  await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: t.views });
  await act(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: t.risk, consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await act(PEOPLE.sw, { type: 'IroInformed' });
  await act(PEOPLE.sw, { type: 'ParentsConsulted', views: t.parents, plannedReturnAgreed: false });
  await act(PEOPLE.iro, { type: 'IroViewRecorded', view: t.iro, reviewBroughtForward: false });
  await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: t.riskAnalysis, safetyPlan: t.safetyPlan, stepdownPlan: [{ option: 'family-group-conference', purpose: `purpose-${t.views}` }], completedOn: '2026-03-02' } as EventInput);
  const approval = (await s.get(caseId))!.state.approvals.find((a) => !a.decision)!;
  await act(PEOPLE.tm, { type: 'DecisionGiven', approvalId: approval.approvalId, outcome: 'request-changes', comment: t.comment });
  await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: false, riskAnalysis: t.riskAnalysis, safetyPlan: t.safetyPlan, stepdownPlan: [], completedOn: '2026-03-02' } as EventInput);
  if (close) {
    await act(PEOPLE.sw, { type: 'NotViableActionsRecorded', childAndParentsTold: true, childProtectionConferenceBooked: false, legalPlanningMeetingBooked: false, notes: t.actions });
    await act(PEOPLE.sw, { type: 'ReviewMeetingHeld', heldOn: '2026-03-02', continueWith: ['CIN'], notes: t.review });
    assert.equal((await s.get(caseId))!.state.stage, 'closed');
  }
  return caseId;
}

function who(entries: AuditEntry[]) {
  return entries.map((e) => ({ seq: e.seq, at: e.at, actorId: e.actorId, actorName: e.actorName, onBehalfOfId: e.onBehalfOfId, role: e.role, action: e.action }));
}

interface Kind {
  name: string;
  env(dir: string): Record<string, string>;
  /** Every byte or entity the store holds, as text. */
  everything(app: App, dir: string): Promise<string>;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
}

let azurite: RunningAzurite | undefined;
const kinds: Kind[] = [
  {
    name: 'SQLite (the file and its WAL on disk)',
    env: (dir) => dataDirEnv(dir),
    async everything(_app, dir) {
      return ['cases.sqlite', 'cases.sqlite-wal'].map((f) => join(dir, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
    },
  },
  {
    name: 'Azure Table Storage (Azurite, every entity)',
    env: (dir) => ({ ...dataDirEnv(dir), GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222', GRAPH_AUTH: 'none', STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString, AZURE_TABLES_PREFIX: `ret${process.pid}x${++counter}` }),
    async everything(app, dir) {
      const file = join(dir, `dump-${++counter}.jsonl`);
      await backupAzureTableStore(app.store as AzureTableCaseStore, file);
      return readFileSync(file, 'utf8');
    },
    setUp: async () => {
      azurite = await startAzurite();
    },
    tearDown: async () => {
      await azurite?.stop();
    },
  },
];

for (const kind of kinds) {
  describe(`retention: ${kind.name}`, function () {
    this.timeout(180_000);
    let dir: string;
    let app: App;
    let recorder: SqliteRecorder;
    let documents: SqliteDocumentLibrary | undefined;
    before(async () => kind.setUp?.());
    after(async () => kind.tearDown?.());
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 's20-retention-'));
    });
    afterEach(async () => {
      await app?.close();
      recorder?.close();
      documents?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('erases a long-closed case\'s date of birth and free text, keeps who decided what and when, and leaves other cases alone', async () => {
      const clock = new SettableClock(new Date('2026-03-02T10:00:00.000Z'));
      recorder = new SqliteRecorder(join(dir, 'records.sqlite'));
      // The case file's documents stay on this machine, like the records (no Graph here).
      documents = new SqliteDocumentLibrary(join(dir, 'documents.sqlite'));
      app = createApp(loadConfig({ LOG_LEVEL: 'silent', RETENTION_DAYS_AFTER_CLOSE: '30', ...kind.env(dir) }), { clock, notifier: new RecordingNotifier(), recorder, documents });
      const old = texts('OLD');
      const recent = texts('RECENT');
      const open = texts('OPEN');
      const oldId = await caseWithText(app, 'RET-1', DOB.closedOld, old, true);
      await app.worker.drain();
      const trailBefore = await app.store.audit(oldId);

      clock.set('2026-03-25T10:00:00.000Z');
      const recentId = await caseWithText(app, 'RET-2', DOB.closedRecent, recent, true);
      const openId = await caseWithText(app, 'RET-3', DOB.open, open, false);
      assert.match(await kind.everything(app, dir), /child-views-OLD-Zebedee/, 'the text is there before');

      await app.worker.drain(); // the later cases' documents are kept too
      const keptBefore = documents.versions('RET-1').length;
      assert.ok(keptBefore > 0, "the closed case's documents are kept on this machine before");
      assert.ok(documents.versions('RET-2').length > 0);

      clock.set('2026-04-02T10:00:00.000Z'); // 31 days after RET-1 closed, 8 after RET-2
      const report = await app.retention.sweep();
      // Its documents (which hold the date of birth) go with it; the recent case's stay.
      assert.equal(documents.versions('RET-1').length, 0, 'the erased case keeps no document');
      assert.ok(documents.versions('RET-2').length > 0, "the recent case's documents are kept");
      assert.deepEqual(report, { due: 1, erased: 1, failed: 0 });

      const held = await kind.everything(app, dir);
      for (const text of [...Object.values(old), DOB.closedOld]) assert.ok(!held.includes(text), `"${text}" is gone from the store`);
      const { actions: _a, review: _r, ...openTexts } = open;
      for (const text of [...Object.values(recent), ...Object.values(openTexts), DOB.closedRecent, DOB.open]) assert.ok(held.includes(text), `"${text}" of a case not due is kept`);

      const erased = (await app.store.get<CaseState>(oldId))!.state;
      assert.equal(erased.facts.dateOfBirth, null);
      assert.equal(erased.steps.childViews?.views, ERASED);
      assert.equal(erased.review?.notes, ERASED);
      assert.equal(erased.stage, 'closed');
      assert.equal(erased.steps.childViews?.by.name, PEOPLE.sw.name, 'who recorded it stays');
      assert.equal(erased.approvals[0]?.decision?.by.name, PEOPLE.tm.name, 'who decided stays');
      assert.equal(erased.approvals[0]?.decision?.outcome, 'request-changes', 'what they decided stays');
      assert.equal(erased.approvals[0]?.decision?.comment, ERASED);

      const trailAfter = await app.store.audit(oldId);
      assert.deepEqual(who(trailAfter.slice(0, trailBefore.length)), who(trailBefore), 'every audit entry keeps who, when, role and what');
      assert.equal(trailAfter.length, trailBefore.length + 1);
      assert.equal(trailAfter.at(-1)?.actorName, 'Retention policy');
      assert.match(trailAfter.at(-1)?.action ?? '', /Personal data erased .* 30 days after the case closed \(RETENTION_DAYS_AFTER_CLOSE\)/);
      assert.equal((await app.store.get(recentId))!.version, (await app.store.audit(recentId)).length, 'the recent case is untouched');
      assert.ok((await app.store.get<CaseState>(openId))!.state.facts.dateOfBirth, 'the open case keeps its facts');

      // Once only; and the SharePoint audit list is told (the outbox delivers its line).
      assert.deepEqual(await app.retention.sweep(), { due: 0, erased: 0, failed: 0 });
      await app.worker.drain();
      assert.equal((await app.store.outboxCounts()).pending, 0);
    });

    it("keeps a withdrawn case's documents in the folder it was opened with, and erases them from there; the new case that took its reference has a folder of its own, left alone", async () => {
      const clock = new SettableClock(new Date('2026-03-02T10:00:00.000Z'));
      recorder = new SqliteRecorder(join(dir, 'records.sqlite'));
      documents = new SqliteDocumentLibrary(join(dir, 'documents.sqlite'));
      app = createApp(loadConfig({ LOG_LEVEL: 'silent', RETENTION_DAYS_AFTER_CLOSE: '30', ...kind.env(dir) }), { clock, notifier: new RecordingNotifier(), recorder, documents });
      const withdrawnId = await caseWithText(app, 'RET-W', DOB.closedOld, texts('WD'), false);
      await app.worker.drain();
      const ofCase = (ref: string, caseId: string) => documents!.versions(ref).filter((v) => v.revisionKey.startsWith(`${caseId}:`));
      assert.ok(ofCase('RET-W', withdrawnId).length > 0, "the case's documents are kept in its folder RET-W");
      ok(await app.service.apply({ idempotencyKey: key(), caseId: withdrawnId, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'duplicate', details: 'opened twice' } }));
      await app.worker.drain();
      const renamed = (await app.store.get<CaseState>(withdrawnId))!.state.ref;
      assert.notEqual(renamed, 'RET-W');
      // Before: the withdrawal wrote the whole case file again into a second folder, RET-W_W_….
      assert.deepEqual(documents.versions(renamed).map((v) => v.fileName), [], 'no second folder for the withdrawn case');
      // The support desk, naming the withdrawn case by the reference it has now, gets its documents from where they are.
      const said: string[] = [];
      assert.equal(await runAdmin(['cases', 'documents', renamed, '--out', join(dir, 'out')], app.store, { out: (t) => said.push(t) }, app.config), 0);
      if (app.config.graph) assert.match(said[0] ?? '', /^Case RET-W: its documents are in the SharePoint library "Case documents", in the folder RET-W;/);
      else {
        assert.match(said[0] ?? '', /^Wrote 2 documents of case RET-W to /, said.join('\n'));
        assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['RET-W return home decision record 1.docx', 'RET-W return home decision record 2.docx']);
      }
      const newId = ok(await app.service.openCase({ idempotencyKey: key(), actor: PEOPLE.sw, ref: 'RET-W', trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts: { legalStatus: 'S20', dateOfBirth: DOB.open, accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: '2025-12-01', pathway: 'unplanned', returnedHomeOn: null } })).caseId;
      const withdrawnKept = documents.versions('RET-W');
      await caseStepsToDocuments(app, newId);
      await app.worker.drain();
      // Before: the new case's documents went into RET-W under the same names, as new versions of the withdrawn case's files.
      assert.deepEqual(documents.versions('RET-W'), withdrawnKept, "the withdrawn case's folder is unchanged");
      const ownFolder = `RET-W (${newId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)})`;
      assert.equal((await app.store.get<CaseState>(newId))!.state.documentsFolder, ownFolder);
      const newKept = ofCase(ownFolder, newId).length;
      assert.ok(newKept > 0, "the new case's documents are kept in its own folder");
      // Each case's documents, by the admin command: the new case's own, the withdrawn case's still its own.
      const admin = async (ref: string, out: string): Promise<string> => {
        said.length = 0;
        assert.equal(await runAdmin(['cases', 'documents', ref, '--out', join(dir, out)], app.store, { out: (t) => said.push(t) }, app.config), 0);
        return said[0] ?? '';
      };
      if (app.config.graph) {
        assert.match(await admin('RET-W', 'new'), /in the folder RET-W \([0-9a-f]{8}\);/);
        assert.match(await admin(renamed, 'old'), /in the folder RET-W;/);
      } else {
        assert.match(await admin('RET-W', 'new'), /^Wrote 1 document of case RET-W to /);
        const newRecord = ofCase(ownFolder, newId).at(-1)!;
        assert.deepEqual(readFileSync(join(dir, 'new', 'RET-W return home decision record 1.docx')), newRecord.content);
        assert.match(await admin(renamed, 'old'), /^Wrote 2 documents of case RET-W to /);
        const oldRecord = withdrawnKept.filter((v) => v.fileName === 'RET-W return home decision record 1.docx').at(-1)!;
        assert.deepEqual(readFileSync(join(dir, 'old', oldRecord.fileName)), oldRecord.content);
      }
      clock.set('2026-04-02T10:00:00.000Z'); // 31 days after the withdrawal
      assert.deepEqual(await app.retention.sweep(), { due: 1, erased: 1, failed: 0 });
      // Before: retention erased the RET-W_W_… folder only, and the child's documents stayed in RET-W.
      const left = [renamed, 'RET-W', ownFolder].flatMap((ref) => ofCase(ref, withdrawnId));
      assert.deepEqual(left.map((v) => `${v.caseRef}/${v.fileName}`), [], "none of the withdrawn case's documents is left");
      assert.equal(ofCase(ownFolder, newId).length, newKept, "the new case's documents are all kept");
      assert.deepEqual(documents.versions('RET-W'), [], 'nothing else was in its folder');
    });
  });
}

/** Enough of a case (a submitted assessment) for its decision record to be written. */
async function caseStepsToDocuments(app: App, caseId: string): Promise<void> {
  const act = async (actor: { id: string; name: string }, event: EventInput) => ok(await app.service.apply({ idempotencyKey: key(), caseId, actor, event }));
  await act(PEOPLE.sw, { type: 'ChildViewsRecorded', views: 'new-views' });
  await act(PEOPLE.sw, { type: 'ImmediateRiskConsidered', summary: 'new-risk', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
  await act(PEOPLE.sw, { type: 'IroInformed' });
  await act(PEOPLE.sw, { type: 'ParentsConsulted', views: 'new-parents', plannedReturnAgreed: false });
  await act(PEOPLE.iro, { type: 'IroViewRecorded', view: 'new-iro', reviewBroughtForward: false });
  await act(PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'new-ra', safetyPlan: 'new-sp', stepdownPlan: [{ option: 'family-group-conference', purpose: 'new-purpose' }], completedOn: '2026-03-02' } as EventInput);
}

describe('retention: configuration', () => {
  it('defaults to 90 days and refuses a period no longer than REOPEN_WITHIN_DAYS, naming both', () => {
    assert.equal(loadConfig({}).policy.retentionDaysAfterClose, 90);
    assert.throws(() => loadConfig({ RETENTION_DAYS_AFTER_CLOSE: '20' }), /RETENTION_DAYS_AFTER_CLOSE \(20\) must be more than REOPEN_WITHIN_DAYS \(28\)/);
    assert.throws(() => loadConfig({ RETENTION_DAYS_AFTER_CLOSE: '0' }), /RETENTION_DAYS_AFTER_CLOSE/);
  });
});
