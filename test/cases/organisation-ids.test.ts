/**
 * Entra object ids in the organisation file written in capitals, or with a space either side (as
 * pasted from a spreadsheet or the portal), are the same people Teams names in lower case: GUIDs are
 * case-insensitive. Before, such a person silently never matched: never a team manager, never a deputy.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { createGraphDirectory } from '../../src/adapters/graph/graph-directory';
import { Authority } from '../../src/cases/authority';
import { activeDeputiesFor, parseOrganisation, teamOfMember } from '../../src/cases/organisation';
import { parseRoleConfig } from '../../src/cases/role-config';
import { actorOf } from '../../src/bot/s20-bot';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';

const TODAY = '2026-03-02';
const shouted = (id: string) => `  ${id.toUpperCase()} `;

describe('Entra object ids in the organisation file, whatever their case or spaces', function () {
  this.timeout(30_000);
  let server: LocalGraphServer;
  const manager = { id: randomUUID(), name: 'Morgan Manager' };
  const worker = { id: randomUUID(), name: 'Sam Social' };
  const cover = { id: randomUUID(), name: 'Dana Deputy' };
  const groupMember = { id: randomUUID(), name: 'Gale Group' };
  const managersGroup = randomUUID();

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    server.directory.setGroupMembers(managersGroup, [groupMember.id]);
  });
  after(async () => {
    await server.stop();
  });

  const file = () =>
    parseRoleConfig({
      roles: {
        'team-manager': { users: [{ ...manager, id: shouted(manager.id) }], groups: [{ id: shouted(managersGroup), name: 'Managers' }] },
        'social-worker': { users: [{ ...worker, id: shouted(worker.id) }] },
      },
      deputies: [{ role: 'team-manager', deputy: { ...cover, id: shouted(cover.id) }, for: { ...manager, id: shouted(manager.id) }, from: '2026-03-01', to: '2026-03-31' }],
    });

  it('reads each id as Teams sends it: trimmed, in lower case', () => {
    const org = parseOrganisation(file());
    assert.equal(teamOfMember(org, worker.id)?.name, 'All teams');
    assert.deepEqual(activeDeputiesFor(org, 'team-manager', manager.id, TODAY), [{ id: cover.id, name: cover.name }]);
  });

  it('grants the part to the person named in capitals, and through a group named in capitals', async () => {
    const authority = new Authority(file(), createGraphDirectory({ client: testGraphClient(server.url) }));
    assert.equal((await authority.check(manager, ['team-manager'], TODAY)).ok, true, 'the named manager');
    assert.equal((await authority.check(groupMember, ['team-manager'], TODAY)).ok, true, 'a member of the group');
    assert.equal((await authority.check(worker, ['team-manager'], TODAY)).ok, false, 'a social worker is still not a manager');
  });

  it('reads the caller the same way: an object id sent in capitals is the same person', () => {
    const context = { activity: { from: { id: '29:abc', aadObjectId: manager.id.toUpperCase(), name: 'Morgan Manager' } } } as unknown as TurnContext;
    assert.equal(actorOf(context).id, manager.id);
  });

  it('widens nothing: ids that are not GUIDs keep their case, so "Sam" and "sam" stay two people', async () => {
    const authority = new Authority(parseRoleConfig({ roles: { 'team-manager': { users: [{ id: 'Sam', name: 'Sam' }] } } }), null);
    assert.equal((await authority.check({ id: 'sam', name: 'sam' }, ['team-manager'], TODAY)).ok, false);
    assert.equal((await authority.check({ id: 'Sam', name: 'Sam' }, ['team-manager'], TODAY)).ok, true);
  });

  it('an id of only spaces is refused at load, naming where it is', () => {
    assert.throws(() => parseRoleConfig({ roles: { 'team-manager': { users: [{ id: '   ', name: 'Nobody' }] } } }), /roles\.team-manager\.users\.0\.id/);
  });
});
