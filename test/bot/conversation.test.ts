import { strict as assert } from 'node:assert';
import { Activity, TestAdapter } from 'botbuilder';
import { approvalCardsOn } from '../../src/composition-root';
import type { EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { cardProblems } from './support/card-check';
import { allActions, ConversationDriver } from './support/conversation-driver';

type Who = { id: string; name: string };
type Card = { body?: unknown[]; actions?: { type: string; title: string; verb: string; data: Record<string, string> }[] };

import { cardTexts as texts } from '../../support/card-texts';
import { deliveryKeys } from '../../src/ports/delivery-keys';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';

describe('S20 bot: whole turns through the TestAdapter against a real case service', function () {
  let world: World;
  let adapter: TestAdapter;
  let nextId = 0;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
    // The bot as the composition root builds it on the world's services.
    adapter = new ConversationDriver(world).adapter;
  });
  afterEach(async () => world.close());

  function from(who: Who) {
    return { id: `29:${who.id}`, aadObjectId: who.id, name: who.name };
  }

  async function replies(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    await adapter.processActivity(activity);
    const out: Partial<Activity>[] = [];
    for (let r = adapter.activeQueue.shift(); r; r = adapter.activeQueue.shift()) out.push(r);
    return out;
  }

  async function say(who: Who, text: string): Promise<Partial<Activity>[]> {
    return replies({ type: 'message', text, from: from(who), id: `m-${++nextId}` });
  }

  async function sayForCard(who: Who, text: string): Promise<Card> {
    const [reply] = await say(who, text);
    const card = reply?.attachments?.[0]?.content as Card | undefined;
    assert.ok(card, `expected a card for "${text}"`);
    assert.deepEqual(cardProblems(card), []);
    return card;
  }

  /** One click: an adaptiveCard/action invoke; returns the card in the HTTP 200 invoke response. */
  async function click(who: Who, verb: string, data: Record<string, unknown>, id = `i-${++nextId}`): Promise<Card> {
    const out = await replies({ type: 'invoke', name: 'adaptiveCard/action', id, from: from(who), value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } });
    const response = out.find((a) => a.type === 'invokeResponse');
    assert.ok(response, 'an invoke response');
    const { status, body } = response.value as { status: number; body: { statusCode: number; type: string; value: Card } };
    assert.equal(status, 200);
    assert.equal(body.statusCode, 200);
    assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(cardProblems(body.value), [], 'the card parses cleanly');
    return body.value;
  }

  function action(card: Card, title: RegExp): { verb: string; data: Record<string, string> } {
    // The card's actions and its body's ActionSets (the case card's request waiting for the reader is under its facts).
    const actions = allActions(card) as unknown as { title: string; verb: string; data: Record<string, string> }[];
    const found = actions.find((a) => title.test(a.title));
    assert.ok(found, `no action ${title} among ${actions.map((a) => a.title).join(', ')}`);
    return found;
  }

  async function press(who: Who, card: Card, title: RegExp, inputs: Record<string, unknown> = {}): Promise<Card> {
    const a = action(card, title);
    return click(who, a.verb, { ...a.data, ...inputs });
  }

  const START = { ref: 'MOS-1042', legalStatus: 'S20', pathway: 'unplanned', trigger: 'consent-withdrawn', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: '', lastAssessmentCompletedOn: '', returnedHomeOn: '2026-02-27' };

  async function openCase(): Promise<Card> {
    const card = await click(PEOPLE.sw, 'startCase', START);
    assert.match(texts(card), /Case MOS-1042/);
    return card;
  }

  async function prepare(card: Card): Promise<Card> {
    let c = await press(PEOPLE.sw, card, /child's views/, {});
    c = await press(PEOPLE.sw, c, /Record/, { views: 'Wants to go home to mum.' });
    c = await press(PEOPLE.sw, await press(PEOPLE.sw, c, /immediate risk/), /^Record /, { summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'false', childProtectionConferenceNeeded: 'false' });
    c = await press(PEOPLE.sw, await press(PEOPLE.sw, c, /parents' views/), /^Record /, { views: 'Mother wants the child home.', plannedReturnAgreed: 'false' });
    c = await press(PEOPLE.sw, await press(PEOPLE.sw, c, /Inform the IRO/), /Inform the IRO now/);
    return c;
  }

  it('answers help, unknown text and a greeting with the help text, and welcomes a new member', async () => {
    for (const text of ['help', 'HELP', 'what is this?']) {
      const [reply] = await say(PEOPLE.sw, text);
      assert.match(reply?.text ?? '', /new case/);
      assert.match(reply?.text ?? '', /my cases/);
    }
    const welcome = await replies({ type: 'conversationUpdate', membersAdded: [{ id: '29:sw-1', name: 'Sam Social' }], from: from(PEOPLE.sw), id: 'cu-1' });
    assert.match(welcome[0]?.text ?? '', /^Welcome/);
    assert.ok(await world.store.getConversation(deliveryKeys.person(PEOPLE.sw.id)), 'the conversation reference is saved for proactive messages');
  });

  it('the help does not offer "new case" to everyone: it says who starts cases, as "team cases" says whose it is, since anyone else typing it is refused', async () => {
    for (const who of [PEOPLE.iro, PEOPLE.director, PEOPLE.cpt, PEOPLE.sw]) {
      const [reply] = await say(who, 'help');
      assert.match(reply?.text ?? '', /\*\*new case\*\*: for social workers and team managers, start a case/, who.name);
    }
  });

  it('a command typed with a full stop or question mark at the end (as a phone adds) is read as the command, not answered with the help', async () => {
    for (const text of ['My cases.', 'my cases?', 'team cases.']) {
      const [reply] = await say(PEOPLE.tm, text);
      assert.doesNotMatch(reply?.text ?? '', /^I help you follow the protocol/, `${text}: not the help`);
    }
    const [opened] = await say(PEOPLE.sw, 'new case.');
    assert.ok(opened?.attachments?.length, '"new case." gives the start form');
    const [unknown] = await say(PEOPLE.sw, 'case NOPE-1.');
    assert.match(unknown?.text ?? '', /There is no case with reference NOPE-1 that you can see/, 'the reference without the full stop');
  });

  it('"case" or "new copy" with no reference says what to add, instead of the whole help; "my case" is "my cases"', async () => {
    for (const text of ['case', 'Case.', 'new copy']) {
      const [reply] = await say(PEOPLE.sw, text);
      const command = text.toLowerCase().replace('.', '');
      assert.equal(reply?.text, `Type "${command}" and the case reference, for example "${command} MOS-1042". Type "my cases" to see your cases.`, text);
    }
    const [mine] = await say(PEOPLE.sw, 'my case');
    assert.doesNotMatch(mine?.text ?? '', /^I help you follow the protocol/);
  });

  it('a message to the app in a channel (it @mentioned there) is told to use the personal chat, not given the personal help whose commands would not work there; nothing is saved as their chat', async () => {
    for (const text of ['<at>S20</at> new case', '<at>S20</at> my cases', '<at>S20</at> help']) {
      const out = await replies({ type: 'message', text, from: from(PEOPLE.sw), id: `m-${++nextId}`, conversation: { id: '19:team@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, name: 'General' } });
      assert.equal(out.length, 1, text);
      assert.match(out[0]?.text ?? '', /Cases are started and worked on in a personal chat with the Return home app, not in a channel, so nothing was done here\. Open your chat with it in Teams/, text);
      assert.equal(out[0]?.attachments, undefined, `${text}: no card in the channel`);
    }
    assert.equal(await world.store.getConversation(deliveryKeys.person(PEOPLE.sw.id)), undefined, 'the channel is not kept as their chat');
  });

  it('"new case" gives the start form; invalid input comes back named on the same form and saves nothing', async () => {
    const form = await sayForCard(PEOPLE.sw, 'New Case');
    assert.equal(action(form, /Start the case/).verb, 'startCase');
    const bad = await click(PEOPLE.sw, 'startCase', { ...START, dateOfBirth: '', accommodatedOn: '2026-02-30' });
    const t = texts(bad);
    assert.match(t, /Nothing was saved/);
    assert.match(t, /Please fill in: Child's date of birth\./);
    assert.match(t, /30 February does not exist: February has 28 days\. Choose the date again from the calendar\./);
    assert.match(t, /MOS-1042/, 'what was typed is kept');
    const later = await click(PEOPLE.sw, 'startCase', { ...START, returnedHomeOn: '2025-12-25' });
    assert.match(texts(later), /Date accommodated \(Mon 5 Jan 2026\) is after return date \(Thu 25 Dec 2025\)/, 'the dates and the fields in words, as everywhere a person reads them');
    assert.doesNotMatch(texts(later), /returnedHomeOn|accommodatedOn/, "not the facts contract's field names");
    assert.equal((await world.store.list()).length, 0);
  });

  it('refuses a child on a care order with R-SCOPE-2 as a card', async () => {
    const card = await click(PEOPLE.sw, 'startCase', { ...START, legalStatus: 'CO' });
    assert.match(texts(card), /R-SCOPE-2/);
    assert.match(texts(card), /court/);
    assert.equal((await world.store.list()).length, 0);
  });

  it('carries the unplanned viable path from the start form to the Director’s authorisation, with the visits on the case card', async () => {
    let card = await openCase();
    assert.match(texts(card), /Director sign-off is needed/);
    assert.match(texts(card), /R-SIGN-2/);
    assert.match(texts(card), /R-ASSESS-2/);
    assert.match(texts(card), /First home visit[\s\S]*Mon 2 Mar 2026/, 'R-VISIT-1: first visit 3 days after Fri 27 Feb 2026');
    card = await prepare(card);
    card = await press(PEOPLE.sw, card, /Submit the assessment/);
    card = await press(PEOPLE.sw, card, /Submit for agreement/, VIABLE_ASSESSMENT_FORM);
    assert.match(texts(card), /sent to the team manager/);

    // The team manager opens the case and the request, and approves.
    let tmCase = await sayForCard(PEOPLE.tm, 'case MOS-1042');
    let request = await press(PEOPLE.tm, tmCase, /Open the request/);
    assert.match(texts(request), /S20 Return Home Assessment/);
    assert.match(texts(request), /Low risk with support/);
    assert.deepEqual(request.actions?.map((a) => [a.title, a.verb, a.data['outcome']]), [['Approve', 'decide', 'approve'], ['Request changes (back to the social worker)', 'decide', 'request-changes'], ['Reject (end this return home)', 'decide', 'reject']]);
    assert.match(texts(request), /Request changes sends the assessment back to the social worker to revise\. Reject ends this return-home request/, 'the card says what each button does');
    let status = await press(PEOPLE.tm, request, /^Approve$/);
    assert.match(texts(status), /Approved by Taylor Manager/);

    // The IRO records their view; the Head of Service agrees; the Director authorises.
    tmCase = await sayForCard(PEOPLE.iro, 'case MOS-1042');
    card = await press(PEOPLE.iro, await press(PEOPLE.iro, tmCase, /IRO's view/), /^Record /, { view: 'Supports the return.', reviewBroughtForward: 'true' });
    assert.match(texts(card), /Head of Service/);
    request = await press(PEOPLE.hos, await sayForCard(PEOPLE.hos, 'case MOS-1042'), /Open the request/);
    assert.match(texts(request), /Supports the return/);
    status = await press(PEOPLE.hos, request, /^Approve$/);
    assert.match(texts(status), /Approved by Harper Head/);
    request = await press(PEOPLE.director, await sayForCard(PEOPLE.director, 'case MOS-1042'), /Open the request/);
    assert.match(texts(request), /Director's authorisation/);
    status = await press(PEOPLE.director, request, /^Approve$/);
    assert.match(texts(status), /Approved by Dana Director/);
    assert.match(texts(status), /retrospective/);

    const final = await sayForCard(PEOPLE.sw, 'case MOS-1042');
    assert.match(texts(final), /Authorised by the Director/);
    assert.ok(action(final, /end of the care episode/));
    assert.equal((await world.service.getByRef('MOS-1042'))!.state.stage, 'director-authorised');
  });

  it('the not-viable path: the assessment says not viable and the card asks for the R-UNPL-8 actions', async () => {
    let card = await prepare(await openCase());
    card = await press(PEOPLE.sw, await press(PEOPLE.sw, card, /Submit the assessment/), /Submit for agreement/, { form: 's20-return-home-assessment', viable: 'false', riskAnalysis: 'Risks identified.', safetyPlan: 'Stay in placement.', completedOn: '2026-03-02' });
    assert.match(texts(card), /not viable/);
    card = await press(PEOPLE.sw, card, /not-viable actions/);
    const refused = await press(PEOPLE.sw, card, /^Record /, { childAndParentsTold: 'false', childProtectionConferenceBooked: 'false', legalPlanningMeetingBooked: 'true', notes: '' });
    assert.match(texts(refused), /Tell the child and the parents/);
    assert.match(texts(refused), /R-UNPL-8/);
    // The refusal says nothing was recorded, and names its rule once.
    assert.match(texts(refused), /Not recorded\. Tell the child and the parents or carers of the decision first, then record the actions\. \(R-UNPL-8\)/);
    assert.doesNotMatch(texts(refused), /Rule R-UNPL-8/);
    card = await press(PEOPLE.sw, refused, /^Record /, { childAndParentsTold: 'true', childProtectionConferenceBooked: 'false', legalPlanningMeetingBooked: 'true', notes: '' });
    assert.match(texts(card), /Not-viable actions recorded/);
    assert.equal((await world.service.getByRef('MOS-1042'))!.state.notViable?.actions?.legalPlanningMeetingBooked, true);
  });

  it('refusals are cards: out of order, the wrong person, and a double click shows the decision already made', async () => {
    const card = await openCase();
    const caseId = action(card, /child's views/).data['caseId']!;
    const early = await click(PEOPLE.sw, 'recordStep', { caseId, step: 'assessment', index: '', form: 's20-return-home-assessment', viable: 'true', riskAnalysis: 'x', safetyPlan: 'y', stepdown: 'trusted-adult', purpose: 'z', completedOn: '2026-03-02' });
    assert.match(texts(early), /Before the assessment can go for agreement/);
    assert.match(texts(early), /R-UNPL-1/);

    const prepared = await prepare(card);
    const sent = await press(PEOPLE.sw, await press(PEOPLE.sw, prepared, /Submit the assessment/), /Submit for agreement/, { form: 's20-return-home-assessment', viable: 'true', riskAnalysis: 'Low.', safetyPlan: 'Plan.', stepdown: 'trusted-adult', purpose: 'Someone to call.', completedOn: '2026-03-02' });
    assert.match(texts(sent), /sent to the team manager/);
    const request = await press(PEOPLE.tm, await sayForCard(PEOPLE.tm, 'case MOS-1042'), /Open the request/);
    const { data } = action(request, /^Approve$/);

    // The card data names no actor: a stranger's click is refused, whatever the data says.
    const stranger = await click(PEOPLE.stranger, 'decide', { ...data, actorId: PEOPLE.tm.id });
    // Someone with no part in the case is not even shown that it exists.
    assert.match(texts(stranger), /no case with that id that you can see/);
    assert.ok(!texts(stranger).includes('MOS-1042'));
    const [strangerByRef] = await say(PEOPLE.stranger, 'case MOS-1042');
    assert.match(strangerByRef?.text ?? '', /no case with reference MOS-1042 that you can see/);
    assert.equal(strangerByRef?.attachments, undefined);
    // The social worker cannot approve her own case.
    const self = await click(PEOPLE.sw, 'decide', data);
    assert.match(texts(self), /Only this case's team manager, or their deputy, can give this agreement/);
    const noComment = await click(PEOPLE.tm, 'decide', { ...data, outcome: 'reject' });
    assert.match(texts(noComment), /Please add a comment/);

    const first = await click(PEOPLE.tm, 'decide', data);
    assert.match(texts(first), /Approved by Taylor Manager/);
    const second = await click(PEOPLE.tm, 'decide', { ...data, outcome: 'request-changes', comment: 'Changed my mind' });
    assert.match(texts(second), /already decided by Taylor Manager/);
    assert.match(texts(second), /Approved by Taylor Manager/, 'the current decision is shown');
    assert.equal(second.actions?.some((a) => a.verb === 'decide'), false, 'no buttons to decide again');
    const decisions = (await world.service.getByRef('MOS-1042'))!.state.approvals.filter((a) => a.decision);
    assert.equal(decisions.length, 1);
  });

  it('a repeated delivery of the same click (same activity id) is applied once and returns the current card', async () => {
    const card = await openCase();
    const { data } = action(card, /child's views/);
    const a = await click(PEOPLE.sw, 'recordStep', { ...data, step: 'childViews', views: 'Wants to go home.' }, 'same-click');
    const b = await click(PEOPLE.sw, 'recordStep', { ...data, step: 'childViews', views: 'Wants to go home.' }, 'same-click');
    assert.deepEqual(b, a);
    assert.equal((await world.store.audit(data['caseId']!)).length, 2, 'opening + one step');
  });

  it('"my cases" lists the cases the person is named on; an unknown reference is named', async () => {
    await openCase();
    const [mine] = await say(PEOPLE.sw, 'my cases');
    assert.match(mine?.text ?? '', /MOS-1042/);
    const [none] = await say(PEOPLE.sw, 'case NOPE-1');
    assert.match(none?.text ?? '', /no case with reference NOPE-1/);
  });
});

describe('approval card renderer (for the outbox worker)', () => {
  it('renders the pending request from the stored case: a 1.4 card with the three decisions and the approvers to refresh for', async () => {
    const world = makeWorld('2026-03-02T10:00:00Z');
    try {
      const opened = await world.service.openCase({ idempotencyKey: 'o', actor: PEOPLE.sw, ref: 'R-1', facts: { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null }, trigger: 'consent-withdrawn', iro: null });
      assert.ok(opened.ok);
      const events: EventInput[] = [
        { type: 'ChildViewsRecorded', views: 'v' }, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
        { type: 'IroInformed' }, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false },
        { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' },
      ];
      for (const [i, event] of events.entries()) assert.ok((await world.service.apply({ idempotencyKey: `e${i}`, caseId: opened.caseId, actor: PEOPLE.sw, event })).ok);
      const stored = (await world.service.get(opened.caseId))!;
      const approval = stored.state.approvals[0]!;
      // refresh.userIds are Teams user ids (29:…) from the approvers' saved conversations; one the bot has not heard from yet is left out.
      await world.store.saveConversation(deliveryKeys.person('tm-1'), { channelId: 'msteams', conversation: { id: 'a:tm' }, user: { id: '29:teams-tm-1', aadObjectId: 'tm-1' } });
      // The cards as the bot renders them: the case's own approvers are tm-1 and swtm-1 (managers who are not its social worker).
      const renderer = approvalCardsOn(world.config, world.app, { outlook: false });
      const card = await renderer.approvalCard({ type: 'request-approval', approvalId: approval.approvalId, stage: approval.stage, to: { kind: 'role', role: 'team-manager' }, rules: ['R-SIGN-4'] }, stored.state, stored.version) as Card & { version: string; refresh: { userIds: string[] } };
      assert.deepEqual(cardProblems(card), []);
      assert.equal(card.version, '1.4');
      assert.deepEqual(card.refresh.userIds, ['29:teams-tm-1']);
      assert.deepEqual(card.actions?.map((a) => a.data['outcome']), ['approve', 'request-changes', 'reject']);
      assert.match(texts(card), /Child & Family Reassessment/);
      for (const dateOfBirth of ['2009-05-14', '14 May 2009']) assert.ok(!JSON.stringify(card).includes(dateOfBirth), 'never the date of birth');
    } finally {
      await world.close();
    }
  });
});
