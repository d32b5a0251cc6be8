/**
 * L2: an idempotency key is only ever a repeat of the same command. Over HTTP against the real bot,
 * a client reusing one activity id for a decision on another case gets that decision recorded (it
 * was silently answered with the first case's outcome). At the service, a key that comes back naming
 * another case or another person is refused (KEY_REUSED), never answered with someone else's outcome;
 * a true repeat still returns the first outcome and records nothing twice.
 */
import { strict as assert } from 'node:assert';
import type { CaseState } from '../../src/protocol';
import { PEOPLE } from '../../support/world';
import { cardTexts, invokeActivity, isInvokeBody } from '../../support/bot-over-http/activities';
import { casesAwaitingTeamManager } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

describe('L2 idempotency keys are scoped to the person, case, verb and activity (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  async function decide(who: { id: string; name: string }, caseId: string, approvalId: string, outcome: string, activityId: string): Promise<string> {
    const answer = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, who, 'decide', { caseId, approvalId, outcome, comment: 'Not yet: the safety plan needs the school.' }, activityId));
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json), answer.text.slice(0, 200));
    return cardTexts(answer.json.value);
  }

  const decisionOf = async (caseId: string, approvalId: string) =>
    ((await http.bot.runtime.app.service.get(caseId))!.state as CaseState).approvals.find((a) => a.approvalId === approvalId)?.decision;

  it('L2 one activity id reused for a decision on another case records that decision too', async () => {
    const [a, b] = await casesAwaitingTeamManager(http.bot.runtime.app.service, 2, 'L2-HTTP');
    const reused = 'activity-reused-1';
    await decide(PEOPLE.tm, a!.caseId, a!.approvalId, 'approve', reused);
    assert.equal((await decisionOf(a!.caseId, a!.approvalId))?.outcome, 'approve');
    await decide(PEOPLE.tm, b!.caseId, b!.approvalId, 'reject', reused);
    assert.equal((await decisionOf(b!.caseId, b!.approvalId))?.outcome, 'reject', "the manager's rejection of the second case was recorded, not dropped");
    // The same click sent again (a Teams retry) is still a repeat: nothing recorded twice.
    const { version } = (await http.bot.runtime.app.service.get(b!.caseId))!;
    await decide(PEOPLE.tm, b!.caseId, b!.approvalId, 'reject', reused);
    assert.equal((await http.bot.runtime.app.service.get(b!.caseId))!.version, version);
  });

  it('L2 at the service, a key naming another case or another person is refused, not answered with the first outcome', async () => {
    const service = http.bot.runtime.app.service;
    const [a, b] = await casesAwaitingTeamManager(service, 2, 'L2-SVC');
    const key = 'client-key-1';
    const first = await service.apply({ idempotencyKey: key, caseId: a!.caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: a!.approvalId, outcome: 'approve', comment: null } });
    assert.ok(first.ok);
    assert.deepEqual(await service.apply({ idempotencyKey: key, caseId: a!.caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: a!.approvalId, outcome: 'approve', comment: null } }), first, 'a true repeat returns the first outcome');

    const otherCase = await service.apply({ idempotencyKey: key, caseId: b!.caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: b!.approvalId, outcome: 'reject', comment: 'No.' } });
    assert.equal(otherCase.ok, false);
    assert.equal(!otherCase.ok && otherCase.code, 'KEY_REUSED');
    assert.match(!otherCase.ok ? otherCase.message : '', /nothing was recorded/);
    assert.equal(await decisionOf(b!.caseId, b!.approvalId), null, 'nothing decided on the other case');

    const otherPerson = await service.apply({ idempotencyKey: key, caseId: a!.caseId, actor: PEOPLE.managerWithCases, event: { type: 'DecisionGiven', approvalId: a!.approvalId, outcome: 'approve', comment: null } });
    assert.equal(!otherPerson.ok && otherPerson.code, 'KEY_REUSED');
  });
});
