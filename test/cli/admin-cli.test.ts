import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordUndelivered } from '../../src/cases/undelivered-messages';
import { makeWorld, PEOPLE, ROLES, World } from '../../support/world';
import { parseRoleConfig } from '../../src/cases/role-config';
import { SITE_ID } from '../../support/app-on';

function admin(dataDir: string, ...args: string[]) {
  return adminWith({ DATA_DIR: dataDir }, ...args);
}

function adminWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync('node_modules/.bin/tsx', ['src/cli/admin.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, input: '' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('admin command (support staff)', function () {
  this.timeout(60_000);
  let world: World;
  before(async () => {
    world = makeWorld();
    const opened = await world.service.openCase({
      idempotencyKey: 'open-adm', actor: PEOPLE.sw, ref: 'ADM-1', trigger: 'young-person-left', iro: PEOPLE.iro,
      facts: { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' },
    });
    assert.ok(opened.ok);
    await world.service.apply({ idempotencyKey: 'views', caseId: opened.caseId, actor: PEOPLE.sw, event: { type: 'IroInformed' } });
  });
  after(async () => {
    await world.close();
  });

  it('lists cases and shows one, without the date of birth', () => {
    const list = admin(world.dir, 'cases', 'list');
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /ADM-1\s+unplanned\s+Preparing the assessment\s/);
    const show = admin(world.dir, 'cases', 'show', 'ADM-1', '--json');
    assert.equal(show.code, 0, show.err);
    const parsed = JSON.parse(show.out) as { version: number; state: { ref: string } };
    assert.equal(parsed.state.ref, 'ADM-1');
    assert.equal(parsed.version, 2);
    assert.ok(!show.out.includes('2009-05-14'));
    assert.ok(!admin(world.dir, 'cases', 'show', 'ADM-1').out.includes('2009-05-14'));
  });

  it('shows the messages of a case that did not reach someone, and says so when there are none', async () => {
    const none = admin(world.dir, 'cases', 'show', 'ADM-1');
    assert.match(none.out, /Messages that did not reach someone:\n {2}none/);
    const caseId = (await world.service.getByRef('ADM-1'))!.summary.caseId;
    await recordUndelivered(world.store, caseId, { effectId: 'e-1:channel:iro', what: 'the notice to the IRO (R-UNPL-3)', to: 'the IRO channel', reason: 'channel-not-set-up', at: '2026-03-02T10:00:00.000Z' });
    const shown = admin(world.dir, 'cases', 'show', 'ADM-1');
    assert.match(shown.out, /Messages that did not reach someone:\n {2}2026-03-02 10:00 GMT: the notice to the IRO \(R-UNPL-3\) to the IRO channel: the Return home app has not been added to the IRO team in Teams yet \(effect e-1:channel:iro\)/);
    assert.ok(!/T\d{2}:\d{2}:\d{2}\.\d{3}Z/.test(shown.out), `no stored instant shown as stored: ${shown.out}`);
    const json = JSON.parse(admin(world.dir, 'cases', 'show', 'ADM-1', '--json').out) as { undelivered: { to: string }[] };
    assert.deepEqual(json.undelivered.map((m) => m.to), ['the IRO channel']);
  });

  it('lists the team each case is filed under, marking a team the organisation file no longer names (no child data)', () => {
    // The world's organisation (its roles, one team "All teams") in a file of its own.
    const rolesFile = join(world.dir, 'roles-all-teams.json');
    writeFileSync(rolesFile, JSON.stringify({ roles: { 'social-worker': { users: [PEOPLE.sw] }, 'team-manager': { users: [PEOPLE.tm] }, 'head-of-service': { users: [PEOPLE.hos] }, director: { users: [PEOPLE.director] }, iro: { users: [PEOPLE.iro] } } }));
    const named = adminWith({ DATA_DIR: world.dir, ROLES_FILE: rolesFile }, 'cases', 'list');
    assert.equal(named.code, 0, named.err);
    assert.match(named.out, /^REF\s+PATHWAY\s+STAGE\s+OPENED\s+UPDATED\s+TEAM$/m);
    assert.match(named.out, /^ADM-1\s.*\sAll teams$/m);
    // The playground's file names other teams: the case's team is marked, so operators see which cases no team manager can list.
    const renamed = adminWith({ DATA_DIR: world.dir, ROLES_FILE: join(process.cwd(), 'config', 'roles.local.json') }, 'cases', 'list');
    assert.equal(renamed.code, 0, renamed.err);
    assert.match(renamed.out, /^ADM-1\s.*\sAll teams \(not in the organisation file\)$/m);
    const json = JSON.parse(adminWith({ DATA_DIR: world.dir, ROLES_FILE: rolesFile }, 'cases', 'list', '--json').out) as { ref: string; team: string }[];
    assert.deepEqual(json.map((c) => [c.ref, c.team]), [['ADM-1', 'All teams']]);
    for (const out of [named.out, renamed.out]) assert.ok(!out.includes('2009-05-14'));
  });

  it('prints the audit trail: who, on whose behalf, when, what', () => {
    const audit = admin(world.dir, 'cases', 'audit', 'ADM-1', '--json');
    assert.equal(audit.code, 0, audit.err);
    const { audit: entries, refusals } = JSON.parse(audit.out) as { audit: { seq: number; actorName: string; action: string }[]; refusals: unknown[] };
    assert.deepEqual(refusals, []);
    assert.deepEqual(entries.map((e) => [e.seq, e.actorName, e.action]), [[1, PEOPLE.sw.name, 'Case opened on the unplanned pathway'], [2, PEOPLE.sw.name, 'IRO informed']]);
    assert.match(admin(world.dir, 'cases', 'audit', 'ADM-1').out, /IRO informed/);
  });

  it('prints the instants in its tables in the organisation\'s time with its zone, "2026-03-02 10:00 GMT", not as stored ("2026-03-02T10:00", read as local time in summer)', () => {
    const list = admin(world.dir, 'cases', 'list').out;
    assert.match(list, /^ADM-1\s+unplanned\s+Preparing the assessment\s+2026-03-02 10:00 GMT\s+2026-03-02 10:00 GMT\s+All teams/m);
    const audit = admin(world.dir, 'cases', 'audit', 'ADM-1').out;
    assert.match(audit, new RegExp(`^2\\s+2026-03-02 10:00:00 GMT\\s+${PEOPLE.sw.name}\\s`, 'm'));
    for (const out of [list, audit, admin(world.dir, 'refusals').out]) assert.ok(!/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(out.replace(/\\u000a2026-03-01T09:00:00/g, '')), `no instant as stored: ${out}`);
  });

  it('reports the outbox and replays dead items', () => {
    const status = admin(world.dir, 'outbox', 'status', '--json');
    assert.equal(status.code, 0, status.err);
    const counts = JSON.parse(status.out) as { pending: number; dead: number };
    assert.ok(counts.pending > 0, 'effects wait in the outbox until a worker delivers them');
    assert.equal(counts.dead, 0);
    assert.match(admin(world.dir, 'outbox', 'replay').out, /Nothing to replay/);
  });

  it('finds the case file\'s documents where the configuration keeps them: the local file in DATA_DIR, or SharePoint with Graph', () => {
    const outDir = join(world.dir, 'documents-out');
    // The world's store and its local library are both in DATA_DIR; no document is made until the outbox runs.
    const local = admin(world.dir, 'cases', 'documents', 'ADM-1', '--out', outDir);
    assert.equal(local.code, 0, local.err);
    assert.match(local.out, /^Case ADM-1: no documents yet\. They are made as the case goes on/);
    const graph = adminWith({ DATA_DIR: world.dir, GRAPH_BASE_URL: 'http://127.0.0.1:9/v1.0', SHAREPOINT_SITE_ID: SITE_ID, GRAPH_AUTH: 'none' }, 'cases', 'documents', 'ADM-1', '--out', outDir);
    assert.equal(graph.code, 0, graph.err);
    assert.match(graph.out, /^Case ADM-1: its documents are in the SharePoint library ".+", in the folder ADM-1/);
    assert.ok(!existsSync(outDir), 'nothing was written');
  });

  it('finds a case by its reference typed in any case, or pasted with an invisible character or a look-alike dash, as "case REF" in Teams does (adm-1, ADM\u20111 for ADM-1)', () => {
    for (const typed of ['adm-1', 'Adm-1', 'ADM\u20111', '\u200BADM-1']) {
      const show = admin(world.dir, 'cases', 'show', typed, '--json');
      assert.equal(show.code, 0, show.err);
      assert.equal((JSON.parse(show.out) as { state: { ref: string } }).state.ref, 'ADM-1', typed);
    }
  });

  it('says what is wrong, in one line, for an unknown case or command', () => {
    const unknown = admin(world.dir, 'cases', 'show', 'NOPE-9');
    assert.equal(unknown.code, 2);
    assert.equal(unknown.err.trim(), 'No case with reference NOPE-9.');
    const bad = admin(world.dir, 'frobnicate');
    assert.equal(bad.code, 2);
    assert.equal(bad.err.trim().split('\n').length, 1);
    assert.ok(!bad.err.includes(' at '));
  });

  it('prints what a forged card named as escapes: no escape sequence reaches the terminal, no false row in the table', async () => {
    // A card's caseId is any text up to 100 characters: this one would clear the screen, set the window title and add a row.
    const forged = '\u001b]0;owned\u0007\u001b[2J\n2026-03-01T09:00:00  Someone Else  x  Approve  OK  \u202eFAKE';
    const refused = await world.service.apply({ idempotencyKey: 'forged-named', caseId: forged, actor: PEOPLE.sw, event: { type: 'IroInformed' } });
    assert.equal(refused.ok, false);
    const listed = admin(world.dir, 'refusals');
    assert.equal(listed.code, 0, listed.err);
    assert.ok(!['\u001b', '\u0007', '\u202e'].some((c) => listed.out.includes(c)), 'no control character printed');
    const rows = listed.out.trimEnd().split('\n').slice(2);
    const row = rows.find((r) => r.includes('\\u001b]0;owned'));
    assert.ok(row, listed.out);
    assert.ok(row.includes('\\u000a2026-03-01T09:00:00  Someone Else') && row.endsWith('\\u202eFAKE'), `one row, as escapes: ${row}`);
    assert.ok(!rows.some((r) => r.startsWith('2026-03-01T09:00:00')), 'no false row');
  });

  it('prints the plain usage for a group named with nothing after it (admin cases, admin outbox)', () => {
    for (const group of ['cases', 'outbox']) {
      const bare = admin(world.dir, group);
      assert.equal(bare.code, 2);
      assert.match(bare.err.trim(), /^Usage: npm run --silent admin -- cases list/);
      assert.ok(!bare.err.includes('Unknown command'), bare.err);
    }
    assert.match(admin(world.dir, 'cases', 'frobnicate').err, /^Unknown command "cases frobnicate"/);
  });

  it('run where there is no case store (the wrong folder, DATA_DIR not set), says so and makes none, instead of "No cases yet." of a new empty store', () => {
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'admin-elsewhere-')), 'data');
    for (const args of [['cases', 'list'], ['outbox', 'status'], ['backup', '--out', join(elsewhere, '..', 'b.sqlite')]]) {
      const run = admin(elsewhere, ...args);
      assert.equal(run.code, 2, run.out);
      assert.equal(run.out, '');
      assert.equal(run.err.trim(), `There is no case store at ${join(elsewhere, 'cases.sqlite')}, so nothing was read or changed. The bot makes it when it first starts: run the admin command in the folder the bot runs in (where its .env sets DATA_DIR), or set DATA_DIR to the bot's data folder.`);
    }
    // A mistyped command is refused as such before any store is looked for or opened (an Azure store would be made by opening it).
    for (const args of [['cases', 'lsit'], ['outbx', 'status'], ['restroe', join(elsewhere, 'b.sqlite')]]) {
      const typo = admin(elsewhere, ...args);
      assert.equal(typo.code, 2, typo.out);
      assert.match(typo.err, new RegExp(`^Unknown command "${args[0]} ${args[0] === 'restroe' ? '' : args[1]}`.trimEnd()), typo.err);
      assert.ok(!typo.err.includes('There is no case store'), typo.err);
    }
    const bare = admin(elsewhere);
    assert.equal(bare.code, 2);
    assert.match(bare.err, /^Usage: npm run --silent admin -- cases list/, 'nothing asked: the usage, not that there is no store');
    assert.ok(!existsSync(elsewhere), 'no data folder made');
  });

  it('a known command missing what it needs (a reference, a file, a name for --by) is refused as such before any store is looked for or opened, instead of "There is no case store"', () => {
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'admin-elsewhere-')), 'data');
    for (const [args, words] of [
      [['cases', 'show'], /^Name the case reference\. Usage:/],
      [['cases', 'documents', 'ADM-1'], /^Say where to write them: /],
      [['cases', 'export', 'ADM-1'], /^Usage: npm run --silent admin -- cases export REF --out FILE/],
      [['cases', 'find', '--child', 'Al'], /^Give at least three letters of the child's name\.$/],
      [['backup'], /^Name the file to write: /],
      [['restore', join(elsewhere, 'no-such-backup.sqlite')], /^Not restored: there is no file /],
    ] as const) {
      const slip = admin(elsewhere, ...args);
      assert.equal(slip.code, 2, slip.out);
      assert.match(slip.err.trim(), words, `${args.join(' ')}: ${slip.err}`);
    }
    assert.ok(!existsSync(elsewhere), 'no data folder made (a restore made its store before it looked for the file)');
  }).timeout(120_000);

  it('answers help, --help and -h with the usage on standard output and exit code 0, not "Unknown command" (exit 2)', () => {
    for (const ask of ['help', '--help', '-h']) {
      const asked = admin(world.dir, ask);
      assert.equal(asked.code, 0, asked.err);
      assert.match(asked.out, /^Usage: npm run --silent admin -- cases list\|show REF\|audit REF \[--json\]/);
      // The audited commands record who ran them: --by NAME, as each command's own usage says.
      for (const audited of ['cases export REF --out FILE', 'cases find --child NAME [--dob YYYY-MM-DD]', 'cases needing-people [--json]', 'cases move-team "OLD TEAM" "NEW TEAM" [--dry-run]']) assert.ok(asked.out.includes(`${audited} [--by NAME]`), audited);
      assert.equal(asked.err, '');
    }
  });

  it('shows a case in the words the cards use, not the stored codes', () => {
    const shown = admin(world.dir, 'cases', 'show', 'ADM-1');
    assert.equal(shown.code, 0, shown.err);
    assert.match(shown.out, /^Case ADM-1 — unplanned pathway, stage: Preparing the assessment \(version 2\)$/m);
    assert.match(shown.out, /^ {2}First home visit due 2026-03-0\d: to do$/m);
    assert.match(shown.out, /^Placement: open;/m);
    assert.ok(!/\b(first-visit|weekly-check-in|preparing)\b/.test(shown.out), shown.out);
  });

  it('finds a withdrawn case by the reference people know, saying it was withdrawn and the one it has now; names each when several had it', async () => {
    const openAndWithdraw = async (ref: string, key: string) => {
      const opened = await world.service.openCase({
        idempotencyKey: `open-${key}`, actor: PEOPLE.sw, ref, trigger: 'young-person-left', iro: PEOPLE.iro,
        facts: { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' },
      });
      assert.ok(opened.ok);
      const done = await world.service.apply({ idempotencyKey: `withdraw-${key}`, caseId: opened.caseId, actor: PEOPLE.tm, event: { type: 'CaseWithdrawn', reason: 'opened-in-error', details: 'Wrong child record.' } });
      assert.ok(done.ok, JSON.stringify(done));
      return (await world.service.get(opened.caseId))!.state.ref;
    };
    const now = await openAndWithdraw('ADM-2', 'adm-2');
    assert.match(now, /^ADM-2_W_/);
    const shown = admin(world.dir, 'cases', 'show', 'ADM-2');
    assert.equal(shown.code, 0, shown.err);
    assert.equal(shown.out.split('\n')[0], `Case ADM-2 (withdrawn; now ${now}) — unplanned pathway, stage: Closed: the case was withdrawn ("opened in error: Wrong child record.") (version 2)`);
    assert.equal(admin(world.dir, 'cases', 'audit', 'adm-2').code, 0, 'typed in small letters too');

    const again = await openAndWithdraw('ADM-2', 'adm-2-again');
    const both = admin(world.dir, 'cases', 'show', 'ADM-2');
    assert.equal(both.code, 2);
    const named = /^No case has reference ADM-2 now\. 2 withdrawn cases had it; name one by the reference it has now: (\S+), (\S+)\.$/.exec(both.err.trim());
    assert.ok(named, both.err);
    assert.deepEqual([named[1], named[2]].sort(), [now, again].sort());

    // Opened as Adm-3, asked for as adm-3: before, only the reference as typed or in capitals was looked for.
    const mixed = await openAndWithdraw('Adm-3', 'adm-3');
    const asked = admin(world.dir, 'cases', 'show', 'adm-3');
    assert.equal(asked.code, 0, asked.err);
    assert.equal(asked.out.split('\n')[0]?.split(' — ')[0], `Case Adm-3 (withdrawn; now ${mixed})`);
  });
});

