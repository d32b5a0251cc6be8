/**
 * L3: the IRO's view is the IRO's own. Over HTTP against the real bot: the social worker cannot record
 * it as if it were theirs to give; they can write down a view the IRO gave them orally, named as such,
 * and the Head of Service's request and the case card say who gave it and who recorded it.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import type { CaseState } from '../../src/protocol';
import { PEOPLE } from '../../support/world';
import { invokeActivity, isInvokeBody } from '../../support/bot-over-http/activities';
import { openCase, pendingApprovalId } from '../../support/bot-over-http/case-prep';
import { postJson } from '../../support/bot-over-http/http-post';
import { botOverHttp } from './support/bot-over-http';

/** Every text a card shows, joined: what a person reads. */
function shown(node: unknown, out: string[] = []): string {
  if (Array.isArray(node)) node.forEach((n) => shown(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value']) if (typeof o[key] === 'string') out.push(o[key]);
    Object.entries(o).forEach(([k, v]) => k !== 'data' && shown(v, out));
  }
  return out.join('\n');
}

describe('L3 only the IRO gives their view; a view given orally is recorded as such (HTTP, real bot)', function () {
  this.timeout(60_000);
  const http = botOverHttp();

  let n = 0;
  async function readyForTheIroView(ref: string): Promise<string> {
    const service = http.bot.runtime.app.service;
    const caseId = await openCase(service, ref);
    const steps: EventInput[] = [
      { type: 'ChildViewsRecorded', views: 'Wants to go home.' },
      { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'Mother wants the child home.', plannedReturnAgreed: false },
    ];
    for (const event of steps) {
      const outcome = await service.apply({ idempotencyKey: `l3-${ref}-${++n}`, caseId, actor: PEOPLE.sw, event });
      assert.ok(outcome.ok, `${event.type}`);
    }
    return caseId;
  }
  const stateOf = async (caseId: string): Promise<CaseState> => (await http.bot.runtime.app.service.get(caseId))!.state as CaseState;
  const recordView = (who: typeof PEOPLE.sw, caseId: string, givenOrally: boolean) =>
    postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, who, 'recordStep', { caseId, step: 'iroView', view: 'Supports the return.', reviewBroughtForward: 'false', givenOrally: String(givenOrally) }));

  it("L3 the social worker's own 'IRO view' is refused with the rule; nothing is recorded", async () => {
    const caseId = await readyForTheIroView('L3-OWN');
    const answer = await recordView(PEOPLE.sw, caseId, false);
    assert.equal(answer.status, 200);
    assert.ok(isInvokeBody(answer.json));
    const text = shown(answer.json.value);
    assert.match(text, /Not recorded/);
    assert.match(text, /Only the IRO, or their deputy, can give the IRO's view[\s\S]*R-SIGN-4/);
    assert.equal((await stateOf(caseId)).iroView, null);
  });

  it("L3 a view the IRO gave orally is recorded by the social worker, and the Head of Service's request says so", async () => {
    const service = http.bot.runtime.app.service;
    const caseId = await readyForTheIroView('L3-ORAL');
    const answer = await recordView(PEOPLE.sw, caseId, true);
    assert.equal(answer.status, 200);
    const view = (await stateOf(caseId)).iroView;
    assert.equal(view?.givenOrally, true);
    assert.equal(view?.by.id, PEOPLE.sw.id);
    const submitted = await service.apply({ idempotencyKey: 'l3-oral-submit', caseId, actor: PEOPLE.sw, event: { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school.', stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the network.' }], completedOn: service.now().today } });
    assert.ok(submitted.ok);
    const agreed = await service.apply({ idempotencyKey: 'l3-oral-tm', caseId, actor: PEOPLE.tm, event: { type: 'DecisionGiven', approvalId: await pendingApprovalId(service, caseId), outcome: 'approve', comment: null } });
    assert.ok(agreed.ok);
    const request = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.hos, 'showApproval', { caseId, approvalId: await pendingApprovalId(service, caseId) }));
    assert.ok(isInvokeBody(request.json));
    assert.match(shown(request.json.value), /Supports the return\. — given orally by the IRO, recorded by Sam Social \(social worker\) on /);
    const card = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'showCase', { caseId }));
    assert.ok(isInvokeBody(card.json));
    assert.match(shown(card.json.value), /IRO's view \(R-SIGN-4\)\n.*given orally by the IRO, recorded by Sam Social/);
  });

  it("L3 the IRO's own view is not replaced by a view the social worker records as given orally (a form submitted again from their chat)", async () => {
    const caseId = await readyForTheIroView('L3-KEEP');
    const own = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.iro, 'recordStep', { caseId, step: 'iroView', view: 'Does not support the return yet.', reviewBroughtForward: 'true', givenOrally: 'false' }));
    assert.equal(own.status, 200);
    const answer = await recordView(PEOPLE.sw, caseId, true);
    assert.ok(isInvokeBody(answer.json));
    assert.match(shown(answer.json.value), /Indra Reviewer gave the IRO's view themselves on .*, so it was not replaced: only the IRO, or their deputy, can change it\. If they have given you another view since, ask them to record it from the case card\. Nothing was recorded\.[\s\S]*R-SIGN-4/);
    const view = (await stateOf(caseId)).iroView;
    assert.deepEqual([view?.view, view?.by.id, view?.givenOrally, view?.reviewBroughtForward], ['Does not support the return yet.', PEOPLE.iro.id, undefined, true]);
  });

  it("L3 the IRO's own view is shown as given by them", async () => {
    const caseId = await readyForTheIroView('L3-IRO');
    const answer = await recordView(PEOPLE.iro, caseId, false);
    assert.equal(answer.status, 200);
    const view = (await stateOf(caseId)).iroView;
    assert.equal(view?.by.id, PEOPLE.iro.id);
    assert.equal(view?.givenOrally, undefined);
    const card = await postJson(`${http.bot.url}/api/messages`, invokeActivity(http.connector.url, PEOPLE.sw, 'showCase', { caseId }));
    assert.ok(isInvokeBody(card.json));
    assert.match(shown(card.json.value), /IRO's view \(R-SIGN-4\)\n.*given by Indra Reviewer/);
  });
});
