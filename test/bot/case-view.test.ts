/**
 * Dates and times on the cards are the organisation's (Europe/London), not UTC: stored instants
 * are UTC, and from late March to late October the two disagree about the day for an hour after midnight.
 */
import { strict as assert } from 'node:assert';
import { caseCardData, decisionStatusData, ViewContext } from '../../src/bot/case-view';
import type { EventInput } from '../../src/cases/case-service';
import { CaseState, DEFAULT_CASE_POLICY, Now } from '../../src/protocol';
import { makeWorld, PEOPLE as STAFF, World } from '../cases/support/world';
import { accept, ACTORS, drive, events, HOME_53_DAYS, initialSteps, opened, pending } from '../protocol/support/case-fixtures';
import { ConversationDriver, texts } from './support/conversation-driver';

/** 00:30 BST on Monday 15 June 2026: still 14 June in UTC. */
const JUST_AFTER_MIDNIGHT_BST: Now = { at: '2026-06-14T23:30:00.000Z', today: '2026-06-15' };
/** 23:30 GMT on Tuesday 10 March 2026: local time is UTC. */
const LATE_EVENING_GMT: Now = { at: '2026-03-10T23:30:00.000Z', today: '2026-03-10' };
const LONDON: ViewContext = { today: '2026-06-16', policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' };

/** A case whose steps, assessment and team manager's agreement all happened at `now`. */
function agreedAt(now: Now): { state: CaseState; approvalId: string } {
  const prepared = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], now).state;
  const approvalId = pending(prepared, 'team-manager').approvalId;
  return { state: accept(prepared, events.decision(approvalId, ACTORS.tm), now).state, approvalId };
}

function detail(state: CaseState, ctx: ViewContext, title: RegExp): string {
  const item = caseCardData(state, ctx).checklist.find((i) => title.test(i.title));
  assert.ok(item, `no checklist item ${title}`);
  return item.detail;
}

describe("case view: recorded times in the organisation's time zone", () => {
  it('a decision at 00:30 BST on 15 June shows 15 June and 00:30, with no "UTC"', () => {
    const { state, approvalId } = agreedAt(JUST_AFTER_MIDNIGHT_BST);
    const status = decisionStatusData(state, approvalId, LONDON)!;
    assert.equal(status.decidedAt, '2026-06-15 00:30');
    assert.equal(detail(state, LONDON, /^Team manager's agreement/), 'Approved by Tara Manager on 2026-06-15');
  });

  it('steps and the assessment done just after midnight BST show the local day on the checklist', () => {
    const { state } = agreedAt(JUST_AFTER_MIDNIGHT_BST);
    assert.equal(detail(state, LONDON, /^Child's views/), '2026-06-15, Sam Social');
    assert.equal(detail(state, LONDON, /^IRO informed/), '2026-06-15, Sam Social');
    assert.match(detail(state, LONDON, /^Assessment and plan/), /^2026-06-15, Sam Social: /);
  });

  it('in winter (GMT) a late-evening decision stays on its own day', () => {
    const { state, approvalId } = agreedAt(LATE_EVENING_GMT);
    assert.equal(decisionStatusData(state, approvalId, LONDON)!.decidedAt, '2026-03-10 23:30');
    assert.equal(detail(state, LONDON, /^Team manager's agreement/), 'Approved by Tara Manager on 2026-03-10');
  });

  it('works from the instant, so a case stored before the local date was kept shows it too; and it is the configured zone that counts', () => {
    const { state, approvalId } = agreedAt(JUST_AFTER_MIDNIGHT_BST);
    const stored = structuredClone(state);
    delete stored.approvals[0]!.decision!.on;
    delete stored.steps.childViews!.on;
    assert.equal(decisionStatusData(stored, approvalId, LONDON)!.decidedAt, '2026-06-15 00:30');
    assert.equal(detail(stored, LONDON, /^Child's views/), '2026-06-15, Sam Social');
    const utc: ViewContext = { ...LONDON, timeZone: 'UTC' };
    assert.equal(decisionStatusData(state, approvalId, utc)!.decidedAt, '2026-06-14 23:30');
    assert.equal(detail(state, utc, /^Child's views/), '2026-06-14, Sam Social');
  });
});

describe('the bot shows a decision made just after midnight BST on the local day', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld('2026-06-14T20:00:00Z');
  });
  afterEach(async () => world.close());

  it('on the decision card, the case card and the "already decided" refusal', async () => {
    const facts = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-05-04', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: '2026-06-12' } as const;
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: STAFF.sw, ref: 'MOS-1042', facts, trigger: 'consent-withdrawn', iro: null });
    assert.ok(opened.ok, JSON.stringify(opened));
    const steps: EventInput[] = [
      { type: 'ChildViewsRecorded', views: 'v' },
      { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
      { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-06-14' },
    ];
    for (const [i, event] of steps.entries()) assert.ok((await world.service.apply({ idempotencyKey: `e${i}`, caseId: opened.caseId, actor: STAFF.sw, event })).ok);
    const approvalId = (await world.service.get(opened.caseId))!.state.approvals[0]!.approvalId;

    world.clock.set('2026-06-14T23:30:00Z');
    const bot = new ConversationDriver(world);
    const status = await bot.click(STAFF.tm, 'decide', { caseId: opened.caseId, approvalId, outcome: 'approve' });
    assert.match(texts(status), /Approved by Taylor Manager/);
    assert.match(texts(status), /2026-06-15 00:30/);
    assert.doesNotMatch(texts(status), /UTC|2026-06-14/);

    const card = await bot.sayForCard(STAFF.sw, 'case MOS-1042');
    assert.match(texts(card), /Approved by Taylor Manager on 2026-06-15/);
    assert.match(texts(card), /Child's views \(R-UNPL-1\)\n2026-06-14, Sam Social/, 'recorded at 21:00 BST on the 14th');

    const again = await bot.click(STAFF.managerWithCases, 'decide', { caseId: opened.caseId, approvalId, outcome: 'approve' });
    assert.match(texts(again), /already decided by Taylor Manager on 2026-06-15/);
  });
});
