/**
 * H1: delivering an approval escalation (sent to the role's holders and the day's deputies) must
 * never make a deputy a holder of the role. After any number of escalations, authority is exactly
 * what the roles file and the dates say: a deputy whose dates have ended cannot decide as the
 * Director, and one within their dates decides "on behalf of" the Director. Over HTTP against the
 * real bot, with its own outbox worker and scheduler.
 */
import { strict as assert } from 'node:assert';
import { parseRoleConfig } from '../../src/cases/role-config';
import type { CaseState } from '../../src/protocol';
import { PEOPLE, ROLES, SettableClock } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody, messageActivity } from '../../support/bot-over-http/activities';
import { casesAwaitingTeamManager, pendingApprovalId } from '../../support/bot-over-http/case-prep';
import { botEachTest } from './support/bot-over-http';
import { postJson } from '../../support/bot-over-http/http-post';

/** The Director's deputy from 1 to 10 March only, with no other role. */
const DEPUTY = PEOPLE.deputy;
const roles = parseRoleConfig({ ...ROLES, deputies: [{ role: 'director', deputy: DEPUTY, for: PEOPLE.director, from: '2026-03-01', to: '2026-03-10' }] });

describe('H1 a deputy never becomes a holder of the role (HTTP, real bot)', function () {
  this.timeout(120_000);
  const each = botEachTest();
  const { connector } = each;

  it('H1 after any number of escalations, authority is exactly what the roles file and the dates say', async () => {
    const clock = new SettableClock(new Date('2026-03-02T10:00:00Z'));
    const bot = await each.start({ roles, clock });
    const { service, scheduler, worker, authority } = bot.runtime.app;

    // Three cases waiting for the Director, each requested on Monday 2 March.
    const cases = await casesAwaitingTeamManager(service, 3, 'H1');
    let key = 0;
    for (const { caseId } of cases) {
      for (const who of [PEOPLE.tm, PEOPLE.hos]) {
        const outcome = await service.apply({ idempotencyKey: `h1-${++key}`, caseId, actor: who, event: { type: 'DecisionGiven', approvalId: await pendingApprovalId(service, caseId), outcome: 'approve', comment: null } });
        assert.ok(outcome.ok, JSON.stringify(outcome));
      }
    }

    // The deputy has a chat with the bot, so the escalations reach them.
    assert.equal((await postJson(`${bot.url}/api/messages`, messageActivity(connector.url, DEPUTY, 'help'))).status, 200);
    connector.reset();

    // Five working days later each Director's approval escalates to the Director and the deputy.
    clock.set('2026-03-09T10:00:00Z');
    await scheduler.sweep();
    await worker.drain();
    await scheduler.sweep();
    await worker.drain();
    // (The deputy is also asked at the start, with the Director: only the escalations are counted here.)
    const toDeputy = connector.recent.filter((r) => decodeURIComponent(r.path).includes(`a:personal-${DEPUTY.id}`) && JSON.stringify(r.body).includes('Escalation'));
    assert.equal(toDeputy.length, 3, 'each of the three escalations reached the deputy');

    // Within their dates the deputy decides on behalf of the Director.
    const inDates = await decide(DEPUTY, cases[0]!.caseId, await pendingApprovalId(service, cases[0]!.caseId));
    const first = (await service.get(cases[0]!.caseId))!.state as CaseState;
    const decided = first.approvals.find((a) => a.stage === 'director')?.decision;
    assert.ok(decided, `the deputy's decision was recorded: ${inDates.slice(0, 300)}`);
    assert.equal(decided.by.id, DEPUTY.id);
    assert.deepEqual(decided.onBehalfOf, { id: PEOPLE.director.id, name: PEOPLE.director.name });

    // After their dates the same person cannot decide at all, in their own right or for anyone.
    clock.set('2026-03-20T10:00:00Z');
    const check = await authority.check(DEPUTY, ['director'], '2026-03-20');
    assert.deepEqual(check.ok ? check.actor : check.code, 'DEPUTY_OUT_OF_DATES');
    const second = cases[1]!;
    const approvalId = await pendingApprovalId(service, second.caseId);
    const { version } = (await service.get(second.caseId))!;
    const text = await decide(DEPUTY, second.caseId, approvalId);
    const after = (await service.get(second.caseId))!;
    assert.equal(after.version, version, `the case did not move: ${text.slice(0, 300)}`);
    assert.equal((after.state as CaseState).stage, 'awaiting-director');
    // The holders are the file's, whatever was delivered.
    const fileDirectors = roles.roles.director!.users.map((u) => ({ ...u }));
    assert.deepEqual(authority.holders('director'), fileDirectors, 'the holders are the file\'s, after the escalations');
    assert.deepEqual(authority.deputies('director', '2026-03-20'), [], 'no deputy after their dates');

    // And the Director themself still can.
    await decide(PEOPLE.director, second.caseId, approvalId);
    assert.equal(((await service.get(second.caseId))!.state as CaseState).approvals.find((a) => a.approvalId === approvalId)?.decision?.by.id, PEOPLE.director.id);
  });

  it('H1 the role configuration is read-only: a holders list handed out cannot change who holds the role', () => {
    const director = roles.roles.director!;
    assert.ok(Object.isFrozen(director.users), 'frozen');
    assert.throws(() => (director.users as unknown as unknown[]).push(DEPUTY), TypeError);
  });

  async function decide(who: { id: string; name: string }, caseId: string, approvalId: string): Promise<string> {
    const answer = await postJson(`${each.bot.url}/api/messages`, invokeActivity(connector.url, who, 'decide', { caseId, approvalId, outcome: 'approve', comment: 'Agreed.' }));
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 200));
    return cardTexts(answer.json.value);
  }
});
