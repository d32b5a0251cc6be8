/**
 * People the organisation file no longer names, on a realistic fictional council: the open cases
 * naming them are listed for their managers ("my cases": the team's manager, the service's Head,
 * the Director; the IRO manager for a gone IRO) and nobody else, and messages meant for them also
 * go up the line, so nothing waits unseen on someone who has left. The admin CLI lists them too,
 * and records that it did in each case's audit trail.
 */
import { strict as assert } from 'node:assert';
import { runAdmin } from '../../src/cli/admin';
import type { EventInput } from '../../src/cases/case-service';
import { Organisation, parseOrganisation } from '../../src/cases/organisation';
import type { Person } from '../../src/protocol';
import { ConversationDriver } from '../bot/support/conversation-driver';
import { makeWorld, World } from '../../support/world';
import { DIRECTOR, HOS, IRO_MANAGER, IROS, REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2026-02-20', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };
const LEAVER = TEAMS[0]!.workers[0]!;
const GONE_IRO = IROS[2]!;

/** The file after the leaver and the IRO were taken out of it. */
function withoutLeavers(): Organisation {
  const file = structuredClone(REALISTIC_ORGANISATION) as unknown as { teams: { members: { users?: Person[] } }[]; iroService: { iros: { users: Person[] } } };
  file.teams[0]!.members.users = file.teams[0]!.members.users!.filter((u) => u.id !== LEAVER.id);
  file.iroService.iros.users = file.iroService.iros.users.filter((u) => u.id !== GONE_IRO.id);
  return parseOrganisation(file);
}

describe('people removed from the organisation file (realistic organisation)', () => {
  let world: World;
  let bot: ConversationDriver;
  let org: Organisation;
  let n = 0;

  beforeEach(() => {
    org = parseOrganisation(REALISTIC_ORGANISATION);
    world = makeWorld('2026-03-09T10:00:00Z', undefined, undefined, { organisation: { current: () => org } });
    bot = new ConversationDriver(world);
  });
  afterEach(async () => world.close());

  async function apply(caseId: string, actor: Person, event: EventInput): Promise<void> {
    const outcome = await world.service.apply({ idempotencyKey: `rm-${++n}`, caseId, actor, event });
    assert.ok(outcome.ok, JSON.stringify(outcome));
  }
  async function open(ref: string, worker: Person, iro: Person): Promise<string> {
    const opened = await world.service.openCase({ idempotencyKey: `open-${ref}`, actor: worker, ref, facts: FACTS, trigger: 'consent-withdrawn', iro });
    assert.ok(opened.ok, JSON.stringify(opened));
    return opened.caseId;
  }
  const myCases = async (who: Person): Promise<string> => (await bot.say(who, 'my cases'))[0]?.text ?? '';
  const needing = (text: string): string => /Cases needing a new person[^\n]*\n((?:- .*\n?)*)/.exec(text)?.[1]?.trim() ?? '';

  it("lists the cases for the team's manager, the service's Head and the Director, the gone IRO's for the IRO manager, and for nobody else", async () => {
    await open('R-1', LEAVER, GONE_IRO);
    await open('R-2', TEAMS[0]!.workers[1]!, IROS[3]!);
    await open('C-1', TEAMS[6]!.workers[0]!, GONE_IRO);
    assert.equal(needing(await myCases(TEAMS[0]!.manager)), '', 'nobody has gone yet');
    org = withoutLeavers();

    const expected = `- R-1: needs a new social worker (${LEAVER.name} is no longer in the organisation file); needs a new IRO (${GONE_IRO.name} is no longer in the organisation file) (type "case R-1")`;
    assert.equal(needing(await myCases(TEAMS[0]!.manager)), expected);
    assert.equal(needing(await myCases(HOS.earlyHelp)), expected);
    assert.match(needing(await myCases(DIRECTOR)), /- C-1: needs a new IRO[^\n]*\n- R-1: needs a new social worker/);
    assert.equal(needing(await myCases(IRO_MANAGER)), [`- C-1: needs a new IRO (${GONE_IRO.name} is no longer in the organisation file) (type "case C-1")`, `- R-1: needs a new IRO (${GONE_IRO.name} is no longer in the organisation file) (type "case R-1")`].join('\n'));
    // Team 6's manager sees C-1's gone IRO (their team's case), never R-1; others see nothing.
    assert.ok(!(await myCases(TEAMS[6]!.manager)).includes('R-1'));
    for (const who of [TEAMS[0]!.workers[1]!, IROS[3]!, HOS.care]) assert.equal(needing(await myCases(who)).includes('R-1'), false, who.name);
  });

  it("a manager with 45 cases needing a new person reads 40 in 'my cases' and the other 5 with 'needing people 2', each once", async function () {
    this.timeout(60_000);
    for (let i = 1; i <= 45; i++) await open(`L-${i}`, LEAVER, IROS[3]!);
    org = withoutLeavers();
    const say = async (text: string): Promise<string> => (await bot.say(TEAMS[0]!.manager, text))[0]?.text ?? '';
    const refs = (text: string): string[] => [...text.matchAll(/^- (L-\d+): needs/gm)].map((m) => m[1]!);
    const first = await say('my cases');
    assert.match(first, /…and 5 more cases, after those shown, by reference\. Type "needing people 2" to see the next 5, or "case" and a reference to open one\./);
    const second = await say('needing people 2');
    assert.match(second, /^Cases needing a new person \(cases 41 to 45 of 45\) \(messages for them also go to the next person up the line meanwhile\):\n- L-/, second.slice(0, 300));
    const seen = [...refs(first), ...refs(second)];
    assert.equal(seen.length, 45);
    assert.equal(new Set(seen).size, 45, 'each case once');
    assert.equal(await say('needing people 3'), 'Cases needing a new person: 45. They fit on 2 pages of 40: type "needing people" for the first, or "needing people 2" for the last.');
  });

  it('a message for someone who has gone also goes up the line: nothing waits unseen', async () => {
    const caseId = await open('R-3', LEAVER, GONE_IRO);
    await world.worker.drain();
    org = withoutLeavers();
    const before = world.notifier.sent.length;
    // The IRO is told by the social worker's team manager's step; the gone IRO's message reaches the IRO manager too.
    await apply(caseId, TEAMS[0]!.manager, { type: 'IroInformed' });
    await world.worker.drain();
    const to = new Set(world.notifier.sent.slice(before).map((s) => s.to));
    assert.ok(to.has(GONE_IRO.id), 'still sent to the IRO named on the case');
    assert.ok(to.has(IRO_MANAGER.id), 'and to the IRO manager, who finds the case a new IRO');
  });

  it("handing a leaver's case over does not tell the manager who covers for them that it is handed over 'instead of you': that notice is the leaver's alone", async () => {
    const caseId = await open('R-6', LEAVER, IROS[3]!);
    await world.worker.drain();
    org = withoutLeavers();
    const before = world.notifier.sent.length;
    const manager = TEAMS[0]!.manager;
    const next = TEAMS[0]!.workers[1]!;
    const handed = await world.service.reassign({ idempotencyKey: 'rm-hand-6', caseId, actor: manager, role: 'social-worker', personId: next.id, reason: 'Left the council.' });
    assert.ok(handed.ok, JSON.stringify(handed));
    await world.worker.drain();
    const sent = world.notifier.sent.slice(before);
    assert.deepEqual(sent.filter((s) => /has been handed over/.test(s.text)).map((s) => s.to), [LEAVER.id], 'only the leaver is told it was handed over from them');
    assert.deepEqual(sent.filter((s) => /has been handed to you/.test(s.text)).map((s) => s.to), [next.id]);
    assert.ok(!sent.some((s) => s.to === manager.id && /instead of you/.test(s.text)), 'the manager who handed it over is not told "instead of you"');
  });

  it('the admin CLI lists them and records it in each case\'s audit trail', async () => {
    const caseId = await open('R-4', LEAVER, IROS[3]!);
    await open('R-5', TEAMS[0]!.workers[1]!, IROS[3]!);
    org = withoutLeavers();
    const out: string[] = [];
    assert.equal(await runAdmin(['cases', 'needing-people', '--by', 'Sue Support'], world.store, { out: (t) => out.push(t) }, undefined, () => org), 0);
    assert.match(out.join('\n'), /^Open cases naming someone the organisation file no longer names \(1\)\./);
    assert.match(out.join('\n'), new RegExp(`R-4 \\(Assessment North\\): needs a new social worker \\(${LEAVER.name}, ${LEAVER.id}\\)`));
    assert.ok(!out.join('\n').includes('R-5'));
    const last = (await world.store.audit(caseId)).at(-1)!;
    assert.equal(last.action, 'Listed as needing a new social worker (admin cases needing-people)');
    assert.match(last.actorName, /^Sue Support \(admin command/);
    const json: string[] = [];
    await runAdmin(['cases', 'needing-people', '--json'], world.store, { out: (t) => json.push(t) }, undefined, () => org);
    assert.deepEqual(JSON.parse(json.join('')), [{ ref: 'R-4', team: 'Assessment North', needs: [{ role: 'social-worker', removed: LEAVER }] }]);
  });
});

describe('people removed from the organisation file no longer act on their old cases', () => {
  it("a social worker and an IRO taken out of the file are refused with nothing recorded; the case's team manager still acts", async () => {
    let org = parseOrganisation(REALISTIC_ORGANISATION);
    const world = makeWorld('2026-03-09T10:00:00Z', undefined, undefined, { organisation: { current: () => org } });
    try {
      const opened = await world.service.openCase({ idempotencyKey: 'open-gone', actor: LEAVER, ref: 'GONE-1', facts: FACTS, trigger: 'consent-withdrawn', iro: GONE_IRO });
      assert.ok(opened.ok, JSON.stringify(opened));
      const caseId = opened.caseId;
      const views = (key: string, actor: Person) => world.service.apply({ idempotencyKey: key, caseId, actor, event: { type: 'ChildViewsRecorded', views: 'v' } });
      const before = await views('gone-1', LEAVER);
      assert.ok(before.ok, 'named in the file: may act');
      org = withoutLeavers();
      const version = (await world.service.get(caseId))!.version;
      const after = await world.service.apply({ idempotencyKey: 'gone-2', caseId, actor: LEAVER, event: { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false } });
      assert.ok(!after.ok, 'taken out of the file: refused');
      assert.equal((await world.service.get(caseId))!.version, version, 'nothing recorded');
      const manager = await world.service.apply({ idempotencyKey: 'gone-3', caseId, actor: TEAMS[0]!.manager, event: { type: 'ParentsConsulted', views: 'p', plannedReturnAgreed: false } });
      assert.ok(manager.ok, `the team manager still acts: ${JSON.stringify(manager)}`);
      const iroView = { type: 'IroViewRecorded', view: 'Agrees.', reviewBroughtForward: false } as const;
      const state = (await world.service.get(caseId))!.state;
      assert.equal((await world.service.mayTakeOn(GONE_IRO, state))(iroView), false, 'the gone IRO no longer holds the part');
      org = parseOrganisation(REALISTIC_ORGANISATION);
      assert.equal((await world.service.mayTakeOn(GONE_IRO, state))(iroView), true, 'named again: holds it again (so the line above can fail)');
    } finally {
      await world.close();
    }
  });
});
