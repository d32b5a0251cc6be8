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
import { parseRoleConfig } from '../../src/cases/role-config';
import { VISITS_LIMIT, type CaseState } from '../../src/protocol';
import { TO_THE_TEAM_MANAGER_BRIEFLY } from '../support/case-inputs';
import { cardProblems } from './support/card-check';
import { allActions, Card, ConversationDriver, texts } from './support/conversation-driver';

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
      assert.match(JSON.stringify(shown), /Read the risks in full/);
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

describe('card size budget: visits (the most a case may hold)', () => {
  /** A name as long as Entra allows (256), of the characters that grow most on a card (escaped, then JSON). */
  const LONG_NAME = '\\['.repeat(128);
  const SW = { id: 'sw-1', name: LONG_NAME };
  const ROLES_WITH_LONG_NAME = parseRoleConfig({ roles: { 'social-worker': { users: [SW] }, 'team-manager': { users: [PEOPLE.tm] }, 'head-of-service': { users: [PEOPLE.hos] }, director: { users: [PEOPLE.director] }, iro: { users: [PEOPLE.iro] } } });
  const size = (card: Card): number => utf16Size(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
  const day = (i: number): string => new Date(Date.UTC(2026, 0, 11 + i)).toISOString().slice(0, 10);

  async function homeCase(world: World): Promise<{ caseId: string; apply: (event: Record<string, unknown>) => Promise<{ ok: boolean }> }> {
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: SW, ref: 'MOS-1042', facts: FACTS, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok);
    let n = 0;
    const apply = (event: Record<string, unknown>) => world.service.apply({ idempotencyKey: `k-${n++}`, caseId: opened.caseId, actor: SW, event: event as never });
    for (const event of TO_THE_TEAM_MANAGER_BRIEFLY) assert.ok((await apply(event as never)).ok);
    assert.ok((await apply({ type: 'ChildReturnedHome', on: '2026-01-10' })).ok);
    return { caseId: opened.caseId, apply };
  }

  it(`${VISITS_LIMIT} visits due (VISIT_OFFSETS_DAYS), the ten the card lists each with attempts that did not count, recorded by a 256-character name: the case card and the undo form stay under 80 KB`, async function () {
    this.timeout(120_000);
    // Before: every visit twice on the card, each attempt with the recorder's whole name: 160 KB here, over the 100 KB Teams takes.
    const world = makeWorld('2026-08-01T10:00:00Z', { VISIT_OFFSETS_DAYS: Array.from({ length: VISITS_LIMIT }, (_, i) => i + 1).join(',') }, undefined, { cards: 'as-the-bot', organisation: ROLES_WITH_LONG_NAME });
    try {
      const driver = new ConversationDriver(world);
      const { caseId, apply } = await homeCase(world);
      const lastDone = VISITS_LIMIT - 10;
      for (let i = 0; i < VISITS_LIMIT; i++) {
        // Each attempt its own notes: the same attempt again is a repeat, not recorded twice.
        if (i >= lastDone - 5 && i < lastDone + 5) for (let a = 0; a < 4; a++) assert.ok((await apply({ type: 'VisitRecorded', index: i, on: day(i), notes: String(a), outcome: a % 2 ? 'not-seen' : 'no-access' })).ok);
        if (i < lastDone) assert.ok((await apply({ type: 'VisitRecorded', index: i, on: day(i), notes: '', outcome: 'seen' })).ok, `visit ${i + 1}`);
      }
      const card = await driver.click(SW, 'showCase', { caseId });
      const shown = texts(card);
      assert.match(shown, /135 visits done before these, and 5 visits due after these\. /);
      assert.match(shown, /One card cannot hold every visit of this case: the decision record in the case file lists each one, with who recorded it\./);
      assert.match(shown, /not counted: 2 earlier attempts \(the case file lists each\)/);
      assert.doesNotMatch(shown, /Weekly check-in 134\b/, 'a visit done earlier is not listed');
      assert.match(shown, /Weekly check-in 135\b/);
      assert.match(shown, /Weekly check-in 144\b/);
      assert.doesNotMatch(shown, /Weekly check-in 145\b/, 'nor one due later');
      assert.ok(size(card) <= CARD_BUDGET_BYTES_UTF16, `case card ${size(card)} bytes`);
      const undo = await driver.click(SW, 'openStep', { caseId, step: 'undo', index: '', approvalId: '' });
      assert.ok(size(undo) <= CARD_BUDGET_BYTES_UTF16, `undo form ${size(undo)} bytes`);
      console.log(`      case card ${(size(card) / 1024).toFixed(1)} KB, undo form ${(size(undo) / 1024).toFixed(1)} KB`);
      // The extra visit past the limit: refused, nothing written.
      const before = (await world.service.get(caseId))!;
      const refused = await apply({ type: 'VisitRecorded', index: VISITS_LIMIT, on: day(VISITS_LIMIT - 1), notes: '', outcome: 'seen' });
      assert.equal(refused.ok, false);
      assert.equal((await world.service.get(caseId))!.version, before.version);
    } finally {
      await world.close();
    }
  });

  it(`the five visits due and extra ones up to ${VISITS_LIMIT}: the 101st is recorded from its button, the card lists the last ten, offers no further extra visit, and a stale button says why before anything is typed`, async function () {
    this.timeout(120_000);
    const world = makeWorld('2026-08-01T10:00:00Z', {}, undefined, { cards: 'as-the-bot', organisation: ROLES_WITH_LONG_NAME });
    try {
      const driver = new ConversationDriver(world);
      const { caseId, apply } = await homeCase(world);
      for (let i = 0; i < 100; i++) assert.ok((await apply({ type: 'VisitRecorded', index: i, on: day(i), notes: '', outcome: 'seen' })).ok, `visit ${i + 1}`);
      // The 101st from its button (before: "That action could not be read", a visit's number had at most two digits).
      const extra = driver.action(await driver.click(SW, 'showCase', { caseId }), /^Record an extra visit$/);
      assert.equal(extra.data.index, '100');
      await driver.click(SW, 'recordStep', { caseId, step: 'visit', index: '100', on: day(100), outcome: 'seen', notes: 'Seen at home.' });
      const recorded = (await world.service.get(caseId))!.state as CaseState;
      assert.deepEqual([recorded.visits.length, recorded.visits[100]?.doneOn, recorded.visits[100]?.notes], [101, day(100), 'Seen at home.']);
      for (let i = 101; i < VISITS_LIMIT; i++) assert.ok((await apply({ type: 'VisitRecorded', index: i, on: day(i), notes: '', outcome: 'seen' })).ok, `visit ${i + 1}`);
      const state = (await world.service.get(caseId))!.state as CaseState;
      assert.equal(state.visits.length, VISITS_LIMIT);
      const card = await driver.click(SW, 'showCase', { caseId });
      assert.match(texts(card), /140 visits done before these\. /);
      assert.ok(size(card) <= CARD_BUDGET_BYTES_UTF16, `case card ${size(card)} bytes`);
      assert.ok(!allActions(card).some((a) => a.title === 'Record an extra visit'), 'no extra visit offered');
      const form = await driver.click(SW, 'openStep', { caseId, step: 'visit', index: String(VISITS_LIMIT), approvalId: '' });
      assert.match(texts(form), new RegExp(`This case already holds ${VISITS_LIMIT} visits, as many as the bot keeps for one case, so no further visit can be recorded on it`));
      assert.ok(!allActions(form).some((a) => a.verb === 'recordStep'), 'no Record button to press');
    } finally {
      await world.close();
    }
  });
});
