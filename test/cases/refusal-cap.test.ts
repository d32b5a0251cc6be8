/**
 * The refusal log is append-only, so forged clicks in a loop grew the store without limit: now at
 * most REFUSALS_KEPT_PER_PERSON_A_DAY of one person's refusals a day are kept (the rest are logged
 * only); someone else's, and the same person's the next day, are kept as before.
 */
import { strict as assert } from 'node:assert';
import { NO_MATCHING_CASE } from '../../src/ports/case-store';
import { keepRefusal, type RefusalLogLine } from '../../src/cases/refusal-log';
import { REFUSALS_KEPT_PER_PERSON_A_DAY } from '../../src/cases/refusal-cap';
import { makeWorld, type World } from '../../support/world';

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
});
