/**
 * The Director replaced in the organisation file: the SharePoint Cases list's Director column, which
 * the records manager reads, named the new Director only from each case's next change, so a case
 * waiting weeks for a decision showed the Director who had left. The running bot now puts the file's
 * Director on every open case at its next tick (or at start, if the file changed while it was
 * stopped), audited, and the row follows; nothing is rewritten when the Director has not changed.
 * Microsoft Graph is the strict local double (SharePoint lists as provisioned, tokens required).
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app';
import { parseOrganisation, type Organisation } from '../../src/cases/organisation';
import type { CaseState, Person } from '../../src/protocol';
import { provisionSharePoint } from '../../deploy/provision-sharepoint';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { appOn, dataDirEnv, SITE_ID as SITE } from '../../support/app-on';
import { openStore } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { CaseStore } from '../../src/ports/case-store';
import { openCase } from '../../support/bot-over-http/case-prep';
import { PEOPLE, RecordingNotifier, SettableClock } from '../../support/world';

const NEW_DIRECTOR = { id: 'dir-2', name: 'Nia Newdirector' };

function organisation(director: Person): Organisation {
  return parseOrganisation({
    roles: {
      'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
      'team-manager': { users: [PEOPLE.tm] },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
  });
}

describe("the Director replaced in the organisation file: open cases' rows in the SharePoint Cases list", function () {
  this.timeout(60_000);
  let server: LocalGraphServer;
  let dir: string;
  let org: Organisation;
  let apps: App[];
  const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  });
  after(async () => server.stop());
  beforeEach(async () => {
    server.reset();
    await provisionSharePoint(testGraphClient(server.url), SITE);
    dir = mkdtempSync(join(tmpdir(), 's20-director-row-'));
    org = organisation(PEOPLE.director);
    apps = [];
  });
  afterEach(async () => {
    for (const app of apps) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (store?: CaseStore): App => {
    const app = appOn(dir, { graphUrl: server.url, parts: { clock, notifier: new RecordingNotifier(), graphClient: testGraphClient(server.url), organisation: { current: () => org }, ...(store ? { store } : {}) } });
    apps.push(app);
    return app;
  };
  /** One tick of the running scheduler, as the server starts it. */
  const tick = async (app: App): Promise<void> => {
    app.scheduler.start(60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await app.scheduler.stop();
    await app.worker.drain();
  };
  const row = (ref: string) => server.rows(SITE, 'Cases').find((r) => r['CaseRef'] === ref);

  it('names the new Director at the next tick, without the case moving, audited; and rewrites nothing once it does', async () => {
    const app = start();
    const caseId = await openCase(app.service, 'ROW-1');
    await app.worker.drain();
    assert.equal(row('ROW-1')?.['Director'], 'Dana Director');
    await tick(app);
    const before = (await app.store.get<CaseState>(caseId))!;
    assert.equal(row('ROW-1')?.['Director'], 'Dana Director', 'nothing changed while the Director is the same');

    org = organisation(NEW_DIRECTOR);
    await tick(app);
    assert.equal(row('ROW-1')?.['Director'], 'Nia Newdirector', 'the row names the Director now in post');
    const after = (await app.store.get<CaseState>(caseId))!;
    assert.equal(after.state.stage, before.state.stage, 'the case did not move');
    assert.equal(after.version, before.version + 1);
    const last = (await app.store.audit(caseId)).at(-1)!;
    assert.equal(last.actorId, 'system');
    assert.equal(last.action, "The organisation file names Nia Newdirector as Director now: the case's Director, and its row in the Cases list, follow");
    assert.ok(server.rows(SITE, 'Audit').some((r) => r['CaseRef'] === 'ROW-1' && String(r['Action']).startsWith('The organisation file names Nia Newdirector')), 'the audit list has the line');

    await tick(app);
    assert.equal((await app.store.get<CaseState>(caseId))!.version, after.version, 'caught up once');
  });

  it('catches up at start when the file named a new Director while the bot was stopped', async () => {
    const first = start();
    await openCase(first.service, 'ROW-2');
    await first.worker.drain();
    await first.close();
    apps = [];
    org = organisation(NEW_DIRECTOR);
    const again = start();
    await tick(again);
    assert.equal(row('ROW-2')?.['Director'], 'Nia Newdirector');
  });

  it('a bot stopped part-way through putting the new Director on the open cases finishes them when it starts again, not only the case it had reached', async () => {
    const first = start();
    for (const ref of ['ROW-3', 'ROW-4', 'ROW-5']) await openCase(first.service, ref);
    await first.worker.drain();
    await first.close();
    apps = [];
    org = organisation(NEW_DIRECTOR);
    clock.set('2026-03-03T10:00:00Z');
    // The store this bot runs on stops part-way (the machine goes down after the first case it changed).
    const store = openStore(loadConfig({ LOG_LEVEL: 'silent', ...dataDirEnv(dir, server.url) }));
    let commits = 0;
    const stopping = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'commit') return async (...args: Parameters<CaseStore['commit']>) => {
          commits += 1;
          if (commits > 1) throw new Error('the machine went down');
          return target.commit(...args);
        };
        const value: unknown = Reflect.get(target, name, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const stopped = start(stopping);
    await tick(stopped);
    await stopped.close();
    apps = [];
    const named = async (app: App) => Promise.all(['ROW-3', 'ROW-4', 'ROW-5'].map(async (ref) => (await app.service.getByRef(ref))!.state.people?.director.map((d) => d.name)));
    clock.set('2026-03-04T10:00:00Z');
    const again = start();
    assert.equal((await named(again)).filter((d) => d?.[0] === 'Nia Newdirector').length, 1, 'one case was caught up before the bot stopped');
    await tick(again);
    assert.deepEqual(await named(again), [['Nia Newdirector'], ['Nia Newdirector'], ['Nia Newdirector']]);
    for (const ref of ['ROW-3', 'ROW-4', 'ROW-5']) assert.equal(row(ref)?.['Director'], 'Nia Newdirector', ref);
  });
});
