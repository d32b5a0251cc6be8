/**
 * A team renamed (or moved to another service) in the organisation file leaves its open cases filed
 * under the old name, where its new manager cannot list or open them. Operators are told so at
 * start-up and when the file is reloaded: names and counts, no child data, and what to do.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { LogFields, Logger } from '../../src/logging/logger';
import { dataDirEnv } from '../../support/app-on';
import { REALISTIC_ORGANISATION, TEAMS, IROS } from '../../support/realistic-organisation';
import { makeWorld, RecordingNotifier } from '../../support/world';
import { parseOrganisation, type Organisation } from '../../src/cases/organisation';
import { ConversationDriver } from '../bot/support/conversation-driver';
import { NOT_YET_HOME_FACTS } from '../support/case-inputs';

class KeptLog implements Logger {
  readonly warnings: { msg: string; fields?: LogFields }[] = [];
  debug(): void {}
  info(): void {}
  warn(msg: string, fields?: LogFields): void { this.warnings.push({ msg, ...(fields ? { fields } : {}) }); }
  error(): void {}
  child(): Logger { return this; }
}

const OLD = TEAMS[0]!.name;
const NEW = 'Assessment North and Duty';

/** The council's file with team 0 renamed (and listed under its new name in its service). */
const renamed = () => ({
  ...REALISTIC_ORGANISATION,
  teams: REALISTIC_ORGANISATION.teams.map((t) => (t.name === OLD ? { ...t, name: NEW } : t)),
  services: REALISTIC_ORGANISATION.services.map((s) => ({ ...s, teams: s.teams.map((n) => (n === OLD ? NEW : n)) })),
});

async function warned(log: KeptLog, what: (msg: string) => boolean): Promise<string | undefined> {
  for (let i = 0; i < 100; i += 1) {
    const found = log.warnings.find((w) => what(w.msg));
    if (found) return found.msg;
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

describe('open cases filed under a team the organisation file no longer names', function () {
  this.timeout(20000);
  let dir: string;
  let rolesFile: string;
  const apps: App[] = [];
  const start = (log: KeptLog): App => {
    const app = createApp(loadConfig({ LOG_LEVEL: 'silent', ...dataDirEnv(dir), ROLES_FILE: rolesFile }), { notifier: new RecordingNotifier(), logger: log });
    apps.push(app);
    return app;
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-renamed-team-'));
    dataDirEnv(dir);
    rolesFile = join(dir, 'organisation.json');
    writeFileSync(rolesFile, JSON.stringify(REALISTIC_ORGANISATION));
    const app = start(new KeptLog());
    for (const [i, ref] of ['RN-1', 'RN-2'].entries()) {
      const opened = await app.service.openCase({ idempotencyKey: randomUUID(), actor: TEAMS[0]!.workers[i]!, ref, facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! });
      assert.equal(opened.ok, true, JSON.stringify(opened));
    }
    await app.close();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns at start-up, naming the old team and its count of open cases, and what to do', async () => {
    writeFileSync(rolesFile, JSON.stringify(renamed()));
    const log = new KeptLog();
    start(log);
    const warning = await warned(log, (m) => m.includes('no longer names'));
    assert.ok(warning, 'operators are told at start-up');
    assert.match(warning, new RegExp(`"${OLD}" \\(2 open cases\\)`));
    assert.match(warning, /put each of these teams back in the file under its old name/);
    assert.match(warning, /Hand the case over/);
    assert.doesNotMatch(warning, /RN-1|RN-2/, 'names and counts only');
    assert.doesNotMatch(warning, new RegExp(TEAMS[1]!.name), 'teams the file still names are not listed');
  });

  it('warns when the file is reloaded with the team renamed, and not when the old name is kept', async () => {
    const log = new KeptLog();
    const app = start(log);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(log.warnings.filter((w) => w.msg.includes('no longer names')).length, 0, 'nothing to say while the file names the team');
    writeFileSync(rolesFile, JSON.stringify(renamed()));
    // The file is looked at again at most every 2 seconds, when the organisation is next read.
    await new Promise((r) => setTimeout(r, 2100));
    void app.authority.organisation;
    const warning = await warned(log, (m) => m.includes('no longer names'));
    assert.ok(warning, 'operators are told at the reload');
    assert.match(warning, new RegExp(`"${OLD}" \\(2 open cases\\)`));

    // Following the advice: the old name kept beside the new one, with the manager who looks after its cases.
    const kept = renamed();
    writeFileSync(rolesFile, JSON.stringify({ ...kept, teams: [...kept.teams, { name: OLD, managers: { users: [TEAMS[0]!.manager] }, members: { users: [] } }], services: kept.services.map((s) => (s.teams.includes(NEW) ? { ...s, teams: [...s.teams, OLD] } : s)) }));
    const later = new KeptLog();
    start(later);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(later.warnings.filter((w) => w.msg.includes('no longer names')).length, 0, 'no warning once the file names the old team again');
  });

  it("the advice works: the new manager is told there are no open cases until the file keeps the old name with them as its manager", async () => {
    const newManager = { id: 'new-tm-1', name: 'Nadia Newmanager' };
    const withManager = (file: ReturnType<typeof renamed>) => ({ ...file, teams: file.teams.map((t) => (t.name === NEW ? { ...t, managers: { ...t.managers, users: [...t.managers.users, newManager] } } : t)) });
    let org: Organisation = parseOrganisation(REALISTIC_ORGANISATION);
    const world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { organisation: { current: () => org } });
    try {
      const opened = await world.service.openCase({ idempotencyKey: randomUUID(), actor: TEAMS[0]!.workers[0]!, ref: 'RN-9', facts: NOT_YET_HOME_FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! });
      assert.equal(opened.ok, true, JSON.stringify(opened));
      const bot = new ConversationDriver(world);
      const teamCases = async () => (await bot.say(newManager, 'team cases')).map((r) => JSON.stringify(r)).join('\n');

      org = parseOrganisation(withManager(renamed()));
      assert.match(await teamCases(), /There are no open cases/, 'renamed: the new manager cannot find the case');

      const kept = withManager(renamed());
      org = parseOrganisation({ ...kept, teams: [...kept.teams, { name: OLD, managers: { users: [newManager] }, members: { users: [] } }], services: kept.services.map((s) => (s.teams.includes(NEW) ? { ...s, teams: [...s.teams, OLD] } : s)) });
      assert.match(await teamCases(), /RN-9/, 'with the old name kept, the new manager finds the case');
    } finally {
      await world.close();
    }
  });
});