describe('admin cases audit, as an auditor reads it beside the cards', function () {
  this.timeout(60_000);

  it('prints a summer instant in British Summer Time, as the cards show it ("2026-06-02 11:00:05 BST", not "10:00:05 UTC"), and a deputy as "X on behalf of Y"', async () => {
    const roles = parseRoleConfig({ ...ROLES, deputies: [{ role: 'social-worker', deputy: PEOPLE.deputy, for: PEOPLE.sw, from: '2026-06-01', to: '2026-06-30' }] });
    const world = makeWorld('2026-06-02T10:00:05Z', {}, undefined, { organisation: roles });
    try {
      const opened = await world.service.openCase({
        idempotencyKey: 'open-bst', actor: PEOPLE.sw, ref: 'BST-1', trigger: 'young-person-left', iro: PEOPLE.iro,
        facts: { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-04-06', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
      });
      assert.ok(opened.ok, JSON.stringify(opened));
      const views = await world.service.apply({ idempotencyKey: 'views-bst', caseId: opened.caseId, actor: PEOPLE.deputy, event: { type: 'ChildViewsRecorded', views: 'Wants to go home.' } });
      assert.ok(views.ok, JSON.stringify(views));
      const audit = admin(world.dir, 'cases', 'audit', 'BST-1');
      assert.equal(audit.code, 0, audit.err);
      assert.match(audit.out, /^1\s+2026-06-02 11:00:05 BST\s+Sam Social\s/m);
      assert.match(audit.out, /^2\s+2026-06-02 11:00:05 BST\s+Devon Deputy on behalf of Sam Social\s+social worker\s+Child's views recorded/m);
      assert.match(admin(world.dir, 'cases', 'list').out, /^BST-1\s+unplanned\s+Preparing the assessment\s+2026-06-02 11:00 BST\s+2026-06-02 11:00 BST\s/m);
    } finally {
      await world.close();
    }
  });
});
