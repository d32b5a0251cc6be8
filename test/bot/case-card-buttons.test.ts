/**
 * Each person's case card offers only what they may take (as src/cases/who-may-act.ts says), on a
 * realistic fictional council: the IRO's and the Director's cards show none of the social worker's
 * buttons; the team manager's shows the request and the withdrawal; each button shown is accepted.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { parseOrganisation } from '../../src/cases/organisation';
import type { Person } from '../../src/protocol';
import { makeWorld, World } from '../../support/world';
import { DIRECTOR, HOS, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';
import { allActions, ConversationDriver } from './support/conversation-driver';
import { caseCardData } from '../../src/bot/case-view';
import { availableSteps, DEFAULT_CASE_POLICY } from '../../src/protocol';

/** In care since November: the Director's sign-off is needed (R-SIGN-1). */
const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2025-11-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };
const SOCIAL_WORKER_BUTTONS = /Record the return home|Correct the facts|Undo a recorded step|Record the child's views|Submit the assessment|Record the immediate risk check|Inform the IRO|Record the parents' views/;

describe("case card buttons: each person's card offers only what they may take (realistic organisation)", () => {
  let world: World;
  let bot: ConversationDriver;
  let n = 0;
  const worker = TEAMS[0]!.workers[0]!;
  const tm = TEAMS[0]!.manager;
  const iro = IROS[2]!;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: parseOrganisation(REALISTIC_ORGANISATION) });
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: Person, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `btn-${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }
  const pending = async (caseId: string): Promise<string> => (await world.service.get(caseId))!.state.approvals.find((a) => !a.decision && !a.cancelledAt)!.approvalId;
  const buttons = async (who: Person, ref = 'btn-1'): Promise<string[]> => allActions(await bot.sayForCard(who, `case ${ref}`)).map((a) => a.title);

  async function openAndSubmit(): Promise<string> {
    const opened = await world.service.openCase({ idempotencyKey: 'open-btn', actor: worker, ref: 'BTN-1', facts: FACTS, trigger: 'consent-withdrawn', iro });
    assert.ok(opened.ok, JSON.stringify(opened));
    const caseId = opened.caseId;
    await apply(caseId, worker, { type: 'ChildViewsRecorded', views: 'v' });
    await apply(caseId, worker, { type: 'ImmediateRiskConsidered', summary: 's', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false });
    await apply(caseId, worker, { type: 'IroInformed' });
    await apply(caseId, worker, { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false });
    await apply(caseId, worker, { type: 'AssessmentSubmitted', form: 'child-and-family-reassessment', viable: true, riskAnalysis: 'r', safetyPlan: 'sp', stepdownPlan: [{ option: 'trusted-adult', purpose: 'call' }], completedOn: '2026-03-02' });
    return caseId;
  }

  it("the IRO's and the Director's cards show no social-worker buttons; the team manager's shows the request and the withdrawal", async () => {
    const caseId = await openAndSubmit();
    const own = await buttons(worker);
    assert.ok(own.some((t) => SOCIAL_WORKER_BUTTONS.test(t)), `the social worker has their steps: ${own.join(', ')}`);
    assert.ok(own.includes("Open the request: Team manager's agreement"), 'the social worker may open the request they made, to read it');
    assert.ok(!own.some((t) => /Withdraw the case/.test(t)), `not the withdrawal (team manager): ${own.join(', ')}`);

    const manager = await buttons(tm);
    assert.ok(manager.includes("Open the request: Team manager's agreement"), manager.join(', '));
    assert.ok(manager.includes('Withdraw the case (team manager)'), manager.join(', '));
    assert.ok(manager.includes('Hand the case over'), manager.join(', '));
    assert.ok(!own.includes('Hand the case over'), 'a social worker does not hand their own case over');

    assert.deepEqual(await buttons(iro), [], 'nothing the IRO may do while the team manager decides');
    assert.deepEqual(await buttons(DIRECTOR), [], 'nor the Director');

    await apply(caseId, tm, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
    assert.deepEqual(await buttons(iro), ["Record the IRO's view"], "the IRO's view, and nothing of the social worker's");
    await apply(caseId, iro, { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false });
    assert.deepEqual(await buttons(HOS.earlyHelp), ["Open the request: Head of Service's written agreement", 'Hand the case over'], 'their decision, and the handover a Head of Service may make');
    await apply(caseId, HOS.earlyHelp, { type: 'DecisionGiven', approvalId: await pending(caseId), outcome: 'approve', comment: null });
    assert.deepEqual(await buttons(DIRECTOR), ["Open the request: Director's authorisation"]);
    assert.deepEqual(await buttons(iro), []);
    // What the Director is offered is theirs to do: the request opens with its decision buttons.
    const card = await bot.sayForCard(DIRECTOR, 'case btn-1');
    const open = allActions(card)[0]!;
    const request = await bot.click(DIRECTOR, open.verb, open.data);
    assert.ok(allActions(request).some((a) => /Approve/i.test(a.title)), 'the Director may approve');
  });
});

describe('case card buttons: chosen for the viewer before the cut to five', () => {
  it("the card's rows hold only the viewer's buttons, in the protocol's order, and the second row of changes is filtered too", async () => {
    const world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: parseOrganisation(REALISTIC_ORGANISATION) });
    try {
      const opened = await world.service.openCase({ idempotencyKey: 'open-cut', actor: TEAMS[0]!.workers[0]!, ref: 'CUT-1', facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[2]! });
      assert.ok(opened.ok, JSON.stringify(opened));
      const state = (await world.service.get(opened.caseId))!.state;
      const view = { today: '2026-03-02' as never, policy: DEFAULT_CASE_POLICY, timeZone: 'Europe/London' };
      const steps = availableSteps(state, DEFAULT_CASE_POLICY, '2026-03-02' as never).map((s) => s.step);
      assert.ok(steps.length >= 3, steps.join(', '));
      const dropped = new Set(steps.slice(0, 2));
      const some = caseCardData(state, { ...view, keep: (a) => !dropped.has(a.step as never) });
      assert.deepEqual(some.actions.map((a) => a.step), steps.slice(2, 7), 'the ones left, in order');
      const none = caseCardData(state, { ...view, keep: () => false });
      assert.deepEqual([...none.actions, ...none.changeActions, ...none.moreChangeActions], [], 'no button of anyone else, in either row');
      const everything = caseCardData(state, view);
      assert.ok(everything.changeActions.length > 0, 'without a viewer, the change row is there (so the line above can fail)');
    } finally {
      await world.close();
    }
  });
});
