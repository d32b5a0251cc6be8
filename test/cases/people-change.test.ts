/**
 * A change to a case's people made outside the protocol's events (a renamed team's move, the
 * Director catch-up) is committed as every change is (audited-commit.ts): its audit row written
 * out once and measured, and refused, writing nothing, when it could not be kept, as a person's
 * click would be; the scheduler's own changes never are. On SQLite, which would keep the row.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app';
import { AUDIT_LIMIT, SYSTEM_ACTOR, type CaseState } from '../../src/protocol';
import type { CaseCommit, CaseStore } from '../../src/ports/case-store';
import { commitPeopleChange, type PeopleChange } from '../../src/cases/people-change';
import { appOn } from '../../support/app-on';
import { openCase } from '../../support/bot-over-http/case-prep';
import { wrapStore } from '../../support/wrap-store';

const OPERATOR = { id: 'admin:sam', name: 'Sam Support (admin command)', role: 'admin' };

describe("a change to a case's people outside the protocol: committed as every change is", function () {
  this.timeout(30_000);
  let dir: string;
  let app: App;
  let caseId: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 's20-people-change-'));
    app = appOn(dir);
    caseId = await openCase(app.service, 'PPL-1');
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A team name far longer than any audit row may hold. */
  const hugeTeam = (actor: PeopleChange['actor']): PeopleChange => ({
    change: (state) => ({ ...state, people: { ...state.people!, team: 'T'.repeat(AUDIT_LIMIT) } }),
    actor,
    action: 'Moved to a team with a very long name',
    at: '2026-03-03T09:00:00.000Z',
  });

  it("an operator's change whose audit row could not be kept is refused, writing nothing", async () => {
    const before = (await app.store.get<CaseState>(caseId))!;
    const auditBefore = (await app.store.audit(caseId)).length;
    assert.equal(await commitPeopleChange(app.store, caseId, hugeTeam(OPERATOR)), 'too-large');
    const after = (await app.store.get<CaseState>(caseId))!;
    assert.equal(after.version, before.version);
    assert.equal(after.state.people?.team, before.state.people?.team);
    assert.equal((await app.store.audit(caseId)).length, auditBefore);
  });

  it("the scheduler's own change is never refused for its size", async () => {
    assert.equal(await commitPeopleChange(app.store, caseId, hugeTeam(SYSTEM_ACTOR)), 'changed');
  });

  it('hands the store its audit JSON written out once, as every commit does', async () => {
    const commits: CaseCommit[] = [];
    const store: CaseStore = wrapStore(app.store, { commit: async (c) => (commits.push(c), app.store.commit(c)) });
    const result = await commitPeopleChange(store, caseId, {
      change: (state) => ({ ...state, people: { ...state.people!, team: 'North Assessment Team' } }),
      actor: OPERATOR,
      action: 'Moved from team "North Team" to team "North Assessment Team"',
      at: '2026-03-03T09:00:00.000Z',
    });
    assert.equal(result, 'changed');
    const audit = commits[0]!.audit;
    assert.deepEqual(audit.json, { before: JSON.stringify(audit.before), after: JSON.stringify(audit.after) });
    assert.equal((audit.after as { people: { team: string } }).people.team, 'North Assessment Team');
    assert.equal(audit.onBehalfOfId, null);
  });
});
