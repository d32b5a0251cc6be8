/**
 * The notices about the child's letter (R-LETTER-1) name a deputy as the cards and the audit trail
 * do, "X on behalf of Y", not as if they had written or recorded it on their own account.
 */
import { strict as assert } from 'node:assert';
import { DEFAULT_CASE_POLICY } from '../../src/protocol';
import { giveLetterContribution } from '../../src/protocol/letter-contribution';
import { noticeText } from '../../src/cases/notice-text';
import { actor, ACTORS, nowOn, opened } from './support/case-fixtures';

describe("transition: the notices about the child's letter, from a deputy (R-LETTER-1)", () => {
  it("the social worker reads that the IRO's deputy wrote on behalf of the IRO", () => {
    const deputy = actor({ id: 'dep-iro', name: 'Dee Cover' }, 'iro', { id: ACTORS.iro.id, name: ACTORS.iro.name });
    const result = giveLetterContribution(opened().state, { type: 'LetterContributionGiven', actor: deputy, text: 'Well done for all you did.' }, nowOn('2026-03-20'), DEFAULT_CASE_POLICY);
    assert.ok(result.ok);
    const told = result.effects.find((e) => e.type === 'notify' && e.notice === 'letter-contribution-given');
    assert.ok(told && told.type === 'notify');
    assert.match(noticeText(told), new RegExp(`: Dee Cover on behalf of ${ACTORS.iro.name} \\(IRO\\) has written what they want to say in the child's letter\\.`));
  });
});
