/**
 * Whether a deputy's ended cover ever covered a case is judged on the organisation's calendar
 * day the case was opened, not UTC's: a case opened at 00:30 on a summer morning in England
 * (23:30 UTC the day before) was opened after a cover that ended the evening before.
 */
import { strict as assert } from 'node:assert';
import { outOfCoverWords } from '../../src/cases/out-of-cover';
import { parseOrganisation } from '../../src/cases/organisation';
import { parseRoleConfig } from '../../src/cases/role-config';
import { nowOn, opened, PEOPLE } from '../protocol/support/case-fixtures';

const DEPUTY = { id: 'dep-9', name: 'Dee Deputy' };

function organisation(to: string) {
  return parseOrganisation(parseRoleConfig({
    roles: {
      'social-worker': { users: [PEOPLE.socialWorker] },
      'team-manager': { users: [PEOPLE.teamManager] },
      'head-of-service': { users: [PEOPLE.headOfService] },
      director: { users: [PEOPLE.director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.placementTeam] },
    },
    deputies: [{ role: 'social-worker', for: PEOPLE.socialWorker, deputy: DEPUTY, from: '2026-06-01', to }],
  }));
}

describe("a deputy's ended cover, against the day the case was opened", () => {
  // 00:30 BST on Mon 15 Jun 2026.
  const state = opened({ now: { ...nowOn('2026-06-14', '23:30:00.000'), today: '2026-06-15' } }).state;
  const later = '2026-06-20';

  it('a cover that ended the evening before (in England) never covered the case: nothing is said about it', () => {
    assert.equal(outOfCoverWords(organisation('2026-06-14'), DEPUTY, state, later, 'Europe/London'), undefined);
  });

  it('a cover that ended on the day it was opened did: the deputy is told their cover ended', () => {
    const words = outOfCoverWords(organisation('2026-06-15'), DEPUTY, state, later, 'Europe/London');
    assert.equal(words?.heading, 'Your cover has ended');
    assert.match(words.words, /ended on Mon 15 Jun 2026/);
  });
});
