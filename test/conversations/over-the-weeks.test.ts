/**
 * Cases carried over weeks, bank holidays and weekends, over HTTP as each person meets them: only
 * the buttons the cards show (test/reliability/support/cards-only.ts), the clock moved day by day
 * and the reminder service run as the server runs it, each notice and "my cases" read as sent.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts, type Card } from './support/over-http';
import { walkByDay } from '../reliability/support/cards-only';
import { docxText } from '../documents/support/docx-text';

type Who = { id: string; name: string };

describe('over the weeks, over HTTP: deadlines, visits and requests as people meet them', function () {
  this.timeout(120_000);
  const h = overHttp('2026-12-23T10:00:00Z');
  const { walk, on } = walkByDay(h, '2026-12-23');

  /** The newest version of one of the case's documents, as text (the local document library, as without Graph). */
  async function documentText(ref: string, name: string): Promise<string> {
    await h.bot.runtime.app.worker.drain();
    const library = h.bot.runtime.app.documents as unknown as { versions(folder: string): { fileName: string; content: Buffer }[] };
    const found = library.versions(ref).filter((d) => d.fileName === `${ref} ${name}.docx`).at(-1);
    assert.ok(found, `${ref} ${name}.docx`);
    return (await docxText(found.content)).replace(/\n/g, ' | ');
  }

  /** Opens the request from this person's case card and approves it there. */
  async function approveFromCard(who: Who, ref: string, request: RegExp): Promise<void> {
    const opened = await walk.press(who, await walk.caseCard(who, ref), request);
    assert.match(texts(await walk.press(who, opened, /^Approve$/, { comment: 'Agreed.' })), new RegExp(`Approved by ${who.name}`));
  }

  /** Christmas 2026: a 16-year-old home since Tue 22 Dec, the assessment agreed by the team manager and the IRO's view given. */
  async function agreedBeforeChristmas(ref: string): Promise<void> {
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, accommodatedOn: '2026-11-02', returnedHomeOn: '2026-12-22', dateOfBirth: '2010-05-14', iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    await approveFromCard(PEOPLE.tm, ref, /Open the request: Team manager's agreement/);
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
  }

  it("the team manager's request card says by when to decide and what follows, in working days over Christmas: decide by Thu 31 Dec, escalated to the Head of Service on Mon 4 Jan; then overdue; then escalated", async () => {
    const ref = 'WEEKS-D1';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, accommodatedOn: '2026-11-02', returnedHomeOn: '2026-12-22', dateOfBirth: '2010-05-14', iro: PEOPLE.iro.id });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    const request = async (): Promise<string> => texts(await walk.press(PEOPLE.tm, await walk.caseCard(PEOPLE.tm, ref), /Open the request: Team manager's agreement/));

    assert.match(await request(), /Asked on\nWed 23 Dec 2026\nDecide by\nThu 31 Dec 2026 \(if it is not decided by then, it is escalated to the Head of Service on Mon 4 Jan 2027\)\n/);
    // The card "my cases" carries, to open it in one tap on a phone, says by when too, then how late.
    const waitingCard = async (): Promise<string> => texts((await h.talk.say(PEOPLE.tm, 'my cases')).map((r) => (r.body['attachments'] as { content: Card }[] | undefined)?.[0]?.content).find(Boolean)!);
    assert.match(await waitingCard(), new RegExp(`${ref}\nTeam manager's agreement, asked on Wed 23 Dec 2026, due by Thu 31 Dec 2026\n`));
    // New Year's Day, a bank holiday, then a weekend: past the day, but no working day lost yet ("by 1 working day" was not true).
    for (const day of ['2027-01-01', '2027-01-03']) {
      on(day);
      assert.match(await waitingCard(), new RegExp(`${ref}\nTeam manager's agreement, asked on Wed 23 Dec 2026, \\*\\*OVERDUE\\*\\* \\(due by Thu 31 Dec 2026\\)\n`));
      assert.match(await request(), /Decide by\nThu 31 Dec 2026: overdue, and escalated to the Head of Service on Mon 4 Jan 2027 if it is still not decided\n/);
    }
    on('2027-01-04');
    assert.match(await waitingCard(), new RegExp(`${ref}\nTeam manager's agreement, asked on Wed 23 Dec 2026, \\*\\*OVERDUE by 1 working day\\*\\* \\(due by Thu 31 Dec 2026\\)\n`));
    await h.bot.runtime.app.scheduler.sweep();
    assert.match(await request(), /Decide by\nThu 31 Dec 2026: overdue, and escalated to the Head of Service on Mon 4 Jan 2027\n/);
    await approveFromCard(PEOPLE.tm, ref, /Open the request: Team manager's agreement/);
  });

  it("the Head of Service's consent to end the placement, asked while the Director's authorisation waits, is on the Head of Service's case card, where \"my cases\" sends them", async () => {
    const ref = 'WEEKS-P1';
    await agreedBeforeChristmas(ref);
    on('2027-01-08');
    await approveFromCard(PEOPLE.hos, ref, /Open the request: Head of Service's written agreement/);
    await walk.step(PEOPLE.sw, ref, /Ask to end the placement/, { proposedEndDate: '2027-01-15' });

    const listed = (await h.talk.say(PEOPLE.hos, 'my cases')).map((r) => String(r.body['text'] ?? '')).join('\n');
    assert.match(listed, new RegExp(`${ref}: Head of Service's consent to end the placement, asked on Fri 8 Jan 2027.*type "case ${ref}"`));
    assert.ok(walk.titles(await walk.caseCard(PEOPLE.hos, ref)).includes("Open the request: Head of Service's consent to end the placement"), 'the request "my cases" names is on the card it sends them to');
    assert.ok(walk.titles(await walk.caseCard(PEOPLE.director, ref)).includes("Open the request: Director's authorisation"), "and the Director's still is, on theirs");
    await approveFromCard(PEOPLE.hos, ref, /Open the request: Head of Service's consent to end the placement/);
    await approveFromCard(PEOPLE.director, ref, /Open the request: Director's authorisation/);
    assert.equal((await h.stateOf(ref)).placement.status, 'consent-given');
    assert.equal((await h.stateOf(ref)).stage, 'director-authorised');
  });

  it('one visit cannot count as two: over Christmas, the first home visit recorded late for Wed 30 Dec, weekly check-in 1 for the same day (or before it) is refused, and accepted for a later day', async () => {
    const ref = 'WEEKS-V1';
    const sw = PEOPLE.sw;
    await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, accommodatedOn: '2026-11-02', returnedHomeOn: '2026-12-22', dateOfBirth: '2010-05-14' });
    on('2027-01-06');
    const first = await walk.step(sw, ref, /Record the first home visit/, { outcome: 'seen', notes: 'Seen at home.', on: '2026-12-30' });
    assert.match(texts(first), /Visit recorded on Wed 30 Dec 2026 \(due Fri 25 Dec 2026, late\)/);

    for (const day of ['2026-12-30', '2026-12-28']) {
      const form = await walk.press(sw, await walk.caseCard(sw, ref), /Record the weekly check-in 1/);
      const refused = texts(await h.talk.press(sw, form, /^Record /, { outcome: 'seen', notes: 'Seen again.', on: day }));
      assert.match(refused, /Not recorded\. Weekly check-in 1 cannot be recorded for (Wed 30|Mon 28) Dec 2026: the first home visit is recorded (on that day|on Wed 30 Dec 2026, after it), and each visit of R-VISIT-1 is a visit of its own, after the one before\. Record the day the child was seen again after Wed 30 Dec 2026, or record weekly check-in 1 once that visit has happened\. Nothing was recorded\./);
    }
    assert.deepEqual((await h.stateOf(ref)).visits.map((v) => v.doneOn), ['2026-12-30', null, null, null, null], 'the first visit only');
    const second = await walk.step(sw, ref, /Record the weekly check-in 1/, { outcome: 'seen', notes: 'Seen again.', on: '2026-12-31' });
    assert.match(texts(second), /Visit recorded on Thu 31 Dec 2026 \(due Tue 29 Dec 2026, late\)/);
  });

  it("the end of the placement cannot be dated before the Head of Service's consent, nor the carers told before it (R-PLACE-1): asked on Fri 8 Jan for Fri 15 Jan, consented on Mon 18 Jan", async () => {
    const ref = 'WEEKS-P2';
    await agreedBeforeChristmas(ref);
    on('2027-01-08');
    await walk.step(PEOPLE.sw, ref, /Ask to end the placement/, { proposedEndDate: '2027-01-15' });
    on('2027-01-18');
    // The Head of Service, deciding after the day asked for, is told before they consent that it has gone.
    const request = await walk.press(PEOPLE.hos, await walk.caseCard(PEOPLE.hos, ref), /Open the request: Head of Service's consent to end the placement/);
    assert.match(texts(request), /Asked under R-PLACE-1 to end the placement on Fri 15 Jan 2027\. That date has passed: if you consent, the placement ends on a day the social worker agrees with the placement team, on or after the day of your consent, never before it\./);
    assert.match(texts(await walk.press(PEOPLE.hos, request, /^Approve$/, { comment: 'Agreed.' })), /Approved by Harper Head/);
    const told = await h.talk.notice(PEOPLE.cpt, new RegExp(`Placement end agreed — case ${ref}`));
    // The day asked for had gone by: the placement team is not sent to tell the carers a day already past.
    assert.match(texts(told), /has consented in writing to end the placement\. The end date asked for, Fri 15 Jan 2027, had passed when they consented on Mon 18 Jan 2027, and the placement does not end before that consent: agree its end date with the social worker, on or after Mon 18 Jan 2027\. Please record the consent on the child's record, tell the carers or provider the end date, and record the end here\./);
    const confirmation = await documentText(ref, 'placement end confirmation');
    assert.match(confirmation, /Specified end date \| To be agreed with the social worker \| End date asked for \| 15 January 2027: it had passed when the Head of Service consented, so the placement ends on a later day/);
    assert.match(confirmation, /consents to the placement ending on the specified end date, on or after the day of their consent\./);

    for (const [typed, said] of [
      [{ endDate: '2027-01-15', carersToldOn: '2027-01-18' }, /^Not recorded\. The placement cannot have ended on Fri 15 Jan 2027: the Head of Service consented to its end on Mon 18 Jan 2027, and a placement is not ended without that consent\. Record the day it ends, on or after Mon 18 Jan 2027\. Nothing was recorded\./],
      [{ endDate: '2027-01-20', carersToldOn: '2027-01-14' }, /^Not recorded\. The carers or provider cannot have been told the end date on Thu 14 Jan 2027: the Head of Service consented to its end on Mon 18 Jan 2027, and they are told the end date once that consent is sent to the Children's Placement Team\. Check the date they were told\. Nothing was recorded\./],
    ] as const) {
      const form = await walk.press(PEOPLE.cpt, told, /Record the end of the placement/);
      const refused = texts(await h.talk.press(PEOPLE.cpt, form, /^Record/, typed));
      assert.match(refused, said);
      assert.match(refused, /R-PLACE-1/);
    }
    assert.equal((await h.stateOf(ref)).placement.status, 'consent-given', 'nothing recorded');
    await walk.step(PEOPLE.cpt, ref, /Record the end of the placement/, { endDate: '2027-01-20', carersToldOn: '2027-01-18' }, told);
    assert.deepEqual([(await h.stateOf(ref)).placement.status, (await h.stateOf(ref)).placement.endDate], ['ended', '2027-01-20']);
    const ended = await documentText(ref, 'placement end confirmation');
    assert.match(ended, /Specified end date \| 20 January 2027, as recorded \| End date asked for \| 15 January 2027: it had passed/);
    assert.doesNotMatch(ended, /not the date the Head of Service consented to/, 'the consent was to a day on or after it, not to 15 January');
  });

  it('"my cases" over Christmas: a visit due on Christmas Day is 4 days late on Tue 29 Dec (visits are due in calendar days, R-VISIT-1), while the team manager\'s decision is late in working days', async () => {
    const ref = 'WEEKS-L1';
    const sw = PEOPLE.sw;
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, accommodatedOn: '2026-11-02', returnedHomeOn: '2026-12-22', dateOfBirth: '2010-05-14' });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { viable: 'true', stepdown: 'family-group-conference', purpose: 'Build the family network.' }, card);
    const myCases = async (who: Who): Promise<string> => (await h.talk.say(who, 'my cases')).map((r) => String(r.body['text'] ?? '')).join('\n');

    on('2026-12-29');
    await h.bot.runtime.app.scheduler.sweep();
    // The reminder, two working days on (24 and 29 Dec), says what happens next and when.
    const reminder = texts(await h.talk.notice(PEOPLE.tm, new RegExp(`Reminder — case ${ref}`)));
    assert.match(reminder, /the team manager's agreement has been waiting since Wed 23 Dec 2026\. Open the request to decide\. If it is not decided by Thu 31 Dec 2026, it is escalated to the Head of Service on Mon 4 Jan 2027\./);
    const own = await myCases(sw);
    assert.match(own, new RegExp(`- ${ref}: first home visit \\(R-VISIT-1\\), \\*\\*OVERDUE by 4 days\\*\\* \\(due Fri 25 Dec 2026\\)`));
    assert.match(own, new RegExp(`- ${ref}: unplanned, Waiting for the team manager's agreement, \\*\\*OVERDUE by 4 days\\*\\*: next due Fri 25 Dec 2026: visit \\(R-VISIT-1\\)`));
    // Asked Wed 23 Dec; escalated after 5 working days (24, 29, 30, 31 Dec, 4 Jan: Christmas, Boxing Day's substitute and New Year's Day left out).
    h.setNow('2027-01-04T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.match(texts(await h.talk.notice(PEOPLE.hos, new RegExp(`Escalation — case ${ref}`))), /the team manager's agreement has been waiting since Wed 23 Dec 2026/, 'escalated on the day the reminder said');
    on('2027-01-05');
    assert.match(await myCases(PEOPLE.tm), new RegExp(`- ${ref}: Team manager's agreement, asked on Wed 23 Dec 2026, \\*\\*OVERDUE by 2 working days\\*\\* \\(due by Thu 31 Dec 2026\\)`));
    assert.match(await myCases(sw), new RegExp(`- ${ref}: first home visit \\(R-VISIT-1\\), \\*\\*OVERDUE by 11 days\\*\\*`));
  });

  it("a planned return's 16-week horizon on Easter Monday 2027, the day after the clocks go forward: told at 08:00 BST (07:00 UTC), the social worker to review the plan with the team manager, and the team manager with the social worker (R-PLAN-5)", async () => {
    const ref = 'WEEKS-H1';
    const sw = PEOPLE.sw;
    on('2026-12-07');
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref, pathway: 'planned', trigger: '', returnedHomeOn: '', accommodatedOn: '2026-09-01', dateOfBirth: '2012-05-14' });
    card = await walk.step(sw, ref, /Record the start of reunification work/, { edgeOfCare: 'framework' }, card);
    assert.match(texts(card), /the 16-week horizon is Mon 29 Mar 2027/);
    await h.talk.notices(sw);
    await h.talk.notices(PEOPLE.tm);

    h.setNow('2027-03-29T06:59:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.deepEqual((await h.talk.notices(sw)).map(texts).filter((t) => /horizon reached/.test(t)), [], 'not before 08:00 BST');
    h.setNow('2027-03-29T07:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    assert.match(texts(await h.talk.notice(sw, new RegExp(`16-week horizon reached — case ${ref}`))), /reached its 16-week horizon \(Mon 29 Mar 2027\) without the child going home\. Review the plan with the team manager\./);
    const toManager = texts(await h.talk.notice(PEOPLE.tm, new RegExp(`16-week horizon reached — case ${ref}`)));
    assert.match(toManager, /without the child going home\. Review the plan with the social worker\./);
    assert.doesNotMatch(toManager, /with the team manager/, 'the team manager is not sent to themselves');
  });
});
