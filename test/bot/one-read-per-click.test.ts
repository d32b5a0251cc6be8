/**
 * A card click reads its case once: the decision (need-to-know, authority, the event, the commit)
 * is one call to the case service, and the card it answers with is built from the state that
 * call committed, not read back. So do the typed commands that name a case ("case REF", "new copy
 * REF") and the handover form. Counted at the store, over whole turns through botbuilder.
 */
import { strict as assert } from 'node:assert';
import { Activity, TestAdapter } from 'botbuilder';
import { makeWorld, PEOPLE, World } from '../../support/world';
import { wrapStore } from '../../support/wrap-store';
import { ConversationDriver } from './support/conversation-driver';
import { openCase, toTeamManagerApproval } from '../../support/bot-over-http/case-prep';
import { cardTexts as texts } from '../../support/card-texts';

type Who = { id: string; name: string };

describe('one read of the case per card click', function () {
  let world: World;
  let adapter: TestAdapter;
  let reads: number;
  let nextId = 0;

  beforeEach(() => {
    reads = 0;
    // The app's store, with its reads of a case counted.
    world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, {
      storeAs: (store) => wrapStore(store, {
        get: (caseId) => ((reads += 1), store.get(caseId)),
        getByRef: (ref) => ((reads += 1), store.getByRef(ref)),
        getByRefAnyCase: (ref) => ((reads += 1), store.getByRefAnyCase(ref)),
      }),
    });
    // The bot as the composition root builds it on the world's services.
    adapter = new ConversationDriver(world).adapter;
  });
  afterEach(async () => world.close());

  async function click(who: Who, verb: string, data: Record<string, unknown>, id = `i-${++nextId}`): Promise<string> {
    await adapter.processActivity({ type: 'invoke', name: 'adaptiveCard/action', id, from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.name }, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } } as Partial<Activity>);
    const out: Partial<Activity>[] = [];
    for (let r = adapter.activeQueue.shift(); r; r = adapter.activeQueue.shift()) out.push(r);
    const response = out.find((a) => a.type === 'invokeResponse');
    assert.ok(response, 'an invoke response');
    return texts((response.value as { body: { value: unknown } }).body.value);
  }

  async function say(who: Who, text: string): Promise<Partial<Activity>[]> {
    await adapter.processActivity({ type: 'message', text, id: `m-${++nextId}`, from: { id: `29:${who.id}`, aadObjectId: who.id, name: who.name } } as Partial<Activity>);
    const out: Partial<Activity>[] = [];
    for (let r = adapter.activeQueue.shift(); r; r = adapter.activeQueue.shift()) out.push(r);
    return out;
  }
  const shown = (replies: Partial<Activity>[]): string => replies.map((r) => String(r.text ?? '') + (r.attachments ?? []).map((a) => texts(a.content)).join(' ')).join('\n');

  it('an approval reads the case once, and its card shows the decision it recorded; a repeat of the click too', async () => {
    const caseId = await openCase(world.service, 'READS-1');
    const approvalId = await toTeamManagerApproval(world.service, caseId);
    const data = { caseId, approvalId, outcome: 'approve', comment: 'Agreed.' };

    reads = 0;
    const card = await click(PEOPLE.tm, 'decide', data, 'click-1');
    assert.match(card, /Approved by Taylor Manager/);
    assert.equal(reads, 1, 'one read of the case for the whole click');
    assert.equal((await world.service.get(caseId))!.state.stage, 'awaiting-head-of-service');

    reads = 0;
    const again = await click(PEOPLE.tm, 'decide', data, 'click-1');
    assert.match(again, /Approved by Taylor Manager/);
    assert.equal(reads, 1);
  });

  it('a refused decision and a stranger each read the case once; the stranger is told the case is not there', async () => {
    const caseId = await openCase(world.service, 'READS-2');
    const approvalId = await toTeamManagerApproval(world.service, caseId);

    reads = 0;
    const self = await click(PEOPLE.sw, 'decide', { caseId, approvalId, outcome: 'approve', comment: '' });
    assert.match(self, /Only this case's team manager, or their deputy, can give this agreement/);
    assert.equal(reads, 1);

    reads = 0;
    const stranger = await click(PEOPLE.stranger, 'decide', { caseId, approvalId, outcome: 'approve', comment: '' });
    assert.match(stranger, /no case with that id that you can see/);
    assert.equal(reads, 1);
    assert.deepEqual((await world.store.refusals(caseId)).map((r) => [r.code, r.action]), [['NOT_YOUR_ROLE', 'DecisionGiven'], ['CASE_NOT_VISIBLE', 'decide']]);
  });

  it('recording a step reads the case once: the form is checked and the event applied on the same read', async () => {
    const caseId = await openCase(world.service, 'READS-3');
    reads = 0;
    const card = await click(PEOPLE.sw, 'recordStep', { caseId, step: 'childViews', views: 'Wants to go home.' });
    assert.equal(reads, 1);
    assert.match(card, /Child's views recorded/);
    assert.deepEqual((await world.store.audit(caseId)).map((a) => a.action).slice(-1), ["Child's views recorded"]);
  });

  it('"case REF" reads the case once; a stranger too, and their attempt is kept with the case even when they type the reference in small letters', async () => {
    const caseId = await openCase(world.service, 'READS-4');

    reads = 0;
    const card = shown(await say(PEOPLE.sw, 'case READS-4'));
    assert.match(card, /READS-4/);
    assert.equal(reads, 1, 'one read of the case for the command');

    reads = 0;
    const stranger = shown(await say(PEOPLE.stranger, 'case READS-4'));
    assert.match(stranger, /There is no case with reference READS-4 that you can see/);
    assert.equal(reads, 1);

    const lower = shown(await say(PEOPLE.stranger, 'case reads-4'));
    assert.match(lower, /There is no case with reference reads-4 that you can see/);
    assert.deepEqual((await world.store.refusals(caseId)).map((r) => [r.code, r.action, r.actorId]), [['CASE_NOT_VISIBLE', 'ShowCase', PEOPLE.stranger.id], ['CASE_NOT_VISIBLE', 'ShowCase', PEOPLE.stranger.id]]);
  });

  it('"case REF" typed in small letters ("case reads-7" for READS-7) reads the case once, as "new copy" does', async () => {
    const caseId = await openCase(world.service, 'READS-7');
    await toTeamManagerApproval(world.service, caseId);
    reads = 0;
    assert.match(shown(await say(PEOPLE.sw, 'case reads-7')), /READS-7/);
    assert.equal(reads, 1, 'one read of the case for the command');
    reads = 0;
    assert.match(shown(await say(PEOPLE.tm, 'new copy reads-7')), /A new copy of what is waiting for your decision on case READS-7 is on its way/);
    assert.equal(reads, 1);
  });

  it('"case REF" in capitals mixed another way than stored ("case mOS-1042" for Mos-1042) finds the case on one read; an unknown reference is one read too', async () => {
    const caseId = await openCase(world.service, 'Mos-1042');
    await toTeamManagerApproval(world.service, caseId);
    for (const typed of ['mOS-1042', 'mos-1042', 'MOS-1042', 'Mos-1042']) {
      reads = 0;
      assert.match(shown(await say(PEOPLE.sw, `case ${typed}`)), /Mos-1042/, typed);
      assert.equal(reads, 1, typed);
    }
    reads = 0;
    assert.match(shown(await say(PEOPLE.tm, 'new copy mOs-1042')), /A new copy of what is waiting for your decision on case Mos-1042 is on its way/);
    assert.equal(reads, 1);
    // A stranger is told as before, and the attempt is kept with the case.
    assert.match(shown(await say(PEOPLE.stranger, 'case mOS-1042')), /There is no case with reference mOS-1042 that you can see/);
    assert.deepEqual((await world.store.refusals(caseId)).map((r) => [r.code, r.actorId]), [['CASE_NOT_VISIBLE', PEOPLE.stranger.id]]);
    // "/" is not "-": another case's reference, not this one's.
    assert.match(shown(await say(PEOPLE.sw, 'case mos/1042')), /There is no case with reference mos\/1042 that you can see/);
    reads = 0;
    assert.match(shown(await say(PEOPLE.stranger, 'case nO-SuCh-CaSe')), /There is no case with reference nO-SuCh-CaSe that you can see/);
    assert.equal(reads, 1, 'an unknown reference (a forged one too) costs one read');
  });

  it('"new copy REF" reads the case once, finding it and recording the request on the same read', async () => {
    const caseId = await openCase(world.service, 'READS-5');
    await toTeamManagerApproval(world.service, caseId);
    reads = 0;
    const reply = shown(await say(PEOPLE.tm, 'new copy READS-5'));
    assert.match(reply, /A new copy of what is waiting for your decision on case READS-5 is on its way/);
    assert.equal(reads, 1);
    assert.deepEqual((await world.store.audit(caseId)).map((a) => a.actorId).slice(-1), [PEOPLE.tm.id]);
  });

  it('handing a case over reads the case once: the form is checked and the handover recorded on the same read, and its card shows the new person', async () => {
    const caseId = await openCase(world.service, 'READS-6');
    reads = 0;
    const form = await click(PEOPLE.tm, 'openStep', { caseId, step: 'handOver' });
    assert.match(form, /Hand the case over/);
    assert.equal(reads, 1);

    reads = 0;
    const card = await click(PEOPLE.tm, 'recordStep', { caseId, step: 'handOver', role: 'social-worker', person: PEOPLE.sw2.id, reason: 'Sam is moving team.' });
    assert.equal(reads, 1, 'one read of the case for the whole submit');
    assert.match(card, /Sasha Worker/);
    assert.equal((await world.service.get(caseId))!.state.socialWorker.id, PEOPLE.sw2.id);

    reads = 0;
    const refused = await click(PEOPLE.sw2, 'recordStep', { caseId, step: 'handOver', role: 'social-worker', person: PEOPLE.sw.id, reason: 'Back again.' });
    assert.equal(reads, 1);
    assert.match(refused, /Not recorded\./);
    assert.equal((await world.service.get(caseId))!.state.socialWorker.id, PEOPLE.sw2.id);
  });
});
