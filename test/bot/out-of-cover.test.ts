/**
 * A deputy whose cover has ended, pressing an old request's button, is told their cover ended (and
 * what happens next), not "Case not found" as if they had never been on the case; one whose cover
 * has not started yet is told when it starts and who acts meanwhile. A stranger, or a deputy whose
 * cover ended before the case was opened, still gets the same not-found answer.
 */
import { strict as assert } from 'node:assert';
import { Activity, TestAdapter } from 'botbuilder';
import { parseRoleConfig } from '../../src/cases/role-config';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { ConversationDriver } from './support/conversation-driver';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { cardTexts as texts } from '../../support/card-texts';

type Who = { id: string; name: string };
const EARLIER = { id: 'dep-2', name: 'Elis Earlier' };

let nextId = 0;

/** What the bot answers an activity: the words of its invoke response's card, or of its messages and their cards. */
async function send(adapter: TestAdapter, activity: Partial<Activity>): Promise<string> {
  await adapter.processActivity(activity);
  const out: string[] = [];
  for (let r = adapter.activeQueue.shift(); r; r = adapter.activeQueue.shift()) {
    if (r.type === 'invokeResponse') out.push(texts((r.value as { body: { value: unknown } }).body.value));
    else out.push(r.text ?? '', texts(r.attachments?.map((a) => a.content) ?? []));
  }
  return out.join('\n');
}

const click = (adapter: TestAdapter, who: Who, verb: string, data: Record<string, unknown>): Promise<string> =>
  send(adapter, { type: 'invoke', name: 'adaptiveCard/action', id: `i-${++nextId}`, from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.name }, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } } as Partial<Activity>);

const say = (adapter: TestAdapter, who: Who, text: string): Promise<string> =>
  send(adapter, { type: 'message', id: `m-${++nextId}`, text, from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.name } } as Partial<Activity>);

/** One person in each part, on Mon 2 Mar 2026, with these deputies of the team manager. */
function worldWithDeputies(deputies: { deputy: Who; from: string; to: string }[], managers: Who[] = [PEOPLE.tm]): World {
  const organisation = parseRoleConfig({
    roles: {
      'social-worker': { users: [PEOPLE.sw] },
      'team-manager': { users: managers },
      'head-of-service': { users: [PEOPLE.hos] },
      director: { users: [PEOPLE.director] },
      iro: { users: [PEOPLE.iro] },
      'placement-team': { users: [PEOPLE.cpt] },
    },
    deputies: deputies.map((d) => ({ role: 'team-manager', for: PEOPLE.tm, ...d })),
  });
  return makeWorld('2026-03-02T10:00:00Z', {}, undefined, { organisation });
}

