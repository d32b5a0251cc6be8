/**
 * A team renamed in the organisation file left its open cases under the old name, where no team
 * manager could list or open them, and no command moved them (the start-up warning said so).
 * 'admin cases move-team OLD NEW' now files them under the new name and its service, each case's
 * audit trail and the SharePoint audit list saying who moved it, when and what; --dry-run changes
 * nothing. Run on both stores, as the bot runs on either.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { parseOrganisation, type Organisation } from '../../src/cases/organisation';
import { runAdmin } from '../../src/cli/admin';
import type { CaseState } from '../../src/protocol';
import type { CaseStore } from '../../src/ports/case-store';
import { PEOPLE, SettableClock } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';
import { onBothStores, type OpenStore } from '../support/on-both-stores';
import { HOME_ON_2_MARCH } from '../cases/support/sweep-world';

function organisation(north: string, service: string): Organisation {
  return parseOrganisation({
    teams: [
      { name: north, managers: { users: [PEOPLE.tm] }, members: { users: [PEOPLE.sw] } },
      { name: 'South Team', managers: { users: [PEOPLE.managerWithCases] }, members: { users: [PEOPLE.sw2] } },
    ],
    services: [{ name: service, headsOfService: { users: [PEOPLE.hos] }, teams: [north, 'South Team'] }],
    iroService: { iros: { users: [PEOPLE.iro] }, manager: { users: [PEOPLE.iro] } },
    director: { users: [PEOPLE.director] },
    placementTeam: { users: [PEOPLE.cpt] },
    deputies: [],
  });
}

/** Azurite's tables are shared by the block's tests: each test has its own team names and references. */
let run = 0;

