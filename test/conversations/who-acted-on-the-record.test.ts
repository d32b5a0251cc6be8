/**
 * Who acted, on whose behalf, when and what, as the case's people and an auditor read it afterwards:
 * a deputy's change walked over HTTP through only the buttons the cards show, then read on the case
 * card and in the case's audit trail.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { walkByDay } from '../reliability/support/cards-only';
import { parseRoleConfig } from '../../src/cases/role-config';

/** The world's people, with Devon Deputy covering Taylor Manager's team manager part in early March. */
const ROLES = parseRoleConfig({
  roles: {
    'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
    'team-manager': { users: [PEOPLE.tm, PEOPLE.managerWithCases] },
    'head-of-service': { users: [PEOPLE.hos, PEOPLE.hos2] },
    director: { users: [PEOPLE.director, PEOPLE.hos2] },
    iro: { users: [PEOPLE.iro] },
    'placement-team': { users: [PEOPLE.cpt] },
  },
  deputies: [{ role: 'team-manager', deputy: PEOPLE.deputy, for: PEOPLE.tm, from: '2026-03-01', to: '2026-03-10' }],
});

describe('who acted, and on whose behalf, on the record of a case, over HTTP', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z', ROLES);
  const { walk } = walkByDay(h, '2026-03-02');

  it("a deputy's move between pathways is shown on the case card as theirs on behalf of the manager they cover, as the audit trail has it (R-UNPL-4, R-SCOPE-3)", async () => {
    const ref = 'DEP-PATH';
    const sw = PEOPLE.sw;
    const card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, returnedHomeOn: '' });
    await walk.step(sw, ref, /Record the parents' views/, { views: 'They want a planned return.', plannedReturnAgreed: 'true' }, card);
    await walk.step(PEOPLE.deputy, ref, /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    const planned = texts(await walk.caseCard(sw, ref));
    assert.match(planned, /Moved to the planned pathway: the parents agreed a planned return \(R-UNPL-4\)\nMon 2 Mar 2026, Devon Deputy on behalf of Taylor Manager/);
    await walk.step(PEOPLE.deputy, ref, /^Move to the unplanned pathway$/, { trigger: 'consent-withdrawn' });
    const back = texts(await walk.caseCard(sw, ref));
    assert.match(back, /Moved to the unplanned pathway \(R-SCOPE-3\)\nMon 2 Mar 2026, Devon Deputy on behalf of Taylor Manager: /);
    const found = (await h.bot.runtime.app.service.getByRef(ref))!;
    const moves = (await h.bot.runtime.app.store.audit(found.summary.caseId)).filter((e) => /^Moved from/.test(e.action));
    assert.deepEqual(moves.map((e) => [e.actorName, e.onBehalfOfName]), [[PEOPLE.deputy.name, PEOPLE.tm.name], [PEOPLE.deputy.name, PEOPLE.tm.name]]);
  });

  it("a step a deputy recorded, undone, is in the audit trail as theirs on behalf of the person they covered, not as the deputy's alone", async () => {
    const ref = 'DEP-UNDO';
    const sw = PEOPLE.sw;
    await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    await walk.step(PEOPLE.deputy, ref, /Record the child's views/, { views: 'Wants to go home.' });
    const form = await walk.press(sw, await walk.caseCard(sw, ref), /^Undo a recorded step$/);
    await walk.press(sw, form, /^Undo/, { undo: 'childViews', reason: 'Recorded on the wrong case.' });
    const found = (await h.bot.runtime.app.service.getByRef(ref))!;
    const undone = (await h.bot.runtime.app.store.audit(found.summary.caseId)).at(-1)!;
    assert.equal(undone.action, `Undone: the child's views (recorded Mon 2 Mar 2026 by Devon Deputy on behalf of Taylor Manager), because "Recorded on the wrong case."`);
  });
});
