/**
 * Authority with roles from Entra groups, through the real Graph directory and graph-client against
 * the local Graph server: a directory that is throttled or down is an outcome the person can act on
 * ("try again in a moment"), never an exception, and never a wrong grant or refusal.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { createGraphDirectory } from '../../src/adapters/graph/graph-directory';
import { Authority, DIRECTORY_UNAVAILABLE_MESSAGE, caseRolesText } from '../../src/cases/authority';
import { parseRoleConfig, type RoleConfig } from '../../src/cases/role-config';
import { DirectoryLookupError } from '../../src/ports/directory';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';
import { makeWorld, type World } from '../../support/world';
import { ConversationDriver } from '../bot/support/conversation-driver';
import { TO_THE_TEAM_MANAGER_BRIEFLY } from '../support/case-inputs';

const TODAY = '2026-03-02';

describe('Authority with Entra groups (local Graph server)', function () {
  this.timeout(30_000);
  let server: LocalGraphServer;
  let authority: Authority;
  const managersGroup = randomUUID();
  const swGroup = randomUUID();
  const manager = { id: randomUUID(), name: 'Morgan Manager' };
  const worker = { id: randomUUID(), name: 'Sam Social' };
  const namedIro = { id: randomUUID(), name: 'Indra Reviewer' };

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    server.directory.setGroupMembers(managersGroup, [manager.id]);
    server.directory.setGroupMembers(swGroup, [worker.id]);
    // A fresh directory each test: no cached answers carried over.
    authority = new Authority(organisation(), freshDirectory());
  });

  const organisation = (): RoleConfig =>
    parseRoleConfig({
      roles: {
        'team-manager': { groups: [{ id: managersGroup, name: 'Team managers' }] },
        'social-worker': { groups: [{ id: swGroup, name: 'Social workers' }] },
        iro: { users: [namedIro] },
      },
    });
  const freshDirectory = () => createGraphDirectory({ client: testGraphClient(server.url) });

  it('grants a role held through a group', async () => {
    const check = await authority.check(manager, ['team-manager'], TODAY);
    assert.deepEqual(check, { ok: true, actor: { id: manager.id, name: manager.name, role: 'team-manager' } });
  });

  it('a throttled directory is DIRECTORY_UNAVAILABLE with its Retry-After; the next try succeeds', async () => {
    server.throttle({ times: 1, retryAfterSeconds: 7, match: (t) => t.path.endsWith('/checkMemberGroups') });
    const check = await authority.check(manager, ['team-manager'], TODAY);
    assert.deepEqual(check, { ok: false, code: 'DIRECTORY_UNAVAILABLE', message: DIRECTORY_UNAVAILABLE_MESSAGE, retryAfterMs: 7000 });
    assert.equal((await authority.check(manager, ['team-manager'], TODAY)).ok, true, 'the failure was not cached');
  });

  it('an unreachable directory is DIRECTORY_UNAVAILABLE, not a refusal', async () => {
    await server.outage({ mode: 'refuse', forMs: 60_000 });
    try {
      const check = await authority.check(manager, ['team-manager'], TODAY);
      assert.equal(check.ok, false);
      assert.equal(!check.ok && check.code, 'DIRECTORY_UNAVAILABLE');
      assert.equal(!check.ok && 'retryAfterMs' in check, false, 'no Retry-After without a reply');
    } finally {
      await server.endOutage();
    }
  });

  it('does not grant a later role while an earlier one could not be checked', async () => {
    // wanted: team-manager (its group check fails) before social-worker (its group check would succeed)
    server.fail({ status: 503, times: 1, retryAfterSeconds: 2 });
    const check = await authority.check(worker, ['team-manager', 'social-worker'], TODAY);
    assert.equal(!check.ok && check.code, 'DIRECTORY_UNAVAILABLE');
  });

  it('a role granted by name needs no directory at all', async () => {
    server.fail({ status: 503, forMs: 60_000 });
    assert.equal((await authority.check(namedIro, ['iro', 'social-worker'], TODAY)).ok, true);
    assert.equal(server.stats().requests, 0);
  });

  it('a directory that refuses for good (403: permission not granted) is thrown, typed', async () => {
    server.fail({ status: 403, times: 1 });
    await assert.rejects(authority.check(manager, ['team-manager'], TODAY), (error: unknown) => error instanceof DirectoryLookupError && !error.retryable);
  });

  const FACTS = { legalStatus: 'S20', dateOfBirth: '2009-05-14', accommodatedOn: '2026-01-05', previousEpisodeEndedOn: null, lastAssessmentCompletedOn: null, pathway: 'unplanned', returnedHomeOn: null };

  /**
   * The app as the composition root builds it, on a real SQLite file, with this test's organisation
   * and directory (the local Graph server), removed afterwards.
   */
  async function withWorld(use: (world: World) => Promise<void>): Promise<void> {
    const world = makeWorld('2026-03-02T10:00:00Z', {}, undefined, { organisation: organisation(), directory: freshDirectory() });
    try {
      await use(world);
    } finally {
      await world.close();
    }
  }

  it('through the case service: the command returns DIRECTORY_UNAVAILABLE, saves nothing, and the same click works later', async () => {
    await withWorld(async ({ store, service }) => {
      const open = { idempotencyKey: 'open-1', actor: worker, ref: 'DIR-1', facts: FACTS, trigger: 'consent-withdrawn' as const, iro: namedIro };

      server.throttle({ times: 1, retryAfterSeconds: 3, match: (t) => t.path.endsWith('/checkMemberGroups') });
      const refused = await service.openCase(open);
      assert.equal(!refused.ok && refused.code, 'DIRECTORY_UNAVAILABLE');
      // Shown atop the start form: it says plainly the case was not started (before: only 'We could not check your role …').
      assert.equal(!refused.ok && refused.message, 'Not started: your role could not be checked with the directory just now, so nothing was saved. Please try again in a moment.');
      assert.equal((await store.list()).length, 0, 'nothing saved');
      assert.equal(await store.findCommand('open-1'), undefined, 'the outcome is not remembered against the click');

      const opened = await service.openCase(open);
      assert.equal(opened.ok, true, 'the same click, repeated, succeeds');
      assert.equal((await store.list()).length, 1);
    });
  });

  it('"my cases": a manager by group sees what waits for them; with the directory down, that it could not be checked (not "nothing")', async () => {
    await withWorld(async (world) => {
      const service = world.service;
      const opened = await service.openCase({ idempotencyKey: 'open-w', actor: worker, ref: 'DIR-2', facts: FACTS, trigger: 'consent-withdrawn', iro: namedIro });
      assert.ok(opened.ok);
      for (const [i, event] of TO_THE_TEAM_MANAGER_BRIEFLY.entries()) assert.equal((await service.apply({ idempotencyKey: `w${i}`, caseId: opened.caseId, actor: worker, event })).ok, true);

      const up = await service.waitingFor(manager);
      assert.deepEqual([up.directoryUnavailable, up.decisions.map((d) => [d.ref, d.what])], [false, [['DIR-2', 'team-manager']]]);

      await server.outage({ mode: 'refuse', forMs: 60_000 });
      try {
        // The same store, restarted with a fresh directory (no cached answers) and the team managers' group only.
        const down = makeWorld('2026-03-02T10:00:00Z', {}, world.dir, { organisation: parseRoleConfig({ roles: { 'team-manager': { groups: [{ id: managersGroup, name: 'Team managers' }] } } }), directory: freshDirectory() });
        try {
          const downService = down.service;
          assert.deepEqual(await downService.waitingFor(manager), { decisions: [], escalated: [], directoryUnavailable: true });
          // What the manager reads in chat says so, and what to do.
          const [reply] = await new ConversationDriver(down).say(manager, 'my cases');
          assert.equal(reply?.text, 'The decisions waiting for your roles could not all be checked just now (the directory did not answer). Please type "my cases" again in a minute.');
        } finally {
          await down.close(true);
        }
      } finally {
        await server.endOutage();
      }
    });
  });
});

describe('caseRolesText', () => {
  it('lists the roles in plain English: one, two with "or", three with commas and "or"', () => {
    assert.equal(caseRolesText(['head-of-service']), "this case's Head of Service");
    assert.equal(caseRolesText(['social-worker', 'team-manager']), "this case's social worker or team manager");
    assert.equal(caseRolesText(['team-manager', 'head-of-service', 'director']), "this case's team manager, Head of Service or Director");
  });
});
