/**
 * People who hold several parts, and handovers, over HTTP with only the buttons the cards show:
 * what each is offered and told on their own cases and on others', and what a card kept from
 * before a handover says when pressed.
 */
import { strict as assert } from 'node:assert';
import { caseCard, prepare, submit } from './support/case-steps-over-http';
import { overHttp, START, texts } from './support/over-http';
import { SEVERAL_PARTS, SP } from './support/several-parts-organisation';
import { walkByDay } from '../reliability/support/cards-only';

describe('over HTTP: people holding several parts, and handovers', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z', SEVERAL_PARTS, Object.values(SP));
  const { walk } = walkByDay(h);

  it("a team manager's stale request, pressed after their part was handed over, says to whom and by whom, and records nothing", async () => {
    const { talk } = h;
    const ref = 'SP-TM1';
    await talk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref });
    await submit(talk, await prepare(talk, await caseCard(talk, SP.sw, ref)));
    const request = await talk.notice(SP.tm, new RegExp(`needed: case ${ref}`));
    await walk.step(SP.hos, ref, /Hand the case over/, { role: 'team-manager', person: SP.tm2.id, reason: 'Taylor is on leave.' });
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;

    const pressed = await talk.press(SP.tm, request, /^Approve$/);
    assert.match(texts(pressed), /Not recorded\. You are no longer this case's team manager: it was handed over to Toni Manager on Mon 2 Mar 2026 \(decided by Harper Head\)\./);
    assert.doesNotMatch(texts(pressed), /Only this case's team manager, or their deputy, can/);
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
    // The one it was handed to decides.
    await walk.press(SP.tm2, await talk.notice(SP.tm2, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.ok((await h.stateOf(ref)).approvals.some((a) => a.stage === 'team-manager' && a.decision?.by.id === SP.tm2.id));
  });

  it('someone who is both a social worker and an IRO is never the IRO of their own case: not offered it, refused it at opening and at a handover either way', async () => {
    const { talk } = h;
    const riley = SP.riley;
    const form = await talk.sayForCard(riley, 'new case');
    const choices = JSON.stringify(form);
    assert.ok(choices.includes(SP.iro.id) && !choices.includes(`"value":"${riley.id}"`), 'the start form does not offer Riley as IRO of a case Riley opens');
    // Sent anyway (an old form, a forged one): refused, nothing opened.
    const forged = await talk.forged(riley, 'startCase', { ...START, ref: 'SP-IRO1', iro: riley.id });
    assert.match(texts(forged), /Riley Both is this case's social worker, so cannot also be its IRO, and the IRO reviews the case independently of those who work on it and manage it \(R-SIGN-4\)\. Choose another IRO, or "Not known yet"\. Nothing was saved\./);
    assert.equal(await h.bot.runtime.app.service.getByRef('SP-IRO1'), undefined, 'nothing opened');

    // Riley's own case, with Indra as IRO: the IRO's part cannot be handed to Riley.
    await walk.press(riley, form, /Start the case/, { ...START, ref: 'SP-IRO2', iro: SP.iro.id });
    const handForm = await talk.press(SP.hos, await caseCard(talk, SP.hos, 'SP-IRO2'), /Hand the case over/);
    const toRiley = await talk.press(SP.hos, handForm, /^Hand over$/, { role: 'iro', person: riley.id, reason: 'Indra is off sick.' });
    assert.match(texts(toRiley), /Not recorded\. Riley Both is this case's social worker, so cannot also be its IRO, and the IRO reviews the case independently of those who work on it and manage it \(R-SIGN-4\)\. Choose another IRO\. Nothing was recorded\./);
    assert.equal((await h.stateOf('SP-IRO2')).iro?.id, SP.iro.id);

    // Sam's case, with Riley as IRO: the social worker's part cannot be handed to Riley.
    await talk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref: 'SP-IRO3', iro: riley.id });
    const swForm = await talk.press(SP.tm, await caseCard(talk, SP.tm, 'SP-IRO3'), /Hand the case over/);
    const swToRiley = await talk.press(SP.tm, swForm, /^Hand over$/, { role: 'social-worker', person: riley.id, reason: 'Sam is leaving.' });
    assert.match(texts(swToRiley), /Not recorded\. Riley Both is this case's IRO, so cannot also be its social worker, and the IRO reviews the case independently of those who work on it and manage it \(R-SIGN-4\)\. Choose someone else, or first hand the IRO's part to another IRO\. Nothing was recorded\./);
    assert.equal((await h.stateOf('SP-IRO3')).socialWorker.id, SP.sw.id);
    // Another IRO first, then Riley may take it on.
    await walk.step(SP.tm, 'SP-IRO3', /Hand the case over/, { role: 'iro', person: SP.iro2.id, reason: 'Riley is to be its social worker.' });
    await walk.step(SP.tm, 'SP-IRO3', /Hand the case over/, { role: 'social-worker', person: riley.id, reason: 'Sam is leaving.' });
    assert.equal((await h.stateOf('SP-IRO3')).socialWorker.id, riley.id);
  });

  it("a team manager who opened a case as its social worker: their card names the other team manager only, and they may hand over their own part alone (R-SIGN-4)", async () => {
    const { talk } = h;
    const morgan = SP.morgan;
    const ref = 'SP-OWN1';
    await walk.press(morgan, await talk.sayForCard(morgan, 'new case'), /Start the case/, { ...START, ref });
    const card = await caseCard(talk, morgan, ref);
    assert.match(texts(card), /\nSocial worker\nMorgan Manager\n/);
    assert.match(texts(card), /\nTeam manager\nTaylor Manager\n/, 'not "Taylor Manager and Morgan Manager"');

    // The form offers their own part only, and the people who could take it.
    const form = await talk.press(morgan, card, /Hand the case over/);
    const shown = JSON.stringify(form);
    assert.ok(shown.includes('"value":"social-worker"'), 'their own part is offered');
    for (const part of ['team-manager', 'iro', 'head-of-service']) assert.ok(!shown.includes(`"value":"${part}"`), `not the ${part}'s part`);
    assert.ok(!shown.includes(SP.hos2.id), 'nor the Heads of Service to choose from');
    // Sent anyway (a form from before, a forged one): refused, nothing recorded.
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
    const forged = await talk.press(morgan, form, /^Hand over$/, { role: 'head-of-service', person: SP.hos2.id, reason: 'Hollis knows the family.' });
    assert.match(texts(forged), /Not recorded\. You are this case's social worker, so you cannot hand over its Head of Service's part: that would choose who agrees, or reviews, your own assessment\. Another team manager or the Head of Service does it\. You can hand over your own part, the social worker's\. Nothing was recorded\./);
    assert.match(texts(forged), /R-SIGN-4/);
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');

    // Their own part to a social worker of the team: done; they are then one of its team managers again.
    await walk.step(morgan, ref, /Hand the case over/, { role: 'social-worker', person: SP.sw2.id, reason: 'Allocated to Sasha.' });
    const after = await caseCard(talk, morgan, ref);
    assert.match(texts(after), /\nSocial worker\nSasha Worker\n/);
    assert.match(texts(after), /\nTeam managers\nTaylor Manager and Morgan Manager\n/);
  });

  it("a team manager who is also the Head of Service's deputy, having agreed as team manager, is neither asked nor able to give the Head of Service's agreement on that case (R-SIGN-4)", async () => {
    const { talk } = h;
    const ref = 'SP-DEP1';
    await talk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    await submit(talk, await prepare(talk, await caseCard(talk, SP.sw, ref)));
    await walk.press(SP.tm, await talk.notice(SP.tm, new RegExp(`team manager's agreement is needed from you|needed: case ${ref}`)), /^Approve$/);
    await walk.press(SP.iro, await talk.press(SP.iro, await caseCard(talk, SP.iro, ref), /IRO's view/), /^Record /, { view: 'Supports the return.' });

    // Taylor covers Harper in March, but gave the team manager's agreement: not sent the request, not offered it, not listed.
    const tmNotices = await talk.notices(SP.tm);
    assert.ok(!tmNotices.some((n) => /Head of Service's written agreement needed/.test(texts(n))), "Taylor is not sent the Head of Service's request");
    assert.ok(!talk.titles(await caseCard(talk, SP.tm, ref)).some((t) => /Head of Service's written agreement/.test(t)), 'nor offered it on the case card');
    const mine = String((await talk.say(SP.tm, 'my cases'))[0]?.body['text']);
    assert.doesNotMatch(mine, /Waiting for your decision/, mine);
    // Sent anyway (a forged or old card): refused with the rule, nothing recorded.
    const state = await h.stateOf(ref);
    const approvalId = state.approvals.find((a) => a.stage === 'head-of-service' && !a.decision)!.approvalId;
    const forged = await talk.forged(SP.tm, 'decide', { caseId: state.caseId, approvalId, outcome: 'approve' });
    assert.match(texts(forged), /Not recorded\. You gave the team manager’s agreement on this case, so the Head of Service’s written agreement must come from someone else: each agreement in the chain is given by a different person\./);
    assert.match(texts(forged), /R-SIGN-4/);
    assert.ok(!(await h.stateOf(ref)).approvals.find((a) => a.approvalId === approvalId)!.decision, 'nothing recorded');
    // Harper, whom Taylor covers, decides.
    await walk.press(SP.hos, await talk.notice(SP.hos, new RegExp(`Head of Service's written agreement needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).approvals.find((a) => a.approvalId === approvalId)!.decision?.by.id, SP.hos.id);
  });

  it("the team manager's part handed over while their view on an LPM and the social worker's request to withdraw wait: the new manager is told and sent both, the old ones are told they moved", async () => {
    const { talk } = h;
    const ref = 'SP-WAIT1';
    const card = await walk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    await talk.press(SP.sw, await talk.press(SP.sw, card, /immediate risk/), /^Record /, { summary: 'A new partner is in the home.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'true' });
    await walk.step(SP.sw, ref, /^Ask the team manager to withdraw$/, { withdrawal: 'duplicate', reason: 'Opened twice: SP-WAIT0 is the same child.' });
    await talk.notices(SP.tm);
    await talk.notices(SP.morgan);
    await walk.step(SP.hos, ref, /Hand the case over/, { role: 'team-manager', person: SP.tm2.id, reason: 'Reorganised.' });

    const toni = (await talk.notices(SP.tm2)).filter((n) => texts(n).includes(ref));
    const taken = toni.find((n) => /A case handed to you/.test(texts(n)));
    assert.ok(taken, 'Toni is told');
    assert.match(texts(taken), /you are its team manager, instead of Taylor Manager and Morgan Manager \(decided by Harper Head, who said: "Reorganised\."\)\. Your view on an LPM or ICPC is asked: its card follows, and the assessment waits for it \(R-UNPL-2\)\. The social worker's request to withdraw the case waits for your answer: its card follows \(R-SIGN-4\)\./);
    assert.doesNotMatch(texts(taken), /Nothing is waiting for your decision/);
    const view = toni.find((n) => n !== taken && /Your view on an LPM or ICPC/.test(texts(n)));
    assert.ok(view, 'the request for the view is sent to Toni');
    assert.match(texts(view), /flags that a Legal Planning Meeting may be needed\. Your view, as team manager, is asked/);
    const asked = toni.find((n) => /Asked to withdraw the case/.test(texts(n)));
    assert.ok(asked, 'the request to withdraw is sent to Toni');
    assert.match(texts(asked), /Sam Social asks you, as team manager, to withdraw the case: a duplicate of another case \("Opened twice: SP-WAIT0 is the same child\."\)/);
    const sam = (await talk.notices(SP.sw)).filter((n) => texts(n).includes(ref) && /handed over|new person/i.test(texts(n)));
    assert.equal(sam.length, 1, 'the social worker is told once');
    assert.match(texts(sam[0]!), /its team manager is Toni Manager instead of Taylor Manager and Morgan Manager \(decided by Harper Head\)\. The view on an LPM or ICPC asked of the team manager is now for Toni Manager to give; the assessment still waits for it\. Your request to withdraw the case now waits for Toni Manager's answer\. Nothing is needed from you: from now on ask Toni Manager, not Taylor Manager and Morgan Manager, about the team manager's part of the case\./);
    const old = await talk.notice(SP.tm, /Case handed over/);
    assert.match(texts(old), /its team manager is Toni Manager instead of you \(decided by Harper Head, who said: "Reorganised\."\)\. The view on an LPM or ICPC, and the social worker's request to withdraw the case, asked of you, are now for Toni Manager to answer\./);

    // Toni answers both from the cards sent.
    await walk.step(SP.tm2, ref, /^Give my view$/, { legalPlanningMeetingNeeded: 'true', view: 'Needed.' }, view);
    await walk.step(SP.tm2, ref, /^Decline: keep it open$/, { reason: 'SP-WAIT0 is another child.' }, asked);
    const state = await h.stateOf(ref);
    assert.equal(state.steps.immediateRisk?.viewBy?.by.id, SP.tm2.id);
    assert.equal(state.withdrawalRequest?.declined?.by.id, SP.tm2.id);
  });

  it("the view on an LPM or ICPC asked of the team manager is not offered to the Head of Service (nor their deputy), and is refused from them", async () => {
    const { talk } = h;
    const ref = 'SP-RISK1';
    const card = await walk.press(SP.sw, await talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    await talk.press(SP.sw, await talk.press(SP.sw, card, /immediate risk/), /^Record /, { summary: 'A new partner is in the home.', consulted: 'team-manager', legalPlanningMeetingNeeded: 'true' });
    for (const hos of [SP.hos, SP.hos2]) assert.ok(!talk.titles(await caseCard(talk, hos, ref)).some((t) => /LPM or ICPC/.test(t)), `not offered to ${hos.name}`);
    const caseId = (await h.stateOf(ref)).caseId;
    const forged = await talk.forged(SP.hos, 'recordStep', { caseId, step: 'riskView', legalPlanningMeetingNeeded: 'false', view: 'Not needed.' });
    assert.match(texts(forged), /Not recorded\. Only this case's team manager, or their deputy, can give the view on a Legal Planning Meeting or ICPC the social worker asked of them\./);
    assert.equal((await h.stateOf(ref)).steps.immediateRisk?.viewAwaited, true, 'nothing recorded');
    assert.ok(talk.titles(await caseCard(talk, SP.tm, ref)).includes('Give the view on an LPM or ICPC (team manager)'));
  });
});
