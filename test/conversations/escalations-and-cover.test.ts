/**
 * Around escalations, cover and the days after: a case walked over HTTP as each person meets it, only
 * through the buttons the cards show, the reminder service swept as the server runs it and the clock
 * moved day by day; each notice read where Teams shows it.
 */
import { strict as assert } from 'node:assert';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { walkByDay } from '../reliability/support/cards-only';

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
});
