/**
 * Dates and times on the cards are the organisation's (Europe/London), not UTC: stored instants
 * are UTC, and from late March to late October the two disagree about the day for an hour after midnight.
 */
import { strict as assert } from 'node:assert';
import { approvalRequestCard, caseCard, decisionStatusCard } from '../../src/bot/card-builder';
import { approvalRequestData, caseCardData, decisionStatusData, ViewContext, visitTitle } from '../../src/bot/case-view';
import type { EventInput } from '../../src/cases/case-service';
import { CaseState, DEFAULT_CASE_POLICY, FRAMEWORK_EVIDENCE, Now } from '../../src/protocol';
import { makeWorld, PEOPLE as STAFF, World } from '../../support/world';
import { accept, actor, ACTORS, awaitingDirector, awaitingHeadOfService, drive, events, HOME_53_DAYS, initialSteps, nowOn, opened, pending } from '../protocol/support/case-fixtures';
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

/** A visit's line under "Visits after the return home", where the card lists each visit once. */
function visitLine(state: CaseState, ctx: ViewContext, index: number): string | undefined {
  return caseCardData(state, ctx).visits.find((v) => v.title === visitTitle(index))?.value;
}

function detail(state: CaseState, ctx: ViewContext, title: RegExp): string {
  const item = caseCardData(state, ctx).checklist.find((i) => title.test(i.title));
  assert.ok(item, `no checklist item ${title}`);
  return item.detail;
}

describe('case view: who recorded a step', () => {
  it("a step a deputy recorded says on whose behalf, as the audit trail does", () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const state = drive(opened({ facts: HOME_53_DAYS }).state, [events.childViews(deputy), events.immediateRisk()], LATE_EVENING_GMT).state;
    assert.equal(detail(state, LONDON, /^Child's views/), 'Tue 10 Mar 2026, Dee Cover on behalf of Sam Social');
    assert.match(detail(state, LONDON, /^Immediate risk check/), /^Tue 10 Mar 2026, Sam Social\. /);
    const submitted = drive(state, [events.iroInformed(), events.parentsConsulted(), events.assessment({ actor: deputy })], LATE_EVENING_GMT).state;
    assert.match(detail(submitted, LONDON, /^Assessment and plan/), /^Tue 10 Mar 2026, Dee Cover on behalf of Sam Social: /);
  });

  it('a visit a deputy recorded keeps and says on whose behalf (R-VISIT-1), and undoing it clears both', () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const visited = drive(opened({ facts: HOME_53_DAYS }).state, [events.visit(0, '2026-03-02', deputy)], nowOn('2026-03-02')).state;
    assert.deepEqual(visited.visits[0]?.recordedBy, { id: 'dep-sw', name: 'Dee Cover' });
    assert.deepEqual(visited.visits[0]?.onBehalfOf, { id: 'sw-1', name: 'Sam Social' });
    assert.equal(visitLine(visited, LONDON, 0), 'Done Mon 2 Mar 2026 (due Mon 2 Mar 2026), Dee Cover on behalf of Sam Social');
    const undone = accept(visited, { type: 'StepUndone', actor: ACTORS.sw, step: 'visit', index: 0, reason: 'Recorded against the wrong case.' }, nowOn('2026-03-02')).state;
    assert.equal(undone.visits[0]?.recordedBy, null);
    assert.equal(undone.visits[0]?.onBehalfOf, undefined);
  });

  it('a visit that did not count, recorded by a deputy, keeps on whose behalf too (R-VISIT-1)', () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const tried = accept(opened({ facts: HOME_53_DAYS }).state, { type: 'VisitRecorded', actor: deputy, index: 0, on: '2026-03-02', notes: 'No answer at the door.', outcome: 'no-access' }, nowOn('2026-03-02')).state;
    assert.deepEqual(tried.visits[0]?.attempts?.map((a) => [a.by, a.onBehalfOf]), [[{ id: 'dep-sw', name: 'Dee Cover' }, { id: 'sw-1', name: 'Sam Social' }]]);
  });

  it("the card's 'not counted' line says who recorded it, on whose behalf where a deputy did, and a visit done later names its own recorder before it (R-VISIT-1)", () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const tried = accept(opened({ facts: HOME_53_DAYS }).state, { type: 'VisitRecorded', actor: deputy, index: 0, on: '2026-03-02', notes: 'No answer at the door.', outcome: 'no-access' }, nowOn('2026-03-02')).state;
    const ctx: ViewContext = { ...LONDON, today: '2026-03-02' };
    assert.equal(visitLine(tried, ctx, 0), 'Due Mon 2 Mar 2026; not counted: Mon 2 Mar 2026, no access to the home, Dee Cover on behalf of Sam Social');
    const done = accept(tried, events.visit(0, '2026-03-03'), nowOn('2026-03-03')).state;
    assert.equal(visitLine(done, ctx, 0), 'Done Tue 3 Mar 2026 (due Mon 2 Mar 2026), Sam Social; not counted: Mon 2 Mar 2026, no access to the home, Dee Cover on behalf of Sam Social');
  });
});

