/**
 * The council's Director of Children's Services replaced in the organisation file while cases wait
 * for the Director's authorisation (R-SIGN-2). Before, each open case kept the Director it opened
 * with: the new Director was refused ("Only this case's Director, or their deputy, can give this
 * authorisation"), the old one had left, the Director's part cannot be handed over, and escalations
 * went on going to the old Director, so every such case waited for ever while 'my cases' told the
 * managers it 'needs a new Director'. A case's Director is now the one the file names.
 */
import { strict as assert } from 'node:assert';
import { parseOrganisation, type Organisation } from '../../src/cases/organisation';
import type { CaseState, Person } from '../../src/protocol';
import { makeWorld, PEOPLE, type World } from '../../support/world';
import { openCase, pendingApprovalId, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { ConversationDriver } from '../bot/support/conversation-driver';

const NEW_DIRECTOR = { id: 'dir-2', name: 'Nia Newdirector' };

function organisation(director: Person): Organisation {
  return parseOrganisation({
    roles: {
      'social-worker': { users: [PEOPLE.sw, PEOPLE.sw2] },
      'team-manager': { users: [PEOPLE.tm] },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
  });
}

describe('the Director replaced in the organisation file while a case waits for their authorisation', () => {
  let world: World;
  let org: Organisation;
  let n = 0;
  beforeEach(() => {
    org = organisation(PEOPLE.director);
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { organisation: { current: () => org } });
  });
  afterEach(async () => world.close());

  const decide = async (caseId: string, by: Person) => {
    const outcome = await world.service.apply({ idempotencyKey: `dir-${++n}`, caseId, actor: by, event: { type: 'DecisionGiven', approvalId: await pendingApprovalId(world.service, caseId), outcome: 'approve', comment: null } });
    return outcome.ok ? 'recorded' : outcome.message;
  };
  const state = async (caseId: string): Promise<CaseState> => (await world.service.get(caseId))!.state;

  it('the new Director is sent its escalation, may authorise it, and nobody is told the case needs a new Director', async () => {
    const caseId = await openCase(world.service, 'DIR-1');
    await toTeamManagerApproval(world.service, caseId);
    assert.equal(await decide(caseId, PEOPLE.tm), 'recorded');
    assert.equal(await decide(caseId, PEOPLE.hos), 'recorded');
    assert.equal((await state(caseId)).stage, 'awaiting-director');
    await world.worker.drain();
    world.notifier.sent.length = 0;

    org = organisation(NEW_DIRECTOR);
    const bot = new ConversationDriver(world);
    const list = (await bot.say(PEOPLE.tm, 'my cases'))[0]?.text ?? '';
    assert.doesNotMatch(list, /needs a new Director/);
    const card = (await bot.say(NEW_DIRECTOR, 'case DIR-1')).map((r) => JSON.stringify(r)).join('\n');
    assert.match(card, /Nia Newdirector/, 'the case card names the Director now in post');
    assert.doesNotMatch(card, /Dana Director/);

    // The authorisation is overdue: escalated to the Director now in post, not the one who left.
    world.clock.set('2026-03-12T10:00:00Z');
    await world.scheduler.sweep();
    await world.worker.drain();
    const escalated = world.notifier.sent.filter((s) => /^Escalation — case DIR-1: the Director's authorisation/.test(s.text));
    assert.deepEqual(escalated.map((s) => s.to).sort(), ['dir-2', 'hos-1']);

    assert.match(await decide(caseId, PEOPLE.director), /^Only this case's Director, or their deputy, can give this authorisation/);
    assert.equal(await decide(caseId, NEW_DIRECTOR), 'recorded');
    const s = await state(caseId);
    assert.equal(s.stage, 'director-authorised');
    assert.deepEqual(s.approvals.find((a) => a.stage === 'director')?.decision?.by, NEW_DIRECTOR);
    // The SharePoint Cases list's row names the Director now in post, as the case card does.
    await world.worker.drain();
    const row = world.recorder.list('cases', 'DIR-1').at(-1);
    assert.equal(row?.fields['Director'], 'Nia Newdirector');
  });

  it("the case's row in the Cases list names the Director now in post, as the case card does, once the case next moves", async () => {
    const caseId = await openCase(world.service, 'DIR-2');
    await world.worker.drain();
    assert.equal(world.recorder.list('cases', 'DIR-2').at(-1)?.fields['Director'], 'Dana Director');

    org = organisation(NEW_DIRECTOR);
    await toTeamManagerApproval(world.service, caseId);
    await world.worker.drain();
    const row = world.recorder.list('cases', 'DIR-2').at(-1)!;
    assert.equal(row.fields['Stage'], (await state(caseId)).stage, 'the row is the one written at the latest step');
    assert.equal(row.fields['Director'], 'Nia Newdirector');
  });
});
