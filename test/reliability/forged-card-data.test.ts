/**
 * Card data no card showed, over HTTP against the real bot (test/reliability/cards-only-walk.test.ts
 * walks what the cards do show): whatever is forged, the answer offers the person only their own
 * buttons, and records nothing.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { CardsOnly } from './support/cards-only';

describe('forged card data, over HTTP', function () {
  this.timeout(120_000);
  const h = overHttp();
  const walk = new CardsOnly(h, () => '2026-03-02');

  it("an approval id the case does not have answers with the case card as that person sees it (not every person's buttons); nothing is recorded", async () => {
    const { talk } = h;
    const ref = 'FORGE-1';
    const card = await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
    const own = walk.titles(card);
    for (const verb of ['showApproval', 'refreshApproval', 'decide']) {
      const answer = await talk.forged(PEOPLE.sw, verb, { caseId, approvalId: `${caseId}:director:9`, outcome: 'approve' });
      assert.match(texts(answer), /That approval request does not belong to this case/, verb);
      assert.deepEqual(walk.titles(answer), own, `${verb}: only the social worker's own buttons`);
      assert.ok(!walk.titles(answer).some((t) => /Withdraw the case \(team manager\)|Hand the case over/.test(t)), verb);
    }
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
  });

  it('a 200 KB value in a form field (more than any card input holds) is refused naming the field, and is not echoed back: the answer stays small; nothing is recorded', async () => {
    const { talk } = h;
    const ref = 'FORGE-2';
    await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
    const huge = 'Ω'.repeat(100_000);
    const forms: [string, Record<string, unknown>, RegExp][] = [
      ['childViews', { views: huge }, /The child's views is longer than 4,000 characters/],
      ['immediateRisk', { summary: 'Safe.', consulted: huge }, /Whose view was sought: choose one of the options shown/],
      ['letter', { letter: huge }, /The letter is longer than 8,000 characters/],
      ['handOver', { role: 'social-worker', person: huge, reason: 'Why. '.repeat(8_000) }, /Choose who takes it over[\s\S]*The reason is longer than 1,000 characters/],
    ];
    for (const [step, fields, named] of forms) {
      const who = step === 'handOver' ? PEOPLE.tm : PEOPLE.sw;
      const answer = await talk.forged(who, 'recordStep', { caseId, step, ...fields });
      assert.match(texts(answer), /Please correct the fields marked below\. Nothing was (saved|recorded)\./, step);
      assert.match(texts(answer), named, step);
      const size = JSON.stringify(answer).length;
      assert.ok(size < 40_000, `${step}: an answer of ${size.toLocaleString('en-GB')} characters echoes the value`);
    }
    // What the card's input does let a person type (4,000 characters) is shown again to shorten, when its field allows fewer.
    const typed = 'Words for you. '.repeat(200).trim();
    const shorten = await talk.forged(PEOPLE.iro, 'recordStep', { caseId, step: 'letterContribution', text: typed });
    assert.match(texts(shorten), /longer than 2,000 characters/);
    assert.ok(JSON.stringify(shorten).includes(typed), 'the words typed are shown again');
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
  });

  it("other people's buttons: each pressed by someone else records nothing, tells them why (or that there is no such case), and is kept in the case's refusal log", async () => {
    const { talk } = h;
    const ref = 'FORGE-3';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    const views = await walk.press(sw, card, /Record the child's views/);
    const seen: string[] = [];
    const refused = async (who: { id: string; name: string }, from: Parameters<typeof talk.press>[1], button: RegExp, typed: Record<string, string> = {}): Promise<string[]> => {
      const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
      const answered = await talk.press(who, from, button, typed);
      const answer = texts(answered);
      seen.push(`${who.name}: ${answer.split('\n').slice(0, 2).join(' / ')} [${walk.titles(answered).join(' | ')}]`);
      assert.match(answer, /Not recorded\.|There is no case with that id that you can see/, `${who.name} pressed ${button}: ${answer.slice(0, 300)}`);
      assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, `${who.name} pressed ${button}: nothing recorded`);
      return walk.titles(answered);
    };
    // The social worker's form (their team manager may record it too), sent by the IRO, a Head of Service, the placement team and a stranger.
    for (const who of [PEOPLE.iro, PEOPLE.hos, PEOPLE.cpt, PEOPLE.stranger]) await refused(who, views, /^Record /, { views: 'Not mine to say.' });
    for (const button of [/Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Record the child's views/, { views: 'Wants to go home.' }, card);
    await walk.step(sw, ref, /Submit the assessment/, { stepdown: 'trusted-adult', purpose: 'Someone to turn to.' });
    // The team manager's request, pressed by the social worker, the Heads of Service, the IRO, a stranger.
    const request = await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`));
    // Told on the request as they may see it: to read, without the buttons that would refuse them again.
    for (const who of [sw, PEOPLE.hos, PEOPLE.iro]) assert.deepEqual(await refused(who, request, /^Approve$/, { comment: 'Agreed.' }), ['Back to the case'], who.name);
    assert.deepEqual(await refused(PEOPLE.stranger, request, /^Approve$/, { comment: 'Agreed.' }), []);
    assert.deepEqual(await refused(sw, request, /^Reject/, { comment: 'No.' }), ['Back to the case']);
    // The IRO's own button, pressed by the social worker.
    await walk.press(PEOPLE.tm, request, /^Approve$/, { comment: 'Agreed.' });
    const iroCard = await walk.caseCard(PEOPLE.iro, ref);
    const iroForm = await walk.press(PEOPLE.iro, iroCard, /Record the IRO's view/);
    await refused(sw, iroForm, /^Record /, { view: 'I agree with myself.' });
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-iro-view', seen.join('\n'));
    const kept = await h.bot.runtime.app.store.refusals(caseId);
    assert.ok(kept.length >= 10, `${kept.length} refusals kept: ${kept.map((r) => `${r.actorId} ${r.code}`).join(', ')}`);
  });

  it("a tick box sent as neither ticked nor unticked ('maybe', 1) is refused naming it, instead of read as unticked: the risk check is not recorded as flagging no meeting", async () => {
    const { talk } = h;
    const ref = 'FORGE-4';
    await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    for (const odd of ['maybe', 1, 'yes']) {
      const answer = texts(await talk.forged(PEOPLE.sw, 'recordStep', { caseId, step: 'immediateRisk', summary: 'Concerns at home.', consulted: 'team-manager', legalPlanningMeetingNeeded: odd, childProtectionConferenceNeeded: 'false' }));
      assert.match(answer, /Please correct the fields marked below\. Nothing was saved\./, String(odd));
      assert.match(answer, /The risk check flags that a Legal Planning Meeting may be needed: this value cannot be read/, String(odd));
      assert.equal((await h.stateOf(ref)).steps.immediateRisk, undefined, `${String(odd)}: nothing recorded`);
    }
    // A client that sends a tick box as true or false (not "true") is read as it means.
    const ticked = texts(await talk.forged(PEOPLE.sw, 'recordStep', { caseId, step: 'immediateRisk', summary: 'Concerns at home.', consulted: 'team-manager', legalPlanningMeetingNeeded: true, childProtectionConferenceNeeded: false }));
    assert.doesNotMatch(ticked, /Please correct/);
    assert.equal((await h.stateOf(ref)).steps.immediateRisk?.flagged?.legalPlanningMeeting, true);
  });

  it('a text field sent as a number or a boolean (a card\'s text input always sends words) is refused naming it, instead of recorded as "42"; nothing is recorded', async () => {
    const { talk } = h;
    const ref = 'FORGE-5';
    await walk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref });
    const { caseId } = await h.stateOf(ref);
    const version = (await h.bot.runtime.app.service.getByRef(ref))!.version;
    for (const odd of [42, true, 0]) {
      const answer = texts(await talk.forged(PEOPLE.sw, 'recordStep', { caseId, step: 'childViews', views: odd }));
      assert.match(answer, /Please correct the fields marked below\. Nothing was saved\./, String(odd));
      assert.match(answer, /The child's views: this value cannot be read/, String(odd));
    }
    assert.equal((await h.stateOf(ref)).steps.childViews, undefined, 'nothing recorded');
    assert.equal((await h.bot.runtime.app.service.getByRef(ref))!.version, version, 'nothing recorded');
  });
});
