/**
 * A case card and a "my cases" list show a person only what is theirs to do, or say whose it is:
 * the placement team reading the card once the sign-off chain is complete, and the IRO and the
 * Director reading their lists once the care episode has ended, are not left to take the social
 * worker's steps and visits for their own.
 */
import { strict as assert } from 'node:assert';
import type { EventInput } from '../../src/cases/case-service';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { pendingApprovalId, toTeamManagerApproval, unplannedFacts } from '../../support/bot-over-http/case-prep';
import { ConversationDriver, texts, Who } from './support/conversation-driver';

describe("whose next step: the social worker's steps and visits, as others read them", () => {
  let world: World;
  let bot: ConversationDriver;
  let n = 0;

  beforeEach(() => {
    world = makeWorld('2026-03-02T10:00:00Z');
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: Who, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `w${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }

  /** The child went home on Fri 27 Feb (an unplanned return): the visits are due from Mon 2 Mar. */
  async function signedOff(): Promise<string> {
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: { ...unplannedFacts('2026-03-02'), returnedHomeOn: '2026-02-27' }, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
    assert.ok(opened.ok, JSON.stringify(opened));
    const caseId = opened.caseId;
    await toTeamManagerApproval(world.service, caseId);
    for (const who of [PEOPLE.tm, PEOPLE.hos, PEOPLE.director]) {
      await apply(caseId, who, { type: 'DecisionGiven', approvalId: await pendingApprovalId(world.service, caseId), outcome: 'approve', comment: null });
    }
    return caseId;
  }

  it("the placement team's case card says ending the care episode is the social worker's next step", async () => {
    const caseId = await signedOff();
    // The placement team sees the case once the end of the placement is asked (R-PLACE-1).
    await apply(caseId, PEOPLE.sw, { type: 'PlacementEndRequested', proposedEndDate: '2026-03-06' });
    for (const who of [PEOPLE.cpt, PEOPLE.sw]) {
      const card = texts(await bot.sayForCard(who, 'case MOS-1042'));
      assert.match(card, /End the care episode \(R-PLACE-2\)/);
      assert.match(card, /The sign-off chain is complete: the social worker's next step/);
    }
  });

  it("after the care episode ends, the IRO's and the Director's lists say the next visit is the social worker's; the social worker's own says visit", async () => {
    const caseId = await signedOff();
    await apply(caseId, PEOPLE.sw, { type: 'CareEpisodeEnded', directorAgreementUploaded: true, agenciesInformed: true, familyInformed: true });
    const myCases = async (who: Who): Promise<string> => (await bot.say(who, 'my cases'))[0]?.text ?? '';
    for (const who of [PEOPLE.iro, PEOPLE.director]) {
      const list = await myCases(who);
      assert.match(list, /- MOS-1042: [^\n]*next due [^\n]*: the social worker's visit \(R-VISIT-1\)/, who.name);
    }
    assert.match(await myCases(PEOPLE.sw), /- MOS-1042: [^\n]*next due [^\n]*: visit \(R-VISIT-1\)/);
    assert.doesNotMatch(await myCases(PEOPLE.sw), /the social worker's visit/);
  });
  it("the team manager's and the IRO's case cards say the steps before the assessment are the social worker's, and a request says whose decision it waits for; the IRO's list says whose decision is next due", async () => {
    const opened = await world.service.openCase({ idempotencyKey: 'open', actor: PEOPLE.sw, ref: 'MOS-1042', facts: { ...unplannedFacts('2026-03-02'), returnedHomeOn: null }, trigger: 'consent-withdrawn', iro: PEOPLE.iro });
    assert.ok(opened.ok, JSON.stringify(opened));
    const caseId = opened.caseId;
    const managers = texts(await bot.sayForCard(PEOPLE.tm, 'case MOS-1042'));
    assert.match(managers, /Child's views \(R-UNPL-1\)[^]*The social worker's step, before the assessment goes for agreement/);
    assert.doesNotMatch(managers, /To do before/);
    for (const event of [
      { type: 'ChildViewsRecorded', views: 'Wants to go home.' },
      { type: 'ImmediateRiskConsidered', summary: 'No immediate risk.', consulted: 'team-manager', legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false },
      { type: 'IroInformed' },
      { type: 'ParentsConsulted', views: 'Mother wants the child home.', plannedReturnAgreed: false },
    ] as EventInput[]) await apply(caseId, PEOPLE.sw, event);
    const ready = texts(await bot.sayForCard(PEOPLE.iro, 'case MOS-1042'));
    assert.match(ready, /Ready: the social worker's next step is to submit it/);
    assert.doesNotMatch(ready, /Ready to submit/);
    await apply(caseId, PEOPLE.sw, { type: 'AssessmentSubmitted', form: 's20-return-home-assessment', viable: true, riskAnalysis: 'Low risk with support.', safetyPlan: 'Daily contact with school.', stepdownPlan: [{ option: 'family-group-conference', purpose: 'Build the network.' }], completedOn: '2026-03-02' });
    const asked = texts(await bot.sayForCard(PEOPLE.iro, 'case MOS-1042'));
    assert.match(asked, new RegExp(`Asked on Mon 2 Mar 2026: waiting for the team manager \\(${PEOPLE.tm.name} or ${PEOPLE.managerWithCases.name}\\)`));
    const list = (await bot.say(PEOPLE.iro, 'my cases'))[0]?.text ?? '';
    assert.match(list, /- MOS-1042: [^\n]*next due Fri 6 Mar 2026: the team manager's agreement \(R-SIGN-4\)/);
    assert.doesNotMatch(list, /: decision /);
    // Sent back for changes: not "Ready to submit", as if it had never gone.
    await apply(caseId, PEOPLE.tm, { type: 'DecisionGiven', approvalId: await pendingApprovalId(world.service, caseId), outcome: 'request-changes', comment: 'Say more about school.' });
    const back = texts(await bot.sayForCard(PEOPLE.iro, 'case MOS-1042'));
    assert.match(back, /Assessment and plan \(R-UNPL-5\)\nSent back for changes: the social worker's next step is to revise it and send it again/);
    assert.doesNotMatch(back, /Ready: the social worker's next step is to submit it/);
  });
});
