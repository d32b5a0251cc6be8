/**
 * The refusal log is append-only, so forged clicks in a loop grew the store without limit: now at
 * most REFUSALS_KEPT_PER_PERSON_A_DAY of one person's refusals a day are kept (the rest are logged
 * only); someone else's, and the same person's the next day, are kept as before.
 */
import { strict as assert } from 'node:assert';
import { NO_MATCHING_CASE } from '../../src/ports/case-store';
import { keepRefusal, type RefusalLogLine } from '../../src/cases/refusal-log';
import { REFUSALS_KEPT_PER_PERSON_A_DAY } from '../../src/cases/refusal-cap';
import { REFUSALS_KEPT_DAYS } from '../../src/cases/refusal-ageing';
import { makeWorld, PEOPLE, type World } from '../../support/world';

describe('the refusal log is bounded per person per day', function () {
  this.timeout(60_000);
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
  });
  afterEach(() => world.close());

  it(`keeps ${REFUSALS_KEPT_PER_PERSON_A_DAY} of one person's forged clicks a day, logs every one, and keeps others' and the next day's`, async () => {
    const logged: RefusalLogLine[] = [];
    const deps = { store: world.store, authority: world.app.authority, onRefusal: (line: RefusalLogLine) => logged.push(line) };
    const forged = (id: string, at: string, n: number) => keepRefusal(deps, { caseId: null, named: `c-guess-${n}`, person: { id, name: 'Someone' }, action: 'DecisionGiven', code: 'UNKNOWN_CASE', rule: null, at });
    for (let n = 0; n < REFUSALS_KEPT_PER_PERSON_A_DAY + 50; n++) await forged('forger', `2026-03-02T10:${String(n % 60).padStart(2, '0')}:00.000Z`, n);
    await forged('someone-else', '2026-03-02T11:00:00.000Z', 0);
    await forged('forger', '2026-03-03T09:00:00.000Z', 0);

    const kept = await world.store.refusals(NO_MATCHING_CASE);
    assert.equal(kept.filter((r) => r.actorId === 'forger' && r.at.startsWith('2026-03-02')).length, REFUSALS_KEPT_PER_PERSON_A_DAY);
    assert.equal(kept.filter((r) => r.actorId === 'someone-else').length, 1);
    assert.equal(kept.filter((r) => r.actorId === 'forger' && r.at.startsWith('2026-03-03')).length, 1);
    assert.equal(logged.length, REFUSALS_KEPT_PER_PERSON_A_DAY + 52, 'every refusal still reaches the log');
  });

  it(`keeps refusals ${REFUSALS_KEPT_DAYS} days: the running scheduler deletes older ones, of cases and of the store's log, and keeps the rest`, async () => {
    const deps = { store: world.store, authority: world.app.authority };
    const opened = await world.service.openCase({
      idempotencyKey: 'open-AGE-1', actor: PEOPLE.sw, ref: 'AGE-1', trigger: 'consent-withdrawn', iro: null,
      facts: { legalStatus: 'S20', dateOfBirth: '2011-07-19', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null },
    });
    const caseId = opened.ok ? opened.caseId : assert.fail(JSON.stringify(opened));
    const refuse = (id: string, at: string, onCase: boolean) =>
      keepRefusal(deps, { caseId: onCase ? caseId : null, named: 'c-guess', person: { id, name: 'Someone' }, action: 'DecisionGiven', code: onCase ? 'NOT_YOUR_ROLE' : 'UNKNOWN_CASE', rule: null, at });
    await refuse('old', '2026-03-02T10:00:00.000Z', true);
    await refuse('old', '2026-03-02T10:00:00.000Z', false);
    await refuse('recent', '2026-06-01T10:00:00.000Z', true);
    await refuse('recent', '2026-06-01T10:00:00.000Z', false);

    const ageOn = async (iso: string): Promise<string[]> => {
      world.clock.set(iso);
      world.scheduler.start(60_000);
      for (let n = 0; n < 100 && (await world.store.refusals(caseId)).some((r) => r.actorId === 'old'); n++) await new Promise((resolve) => setTimeout(resolve, 10));
      await world.scheduler.stop();
      return [...(await world.store.refusals(caseId)), ...(await world.store.refusals(NO_MATCHING_CASE))].map((r) => `${r.caseId === NO_MATCHING_CASE ? 'store' : 'case'} ${r.actorId}`);
    };
    assert.deepEqual(await ageOn('2027-03-01T10:00:00Z'), ['case old', 'case recent', 'store old', 'store recent'], '364 days on: all kept');
    assert.deepEqual(await ageOn('2027-03-03T10:00:00Z'), ['case recent', 'store recent'], 'a year and a day on: the old ones are gone');
  });
});