function moveTeamTests(open: OpenStore): void {
  let store: CaseStore;
  let cleanup: () => Promise<void>;
  let app: App;
  let dir: string;
  let org: Organisation;
  const ids: Record<string, string> = {};
  let OLD = '';
  let NEW = '';
  let SERVICE = '';
  let refs: { nth1: string; nth2: string; sth1: string };

  beforeEach(async () => {
    run += 1;
    OLD = `North Team ${run}`;
    NEW = `North Assessment Team ${run}`;
    SERVICE = `Children in Care ${run}`;
    refs = { nth1: `NTH-${run}-1`, nth2: `NTH-${run}-2`, sth1: `STH-${run}-1` };
    ({ store, cleanup } = await open());
    dir = mkdtempSync(join(tmpdir(), 's20-move-team-'));
    org = organisation(OLD, SERVICE);
    app = createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dir }), { store: wrapStore(store, { close: async () => undefined }), clock: new SettableClock(new Date('2026-03-02T10:00:00Z')), organisation: { current: () => org } });
    for (const [ref, sw] of [[refs.nth1, PEOPLE.sw], [refs.nth2, PEOPLE.sw], [refs.sth1, PEOPLE.sw2]] as const) {
      const opened = await app.service.openCase({ idempotencyKey: `open-${ref}`, actor: sw, ref, facts: HOME_ON_2_MARCH, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
      assert.ok(opened.ok, ref);
      ids[ref] = opened.caseId;
    }
  });
  afterEach(async () => {
    await app.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = async (...argv: string[]): Promise<{ code: number; out: string }> => {
    let out = '';
    const code = await runAdmin(argv, store, { out: (t) => (out += `${t}\n`) }, undefined, () => org);
    return { code, out };
  };
  const stored = async (ref: string) => (await store.get<CaseState>(ids[ref]!))!;

  it('--dry-run names the cases that would move and changes nothing', async () => {
    org = organisation(NEW, SERVICE);
    const before = await stored(refs.nth1);
    const auditBefore = (await store.audit(ids[refs.nth1]!)).length;
    const { code, out } = await admin('cases', 'move-team', OLD, NEW, '--dry-run');
    assert.equal(code, 0);
    assert.equal(out.trim(), `Dry run: nothing was changed. 2 open cases filed under team "${OLD}" would move to team "${NEW}" (service "${SERVICE}"): ${refs.nth1}, ${refs.nth2}. Run the same command without --dry-run to move them.`);
    const after = await stored(refs.nth1);
    assert.equal(after.version, before.version);
    assert.equal(after.state.people?.team, OLD);
    assert.equal((await store.audit(ids[refs.nth1]!)).length, auditBefore);
  });

  it('moves the renamed team\'s open cases to its new name, audited (who, when, what), and leaves other teams\' cases alone', async () => {
    org = organisation(NEW, SERVICE);
    const { code, out } = await admin('cases', 'move-team', OLD, NEW, '--by', 'Sam Support');
    assert.equal(code, 0);
    assert.match(out, new RegExp(`^Moved 2 open cases from team "${OLD}" to team "${NEW}" \\(service "${SERVICE}"\\): ${refs.nth1}, ${refs.nth2}\\.$`, 'm'));
    assert.match(out, /Each case's audit trail records the move, by Sam Support \(admin command, signed in as .+\)\. The new team's managers can now list and open them/);
    for (const ref of [refs.nth1, refs.nth2]) {
      const moved = await stored(ref);
      assert.equal(moved.state.people?.team, NEW);
      assert.equal(moved.state.people?.service, SERVICE);
      assert.deepEqual(moved.state.people?.teamManagers, [{ id: PEOPLE.tm.id, name: PEOPLE.tm.name }], 'its named people stay');
      assert.ok(moved.summary.participants.includes(`team:${NEW}`) && !moved.summary.participants.includes(`team:${OLD}`), 'indexed under the new team');
      const last = (await store.audit(moved.summary.caseId)).at(-1)!;
      assert.match(last.actorName, /^Sam Support \(admin command, signed in as /);
      assert.equal(last.role, 'admin');
      assert.equal(last.action, `Moved from team "${OLD}" to team "${NEW}" (service "${SERVICE}"), the name the organisation file gives it now (admin cases move-team)`);
      assert.deepEqual([last.before, last.after].map((p) => (p as { people?: { team?: string } }).people?.team), [OLD, NEW], 'the entry says what changed');
      const lines = (await store.listOutbox('pending', 1000)).filter((i) => i.caseId === moved.summary.caseId && (i.payload as { list?: string }).list === 'audit');
      assert.ok(lines.some((i) => (i.payload as { fields: { Action: string } }).fields.Action.startsWith(`Moved from team "${OLD}"`)), 'the SharePoint audit list gets the line');
    }
    // The new team's manager has them in 'team cases', through the new team's name.
    const listed = await app.service.teamCases(PEOPLE.tm);
    assert.ok(listed.ok);
    assert.ok(listed.lines.some((c) => c.ref === refs.nth1) && listed.lines.some((c) => c.ref === refs.nth2), 'listed in team cases after the move');
    assert.equal((await stored(refs.sth1)).state.people?.team, 'South Team');
    // Run again: nothing left under the old name.
    assert.match((await admin('cases', 'move-team', OLD, NEW)).out, new RegExp(`^No open case is filed under team "${OLD}", so nothing was moved`));
  });

  it("reads only the old team's cases, through the store's index of a team's cases", async () => {
    org = organisation(NEW, SERVICE);
    const read: string[] = [];
    const counting = wrapStore(store, { list: async (filter) => { const found = await store.list(filter); read.push(...found.map((c) => c.ref)); return found; } });
    const code = await runAdmin(['cases', 'move-team', OLD, NEW], counting, { out: () => undefined }, undefined, () => org);
    assert.equal(code, 0);
    assert.deepEqual(read.sort(), [refs.nth1, refs.nth2], 'no other team\'s case was read');
    assert.equal((await stored(refs.nth1)).state.people?.team, NEW);
  });

  it('refuses a new name the file does not have, or an old one it still has, changing nothing', async () => {
    await assert.rejects(admin('cases', 'move-team', OLD, 'North Assesment Team'), (e: Error) => /^The organisation file \(ROLES_FILE\) names no team "North Assesment Team" \(its teams: "North Team \d+", "South Team"\)\. Add it there first, or check the spelling and capitals\. Nothing was changed\.$/.test(e.message));
    await assert.rejects(admin('cases', 'move-team', OLD, 'South Team'), (e: Error) => /^The organisation file still names team "North Team \d+", so its cases are not lost to it/.test(e.message));
    assert.equal((await stored(refs.nth1)).state.people?.team, OLD);
  });
}

describe('admin cases move-team: a renamed team\'s open cases', function () {
  this.timeout(60_000);
  onBothStores('moveteam', moveTeamTests);
});
