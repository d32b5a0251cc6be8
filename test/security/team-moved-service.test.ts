/**
 * Need-to-know when the organisation file moves a team to another service (a reorganisation): the
 * case stays with the Head of Service it names until it is handed over, and "team cases" agrees
 * with "case REF": the new service's Head of Service is not shown a case they may not open.
 */
import { strict as assert } from 'node:assert';
import { parseOrganisation, type Organisation } from '../../src/cases/organisation';
import type { Person } from '../../src/protocol';
import { makeWorld, World } from '../../support/world';
import { HOS, IROS, REALISTIC_ORGANISATION, SERVICES, TEAMS } from '../../support/realistic-organisation';
import { ConversationDriver } from '../bot/support/conversation-driver';

const FACTS = { legalStatus: 'S20', dateOfBirth: '2012-05-14', accommodatedOn: '2026-02-20', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };

describe('a team moved to another service in the organisation file', () => {
  let world: World;
  let org: Organisation;
  afterEach(async () => world.close());

  it('"team cases" lists the cases a Head of Service may open: the case\'s own Head of Service still, the new service\'s not', async () => {
    org = parseOrganisation(REALISTIC_ORGANISATION);
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: { current: () => org } });
    const bot = new ConversationDriver(world);
    const opened = await world.service.openCase({ idempotencyKey: 'open-C-1', actor: TEAMS[6]!.workers[0]!, ref: 'C-1', facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! });
    assert.ok(opened.ok, JSON.stringify(opened));
    const moved = TEAMS[6]!.name;
    assert.ok(SERVICES.care.teams.includes(6), 'team 6 starts in the care service');
    org = parseOrganisation({
      ...REALISTIC_ORGANISATION,
      services: REALISTIC_ORGANISATION.services.map((s) => (s.name === SERVICES.earlyHelp.name ? { ...s, teams: [...s.teams, moved] } : { ...s, teams: s.teams.filter((t) => t !== moved) })),
    });
    const say = async (who: Person, text: string): Promise<string> => (await bot.say(who, text)).map((a) => a.text ?? '').join('\n');
    const cardOf = async (who: Person, text: string): Promise<number> => (await bot.say(who, text)).reduce((n, a) => n + (a.attachments?.length ?? 0), 0);

    // The Head of Service the case names still opens it (its card), and finds it under "team cases".
    assert.equal(await cardOf(HOS.care, 'case C-1'), 1);
    assert.match(await say(HOS.care, 'team cases'), /- C-1 \(Children in Care\):/, 'listed with its team, now in another service');
    // The new service's Head of Service may not open it ...
    assert.match(await say(HOS.earlyHelp, 'case C-1'), /There is no case with reference C-1 that you can see/);
    // ... so "team cases" does not show them its reference, stage and social worker either.
    assert.doesNotMatch(await say(HOS.earlyHelp, 'team cases'), /C-1/);
  });

  it('"my cases" does not ask the new service\'s Head of Service to find people for a case they may not open', async () => {
    org = parseOrganisation(REALISTIC_ORGANISATION);
    world = makeWorld('2026-03-02T10:00:00Z', undefined, undefined, { organisation: { current: () => org } });
    const bot = new ConversationDriver(world);
    const worker = TEAMS[6]!.workers[0]!;
    const opened = await world.service.openCase({ idempotencyKey: 'open-C-2', actor: worker, ref: 'C-2', facts: FACTS, trigger: 'consent-withdrawn', iro: IROS[0]! });
    assert.ok(opened.ok, JSON.stringify(opened));
    const moved = TEAMS[6]!.name;
    // The team moves to Early Help, and the case's social worker leaves (taken out of the file).
    org = parseOrganisation({
      ...REALISTIC_ORGANISATION,
      teams: REALISTIC_ORGANISATION.teams.map((t) => (t.name === moved ? { ...t, members: { users: TEAMS[6]!.workers.filter((w) => w.id !== worker.id) } } : t)),
      services: REALISTIC_ORGANISATION.services.map((s) => (s.name === SERVICES.earlyHelp.name ? { ...s, teams: [...s.teams, moved] } : { ...s, teams: s.teams.filter((t) => t !== moved) })),
    });
    const say = async (who: Person, text: string): Promise<string> => (await bot.say(who, text)).map((a) => a.text ?? '').join('\n');
    assert.match(await say(HOS.earlyHelp, 'case C-2'), /There is no case with reference C-2 that you can see/);
    assert.doesNotMatch(await say(HOS.earlyHelp, 'my cases'), /C-2/);
    // The team's manager, who may open it, is still asked.
    assert.match(await say(TEAMS[6]!.manager, 'my cases'), /C-2/);
  });
});
