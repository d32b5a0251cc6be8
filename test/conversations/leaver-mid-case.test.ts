/**
 * A team manager who leaves the council mid-case (taken out of the organisation file) while their
 * agreement waits, over HTTP with only the buttons the cards show: the Head of Service, sent their
 * messages as the next person up the line (nothing waits unseen), is not asked to decide what they
 * cannot, but told once whom it waits for and what to do.
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseCard, prepare, submit } from './support/case-steps-over-http';
import { overHttp, PEOPLE, START, texts } from './support/over-http';
import { parseRoleConfig } from '../../src/cases/role-config';
import { walkByDay } from '../reliability/support/cards-only';

describe('over HTTP: a team manager who leaves while their agreement waits', function () {
  this.timeout(120_000);
  const NELL = { id: 'tm-new', name: 'Nell Newmanager' };
  const roles = (managers: { id: string; name: string }[]) => ({
    roles: {
      'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
      'team-manager': { users: managers },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [PEOPLE.director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
  });
  const h = overHttp('2026-03-02T10:00:00Z', parseRoleConfig(roles([PEOPLE.tm])), [NELL]);
  const { walk } = walkByDay(h);
  const aboutIt = async (who: { id: string; name: string }, ref: string): Promise<string[]> => (await h.talk.notices(who)).map(texts).filter((t) => t.includes(ref) && !/visit/i.test(t.split('\n')[0]!));

  /** The organisation file as the council's IT staff save it; the running bot reads it within seconds. */
  async function saveFile(managers: { id: string; name: string }[]): Promise<void> {
    writeFileSync(join(h.bot.dir, 'roles.json'), JSON.stringify(roles(managers)));
    await new Promise((r) => setTimeout(r, 2100));
  }

  it("the Head of Service is told once that the team manager's agreement waits for someone who has gone and to hand the part over, not 'Open the request to decide'; handed over, the new manager decides", async () => {
    const ref = 'LEAVER-1';
    await h.talk.press(PEOPLE.sw, await h.talk.sayForCard(PEOPLE.sw, 'new case'), /Start the case/, { ...START, ref, iro: PEOPLE.iro.id });
    await submit(h.talk, await prepare(h.talk, await caseCard(h.talk, PEOPLE.sw, ref)));
    await aboutIt(PEOPLE.hos, ref);
    await saveFile([NELL]);

    h.setNow('2026-03-04T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    const harper = await aboutIt(PEOPLE.hos, ref);
    assert.equal(harper.length, 1, harper.join(' | '));
    assert.doesNotMatch(harper[0]!, /Open the request to decide|your decision/);
    assert.equal(harper[0]!.split('\n').slice(0, 2).join('\n'), `Decision waiting on someone who has gone — case ${ref}\nCase ${ref}: the team manager's agreement, asked on Mon 2 Mar 2026, waits for Taylor Manager, who is no longer in the organisation file, so you are told as the next person up the line. You cannot decide it yourself. Please hand the team manager's part of the case to someone else ("Hand the case over" on the case card): the request then goes to them. (R-SIGN-4)`);
    assert.doesNotMatch(harper[0]!, /Open the request/, 'no button to a request she cannot decide');

    // The escalation reaches her in the words for chasing it, not as hers to decide.
    h.setNow('2026-03-09T08:00:00Z');
    await h.bot.runtime.app.scheduler.sweep();
    const escalation = await aboutIt(PEOPLE.hos, ref);
    assert.equal(escalation.length, 1, escalation.join(' | '));
    assert.match(escalation[0]!, /^Escalation: decision still waiting/);
    assert.doesNotMatch(escalation[0]!, /your decision/);
    assert.doesNotMatch(escalation[0]!, /waits for Taylor Manager/, 'not sent to chase the one who has gone');
    assert.match(escalation[0]!, /Please make sure it is decided: nobody still in the organisation file holds the team manager's part of the case, so hand it over \("Hand the case over" on the case card\)\./);

    h.setNow('2026-03-09T10:00:00Z');
    await walk.step(PEOPLE.hos, ref, /Hand the case over/, { role: 'team-manager', person: NELL.id, reason: 'Taylor has left the council.' });
    await walk.press(NELL, await h.talk.notice(NELL, new RegExp(`needed: case ${ref}`)), /^Approve$/);
    assert.equal((await h.stateOf(ref)).approvals.find((a) => a.stage === 'team-manager')?.decision?.by.id, NELL.id);
  });
});
