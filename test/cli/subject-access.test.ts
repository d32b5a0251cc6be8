/**
 * Issue 16, item 6: subject access. `admin cases find --child NAME [--dob …]` finds the cases that
 * may be a child's (by the free text typed about them, or their date of birth) and `admin cases
 * export REF --out FILE` writes everything the bot holds about the child of one case. Run as the
 * real command on a real SQLite store; each records who ran it and when in the case's audit trail.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorld, PEOPLE, World } from '../../support/world';

function adminWith(env: Record<string, string>, dataDir: string, ...args: string[]) {
  const result = spawnSync('node_modules/.bin/tsx', ['src/cli/admin.ts', ...args], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }, input: '' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function admin(dataDir: string, ...args: string[]) {
  return adminWith({}, dataDir, ...args);
}

/** The bot's settings with SharePoint (Graph) configured: the export only reads them, it calls no Graph. */
const WITH_GRAPH = { GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', SHAREPOINT_SITE_ID: 'site-1', GRAPH_AUTH: 'none' };

const FACTS = { legalStatus: 'S20', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' };

describe('admin cases find / export (subject access)', function () {
  this.timeout(120_000);
  let world: World;
  before(async () => {
    world = makeWorld();
    for (const [ref, dob, views] of [['SAR-1', '2010-01-02', 'Jamie Quibble wants to go home to mum.'], ['SAR-2', '2012-03-04', 'Wants to stay with carers.'], ['SAR-3', '2010-01-02', 'No views given yet.']] as const) {
      const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: PEOPLE.sw, ref, trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts: { ...FACTS, dateOfBirth: dob } });
      assert.ok(opened.ok, opened.ok ? '' : opened.message);
      const viewed = await world.service.apply({ idempotencyKey: `views-${ref}`, caseId: opened.caseId, actor: PEOPLE.sw, event: { type: 'ChildViewsRecorded', views } });
      assert.ok(viewed.ok);
    }
  });
  after(async () => {
    await world.close();
  });

  it('finds the cases by the name in free text and by date of birth, saying where it matched but not the text, and records the search in each case found', async () => {
    const byName = admin(world.dir, 'cases', 'find', '--child', 'jamie quibble', '--by', 'Pat Records');
    assert.equal(byName.code, 0, byName.err);
    assert.match(byName.out, /^Searched 3 cases for the name: 1 found\./);
    assert.match(byName.out, /SAR-1 \(preparing\): matched on the name in steps\.childViews\.views/);
    assert.ok(!byName.out.includes('wants to go home'), 'the free text itself is not printed');

    const byDob = admin(world.dir, 'cases', 'find', '--child', 'Jamie Quibble', '--dob', '2010-01-02');
    assert.equal(byDob.code, 0, byDob.err);
    assert.match(byDob.out, /2 found/);
    assert.match(byDob.out, /SAR-1 \(preparing\): matched on date of birth; the name in steps\.childViews\.views/);
    assert.match(byDob.out, /SAR-3 \(preparing\): matched on date of birth\n?$/);

    const none = admin(world.dir, 'cases', 'find', '--child', 'Nobody Atall');
    assert.match(none.out, /none found/);

    const sar1 = (await world.service.getByRef('SAR-1'))!.summary.caseId;
    const sar2 = (await world.service.getByRef('SAR-2'))!.summary.caseId;
    const trail = await world.store.audit(sar1);
    const searches = trail.filter((e) => e.action === 'Subject access: found by a search for a child (admin cases find)');
    assert.equal(searches.length, 2);
    assert.match(searches[0]!.actorName, /^Pat Records \(admin command, signed in as .+\)$/);
    assert.match(searches[0]!.actorId, /^admin:/);
    assert.ok(!(await world.store.audit(sar2)).some((e) => e.action.startsWith('Subject access')), 'a case not found is not touched');

    assert.equal(admin(world.dir, 'cases', 'find', '--child', 'Ja').code, 2);
    assert.match(admin(world.dir, 'cases', 'find', '--dob', '2010-13-45').err, /--dob must be a date written YYYY-MM-DD/);
  });

  it('exports everything held about the child of one case, records who did it, and never overwrites a file', async () => {
    const file = join(world.dir, 'sar-1.json');
    const run = admin(world.dir, 'cases', 'export', 'SAR-1', '--out', file, '--by', 'Pat Records');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^Written to .*sar-1\.json: case SAR-1, \d+ audit entries, \d+ messages and records, \d+ deadlines\. It holds the child's date of birth/);
    assert.ok(!run.out.includes('2010-01-02'), 'the date of birth goes to the file, not the screen');
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { case: { state: { facts: { dateOfBirth: string }; steps: { childViews: { views: string } } } }; audit: { action: string; actorName: string }[]; outbox: unknown[]; exportedBy: string };
    assert.equal(exported.case.state.facts.dateOfBirth, '2010-01-02');
    assert.equal(exported.case.state.steps.childViews.views, 'Jamie Quibble wants to go home to mum.');
    assert.ok(exported.outbox.length > 0);
    assert.ok(exported.audit.some((e) => e.action.startsWith('Subject access: everything the bot holds') && e.actorName.startsWith('Pat Records')), 'the export is in the trail it exports');
    assert.equal(statSync(file).mode & 0o777, 0o600, 'readable by its owner only');

    const again = admin(world.dir, 'cases', 'export', 'SAR-1', '--out', file);
    assert.equal(again.code, 2);
    assert.match(again.err, /^Not written: .* already exists\. Name a new file\.\n$/);
    // The reference typed in any case, as "case REF" in Teams reads it.
    const lower = admin(world.dir, 'cases', 'export', 'sar-1', '--out', join(world.dir, 'sar-1-again.json'));
    assert.equal(lower.code, 0, lower.err);
    assert.match(lower.out, /: case SAR-1, /);
    // And pasted with Word's non-breaking hyphen, as "case REF" in Teams reads it.
    const pasted = admin(world.dir, 'cases', 'export', 'SAR\u20111', '--out', join(world.dir, 'sar-1-pasted.json'));
    assert.equal(pasted.code, 0, pasted.err);
    assert.match(pasted.out, /: case SAR-1, /);
    const unknown = admin(world.dir, 'cases', 'export', 'SAR-404', '--out', join(world.dir, 'x.json'));
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /No case with reference SAR-404\./);
    assert.ok(!existsSync(join(world.dir, 'x.json')));
  });

  it('refuses an export into a folder that does not exist before recording it: the trail never says the data went to a file never written', async () => {
    const caseId = (await world.service.getByRef('SAR-1'))!.summary.caseId;
    const before = (await world.store.audit(caseId)).length;
    const run = admin(world.dir, 'cases', 'export', 'SAR-1', '--out', join(world.dir, 'no-such-folder', 'sar.json'), '--by', 'Pat Records');
    assert.equal(run.code, 2, run.err);
    assert.match(run.err, /^Not written: there is no folder .*no-such-folder\. Name a file in a folder that exists\.\n$/);
    assert.equal((await world.store.audit(caseId)).length, before, 'no export recorded');
  });

  it('refuses --by with no name (the next option straight after it), instead of recording "--out" as who exported the child\'s data, or writing a file named "--by"', async () => {
    const caseId = (await world.service.getByRef('SAR-1'))!.summary.caseId;
    const before = (await world.store.audit(caseId)).length;
    const file = join(world.dir, 'sar-by.json');
    const noName = admin(world.dir, 'cases', 'export', 'SAR-1', '--by', '--out', file);
    assert.equal(noName.code, 2, noName.err);
    assert.equal(noName.err, '--by needs your name, as the audit trail records it: --by "YOUR NAME". Nothing was recorded.\n');
    assert.ok(!existsSync(file), 'nothing written');
    const noFile = admin(world.dir, 'cases', 'export', 'SAR-1', '--out', '--by', 'Pat Records');
    assert.equal(noFile.code, 2, noFile.err);
    assert.match(noFile.err, /^Usage: npm run --silent admin -- cases export REF --out FILE/);
    assert.ok(!existsSync('--by'), 'no file named --by');
    assert.equal(admin(world.dir, 'cases', 'find', '--child', 'Jamie', '--by').code, 2);
    assert.equal(admin(world.dir, 'cases', 'needing-people', '--by', '--json').code, 2);
    assert.equal((await world.store.audit(caseId)).length, before, 'nothing recorded');
  });

  it('an export naming a withdrawn case by the reference it gave up names the one it has now, and exports nothing on a guess', async () => {
    const opened = await world.service.openCase({ idempotencyKey: 'open-SAR-9', actor: PEOPLE.sw, ref: 'SAR-9', trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts: { ...FACTS, dateOfBirth: '2011-02-03' } });
    assert.ok(opened.ok);
    const done = await world.service.apply({ idempotencyKey: 'withdraw-SAR-9', caseId: opened.caseId, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'Wrong child record.' } });
    assert.ok(done.ok);
    const now = (await world.service.get(opened.caseId))!.state.ref;
    const before = (await world.store.audit(opened.caseId)).length;
    const file = join(world.dir, 'sar-9.json');
    const run = admin(world.dir, 'cases', 'export', 'SAR-9', '--out', file);
    assert.equal(run.code, 2, run.err);
    assert.equal(run.err.trim(), `No case has reference SAR-9 now. A withdrawn case had it; export it by the reference it has now: ${now}. Nothing was exported.`);
    assert.ok(!existsSync(file));
    assert.equal((await world.store.audit(opened.caseId)).length, before, 'no export recorded');
    assert.equal(admin(world.dir, 'cases', 'export', now, '--out', file).code, 0);

    // Each export says where that case's documents are to be searched: the withdrawn case's stay in SAR-9,
    // the new case with the freed reference has its own folder. Before, the export named no folder.
    const again = await world.service.openCase({ idempotencyKey: 'open-SAR-9-again', actor: PEOPLE.sw, ref: 'SAR-9', trigger: 'consent-withdrawn', iro: PEOPLE.iro, facts: { ...FACTS, dateOfBirth: '2011-02-03' } });
    assert.ok(again.ok);
    const fileAgain = join(world.dir, 'sar-9-again.json');
    // With SharePoint configured: without it, the documents are on this machine (the next test).
    const withdrawn = join(world.dir, 'sar-9-withdrawn.json');
    assert.equal(adminWith(WITH_GRAPH, world.dir, 'cases', 'export', now, '--out', withdrawn).code, 0);
    const exported = adminWith(WITH_GRAPH, world.dir, 'cases', 'export', 'SAR-9', '--out', fileAgain);
    assert.equal(exported.code, 0, exported.err);
    assert.match(exported.out, /Its documents are in the SharePoint library "Case documents", in the folder SAR-9 \([0-9a-f]{8}\)\.$/m);
    const about = (f: string): string => (JSON.parse(readFileSync(f, 'utf8')) as { about: string }).about;
    assert.match(about(withdrawn), /So are the SharePoint lists and documents: its documents are in the folder SAR-9 of the "Case documents" library\.$/);
    assert.match(about(fileAgain), /So are the SharePoint lists and documents: its documents are in the folder SAR-9 \([0-9a-f]{8}\) of the "Case documents" library\.$/);
  });

  it('without Graph, says the documents and list rows are kept on this machine (not in SharePoint), lists the documents and how to write them out', async () => {
    const none = admin(world.dir, 'cases', 'export', 'SAR-3', '--out', join(world.dir, 'sar-3-local.json'));
    assert.equal(none.code, 0, none.err);
    assert.match(none.out, /The bot keeps no documents of this case on this machine\.$/m);
    // The decision record as the bot keeps it without Graph (it is made when the assessment is submitted).
    const caseId = (await world.service.getByRef('SAR-2'))!.summary.caseId;
    await world.app.documents.put({ caseRef: 'SAR-2', fileName: 'SAR-2 Decision record.docx', revisionKey: `${caseId}:decision-record:1`, content: Buffer.from('docx'), fields: { DocumentKind: 'Decision record' } });
    const file = join(world.dir, 'sar-2-local.json');
    const run = admin(world.dir, 'cases', 'export', 'SAR-2', '--out', file);
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out, /SharePoint library/);
    assert.match(run.out, /Its (document is|\d+ documents are) kept on this machine, not in SharePoint \(Graph is not configured\): write (it|them) out with: npm run --silent admin -- cases documents SAR-2 --out DIR$/m);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { about: string; documentsKeptHere: { fileName: string; version: number; keptAt: string }[] };
    assert.doesNotMatch(exported.about, /folder .* of the "Case documents" library/);
    assert.match(exported.about, /This bot runs without Microsoft Graph, so nothing of this case is in SharePoint/);
    assert.match(exported.about, /cases documents SAR-2 --out DIR$/);
    assert.deepEqual(exported.documentsKeptHere.map((d) => [d.fileName, d.version]), [['SAR-2 Decision record.docx', 1]]);
  });
});

