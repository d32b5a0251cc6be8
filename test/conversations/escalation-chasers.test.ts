/**
 * Those up the line told to chase an escalated request (the Head of Service, the Director), over
 * HTTP with only the buttons the cards show: what they are told when the request moves or goes,
 * once each, and nothing they already know.
 */
import { strict as assert } from 'node:assert';
import { caseCard, prepare, submit } from './support/case-steps-over-http';
import { overHttp, START, texts } from './support/over-http';
import { SEVERAL_PARTS, SP } from './support/several-parts-organisation';
import { walkByDay } from '../reliability/support/cards-only';

describe('over HTTP: the Head of Service or Director chasing an escalated request', function () {
  this.timeout(120_000);
  const h = overHttp('2026-03-02T10:00:00Z', SEVERAL_PARTS, Object.values(SP));
  const { walk, on } = walkByDay(h);
  const unread = async (who: { id: string; name: string }, ref: string): Promise<string[]> => (await h.talk.notices(who)).map(texts).filter((t) => t.includes(ref));

  /** Sweeps at 08:00 UTC on the day given, as the running reminder service does. */
  async function sweepOn(day: string): Promise<void> {
    h.setNow(`${day}T08:00:00Z`);
    await h.bot.runtime.app.scheduler.sweep();
  }

  it("the team manager's part handed over while their agreement is escalated: the other Head of Service chasing it is told, once, that it now waits for the new team manager; the one who handed it over is not told again", async () => {
    const ref = 'CHASE-HO1';
    await h.talk.press(SP.sw, await h.talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    await submit(h.talk, await prepare(h.talk, await caseCard(h.talk, SP.sw, ref)));
    await sweepOn('2026-03-09');
    for (const hos of [SP.hos, SP.hos2]) assert.match((await unread(hos, ref)).join('\n'), /^Escalation/m, `${hos.name} is told to chase it`);

    on('2026-03-10');
    await walk.step(SP.hos, ref, /Hand the case over/, { role: 'team-manager', person: SP.tm2.id, reason: 'Taylor is on leave.' });
    const hollis = (await unread(SP.hos2, ref)).filter((t) => /Escalat/.test(t));
    assert.equal(hollis.length, 1, `Hollis is told once: ${hollis.join(' | ')}`);
    assert.match(hollis[0]!, new RegExp(`^Escalation: handed over — case ${ref}`));
    assert.match(hollis[0]!, /the team manager's agreement escalated to you on Mon 9 Mar 2026 now waits for Toni Manager: the team manager's part of the case was handed over to them on Tue 10 Mar 2026 by Harper Head\. Please make sure Toni Manager, or their deputy, decides it: the escalation stands, and you are told again if it is still not decided\./);
    assert.deepEqual((await unread(SP.hos, ref)).filter((t) => /Escalat/.test(t)), [], 'Harper handed it over herself');

    // The next escalation names the new team manager; decided, Hollis is told so and nothing more.
    await sweepOn('2026-03-16');
    assert.match((await unread(SP.hos2, ref)).join('\n'), /it waits for Toni Manager, or their deputy/);
  });

  it("a Head of Service who is also a Director, the Head of Service's agreement escalated to the Director, then the case moved to the planned pathway: told once, not 'Now a planned return' and then 'Escalation over: withdrawn'", async () => {
    const ref = 'CHASE-PW1';
    await h.talk.press(SP.sw, await h.talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, returnedHomeOn: '', iro: SP.iro.id });
    await submit(h.talk, await prepare(h.talk, await caseCard(h.talk, SP.sw, ref), { plannedReturnAgreed: 'true' }));
    await walk.press(SP.tm, await h.talk.notice(SP.tm, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    await walk.step(SP.iro, ref, /Record the IRO's view/, { view: 'Supports the return.' });
    assert.equal((await h.stateOf(ref)).stage, 'awaiting-head-of-service');
    await sweepOn('2026-03-09');
    assert.match((await unread(SP.director, ref)).join('\n'), /^Escalation/m, 'the Director is told to chase it');
    for (const who of [SP.hos, SP.hos2]) await unread(who, ref);

    on('2026-03-10');
    await walk.step(SP.sw, ref, /Move to the planned pathway/, { reason: 'Agreed at the family meeting.' });
    const hollis = await unread(SP.hos2, ref);
    assert.equal(hollis.length, 1, `Hollis is told once: ${hollis.join(' | ')}`);
    assert.match(hollis[0]!, /has moved from an unplanned to a planned return home[^]*The request waiting for your decision was withdrawn with them/);
    // Dana, the Director alone, is told the escalation is over; Harper, the Head of Service alone, that the request went.
    const dana = await unread(SP.director, ref);
    assert.equal(dana.length, 1, dana.join(' | '));
    assert.match(dana[0]!, /^Escalation over: withdrawn/);
    assert.deepEqual((await unread(SP.hos, ref)).map((t) => t.split('\n')[0]), [`Now a planned return — case ${ref}`]);
  });

  it("a request escalated every week and still waiting after four weeks: its approver is sent the escalation (with a fresh copy of the request) that day, not a second fresh copy beside it; four weeks on, on a day with no escalation, the fresh copy comes", async () => {
    const ref = 'CHASE-RN1';
    await h.talk.press(SP.sw, await h.talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    await submit(h.talk, await prepare(h.talk, await caseCard(h.talk, SP.sw, ref)));
    for (const day of ['2026-03-04', '2026-03-09', '2026-03-16', '2026-03-23']) await sweepOn(day);
    await unread(SP.tm, ref);
    await sweepOn('2026-03-30');
    const aboutIt = async (): Promise<string[]> => (await unread(SP.tm, ref)).map((t) => t.split('\n')[0]!).filter((t) => /decision/.test(t));
    assert.deepEqual(await aboutIt(), [`Escalation: decision still waiting — case ${ref}`], 'one message, the escalation');
    // Swept every day, as the running service does: Easter moves the escalations to Wednesdays
    // (Wed 8 Apr, then every 5 working days), so four weeks on the renewal's fresh copy comes on its own.
    const told: string[] = [];
    for (let d = 31; d <= 58; d++) {
      const day = new Date(Date.UTC(2026, 2, d)).toISOString().slice(0, 10);
      await sweepOn(day);
      for (const t of await aboutIt()) told.push(`${day}: ${t}`);
    }
    assert.deepEqual(told, [
      `2026-04-08: Escalation: decision still waiting — case ${ref}`,
      `2026-04-15: Escalation: decision still waiting — case ${ref}`,
      `2026-04-22: Escalation: decision still waiting — case ${ref}`,
      `2026-04-27: A fresh copy: decision waiting — case ${ref}`,
    ]);
    assert.ok(!(await h.stateOf(ref)).approvals.find((a) => a.stage === 'team-manager')!.decision, 'still waiting');
  });
});

describe('over HTTP: the Head of Service\'s part handed over while a request is escalated to them', function () {
  this.timeout(120_000);
  const HANA = { id: 'hos-3', name: 'Hana Head' };
  const withHana = { ...SEVERAL_PARTS, services: [{ name: 'Early Help', headsOfService: { users: [SP.hos] }, teams: ['Assessment North', 'Assessment South'] }, { name: 'Care', headsOfService: { users: [HANA] }, teams: [] }] } as unknown as typeof SEVERAL_PARTS;
  const h = overHttp('2026-03-02T10:00:00Z', withHana, [...Object.values(SP), HANA]);
  const { walk, on } = walkByDay(h);

  it("the new Head of Service is told, in the notice of the case handed to them, that the team manager's agreement escalated on it is theirs to chase now", async () => {
    const ref = 'CHASE-HS1';
    await h.talk.press(SP.sw, await h.talk.sayForCard(SP.sw, 'new case'), /Start the case/, { ...START, ref, iro: SP.iro.id });
    await submit(h.talk, await prepare(h.talk, await caseCard(h.talk, SP.sw, ref)));
    h.setNow('2026-03-09T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    on('2026-03-10');
    await walk.step(SP.morgan, ref, /Hand the case over/, { role: 'head-of-service', person: HANA.id, reason: 'Harper has moved to another service.' });
    const taken = texts(await h.talk.notice(HANA, new RegExp(`A case handed to you — case ${ref}`)));
    assert.match(taken, /The team manager's agreement, waiting since Mon 2 Mar 2026, was escalated to the Head of Service on Mon 9 Mar 2026: it is yours to chase now \(it waits for Taylor Manager and Morgan Manager, or their deputy\), and you are told again if it is still not decided\./);
    assert.doesNotMatch(taken, /Nothing is waiting for your decision on it now/);
  });
});
