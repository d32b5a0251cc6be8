/**
 * Someone who holds two parts on one case, met over HTTP through the cards alone: a team manager who
 * opened a case as its social worker, and someone who is both a Head of Service and a Director. Each
 * thing the bot tells them comes once, not once per part they hold.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from '../conversations/support/over-http';
import { walkByDay } from './support/cards-only';

describe('cards only, over HTTP: a person holding two parts on a case is told each thing once', function () {
  this.timeout(120_000);
  const h = overHttp();
  const { walk, on } = walkByDay(h);

  /** Started and prepared by `sw`, agreed by the team manager, the IRO's view in: the Head of Service's request waits. */
  async function toHeadOfService(ref: string, sw: { id: string; name: string }): Promise<void> {
    let card = await walk.press(sw, await h.talk.sayForCard(sw, 'new case'), /Start the case/, { ...START, ref });
    for (const button of [/Record the child's views/, /Record the immediate risk check/, /Record the parents' views/, /^Inform the IRO$/]) card = await walk.step(sw, ref, button, {}, card);
    await walk.step(sw, ref, /Submit the assessment/, { stepdown: 'direct-work', purpose: 'Talk it through.' }, card);
    await walk.press(PEOPLE.tm, await walk.press(PEOPLE.tm, await walk.caseCard(PEOPLE.tm, ref), /Open the request: Team manager's agreement/), /^Approve$/);
    await walk.step(PEOPLE.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
  }

  const about = async (who: { id: string; name: string }, words: RegExp): Promise<string[]> => (await h.talk.notices(who)).map(texts).filter((t) => words.test(t));

  it('a team manager who opened the case as its social worker gets one notice of each visit overdue (R-VISIT-1), not a second as its team manager', async () => {
    const ref = 'TWO-V1';
    const own = PEOPLE.managerWithCases;
    await toHeadOfService(ref, own);
    await h.talk.notices(own);
    on('2026-03-11');
    await h.bot.runtime.app.scheduler.sweep();
    const overdue = await about(own, new RegExp(`Overdue: visit not recorded — case ${ref}`));
    assert.equal(overdue.filter((t) => /first home visit due on Mon 2 Mar 2026/.test(t)).length, 1, overdue.join('\n---\n'));
    assert.equal(overdue.filter((t) => /weekly check-in 1 due on Fri 6 Mar 2026/.test(t)).length, 1, overdue.join('\n---\n'));
    // The case's other team manager is still told, once each.
    assert.equal((await about(PEOPLE.tm, new RegExp(`Overdue: visit not recorded — case ${ref}`))).length, 2);
  });

  it("someone both Head of Service and Director gets one escalation of the Director's overdue authorisation: as its decision-maker, not also as the Head of Service up the line", async () => {
    const ref = 'TWO-E1';
    const both = PEOPLE.hos2;
    await toHeadOfService(ref, PEOPLE.sw);
    on('2026-03-16');
    await walk.press(PEOPLE.hos, await walk.press(PEOPLE.hos, await walk.caseCard(PEOPLE.hos, ref), /Open the request: Head of Service's written agreement/), /^Approve$/);
    await h.talk.notices(both);
    await h.talk.notices(PEOPLE.hos);
    on('2026-03-23');
    await h.bot.runtime.app.scheduler.sweep();
    const escalations = await about(both, new RegExp(`Escalation — case ${ref}`));
    assert.equal(escalations.length, 1, escalations.join('\n---\n'));
    assert.match(escalations[0]!, /has been waiting for your decision since Mon 16 Mar 2026 and is now overdue/);
    // The Head of Service who is not a Director is told up the line, to make sure it is decided.
    const up = await about(PEOPLE.hos, new RegExp(`Escalation — case ${ref}`));
    assert.equal(up.length, 1);
    assert.match(up[0]!, /Please make sure it is decided: it waits for Dana Director and Hollis Head, or their deputy\./);
  });

  it("someone both Head of Service and Director who gave the Head of Service's agreement (so R-SIGN-4 bars them from the Director's) gets one escalation, in the words for chasing it", async () => {
    const ref = 'TWO-E2';
    const both = PEOPLE.hos2;
    await toHeadOfService(ref, PEOPLE.sw);
    on('2026-03-16');
    await walk.press(both, await walk.press(both, await walk.caseCard(both, ref), /Open the request: Head of Service's written agreement/), /^Approve$/);
    await h.talk.notices(both);
    on('2026-03-23');
    await h.bot.runtime.app.scheduler.sweep();
    const escalations = await about(both, new RegExp(`Escalation — case ${ref}`));
    assert.equal(escalations.length, 1, escalations.join('\n---\n'));
    // Named as who decides: the other Director only, R-SIGN-4 barring them.
    assert.match(escalations[0]!, /Please make sure it is decided: it waits for Dana Director, or their deputy\./);
    assert.doesNotMatch(escalations[0]!, /your decision/);
  });

  it("a team manager who opened the case as its social worker is not asked for the view on an LPM or ICPC on their own risk check, nor offered it on the case card (R-UNPL-2): the case's other team manager gives it", async () => {
    const ref = 'TWO-R1';
    const own = PEOPLE.managerWithCases;
    const card = await walk.press(own, await h.talk.sayForCard(own, 'new case'), /Start the case/, { ...START, ref });
    await h.talk.notices(own);
    await walk.step(own, ref, /Record the immediate risk check/, { consulted: 'team-manager', legalPlanningMeetingNeeded: 'true', summary: 'A new partner in the home.' }, card);
    assert.deepEqual(await about(own, /Your view on an LPM or ICPC/), [], 'not asked of themselves');
    assert.ok(!walk.titles(await walk.caseCard(own, ref)).some((t) => /Give the view on an LPM or ICPC/.test(t)), 'no button on their case card');
    assert.equal((await about(PEOPLE.tm, new RegExp(`Your view on an LPM or ICPC — case ${ref}`))).length, 1);
    await walk.step(PEOPLE.tm, ref, /Give the view on an LPM or ICPC/, { legalPlanningMeetingNeeded: 'true', childProtectionConferenceNeeded: 'false' });
    assert.equal((await h.stateOf(ref)).steps.immediateRisk?.viewBy?.by.id, PEOPLE.tm.id);
  });
  it("a team manager who opened the case as its social worker gets one \"Facts corrected\" notice when a correction withdraws the decisions (the social worker's words: nothing is asked of them), and still the team manager's one when the ruling is unchanged", async () => {
    const ref = 'TWO-F1';
    const own = PEOPLE.managerWithCases;
    await toHeadOfService(ref, own);
    await walk.press(PEOPLE.hos, await walk.press(PEOPLE.hos, await walk.caseCard(PEOPLE.hos, ref), /Open the request: Head of Service's written agreement/), /^Approve$/);
    await h.talk.notices(own);
    // A date of birth typed wrong: what the protocol requires is unchanged; the team managers are told the decisions stand.
    await walk.step(PEOPLE.tm, ref, /^Correct the facts$/, { dateOfBirth: '2009-06-14', reason: 'Typed wrong.' });
    const unchanged = await about(own, new RegExp(`Facts corrected — case ${ref}`));
    assert.equal(unchanged.length, 1, unchanged.join('\n---\n'));
    assert.match(unchanged[0]!, /decisions already given stand/);
    // In care since 20 February, not 5 January: the ruling changes, and the decisions given are withdrawn.
    await walk.step(PEOPLE.tm, ref, /^Correct the facts$/, { accommodatedOn: '2026-02-20', reason: 'Date typed wrong.' });
    const changed = await about(own, new RegExp(`Facts corrected — case ${ref}`));
    assert.equal(changed.length, 1, changed.join('\n---\n'));
    assert.match(changed[0]!, /the team manager is asked to agree again\. Nothing is needed from you now\./);
    // The case's other team manager is asked again, once.
    const toTm = await about(PEOPLE.tm, new RegExp(`Facts corrected — case ${ref}`));
    assert.equal(toTm.filter((t) => /you are asked again/.test(t)).length, 1, toTm.join('\n---\n'));
  });
});