describe('case view: the immediate risk check a deputy recorded', () => {
  it("says on whose behalf in the check's own words too, as the approvers read them", () => {
    const deputy = actor({ id: 'dep-sw', name: 'Dee Cover' }, 'social-worker', { id: 'sw-1', name: 'Sam Social' });
    const state = drive(opened({ facts: HOME_53_DAYS }).state, [events.immediateRisk(deputy)], LATE_EVENING_GMT).state;
    const text = detail(state, LONDON, /^Immediate risk check/);
    assert.match(text, /^Tue 10 Mar 2026, Dee Cover on behalf of Sam Social\. The risk check \(Dee Cover on behalf of Sam Social, Tue 10 Mar 2026/, text);
  });
});

describe('case view: a closed case', () => {
  it('a withdrawn planned case shows what was left undone as "Not done", and no 16-week horizon left to meet', () => {
    const planned = opened({ facts: { pathway: 'planned', returnedHomeOn: null } }).state;
    const started = accept(planned, events.reunificationStarted('2026-02-16', 'support-only')).state;
    const open = caseCardData(started, LONDON).checklist;
    assert.ok(open.some((i) => /^16-week horizon/.test(i.title)), 'open: the horizon is shown');
    const withdrawn = accept(started, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'staying-in-care', details: 'Parents agreed S20 again.' } as Parameters<typeof accept>[1]).state;
    assert.equal(withdrawn.stage, 'closed');
    const items = caseCardData(withdrawn, LONDON).checklist;
    assert.ok(!items.some((i) => /^16-week horizon/.test(i.title)), JSON.stringify(items));
    assert.deepEqual([...new Set(items.map((i) => i.status))].sort(), ['Done', 'Not done']);
    assert.equal(items.find((i) => /^Child's views/.test(i.title))?.detail, 'Not done before the case closed');
  });
});

describe("case view: recorded times in the organisation's time zone", () => {
  it('a decision at 00:30 BST on 15 June shows 15 June and 00:30, with no "UTC"', () => {
    const { state, approvalId } = agreedAt(JUST_AFTER_MIDNIGHT_BST);
    const status = decisionStatusData(state, approvalId, LONDON)!;
    assert.equal(status.decidedAt, 'Mon 15 Jun 2026, 00:30');
    assert.equal(detail(state, LONDON, /^Team manager's agreement/), 'Approved by Tara Manager on Mon 15 Jun 2026');
  });

  it('steps and the assessment done just after midnight BST show the local day on the checklist', () => {
    const { state } = agreedAt(JUST_AFTER_MIDNIGHT_BST);
    assert.equal(detail(state, LONDON, /^Child's views/), 'Mon 15 Jun 2026, Sam Social');
    assert.equal(detail(state, LONDON, /^IRO informed/), 'Mon 15 Jun 2026, Sam Social');
    assert.match(detail(state, LONDON, /^Assessment and plan/), /^Mon 15 Jun 2026, Sam Social: /);
  });

  it('in winter (GMT) a late-evening decision stays on its own day', () => {
    const { state, approvalId } = agreedAt(LATE_EVENING_GMT);
    assert.equal(decisionStatusData(state, approvalId, LONDON)!.decidedAt, 'Tue 10 Mar 2026, 23:30');
    assert.equal(detail(state, LONDON, /^Team manager's agreement/), 'Approved by Tara Manager on Tue 10 Mar 2026');
  });

  it('works from the instant, so a case stored before the local date was kept shows it too; and it is the configured zone that counts', () => {
    const { state, approvalId } = agreedAt(JUST_AFTER_MIDNIGHT_BST);
    const stored = structuredClone(state);
    delete stored.approvals[0]!.decision!.on;
    delete stored.steps.childViews!.on;
    assert.equal(decisionStatusData(stored, approvalId, LONDON)!.decidedAt, 'Mon 15 Jun 2026, 00:30');
    assert.equal(detail(stored, LONDON, /^Child's views/), 'Mon 15 Jun 2026, Sam Social');
    const utc: ViewContext = { ...LONDON, timeZone: 'UTC' };
    assert.equal(decisionStatusData(state, approvalId, utc)!.decidedAt, 'Sun 14 Jun 2026, 23:30');
    assert.equal(detail(state, utc, /^Child's views/), 'Sun 14 Jun 2026, Sam Social');
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
    assert.match(texts(status), /When\nMon 15 Jun 2026, 00:30/);
    assert.doesNotMatch(texts(status), /UTC|14 Jun|2026-06-1/);

    const card = await bot.sayForCard(STAFF.sw, 'case MOS-1042');
    assert.match(texts(card), /Approved by Taylor Manager on Mon 15 Jun 2026/);
    assert.match(texts(card), /Child's views \(R-UNPL-1\)\nSun 14 Jun 2026, Sam Social/, 'recorded at 21:00 BST on the 14th');

    const again = await bot.click(STAFF.managerWithCases, 'decide', { caseId: opened.caseId, approvalId, outcome: 'approve' });
    assert.match(texts(again), /already decided by Taylor Manager on Mon 15 Jun 2026/);
  });
});

describe('dates on the cards are in UK words ("Mon 2 Mar 2026"), never YYYY-MM-DD', () => {
  const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
  const MARCH: ViewContext = { today: '2026-03-30', policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' };

  it('on the checklist and the visits of a case taken to closure, and on the placement-end request', () => {
    const director = awaitingDirector();
    // It says whose decision it waits for, by name where the case names them (on purpose: it read only 'Asked on …').
    assert.match(caseCardData(director, MARCH).checklist.find((i) => i.title.startsWith("Director's authorisation"))!.detail, /^Asked on Mon 2 Mar 2026: waiting for the Director$/);
    let state = accept(director, events.decision(pending(director, 'director').approvalId, ACTORS.director)).state;
    state = drive(state, [events.episodeEnded(true), events.placementEndRequested('2026-03-13')]).state;
    const request = pending(state, 'placement-end');
    const requestData = approvalRequestData(state, request.approvalId, [], { ...MARCH, today: '2026-03-02' })!; // seen the day it was asked, before the end date
    assert.equal(requestData.requestedOn, 'Mon 2 Mar 2026');
    assert.equal(requestData.rulesText, 'Asked under R-PLACE-1 to end the placement on Fri 13 Mar 2026.');
    assert.doesNotMatch(texts(approvalRequestCard(requestData)), ISO_DATE);

    state = accept(state, events.decision(request.approvalId, ACTORS.hos)).state;
    const late = { at: '2026-03-30T09:00:00.000Z', today: '2026-03-30' };
    state = drive(state, [events.placementEnded('2026-03-13', '2026-03-02', ACTORS.cpt), events.visit(0, '2026-03-01'), ...['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30'].map((on, i) => events.visit(i + 1, on)), events.letter('2026-03-27'), events.review('2026-03-30')], late).state;
    assert.equal(state.stage, 'closed');

    const data = caseCardData(state, MARCH);
    const item = (title: RegExp) => data.checklist.find((i) => title.test(i.title))?.detail;
    // Each visit listed once, under "Visits after the return home"; the checklist counts them (on purpose: they were listed twice).
    assert.equal(item(/^Visits after the return home/), 'Visits done: 5 of 5. Each is listed below, with who recorded it.');
    assert.ok(!data.checklist.some((i) => /^First home visit|^Weekly check-in/.test(i.title)), 'not listed twice');
    assert.equal(data.visits[1]?.value, 'Done Fri 27 Mar 2026 (due Fri 6 Mar 2026), Sam Social');
    assert.equal(item(/^Placement ended/), 'Ended Fri 13 Mar 2026; carers told Mon 2 Mar 2026');
    assert.equal(item(/letter/), 'Fri 27 Mar 2026');
    assert.equal(item(/^Reunification review/), 'Mon 30 Mar 2026: continuing with Child in Need (CIN)');
    assert.equal(item(/^Care episode ended/), 'Mon 2 Mar 2026, Sam Social');
    assert.deepEqual(data.visits[0], { title: 'First home visit', value: 'Done Sun 1 Mar 2026 (due Mon 2 Mar 2026), Sam Social' });
    assert.doesNotMatch(texts(caseCard(data)), ISO_DATE);
  });

  it('an open visit is "Due …", with " — overdue" in the visits once it is late', () => {
    const home = opened({ facts: HOME_53_DAYS }).state;
    const onTime = caseCardData(home, { ...MARCH, today: '2026-03-02' });
    assert.deepEqual(onTime.visits[0], { title: 'First home visit', value: 'Due Mon 2 Mar 2026' });
    assert.deepEqual(onTime.checklist.find((i) => i.title.startsWith('Visits after the return home')), { status: 'Next', color: 'Accent', title: 'Visits after the return home (R-VISIT-1)', detail: 'Visits done: 0 of 5; next due Mon 2 Mar 2026. Each is listed below.' });
    const late = caseCardData(home, { ...MARCH, today: '2026-03-03' });
    assert.deepEqual(late.visits[0], { title: 'First home visit', value: 'Due Mon 2 Mar 2026 — overdue' });
    assert.deepEqual(late.checklist.find((i) => i.title.startsWith('Visits after the return home')), { status: 'Overdue', color: 'Attention', title: 'Visits after the return home (R-VISIT-1)', detail: 'Visits done: 0 of 5; next due Mon 2 Mar 2026 — overdue. Each is listed below.' });
  });

  it('the message of what was just done reads its dates in words (the audit trail keeps them as YYYY-MM-DD)', () => {
    const home = opened({ facts: HOME_53_DAYS }).state;
    const visited = accept(home, events.visit(0, '2026-03-02'));
    assert.equal(visited.action, 'Visit recorded on 2026-03-02 (due 2026-03-02)');
    assert.equal(caseCardData(visited.state, MARCH, undefined, visited.action).done.message, 'Visit recorded on Mon 2 Mar 2026 (due Mon 2 Mar 2026)');
  });
});

describe('case view: the card of a request nobody decided', () => {
  const factsOf = (card: Record<string, unknown>) => {
    const set = (card['body'] as { type: string; facts?: { title: string; value: string }[] }[]).find((b) => b.type === 'FactSet')!;
    return Object.fromEntries(set.facts!.map((f) => [f.title, f.value]));
  };

  it('a withdrawn request says when it was withdrawn and shows no empty "By" or "Comment"', () => {
    const prepared = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], LATE_EVENING_GMT).state;
    const approvalId = pending(prepared, 'team-manager').approvalId;
    const withdrawn = accept(prepared, { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'staying-in-care', details: 'Parents agreed S20 again.' } as Parameters<typeof accept>[1], JUST_AFTER_MIDNIGHT_BST).state;
    const facts = factsOf(decisionStatusCard(decisionStatusData(withdrawn, approvalId, LONDON)!));
    assert.deepEqual(Object.keys(facts), ['Decision', 'Case now'], JSON.stringify(facts));
    assert.equal(facts['Decision'], 'Withdrawn on Mon 15 Jun 2026, 00:30, not decided');
    assert.ok(!Object.values(facts).includes('-'));
  });

  it('a request still waiting shows no empty facts either', () => {
    const prepared = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment()], LATE_EVENING_GMT).state;
    const facts = factsOf(decisionStatusCard(decisionStatusData(prepared, pending(prepared, 'team-manager').approvalId, LONDON)!));
    assert.deepEqual(facts, { Decision: 'Not decided yet', 'Case now': facts['Case now'] });
  });

  it('a decided one still shows who, when and the comment', () => {
    const { state, approvalId } = agreedAt(LATE_EVENING_GMT);
    assert.deepEqual(Object.keys(factsOf(decisionStatusCard(decisionStatusData(state, approvalId, LONDON)!))), ['Decision', 'By', 'When', 'Comment', 'Case now']);
  });
});

describe('case view: a request withdrawn undecided on the checklist', () => {
  const withdrawnRequest = () => {
    const agreed = drive(opened({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } }).state, [events.childViews(), events.immediateRisk(), events.iroInformed(), { type: 'ParentsConsulted', actor: ACTORS.sw, views: 'Agree to a planned return.', plannedReturnAgreed: true } as Parameters<typeof accept>[1]]).state;
    const submitted = accept(agreed, events.assessment()).state;
    return accept(submitted, { type: 'PathwayChangedToPlanned', actor: ACTORS.sw, reason: 'Parents agreed at the meeting.' } as Parameters<typeof accept>[1]).state;
  };

  it("says 'Withdrawn' with the reason, not 'Later' as if it were still to come", () => {
    const item = caseCardData(withdrawnRequest(), LONDON).checklist.find((i) => /^Team manager's agreement/.test(i.title));
    assert.deepEqual(item && [item.status, item.detail.replace(/ of \w{3} \d+ \w{3} \d{4}/, ' of …')], ['Withdrawn', 'Request of … withdrawn: the case moved to the planned pathway (R-UNPL-4)']);
  });

  it('stays withdrawn, not "Not done", once the case closes', () => {
    const closed = accept(withdrawnRequest(), { type: 'CaseWithdrawn', actor: ACTORS.tm, reason: 'staying-in-care', details: 'Parents agreed S20 again.' } as Parameters<typeof accept>[1]).state;
    assert.equal(caseCardData(closed, LONDON).checklist.find((i) => /^Team manager's agreement/.test(i.title))?.status, 'Withdrawn');
  });
});

describe("case view: the Director's request where the Director's sign-off is optional (R-SIGN-6)", () => {
  const MARCH: ViewContext = { today: '2026-03-02', policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' };

  it('is headed as asked, optional, not as needed, while a required one still says needed', () => {
    const notRequired = awaitingHeadOfService({ facts: { accommodatedOn: '2026-02-20', returnedHomeOn: null } });
    let state = accept(notRequired, events.decision(pending(notRequired, 'head-of-service').approvalId, ACTORS.hos)).state;
    state = accept(state, events.directorRequested()).state;
    const optional = approvalRequestData(state, pending(state, 'director').approvalId, [], MARCH)!;
    assert.equal(optional.signOffText, 'Not required (R-SIGN-6)');
    const heading = texts(approvalRequestCard(optional));
    assert.match(heading, /Director's authorisation asked \(optional, R-SIGN-6\): case /);
    assert.doesNotMatch(heading, /needed: case/);

    const required = awaitingDirector();
    assert.match(texts(approvalRequestCard(approvalRequestData(required, pending(required, 'director').approvalId, [], MARCH)!)), /Director's authorisation needed: case /);
  });
});

describe('case view: the end of the placement on the checklist (R-PLACE-1)', () => {
  const EARLY_MARCH: ViewContext = { today: '2026-03-04', policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' };

  function consentedTo(proposed: string): CaseState {
    const requested = accept(opened({ facts: HOME_53_DAYS }).state, events.placementEndRequested(proposed)).state;
    return accept(requested, events.decision(pending(requested, 'placement-end').approvalId, ACTORS.hos)).state;
  }
  const placementItem = (state: CaseState, ctx: ViewContext) => caseCardData(state, ctx).checklist.find((i) => /^Placement end/.test(i.title))!;

  it('a day still to come is "Placement ends", not "ended"; once past, "Placement ended"', () => {
    const state = accept(consentedTo('2026-03-13'), events.placementEnded('2026-03-13', '2026-03-02', ACTORS.cpt)).state;
    const coming = placementItem(state, EARLY_MARCH);
    assert.equal(coming.title, 'Placement ends (R-PLACE-1)');
    assert.equal(coming.detail, 'Ends Fri 13 Mar 2026; carers told Mon 2 Mar 2026');
    const past = placementItem(state, { ...EARLY_MARCH, today: '2026-03-14' });
    assert.equal(past.title, 'Placement ended (R-PLACE-1)');
    assert.equal(past.detail, 'Ended Fri 13 Mar 2026; carers told Mon 2 Mar 2026');
  });

  it('an end recorded on another day than the Head of Service consented to says so beside it', () => {
    const state = accept(consentedTo('2026-03-13'), events.placementEnded('2026-03-16', '2026-03-02', ACTORS.cpt)).state;
    assert.equal(placementItem(state, EARLY_MARCH).detail, 'Ends Mon 16 Mar 2026 (the Head of Service consented to Fri 13 Mar 2026); carers told Mon 2 Mar 2026');
  });
});

describe('case view: a request withdrawn by a move to the unplanned pathway (R-SCOPE-3)', () => {
  it("is on the checklist as 'Withdrawn' with the reason, as one withdrawn by any other change is, not left off", () => {
    const planned = opened({ facts: { pathway: 'planned', accommodatedOn: '2026-01-05', returnedHomeOn: null }, trigger: null }).state;
    const ready = drive(planned, [events.reunificationStarted('2026-02-16'), ...FRAMEWORK_EVIDENCE.map((e) => events.evidence(e)), events.childViews(), events.parentsConsulted(), events.iroInformed(), events.assessment({ form: 'child-and-family-reassessment' })]).state;
    const moved = accept(ready, events.toUnplanned('consent-withdrawn')).state;
    const item = caseCardData(moved, LONDON).checklist.find((i) => /^Team manager's agreement/.test(i.title));
    assert.deepEqual(item && [item.status, item.detail.replace(/ of \w{3} \d+ \w{3} \d{4}/, ' of …')], ['Withdrawn', 'Request of … withdrawn: the case moved to the unplanned pathway']);
  });
});

describe('case view: what is left before the case can close (R-UNPL-10)', () => {
  /** Home since 27 Feb, found not viable, the actions recorded and every visit done: only the placement's end is left. */
  function notViableVisited(): CaseState {
    let state = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment({ viable: false, stepdownPlan: [] }), events.notViableActions()]).state;
    for (const [index, day] of ['2026-03-02', '2026-03-06', '2026-03-13', '2026-03-20', '2026-03-27'].entries()) state = accept(state, events.visit(index, day), nowOn(day)).state;
    return state;
  }
  const ctx: ViewContext = { today: '2026-03-27', policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' };

  it('says what is still to do, instead of a checklist all Done with no review offered and no word why', () => {
    const item = caseCardData(notViableVisited(), ctx).checklist.find((i) => /Reunification review/.test(i.title));
    assert.deepEqual(item && [item.status, item.title, item.detail], ['Later', 'Reunification review and closure (R-UNPL-10)', 'Still to do first: end the placement with the Head of Service’s consent (R-PLACE-1)']);
  });

  it('says it is ready once nothing is left, and is gone once the review is held', () => {
    let state = notViableVisited();
    state = accept(state, events.placementEndRequested('2026-03-27'), nowOn('2026-03-27')).state;
    state = accept(state, events.decision(pending(state, 'placement-end').approvalId, ACTORS.hos), nowOn('2026-03-27')).state;
    state = accept(state, events.placementEnded('2026-03-27', '2026-03-27', ACTORS.cpt), nowOn('2026-03-27')).state;
    const ready = caseCardData(state, ctx).checklist.find((i) => /Reunification review/.test(i.title));
    assert.deepEqual(ready && [ready.status, ready.detail], ['Next', "Ready: the social worker's next step, recording the review meeting, closes the case"]);
    const closed = accept(state, events.review('2026-03-27'), nowOn('2026-03-27')).state;
    assert.deepEqual(caseCardData(closed, ctx).checklist.filter((i) => /Reunification review/.test(i.title)).map((i) => i.status), ['Done']);
  });
});

describe('case view: the request to end the placement of a return found not viable', () => {
  it("does not tell the Head of Service that Director sign-off is needed, as the case card does not: the return home is not going ahead", () => {
    let state = drive(opened({ facts: HOME_53_DAYS }).state, [...initialSteps(), events.assessment({ viable: false, stepdownPlan: [] }), events.notViableActions()]).state;
    state = accept(state, events.placementEndRequested('2026-03-13')).state;
    const data = approvalRequestData(state, pending(state, 'placement-end').approvalId, [], LONDON)!;
    assert.equal(data.signOffText, 'Not needed: the return home is not going ahead.');
    assert.equal(data.iroView, 'Not asked: the return home is not going ahead.', 'not "Not given yet", as if it were still to come');
    assert.match(caseCardData(state, LONDON).signOff.headline, /not needed: the return home is not going ahead/);
  });
});

describe('case view: the assessment on a planned return (R-PLAN-3)', () => {
  it("is on the checklist under R-PLAN-3, the rule its form is asked under, not the unplanned pathway's R-UNPL-5 and R-UNPL-6", () => {
    const planned = opened({ facts: { pathway: 'planned', accommodatedOn: '2026-01-05', returnedHomeOn: null }, trigger: null }).state;
    const ready = drive(planned, [events.reunificationStarted('2026-02-16'), ...FRAMEWORK_EVIDENCE.map((e) => events.evidence(e)), events.childViews(), events.parentsConsulted(), events.iroInformed()]).state;
    const before = caseCardData(ready, LONDON).checklist.find((i) => /^Assessment and plan/.test(i.title));
    assert.equal(before?.title, 'Assessment and plan (R-PLAN-3)');
    const submitted = accept(ready, events.assessment({ form: 'child-and-family-reassessment' })).state;
    const after = caseCardData(submitted, LONDON).checklist.find((i) => /^Assessment and plan/.test(i.title));
    assert.equal(after?.title, 'Assessment and plan, viable (R-PLAN-3)');
  });
});
