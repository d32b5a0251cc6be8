/**
 * The size budget (issue 14 item 3): the largest case the forms allow — every answer at its
 * longest, written in the characters that grow most in JSON — and every card the bot sends or
 * shows for it, measured as Teams counts a message (UTF-16), against the advised 80 KB.
 */
import { strict as assert } from 'node:assert';
import { CardFactory, MessageFactory } from 'botbuilder';
import { CARD_BUDGET_BYTES_UTF16, utf16Size } from '../../src/bot/card-budget';
import { APPROVAL_ANSWERS } from '../../src/bot/case-view';
import { checkStepValues } from '../../src/bot/case-steps';
import { STEPDOWN_OPTIONS } from '../../src/protocol';
import { approvalCardsOn } from '../../src/composition-root';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { cardProblems } from './support/card-check';
import { Card, ConversationDriver } from './support/conversation-driver';

/** The longest answer a form takes (4,000 characters): quotes and backslashes, which JSON doubles. */
const LONGEST = '"\\'.repeat(2_000);

const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null } as const;

describe('card size budget: the largest case the forms allow stays under 80 KB (UTF-16) on every card', () => {
  let world: World;
  beforeEach(() => {
    // The outbox's cards as the bot renders them.
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { cards: 'as-the-bot' });
  });
  afterEach(async () => world.close());

  it('the forms refuse a longer answer, so this is the largest case', () => {
    assert.deepEqual(checkStepValues('childViews', { views: LONGEST }).errors, {});
    assert.ok(Object.keys(checkStepValues('childViews', { views: `${LONGEST}x` }).errors).length > 0);
  });

  it('measures every approval card (each stage, each answer in full), decision, notice and Outlook card', async () => {
    const driver = new ConversationDriver(world);
    const measured: { what: string; bytes: number }[] = [];
    const measure = (what: string, card: unknown, text = 'Case MOS-1042: the Head of Service\'s written agreement is needed (R-SIGN-4).') => {
      // (Outlook's `originator` is not in the Adaptive Cards schema the checker knows.)
      if (!what.includes('Outlook')) assert.deepEqual(cardProblems(card as Card), [], `${what} parses`);
      // The whole message as the bot sends it: the activity with its card and its text.
      measured.push({ what, bytes: utf16Size(MessageFactory.attachment(CardFactory.adaptiveCard(card), text)) });
    };
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    const caseId = opened.caseId;
    const record = async (step: string, values: Record<string, unknown>) => {
      const card = await driver.click(PEOPLE.sw, 'recordStep', { caseId, step, index: '', ...values });
      measure(`case card after ${step}`, card);
    };
    await record('childViews', { views: LONGEST });
    await record('immediateRisk', { summary: LONGEST, consulted: 'team-manager' });
    await record('iroInformed', {});
    await record('parentsConsulted', { views: LONGEST });
    await record('assessment', { form: 'child-and-family-reassessment', viable: 'true', riskAnalysis: LONGEST, safetyPlan: LONGEST, stepdown: STEPDOWN_OPTIONS.join(','), purpose: LONGEST, completedOn: '2026-03-02' });
    const iro = await driver.click(PEOPLE.iro, 'recordStep', { caseId, step: 'iroView', index: '', view: LONGEST });
    measure('case card after the IRO view', iro);

    // A round of changes first: the team manager sends it back with the longest comment, and every
    // answer of the revised assessment differs (the request then shows the chain and what changed).
    const first = (await world.service.get(caseId))!.state.approvals.find((a) => a.stage === 'team-manager' && !a.decision)!;
    measure('team-manager sends back', await driver.click(PEOPLE.tm, 'decide', { caseId, approvalId: first.approvalId, outcome: 'request-changes', comment: LONGEST.slice(0, 2000) }));
    const REVISED = '\\"'.repeat(2_000);
    await record('assessment', { form: 'child-and-family-reassessment', viable: 'true', riskAnalysis: REVISED, safetyPlan: REVISED, stepdown: STEPDOWN_OPTIONS.join(','), purpose: REVISED, completedOn: '2026-03-02' });

    // The request cards as the bot renders them when requests are also mailed (Outlook's twin included).
    const renderer = approvalCardsOn(world.config, world.app, { outlook: true });
    const stages = ['team-manager', 'head-of-service', 'director'] as const;
    const deciders = { 'team-manager': PEOPLE.tm, 'head-of-service': PEOPLE.hos, director: PEOPLE.director };
    for (const stage of stages) {
      const state = (await world.service.get(caseId))!.state;
      const approval = state.approvals.find((a) => a.stage === stage && !a.decision);
      assert.ok(approval, `the ${stage} request (at ${state.stage})`);
      const effect = { type: 'request-approval' as const, approvalId: approval.approvalId, stage, to: { kind: 'role' as const, role: stage }, rules: ['R-SIGN-4' as const] };
      measure(`${stage} request`, await renderer.approvalCard(effect, state, 1));
      measure(`${stage} request by Outlook`, await renderer.outlookApprovalCard!(effect, state, 1));
      const shown = await driver.click(deciders[stage], 'showApproval', { caseId, approvalId: approval.approvalId });
      measure(`${stage} request opened`, shown);
      assert.match(JSON.stringify(shown), /Read in full/);
      for (const part of Object.keys(APPROVAL_ANSWERS)) {
        measure(`${stage} request with ${part} in full`, await driver.click(deciders[stage], 'showApproval', { caseId, approvalId: approval.approvalId, full: part }));
      }
      const decided = await driver.click(deciders[stage], 'decide', { caseId, approvalId: approval.approvalId, outcome: 'approve', comment: LONGEST.slice(0, 2000) });
      measure(`${stage} decision`, decided);
      measure(`${stage} decision card for the copies`, renderer.decisionCard!((await world.service.get(caseId))!.state, approval.approvalId));
    }

    // Every notice the case's outbox carries, with its card.
    await world.worker.drain();
    for (const sent of world.notifier.sent) if (sent.card) measure(`notice to ${sent.to}: ${sent.text.slice(0, 40)}`, sent.card, sent.text);

    assert.ok(measured.length > 40, `measured ${measured.length} cards`);
    const over = measured.filter((m) => m.bytes > CARD_BUDGET_BYTES_UTF16);
    assert.deepEqual(over, [], `over ${CARD_BUDGET_BYTES_UTF16} bytes`);
    const largest = measured.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    // For the README's figure (printed, not asserted).
    console.log(`      largest: ${largest.what}, ${(largest.bytes / 1024).toFixed(1)} KB of ${CARD_BUDGET_BYTES_UTF16 / 1024} KB`);
  });
});
