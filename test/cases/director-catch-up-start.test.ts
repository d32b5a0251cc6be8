/**
 * The Director catch-up at start. A restart with the Director unchanged read every case the store
 * held (on Azure a scan of every case) to find the open one changed longest ago; it now reads one
 * record the last catch-up kept, and nothing else. A catch-up stopped part-way (a restart, a crash)
 * after the file was put back to the Director before left the cases it had reached naming the
 * Director put back out: the case changed longest ago named the right one, so nothing more was
 * looked at; the record now says the catch-up did not finish, and every open case is looked at.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app';
import { DEFAULT_CASE_POLICY, type CaseState, type Person } from '../../src/protocol';
import type { CaseStore } from '../../src/ports/case-store';
import { parseOrganisation, type Organisation } from '../../src/cases/organisation';
import { DirectorCatchUp } from '../../src/cases/director-catch-up';
import { appOn } from '../../support/app-on';
import { openCase } from '../../support/bot-over-http/case-prep';
import { PEOPLE, SettableClock } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';

const NEW_DIRECTOR = { id: 'dir-2', name: 'Nia Newdirector' };

function organisation(director: Person): Organisation {
  return parseOrganisation({
    roles: {
      'social-worker': { users: [PEOPLE.sw] },
      'team-manager': { users: [PEOPLE.tm] },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
  });
}

describe('the Director catch-up at start', function () {
  this.timeout(30_000);
  let dir: string;
  let app: App;
  let org: Organisation;
  const ids: string[] = [];
  const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-director-start-'));
    clock.set('2026-03-02T10:00:00.000Z');
    org = organisation(PEOPLE.director);
    app = appOn(dir, { parts: { clock, organisation: { current: () => org } } });
    ids.length = 0;
    for (const ref of ['DIR-1', 'DIR-2', 'DIR-3']) ids.push(await openCase(app.service, ref));
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The catch-up a (re)started bot runs, on `store`, with the organisation file as it is then. */
  const started = (store: CaseStore = app.store) => new DirectorCatchUp({ store, authority: { organisation: org }, clock, policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' });
  const directorOf = async (caseId: string) => (await app.store.get<CaseState>(caseId))!.state.people?.director.map((d) => d.name);

  it('a restart with the Director unchanged reads no case', async () => {
    assert.equal(await started().catchUp(), 0, 'the first start: nothing to change');
    const read: string[] = [];
    const counting = wrapStore(app.store, {
      list: async (filter) => (read.push('list'), app.store.list(filter)),
      get: async <S>(caseId: string) => (read.push(`get ${caseId}`), app.store.get<S>(caseId)),
    });
    assert.equal(await started(counting).catchUp(), 0);
    assert.deepEqual(read, []);
  });

  it('after the file named a new Director while the bot was stopped, every open case names them', async () => {
    assert.equal(await started().catchUp(), 0);
    org = organisation(NEW_DIRECTOR);
    assert.equal(await started().catchUp(), 3);
    for (const id of ids) assert.deepEqual(await directorOf(id), ['Nia Newdirector']);
    assert.equal(await started().catchUp(), 0, 'and the restart after reads that it finished');
  });

  it('a catch-up stopped part-way is finished at the next start, even after the file was put back', async () => {
    assert.equal(await started().catchUp(), 0);
    org = organisation(NEW_DIRECTOR);
    clock.set('2026-03-02T11:00:00.000Z');
    let commits = 0;
    const stopping = wrapStore(app.store, {
      commit: async (c) => {
        if (++commits > 1) throw new Error('the machine went down');
        return app.store.commit(c);
      },
    });
    await assert.rejects(started(stopping).catchUp(), /the machine went down/);
    const reached = [];
    for (const id of ids) if ((await directorOf(id))?.[0] === 'Nia Newdirector') reached.push(id);
    assert.equal(reached.length, 1, 'one case was reached before it stopped');

    org = organisation(PEOPLE.director);
    assert.equal(await started().catchUp(), 1, 'the case reached names the Director in the file again');
    for (const id of ids) assert.deepEqual(await directorOf(id), ['Dana Director']);
  });
});
