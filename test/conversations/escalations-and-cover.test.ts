/**
 * Around escalations, cover and the days after: a case walked over HTTP as each person meets it, only
 * through the buttons the cards show, the reminder service swept as the server runs it and the clock
 * moved day by day; each notice read where Teams shows it.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { walkByDay } from '../reliability/support/cards-only';
import { parseRoleConfig, type RoleConfig } from '../../src/cases/role-config';
import { SEVERAL_PARTS, SP } from './support/several-parts-organisation';

describe('escalations, cover and what people are told over the following days, over HTTP', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z');
  const { walk } = walkByDay(h, '2026-03-02');
  const everyone = Object.values(PEOPLE);
  /** Every notice each person has not read yet, as text. */
  async function unread(): Promise<Map<string, string[]>> {
    const told = new Map<string, string[]>();
    for (const who of everyone) told.set(who.name, (await h.talk.notices(who)).map(texts));
    return told;
  }

  it('a case opened weeks after the child went home tells the team managers which visits are already overdue and what to do today, not "No action is needed from you yet", and does not follow it with an overdue notice for each visit (R-VISIT-1)', async () => {
    const ref = 'OPEN-LATE';
    await walk.press(PEOPLE.sw, await h.talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref, returnedHomeOn: '2026-02-10', iro: PEOPLE.iro.id });
    const opened = texts(await h.talk.notice(PEOPLE.tm, new RegExp(`Case opened — case ${ref}`)));
    assert.match(opened, /The child went home on Tue 10 Feb 2026, so 3 visits are already overdue, the first due on Fri 13 Feb 2026: please check with the social worker today that the child is seen, and that any visit that has happened is recorded\. Weekly check-in 3 is due by Tue 3 Mar 2026\. No decision is needed from you yet; you will be asked for your agreement when the assessment is ready\./);
    assert.match(opened, /R-VISIT-1/);
    assert.doesNotMatch(opened, /No action is needed/);
    await h.bot.runtime.app.scheduler.sweep();
    const told = await unread();
    assert.deepEqual([...told.values()].flat().filter((t) => /Overdue: visit not recorded/.test(t)), [], 'no burst of overdue notices a minute after the opening');
    assert.deepEqual(told.get(PEOPLE.sw.name)!.map((t) => t.split('\n')[0]), [`Reminder: visit due — case ${ref}`], 'the social worker is reminded of the next visit only');
    // The visits already overdue are marked so on the case and in "my cases", with nothing lost.
    assert.deepEqual((await h.stateOf(ref)).visits.map((v) => v.overdue), [true, true, true, false, false]);
    const mine = (await h.talk.say(PEOPLE.sw, 'my cases')).map((r) => String(r.body['text'] ?? '')).join('\n');
    assert.match(mine, new RegExp(`- ${ref}: first home visit \\(R-VISIT-1\\), \\*\\*OVERDUE by 17 days\\*\\* \\(due Fri 13 Feb 2026\\)`));
  });

  it('a case opened on the day its first home visit is due tells the team managers that day, not "No action is needed from you yet" (R-VISIT-1)', async () => {
    const ref = 'OPEN-DUE';
    await walk.press(PEOPLE.sw, await h.talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    const opened = texts(await h.talk.notice(PEOPLE.tm, new RegExp(`Case opened — case ${ref}`)));
    assert.match(opened, /The child went home on Fri 27 Feb 2026\. The first home visit is due by Mon 2 Mar 2026: you will be told if it is not recorded by then\. No decision is needed from you yet; you will be asked for your agreement when the assessment is ready\./);
    const notHome = 'OPEN-PLANNED';
    await walk.press(PEOPLE.sw, await h.talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref: notHome, pathway: 'planned', trigger: '', returnedHomeOn: '', iro: PEOPLE.iro.id });
    assert.match(texts(await h.talk.notice(PEOPLE.tm, new RegExp(`Case opened — case ${notHome}`))), /has been opened on the planned pathway\. No action is needed from you yet; you will be asked for your agreement when the assessment is ready\./);
  });

  /** A case opened on Mon 2 Mar 2026 whose assessment waits for the team manager's agreement from that day. */
  async function waitingForTheTeamManager(ref: string): Promise<void> {
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
  }

  async function myCases(who: { id: string; name: string }): Promise<string> {
    return (await h.talk.say(who, 'my cases')).map((r) => String(r.body['text'] ?? '')).join('\n');
  }

  /** Sweeps at 08:00 UTC on each day given, as the running reminder service does. */
  async function sweepOn(day: string): Promise<void> {
    h.setNow(`${day}T08:00:00Z`);
    await h.bot.runtime.app.scheduler.sweep();
  }

  it("an escalated team manager's agreement nobody decides is escalated again every 5 working days to the team manager and the Head of Service, each saying since when and when the next comes, and is listed in the Head of Service's \"my cases\" as escalated to them; decided from the escalation's card, nothing more comes", async () => {
    const ref = 'ESC-AGAIN';
    await waitingForTheTeamManager(ref);
    await sweepOn('2026-03-09');
    const first = texts(await h.talk.notice(PEOPLE.hos, new RegExp(`Escalation — case ${ref}`)));
    assert.match(first, /the team manager's agreement has been waiting since Mon 2 Mar 2026\. Please make sure it is decided: it waits for Taylor Manager and Morgan Manager, or their deputy\. If it is still not decided, you will be told again on Mon 16 Mar 2026\./);
    assert.match(texts(await h.talk.notice(PEOPLE.tm, new RegExp(`Escalation — case ${ref}`))), /waiting for your decision since Mon 2 Mar 2026 and is now overdue, so it has been escalated\. Open the request to decide\. If it is still not decided, you and the Head of Service will be told again on Mon 16 Mar 2026\./);
    await sweepOn('2026-03-13');
    assert.deepEqual((await unread()).get(PEOPLE.hos.name)!.filter((t) => t.includes(ref)), [], 'nothing in between');
    // The Head of Service it was escalated to finds it in "my cases", as theirs to see decided; the team manager, as theirs to decide.
    assert.match(await myCases(PEOPLE.hos), new RegExp(`Escalated to you, to see that each is decided \\(open the case to see who decides it\\):\n- ${ref}: Team manager's agreement, asked on Mon 2 Mar 2026, escalated to you on Mon 9 Mar 2026, \\*\\*OVERDUE by 5 working days\\*\\* \\(type "case ${ref}"\\)`));
    const managers = await myCases(PEOPLE.tm);
    assert.match(managers, new RegExp(`Waiting for your decision:\n- ${ref}: Team manager's agreement`));
    assert.doesNotMatch(managers, /Escalated to you/);

    await sweepOn('2026-03-16');
    assert.match(texts(await h.talk.notice(PEOPLE.hos, new RegExp(`Escalation — case ${ref}`))), /the team manager's agreement has been waiting since Mon 2 Mar 2026 and is still not decided, though it was first escalated on Mon 9 Mar 2026 \(this is escalation 2\)\. Please make sure it is decided: it waits for Taylor Manager and Morgan Manager, or their deputy\. If it is still not decided, you will be told again on Mon 23 Mar 2026\./);
    const toManager = await h.talk.notice(PEOPLE.tm, new RegExp(`Escalation — case ${ref}`));
    assert.match(texts(toManager), /waiting for your decision since Mon 2 Mar 2026 and is still not decided, though it was first escalated on Mon 9 Mar 2026 \(this is escalation 2\)\. Open the request to decide\. If it is still not decided, you and the Head of Service will be told again on Mon 23 Mar 2026\./);

    // The team manager can still decide, from the escalation's own button.
    h.setNow('2026-03-17T10:00:00Z');
    const request = await walk.press(PEOPLE.tm, toManager, /^Open the request$/);
    assert.match(texts(await walk.press(PEOPLE.tm, request, /^Approve$/, { comment: 'Agreed, late.' })), /Approved by Taylor Manager/);
    // The Head of Service who was chasing it is told, once, that it is decided and nothing more is needed of them.
    const told = await unread();
    const over = told.get(PEOPLE.hos.name)!.filter((t) => t.includes(ref));
    assert.equal(over.length, 1, `one notice to the Head of Service: ${over.join(' | ')}`);
    assert.match(over[0]!, new RegExp(`^Escalation over: decided — case ${ref}`));
    assert.match(over[0]!, /the team manager's agreement escalated to you on Mon 9 Mar 2026 was decided on Tue 17 Mar 2026 by Taylor Manager: approved\. Nothing more is needed from you on it\./);
    assert.deepEqual(told.get(PEOPLE.tm.name)!.filter((t) => /Escalation over/.test(t)), [], 'not the team manager who decided it');
    assert.doesNotMatch(await myCases(PEOPLE.hos), /Escalated to you/, 'decided: no longer listed');
    for (const day of ['2026-03-23', '2026-03-30']) {
      await sweepOn(day);
      assert.deepEqual([...(await unread()).values()].flat().filter((t) => t.includes(ref) && /Escalation/.test(t)), [], `no escalation on ${day} once decided`);
    }
  });
});


describe("a deputy's cover starting while a request waits for the person they cover, over HTTP", function () {
  this.timeout(120_000);
  const TONI = { id: 'tm-deputy-1', name: 'Toni Cover' };
  const withCover = parseRoleConfig({
    roles: {
      'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
      'team-manager': { users: [PEOPLE.tm] },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [PEOPLE.director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
    deputies: [{ role: 'team-manager', deputy: TONI, for: PEOPLE.tm, from: '2026-03-05', to: '2026-03-12' }],
  });
  const h = overHttp('2026-03-02T10:00:00Z', withCover, [TONI]);
  const { walk } = walkByDay(h, '2026-03-02');

  it("tells the deputy on the morning their cover starts of the team manager's agreement that waited for the person they cover, once, with the button to decide it on their behalf", async () => {
    const ref = 'COVER-1';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await h.talk.notices(TONI);
    for (const at of ['2026-03-04T10:00:00Z', '2026-03-05T07:59:00Z']) {
      h.setNow(at);
      await h.bot.runtime.app.scheduler.sweep();
      assert.deepEqual((await h.talk.notices(TONI)).map(texts), [], `nothing for the deputy at ${at}: their cover has not begun`);
    }
    h.setNow('2026-03-05T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    const told = await h.talk.notice(TONI, new RegExp(`case ${ref}`));
    assert.match(texts(told), /Case COVER-1: your cover of Taylor Manager as team manager runs from Thu 5 Mar 2026 to Thu 12 Mar 2026, and the team manager's agreement has been waiting for their decision since Mon 2 Mar 2026, before your cover began\. Open the request to decide it on their behalf\. \(R-SIGN-4\)/);
    h.setNow('2026-03-05T11:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.deepEqual((await h.talk.notices(TONI)).map(texts), [], 'told once');

    const request = await walk.press(TONI, told, /^Open the request$/);
    assert.match(texts(await walk.press(TONI, request, /^Approve$/, { comment: 'Agreed while covering.' })), /Approved by Toni Cover/);
    const approval = (await h.stateOf(ref)).approvals.find((a) => a.stage === 'team-manager')!;
    assert.deepEqual([approval.decision?.by.id, approval.decision?.onBehalfOf?.id], [TONI.id, PEOPLE.tm.id]);
  });

  it('a deputy outside their dates typing "new case" is told their cover\'s dates, not given a start form to fill in only to be refused, and "my cases" does not send them there', async () => {
    for (const day of ['2026-03-04', '2026-03-13']) {
      h.setNow(`${day}T10:00:00Z`);
      const answer = await h.talk.say(TONI, 'new case');
      assert.deepEqual(answer.map((r) => (r.body['attachments'] as unknown[] | undefined)?.length ?? 0), [0], `no form on ${day}`);
      assert.equal(String(answer[0]!.body['text']), "You are Taylor Manager's deputy as team manager only from Thu 5 Mar 2026 to Thu 12 Mar 2026, so you cannot act for them today. So there is no start form for you today; nothing was recorded. Type \"my cases\" for the cases you are part of.");
      const mine = (await h.talk.say(TONI, 'my cases')).map((r) => String(r.body['text'] ?? '')).join('\n');
      assert.doesNotMatch(mine, /new case/, day);
    }
    // Within their dates they may start one, as the team manager they cover may.
    h.setNow('2026-03-06T10:00:00Z');
    assert.match(texts(await h.talk.sayForCard(TONI, 'new case')), /Start the case/);
  });
});


describe("a deputy's cover of an IRO starting while the IRO's view waits for the IRO they cover, over HTTP", function () {
  this.timeout(120_000);
  const INES = { id: 'iro-deputy-1', name: 'Ines Cover' };
  const withCover = parseRoleConfig({
    roles: {
      'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
      'team-manager': { users: [PEOPLE.tm] },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [PEOPLE.director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
    deputies: [{ role: 'iro', deputy: INES, for: PEOPLE.iro, from: '2026-03-05', to: '2026-03-12' }],
  });
  const h = overHttp('2026-03-02T10:00:00Z', withCover, [INES]);
  const { walk } = walkByDay(h, '2026-03-02');

  it("tells the IRO's deputy on the morning their cover starts that the IRO's view has waited for the IRO since before, once, and they record it on the IRO's behalf", async () => {
    const ref = 'COVER-2';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await walk.press(PEOPLE.tm, await h.talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-iro-view');
    await h.talk.notices(INES);
    for (const at of ['2026-03-04T10:00:00Z', '2026-03-05T07:59:00Z']) {
      h.setNow(at);
      await h.bot.runtime.app.scheduler.sweep();
      assert.deepEqual((await h.talk.notices(INES)).map(texts), [], `nothing for the deputy at ${at}: their cover has not begun`);
    }
    h.setNow('2026-03-05T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    const told = await h.talk.notice(INES, new RegExp(`case ${ref}`, 'i'));
    assert.match(texts(told), /Case COVER-2: your cover of Indra Reviewer as IRO runs from Thu 5 Mar 2026 to Thu 12 Mar 2026, and the IRO's view has been waiting for them since Mon 2 Mar 2026, when the team manager agreed the return-home assessment, before your cover began\. Please give the view on their behalf so it can go to the Head of Service: open the case to record it\. \(R-SIGN-4/);
    h.setNow('2026-03-05T11:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.deepEqual((await h.talk.notices(INES)).map(texts), [], 'told once');

    await walk.step(INES, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    const state = await h.stateOf(ref);
    assert.equal(state.stage, 'awaiting-head-of-service');
    assert.deepEqual([state.iroView?.by.id, state.iroView?.onBehalfOf?.id], [INES.id, PEOPLE.iro.id]);
  });
});

describe("a Head of Service's deputy in cover, typing \"my cases\", over HTTP", function () {
  this.timeout(120_000);
  const HAL = { id: 'hos-deputy-1', name: 'Hal Cover' };
  const withCover = parseRoleConfig({
    roles: {
      'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
      'team-manager': { users: [PEOPLE.tm] },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [PEOPLE.director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
    deputies: [{ role: 'head-of-service', deputy: HAL, for: PEOPLE.hos, from: '2026-03-05', to: '2026-03-12' }],
  });
  const h = overHttp('2026-03-02T10:00:00Z', withCover, [HAL]);
  const { walk } = walkByDay(h, '2026-03-02');
  const said = async (who: typeof HAL): Promise<string> => (await h.talk.say(who, 'my cases')).map((r) => String(r.body['text'] ?? '')).join('\n');

  it("lists the open cases of the Head of Service they cover while the cover runs, saying whom they cover, before anything is escalated or asked of them", async () => {
    const ref = 'COVER-3';
    await walk.press(PEOPLE.sw, await h.talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    h.setNow('2026-03-04T10:00:00Z');
    assert.doesNotMatch(await said(HAL), /COVER-3/, 'not before the cover');
    h.setNow('2026-03-06T10:00:00Z');
    const during = await said(HAL);
    assert.match(during, /Cases of Harper Head, whom you cover as Head of Service until Thu 12 Mar 2026 \(you act on their behalf until then: open a case to see what it needs\):\n- COVER-3: /);
    assert.doesNotMatch(during, /no open case has a step for you/);
    assert.match(await said(PEOPLE.hos), /Your cases:\n- COVER-3: /, 'as the Head of Service they cover sees it');
    h.setNow('2026-03-13T10:00:00Z');
    assert.doesNotMatch(await said(HAL), /COVER-3/, 'not after the cover');
  });
});

describe("a deputy's cover of the IRO manager starting while the IRO's view waits on a case with no IRO named, over HTTP", function () {
  this.timeout(120_000);
  const IMRE = { id: 'irom-deputy-1', name: 'Imre Cover' };
  const withCover = { ...SEVERAL_PARTS, deputies: [{ role: 'iro', deputy: IMRE, for: SP.iroManager, from: '2026-03-05', to: '2026-03-12' }] } as unknown as RoleConfig;
  const h = overHttp('2026-03-02T10:00:00Z', withCover, [...Object.values(SP), IMRE]);
  const { walk } = walkByDay(h, '2026-03-02');

  it("tells the IRO manager's deputy on the morning their cover starts, as the IRO's deputy is told", async () => {
    const ref = 'COVER-4';
    let card = await walk.press(SP.sw, await h.talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(SP.sw, ref, button, {}, card);
    await walk.step(SP.sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await walk.press(SP.tm, await h.talk.notice(SP.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-iro-view');
    await h.talk.notices(IMRE);
    h.setNow('2026-03-05T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.match(texts(await h.talk.notice(IMRE, new RegExp(`case ${ref}`, 'i'))), /Case COVER-4: your cover of Imogen Iro-Manager as IRO runs from Thu 5 Mar 2026 to Thu 12 Mar 2026, and the IRO's view has been waiting for them since Mon 2 Mar 2026/);
    await walk.step(IMRE, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    assert.deepEqual([(await h.stateOf(ref)).iroView?.onBehalfOf?.id], [SP.iroManager.id]);
  });
});
