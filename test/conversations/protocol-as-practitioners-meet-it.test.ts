/**
 * The protocol as social workers and approvers meet it, over HTTP against the real bot and the
 * strict local Bot Connector, pressing only the buttons the cards show: the cases the rules leave
 * to practice (a risk check "not sure" asked again, a return home found to have come before an
 * authorisation, a planned case whose child is already home, and the dates the carers are told).
 */
import { strict as assert } from 'node:assert';
import { caseCard, iroView, openCase, prepare, preparePlanned, submit } from './support/case-steps-over-http';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { VIABLE_ASSESSMENT_FORM } from '../support/case-inputs';
import { inputs } from '../bot/support/conversation-driver';
import { accessProblems } from '../bot/support/card-access';
import { docxText } from '../documents/support/docx-text';
import type { SqliteRecorder } from '../../src/adapters/sqlite/sqlite-recorder';

describe('over HTTP: the protocol as practitioners meet it', function () {
  this.timeout(120_000);
  const h = overHttp();
  beforeEach(() => h.setNow('2026-03-02T10:00:00Z'));

  it('a risk check left "not sure", asked again after a move to the planned pathway and back: the team manager is asked whether either meeting is needed, not told both were flagged (R-UNPL-2)', async () => {
    const { talk } = h;
    const ref = 'MOS-5401';
    await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' }), { risk: { notSure: 'true' }, plannedReturnAgreed: 'true' });
    assert.match(texts(await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/)), /flags whether a Legal Planning Meeting or ICPC is needed\./);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Move to the planned pathway/), /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Move to the unplanned pathway/), /Move to the unplanned pathway/, { trigger: 'consent-withdrawn' });
    assert.equal((await h.stateOf(ref)).pathway, 'unplanned');
    const again = texts(await talk.notice(PEOPLE.tm, /Your view on an LPM or ICPC/));
    assert.match(again, /flags whether a Legal Planning Meeting or ICPC is needed\. Your view, as team manager, is asked/);
    assert.doesNotMatch(again, /may be needed/);
  });

  it("a return home recorded after the Director authorised, dated before it: the authorisation is shown as retrospective, with when the return was recorded, the decision itself left as given (R-SIGN-5)", async () => {
    const { talk } = h;
    const ref = 'MOS-5402';
    // Eight weeks in care, not home yet: the Director must authorise (R-SIGN-2).
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, returnedHomeOn: '' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    h.setNow('2026-03-04T10:00:00Z');
    await talk.press(PEOPLE.director, await talk.notice(PEOPLE.director, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).stage, 'director-authorised');
    // Two days later the social worker learns the child went home on Mon 2 Mar, before the authorisation.
    h.setNow('2026-03-06T10:00:00Z');
    const recorded = texts(await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the return home$/), /^Record /, { on: '2026-03-02' }));
    assert.doesNotMatch(recorded, /Not recorded/);
    // The Director who gave it is told it now reads as retrospective, as they would not otherwise know.
    assert.match(texts(await talk.notice(PEOPLE.director, /Your authorisation is retrospective/)), new RegExp(`Case ${ref}: Sam Social recorded that the child went home on Mon 2 Mar 2026, before your authorisation of Wed 4 Mar 2026, so it is retrospective \\(R-SIGN-5\\)\\. Your decision stands as you gave it`));
    const state = await h.stateOf(ref);
    const director = state.approvals.find((a) => a.stage === 'director');
    assert.equal(director?.decision?.retrospective, false, 'the decision is left as it was given');
    assert.equal(director?.decision?.at, '2026-03-04T10:00:00.000Z');
    const line = "Director's authorisation \\(R-SIGN-4\\)\\nApproved by Dana Director on Wed 4 Mar 2026 \\(retrospective, R-SIGN-5: the child went home on Mon 2 Mar 2026, before it; that return was recorded on Fri 6 Mar 2026 by Sam Social\\)";
    for (const who of [PEOPLE.sw, PEOPLE.director]) assert.match(texts(await caseCard(talk, who, ref)), new RegExp(line));
    // The team manager corrects the return date to a day after the authorisation: no longer retrospective.
    const form = await talk.press(PEOPLE.tm, await caseCard(talk, PEOPLE.tm, ref), /^Correct the facts$/);
    assert.doesNotMatch(texts(await talk.press(PEOPLE.tm, form, /^Correct the facts$/, { returnedHomeOn: '2026-03-05', reason: 'The mother gave the wrong day.' })), /Not recorded/);
    const corrected = texts(await caseCard(talk, PEOPLE.sw, ref));
    assert.match(corrected, /Director's authorisation \(R-SIGN-4\)\nApproved by Dana Director on Wed 4 Mar 2026\n/);
    assert.equal((await h.stateOf(ref)).approvals.find((a) => a.stage === 'director')?.foundRetrospective, undefined);
  });

  it('a planned case started with the child already home is refused, the form kept, pointing to the unplanned pathway: a planned return is agreed before the child goes home (R-SCOPE-3, R-SIGN-4)', async () => {
    const { talk } = h;
    const ref = 'MOS-5403';
    const form = await talk.press(PEOPLE.sw, await talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref, pathway: 'planned', trigger: '' });
    assert.match(texts(form), /The child went home on Fri 27 Feb 2026, and a planned return is agreed by the Head of Service before the child goes home \(R-SIGN-4\): a child already home returned in an unplanned way\. Choose "Unplanned return home" and what started it.*Nothing was saved\./s);
    assert.match(texts(form), /R-SCOPE-3/);
    assert.equal(inputs(form).get('ref')?.value, ref, 'the form keeps what was typed');
    assert.equal(inputs(form).get('returnedHomeOn')?.value, '2026-02-27');
    assert.ok(!(await h.bot.runtime.app.service.getByRef(ref)), 'no case opened');
    // The same child on the unplanned pathway opens, home since that day.
    await openCase(talk, { ...START, ref, trigger: 'returned-without-agreement' });
    const state = await h.stateOf(ref);
    assert.equal(state.pathway, 'unplanned');
    assert.equal(state.facts.returnedHomeOn, '2026-02-27');
  });

  it('the placement recorded as ended on a day before the carers were told its end date is refused, nothing recorded: they are told a specified end date before it comes (R-PLACE-1)', async () => {
    const { talk } = h;
    const ref = 'MOS-5404';
    // Home since Fri 27 Feb, ten days in care before: the Head of Service's agreement completes the chain (R-SIGN-6).
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, accommodatedOn: '2026-02-17' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Ask to end the placement$/), /^Ask/, { proposedEndDate: '2026-03-03' });
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`consent.*case ${ref}|case ${ref}.*consent`, 'i')), /^Approve$/);
    h.setNow('2026-03-05T10:00:00Z');
    const form = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the end of the placement$/);
    const refused = texts(await talk.press(PEOPLE.sw, form, /^Record /, { endDate: '2026-03-03', carersToldOn: '2026-03-05' }));
    assert.match(refused, /Not recorded\. The carers or provider are told the placement's end date before it comes \(R-PLACE-1\): told on Thu 5 Mar 2026, they cannot have been given an end date of Tue 3 Mar 2026\./);
    assert.equal((await h.stateOf(ref)).placement.status, 'consent-given', 'nothing recorded');
    // The end date they were given, on the day they were told or later, is recorded.
    assert.doesNotMatch(texts(await talk.press(PEOPLE.sw, form, /^Record /, { endDate: '2026-03-05', carersToldOn: '2026-03-05' })), /Not recorded/);
    assert.equal((await h.stateOf(ref)).placement.endDate, '2026-03-05');
  });

  it('a return home that breaks down during the weekly visits: the child back in care is recorded, the visits still due stop, the team manager and IRO are told, and the review closes the case (R-VISIT-1, R-UNPL-10)', async () => {
    const { talk } = h;
    const ref = 'MOS-5405';
    // Home since Fri 27 Feb, ten days in care before: the Head of Service's agreement completes the chain (R-SIGN-6).
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, accommodatedOn: '2026-02-17' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the end of the care episode$/), /^Record /, { agenciesInformed: 'true', familyInformed: 'true' });
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the first home visit$/), /^Record /, { on: '2026-03-02' });
    await talk.notices(PEOPLE.tm);
    await talk.notices(PEOPLE.iro);
    // On Thu 5 Mar the mother rings: the child came back into care yesterday.
    h.setNow('2026-03-05T10:00:00Z');
    // The day before, a check-in found nobody at home: it did not count, but it is part of the safety record.
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the weekly check-in 1$/), /^Record /, { on: '2026-03-04', outcome: 'no-access', notes: 'Nobody answered the door.' });
    await talk.notices(PEOPLE.tm);
    const form = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record that the child came back into care$/);
    assert.deepEqual(accessProblems(form), [], 'a form read with a screen reader or the keyboard alone');
    const done = texts(await talk.press(PEOPLE.sw, form, /^Record that the child came back into care$/, { on: '2026-03-04', reason: 'Mother asked for S20 again after a row at home.' }));
    assert.doesNotMatch(done, /Not recorded/);
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.match(texts(card), /Visits after the return home \(R-VISIT-1\)\nVisits done: 1 of 5\. The child came back into care on Wed 4 Mar 2026: the return home broke down; the 4 visits still due then \(from Fri 6 Mar 2026\) are no longer due\. Recorded by Sam Social\./);
    assert.ok(!talk.titles(card).some((t) => /check-in|extra visit|came back into care/.test(t)), talk.titles(card).join(' | '));
    // The SharePoint Tasks list says so too: the visit done stays done, the four stopped read "no longer due", not "due" for ever.
    await h.bot.runtime.app.worker.drain();
    const tasks = (h.bot.runtime.app.recorder as SqliteRecorder).list('tasks', ref).map((t) => [t.key.replace(/^.*:visit:/, 'visit '), t.fields['DueOn'], t.fields['Status']]);
    assert.deepEqual(tasks, [
      ['visit 0', '2026-03-02', 'done'], ['visit 1', '2026-03-06', 'no longer due'], ['visit 2', '2026-03-13', 'no longer due'], ['visit 3', '2026-03-20', 'no longer due'], ['visit 4', '2026-03-27', 'no longer due'],
    ]);
    // The decision record in the case file says why the visits stopped and the placement was not ended.
    const library = h.bot.runtime.app.documents as unknown as { versions(folder: string): { fileName: string; content: Buffer }[] };
    const record = library.versions(ref).filter((d) => d.fileName === `${ref} return home decision record 1.docx`).at(-1);
    assert.ok(record, 'the decision record');
    assert.match((await docxText(record.content)).replace(/\n/g, ' | '), new RegExp([
      'The return home broke down \\(R-VISIT-1, R-UNPL-10\\)', 'The child came back into care', '4 March 2026', 'What happened', 'Mother asked for S20 again after a row at home\\.',
      'Visits no longer due \\(R-VISIT-1\\)', 'Weekly check-in 1 \\(due 6 March 2026\\); Weekly check-in 2 \\(due 13 March 2026\\); Weekly check-in 3 \\(due 20 March 2026\\); Weekly check-in 4 \\(due 27 March 2026\\)',
      'The placement', 'Not ended for this case: the child may be back in it\\. The reunification review closes the case \\(R-UNPL-10\\); a new case is started if a return home is planned again\\.', 'Recorded', '5 March 2026 by Sam Social',
    ].join(' \\| ')));
    assert.match((await docxText(record.content)).replace(/\n/g, ' | '), /Visits that did not count \(R-VISIT-1\) \| Visit \| Date \| Outcome \| Recorded by \| Weekly check-in 1, due 6 March 2026 \| 4 March 2026 \| No access to the home \| Sam Social/);
    for (const who of [PEOPLE.tm, PEOPLE.iro]) {
      assert.match(texts(await talk.notice(who, /The return home broke down/)), new RegExp(`Case ${ref}: Sam Social recorded that the child came back into care on Wed 4 Mar 2026: the return home broke down\\. The visits after the return home still due are no longer due \\(R-VISIT-1\\)\\. The social worker holds the reunification review to close this case \\(R-UNPL-10\\)`));
    }
    // Nothing chases the visits any more, and the case closes with the letter and the review; the placement is not ended for a return that broke down.
    h.setNow('2026-03-20T10:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.deepEqual((await talk.notices(PEOPLE.tm)).filter((n) => /visit/i.test(texts(n)) && texts(n).includes(`case ${ref}`)).map((n) => texts(n).split('\n')[0]), []);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the letter$/), /^Record /, { writtenOn: '2026-03-20' });
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /Record the review and close/), /Record and close the case/, { heldOn: '2026-03-20' });
    assert.equal((await h.stateOf(ref)).stage, 'closed');
  });

  it('a return home recorded as broken down by mistake is undone like any other step: the visits that had stopped are due again, in the Tasks list too, and the team manager and IRO are told (R-VISIT-1)', async () => {
    const { talk } = h;
    const ref = 'MOS-5407';
    await submit(talk, await prepare(talk, await openCase(talk, { ...START, ref, accommodatedOn: '2026-02-17' })));
    await talk.press(PEOPLE.tm, await talk.notice(PEOPLE.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await iroView(talk, ref);
    await talk.press(PEOPLE.hos, await talk.notice(PEOPLE.hos, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the end of the care episode$/), /^Record /, { agenciesInformed: 'true', familyInformed: 'true' });
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record the first home visit$/), /^Record /, { on: '2026-03-02' });
    h.setNow('2026-03-05T10:00:00Z');
    await talk.press(PEOPLE.sw, await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Record that the child came back into care$/), /^Record that the child came back into care$/, { on: '2026-03-04', reason: 'Recorded on the wrong case.' });
    await talk.notices(PEOPLE.tm);
    await talk.notices(PEOPLE.iro);
    // The social worker sees the mistake the same day and undoes it from the card.
    const form = await talk.press(PEOPLE.sw, await caseCard(talk, PEOPLE.sw, ref), /^Undo a recorded step$/);
    assert.ok(inputs(form).get('undo')?.choices?.some((c) => c.value === 'backInCare'), JSON.stringify(inputs(form).get('undo')));
    assert.match(JSON.stringify(form), /"title":"That the child came back into care on Wed 4 Mar 2026","value":"backInCare"/);
    assert.doesNotMatch(texts(await talk.press(PEOPLE.sw, form, /^Undo the step$/, { undo: 'backInCare', reason: 'It was another child: this return home has not broken down.' })), /Not recorded/);
    const card = await caseCard(talk, PEOPLE.sw, ref);
    assert.match(texts(card), /Visits done: 1 of 5/);
    assert.doesNotMatch(texts(card), /The child came back into care on/);
    assert.ok(talk.titles(card).some((t) => /^Record that the child came back into care$/.test(t)), talk.titles(card).join(' | '));
    assert.equal((await h.stateOf(ref)).visits.filter((v) => !v.doneOn).length, 4);
    await h.bot.runtime.app.worker.drain();
    const tasks = (h.bot.runtime.app.recorder as SqliteRecorder).list('tasks', ref).map((t) => t.fields['Status']);
    assert.deepEqual(tasks, ['done', 'due', 'due', 'due', 'due']);
    for (const who of [PEOPLE.tm, PEOPLE.iro]) {
      assert.match(texts(await talk.notice(who, /Step undone/)), new RegExp(`Case ${ref}: Sam Social undid "that the child came back into care" \\("It was another child: this return home has not broken down\\."\\): the return home stands, so the visits after the return home that had stopped are due again \\(R-VISIT-1\\)`));
    }
    // The visits are chased again: the check-in due Fri 6 Mar is reminded and, missed, overdue.
    h.setNow('2026-03-07T10:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.ok((await h.stateOf(ref)).visits.find((v) => v.index === 1)?.overdue, 'the check-in due Fri 6 Mar is overdue again');
  });

  it('a planned return assessed as not viable: the social worker, team manager and IRO read that it is not going ahead and the child stays accommodated, the family to be told (R-PLAN-1, R-VOICE-1), not the unplanned route alone', async () => {
    const { talk } = h;
    const ref = 'MOS-5406';
    await submit(talk, await preparePlanned(talk, await openCase(talk, { ...START, ref, pathway: 'planned', trigger: '', returnedHomeOn: '' })), { ...VIABLE_ASSESSMENT_FORM, viable: 'false' });
    assert.equal((await h.stateOf(ref)).stage, 'not-viable');
    const you = texts(await talk.notice(PEOPLE.sw, /Return home not viable/));
    assert.match(you, new RegExp(`Case ${ref}: you recorded the planned return home as not viable because risks were identified: it is not going ahead, and the child stays accommodated\\. Next, tell the child and the parents \\(and others with parental responsibility\\) of the decision`));
    assert.match(you, /R-PLAN-1/);
    assert.match(you, /R-VOICE-1/);
    for (const who of [PEOPLE.tm, PEOPLE.iro]) {
      const told = texts(await talk.notice(who, /Return home not viable/));
      assert.match(told, /the planned return home has been assessed as not viable because risks were identified: it is not going ahead, and the child stays accommodated\. The social worker will tell the child and the parents of the decision\./);
    }
  });
});
