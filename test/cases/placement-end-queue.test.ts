/**
 * The placement team's waiting queue in the case index (`awaiting:end-placement`): a case whose
 * placement end the Head of Service consented to waits there until the end is recorded, so the
 * placement team's "my cases" finds it though they are named on no case. Cases that were already
 * waiting before this release are filed there by SQLite's migration 9 (a store at schema 8, with
 * such a case, brought forward).
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventInput } from '../../src/cases/case-service';
import { SCHEMA_VERSION } from '../../src/adapters/sqlite/schema';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { TO_THE_TEAM_MANAGER_BRIEFLY } from '../support/case-inputs';
import { ConversationDriver } from '../bot/support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-02-27' } as const;
const QUEUE = 'awaiting:end-placement';

describe("the placement team's queue: placement ends waiting to be recorded", () => {
  let world: World;
  let n = 0;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: { id: string; name: string }, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `pq${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }

  /** A case whose placement end the Head of Service consented to (not yet recorded), and one still asking. */
  async function twoCases(): Promise<{ consented: string; asked: string }> {
    const ids: string[] = [];
    for (const ref of ['MOS-5001', 'MOS-5002']) {
      const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: PEOPLE.sw, ref, facts: FACTS, trigger: 'consent-withdrawn', iro: null });
      assert.ok(opened.ok);
      for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) await apply(opened.caseId, PEOPLE.sw, event);
      await apply(opened.caseId, PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-10' });
      ids.push(opened.caseId);
    }
    const consent = (await world.service.get(ids[0]!))!.state.approvals.find((a) => a.stage === 'placement-end')!;
    await apply(ids[0]!, PEOPLE.hos, { type: 'DecisionGiven', approvalId: consent.approvalId, outcome: 'approve', comment: null });
    return { consented: ids[0]!, asked: ids[1]! };
  }

  const myCases = async (w: World): Promise<string> => (await new ConversationDriver(w).say(PEOPLE.cpt, 'my cases'))[0]?.text ?? '';

  it('a case enters the queue when the Head of Service consents and leaves it when the end is recorded', async () => {
    const { consented } = await twoCases();
    assert.deepEqual((await world.store.list({ participant: QUEUE })).map((s) => s.ref), ['MOS-5001']);
    assert.match(await myCases(world), /^Steps and visits waiting for you:\n- MOS-5001: record the end of the placement \(R-PLACE-1\) \(type "case MOS-5001"\)$/m);
    assert.doesNotMatch(await myCases(world), /MOS-5002/);
    // Someone else with no part: nothing, and no sight of the case through the queue.
    assert.doesNotMatch((await new ConversationDriver(world).say(PEOPLE.stranger, 'my cases'))[0]?.text ?? '', /MOS-5001/);
    await apply(consented, PEOPLE.cpt, { type: 'PlacementEnded', endDate: '2026-03-10', carersToldOn: '2026-03-02' });
    assert.deepEqual(await world.store.list({ participant: QUEUE }), []);
    assert.doesNotMatch(await myCases(world), /end of the placement/);
  });

  it('SQLite: a store at schema 8 with a case already waiting is brought forward, and the placement team finds it', async () => {
    await twoCases();
    const dir = world.dir;
    await world.close(true);
    // The file as schema 8 left it: the case not filed under the queue, in either place the index keeps it.
    const raw = new Database(join(dir, 'cases.sqlite'));
    raw.prepare('DELETE FROM case_participants WHERE participant = ?').run(QUEUE);
    for (const row of raw.prepare('SELECT case_id, participants FROM cases').all() as { case_id: string; participants: string }[]) {
      const without = (JSON.parse(row.participants) as string[]).filter((p) => p !== QUEUE);
      raw.prepare('UPDATE cases SET participants = ? WHERE case_id = ?').run(JSON.stringify(without), row.case_id);
    }
    raw.prepare('UPDATE schema_version SET version = 8').run();
    raw.close();

    world = makeWorld('2026-03-02T11:00:00Z', {}, dir);
    const check = new Database(join(dir, 'cases.sqlite'), { readonly: true });
    try {
      assert.deepEqual(check.prepare('SELECT version FROM schema_version').all(), [{ version: SCHEMA_VERSION }]);
      assert.deepEqual(check.prepare('SELECT c.ref FROM case_participants p JOIN cases c USING (case_id) WHERE p.participant = ?').all(QUEUE), [{ ref: 'MOS-5001' }]);
    } finally {
      check.close();
    }
    const [summary] = await world.store.list({ participant: QUEUE });
    assert.equal(summary?.ref, 'MOS-5001');
    assert.ok(summary.participants.includes(QUEUE), 'the summary lists the queue too');
    assert.match(await myCases(world), /- MOS-5001: record the end of the placement \(R-PLACE-1\)/);
    assert.doesNotMatch(await myCases(world), /MOS-5002/);
  });
});
