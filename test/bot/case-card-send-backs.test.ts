/**
 * A case sent back for changes again and again: the case card's checklist lists every request with
 * its decision, and each send-back's comment (up to 2,000 characters) was quoted in full, so ten
 * of them took the card past Teams' 100 KB (counted in UTF-16; platform-facts "Size": 413
 * MessageSizeTooBig), and "case REF" showed nothing.
 */
import { strict as assert } from 'node:assert';
import { CardFactory, MessageFactory } from 'botbuilder';
import { CARD_BUDGET_BYTES_UTF16, utf16Size } from '../../src/bot/card-budget';
import { COMMENT_SHORTENED } from '../../src/bot/case-view';
import { STEPDOWN_OPTIONS } from '../../src/protocol';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { ConversationDriver, texts } from './support/conversation-driver';

/** The longest comment a decision takes (2,000 characters), in the characters that grow most in JSON. */
const LONGEST_COMMENT = '"\\'.repeat(1_000);
const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null } as const;

describe('a case card after many send-backs, each with the longest comment', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { cards: 'as-the-bot' });
  });
  afterEach(async () => world.close());

  it('twelve send-backs: the case card stays under the advised 80 KB, each comment starts on it and says where the whole of it is', async () => {
    const driver = new ConversationDriver(world);
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    const caseId = opened.caseId;
    const record = (step: string, values: Record<string, unknown>) => driver.click(PEOPLE.sw, 'recordStep', { caseId, step, index: '', ...values });
    await record('childViews', { views: 'v' });
    await record('immediateRisk', { summary: 's', consulted: 'team-manager' });
    await record('iroInformed', {});
    await record('parentsConsulted', { views: 'p' });
    for (let i = 0; i < 12; i++) {
      await record('assessment', { form: 'child-and-family-reassessment', viable: 'true', riskAnalysis: `r${i}`, safetyPlan: 'sp', stepdown: STEPDOWN_OPTIONS[0], purpose: 'x', completedOn: '2026-03-02' });
      const waiting = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === 'team-manager' && !a.decision && !a.cancelledAt);
      assert.ok(waiting, `request ${i + 1}`);
      await driver.click(PEOPLE.tm, 'decide', { caseId, approvalId: waiting.approvalId, outcome: 'request-changes', comment: LONGEST_COMMENT });
    }
    const [reply] = await driver.say(PEOPLE.sw, 'case MOS-1042');
    const card = reply?.attachments?.[0]?.content;
    assert.ok(card, 'the case card');
    const bytes = utf16Size(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
    assert.ok(bytes <= CARD_BUDGET_BYTES_UTF16, `case card ${bytes} bytes (UTF-16)`); // 125,648 before, past Teams' 100 KB
    const words = texts(card);
    assert.equal(words.split(COMMENT_SHORTENED).length - 1, 12, 'each send-back says where its whole comment is');
  });
});