describe("a deputy whose cover of the case's team manager has ended", () => {
  let world: World;
  let adapter: TestAdapter;

  beforeEach(() => {
    world = worldWithDeputies([{ deputy: PEOPLE.deputy, from: '2026-03-01', to: '2026-03-05' }, { deputy: EARLIER, from: '2026-02-01', to: '2026-02-20' }]);
    adapter = new ConversationDriver(world).adapter;
  });
  afterEach(async () => world.close());

  it('is told their cover ended, when, and who acts now, on a decision and on the case; nothing is recorded', async () => {
    const caseId = await openCase(world.service, 'COVER-1');
    const approvalId = await toTeamManagerApproval(world.service, caseId);
    world.clock.set('2026-03-09T10:00:00Z');

    const decided = await click(adapter, PEOPLE.deputy, 'decide', { caseId, approvalId, outcome: 'approve', comment: '' });
    assert.match(decided, /Your cover has ended/);
    assert.match(decided, /Your cover as Taylor Manager's deputy \(team manager\) ended on Thu 5 Mar 2026/);
    assert.match(decided, /nothing was recorded\. Taylor Manager acts on this case again/);
    assert.doesNotMatch(decided, /COVER-1|Sam Social/, 'nothing about the case itself');
    assert.match(await click(adapter, PEOPLE.deputy, 'showCase', { caseId }), /Your cover as Taylor Manager's deputy/);
    assert.match(await click(adapter, PEOPLE.deputy, 'refreshApproval', { caseId, approvalId }), /Your cover as Taylor Manager's deputy/);
    assert.equal((await world.service.get(caseId))!.state.stage, 'awaiting-team-manager');
  });

  it('typing "case REF" or "new copy REF" is told the same: their cover ended; a stranger only that there is no case they can see', async () => {
    const caseId = await openCase(world.service, 'COVER-3');
    await toTeamManagerApproval(world.service, caseId);
    world.clock.set('2026-03-09T10:00:00Z');
    for (const command of ['case COVER-3', 'new copy COVER-3']) {
      const told = await say(adapter, PEOPLE.deputy, command);
      assert.match(told, /Your cover as Taylor Manager's deputy \(team manager\) ended on Thu 5 Mar 2026/, command);
      assert.doesNotMatch(told, /Sam Social/, command);
      const stranger = await say(adapter, PEOPLE.stranger, command);
      assert.match(stranger, /There is no case with reference COVER-3 that you can see/, command);
      assert.doesNotMatch(stranger, /your cover/i, command);
    }
  });

  it('a stranger, and a deputy whose cover ended before the case was opened, are told only that there is no case they can see', async () => {
    const caseId = await openCase(world.service, 'COVER-2');
    const approvalId = await toTeamManagerApproval(world.service, caseId);
    world.clock.set('2026-03-09T10:00:00Z');
    for (const who of [PEOPLE.stranger, EARLIER]) {
      const answer = await click(adapter, who, 'decide', { caseId, approvalId, outcome: 'approve', comment: '' });
      assert.match(answer, /no case with that id that you can see/, who.name);
      assert.doesNotMatch(answer, /cover/i, who.name);
      assert.match(await click(adapter, who, 'showCase', { caseId }), /no case with that id that you can see/, who.name);
    }
  });
});

describe("a deputy whose cover of the case's team manager has not started yet", () => {
  const LATER = { id: 'dep-3', name: 'Lee Later' };
  let world: World;
  let adapter: TestAdapter;

  beforeEach(() => {
    world = worldWithDeputies([{ deputy: LATER, from: '2026-03-16', to: '2026-03-27' }]);
    adapter = new ConversationDriver(world).adapter;
  });
  afterEach(async () => world.close());

  it('is told when their cover starts, that nothing was recorded and who acts meanwhile, on a button and on "case REF"; nothing is recorded', async () => {
    const caseId = await openCase(world.service, 'SOON-1');
    const approvalId = await toTeamManagerApproval(world.service, caseId);
    const answers = [
      await click(adapter, LATER, 'decide', { caseId, approvalId, outcome: 'approve', comment: '' }),
      await click(adapter, LATER, 'showCase', { caseId }),
      await say(adapter, LATER, 'case SOON-1'),
      await say(adapter, LATER, 'new copy SOON-1'),
    ];
    for (const answer of answers) {
      assert.match(answer, /Your cover as Taylor Manager's deputy \(team manager\) starts on Mon 16 Mar 2026/);
      assert.match(answer, /nothing was recorded/);
      assert.match(answer, /Taylor Manager acts on this case until then/);
      assert.doesNotMatch(answer, /Sam Social|no case with/);
    }
    assert.match(answers[0]!, /Your cover has not started yet/);
    assert.equal((await world.service.get(caseId))!.state.stage, 'awaiting-team-manager');
  });

  it('with a second team manager on the case, names both as acting meanwhile, the one covered first, not only the one covered', async () => {
    await world.close();
    world = worldWithDeputies([{ deputy: LATER, from: '2026-03-16', to: '2026-03-27' }], [PEOPLE.managerWithCases, PEOPLE.tm]);
    adapter = new ConversationDriver(world).adapter;
    await openCase(world.service, 'SOON-2');
    const answer = await say(adapter, LATER, 'case SOON-2');
    assert.match(answer, /Your cover as Taylor Manager's deputy \(team manager\) starts on Mon 16 Mar 2026/);
    assert.match(answer, /Taylor Manager and Morgan Manager act on this case until then\./);
  });

  it('a stranger still gets the same not-found answer', async () => {
    const caseId = await openCase(world.service, 'SOON-2');
    const approvalId = await toTeamManagerApproval(world.service, caseId);
    const clicked = await click(adapter, PEOPLE.stranger, 'decide', { caseId, approvalId, outcome: 'approve', comment: '' });
    assert.match(clicked, /no case with that id that you can see/);
    assert.doesNotMatch(clicked, /cover/i);
    const typed = await say(adapter, PEOPLE.stranger, 'case SOON-2');
    assert.match(typed, /There is no case with reference SOON-2 that you can see/);
    assert.doesNotMatch(typed, /cover/i);
  });
});
