/** The Graph directory (checkMemberGroups) against the local Graph server, through the real graph-client. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client } from '@microsoft/microsoft-graph-client';
import { DirectoryLookupError, createGraphDirectory } from '../../src/adapters/graph/graph-directory';
import { LocalGraphServer } from '../../support/local-graph-server';
import { TEST_TOKEN, testGraphClient } from '../../support/graph-test-client';

describe('Graph directory (local Graph server, real graph-client)', () => {
  let server: LocalGraphServer;
  let client: Client;
  let clock: number;
  const user = randomUUID();
  const teamManagers = randomUUID();
  const managers = randomUUID();
  const directors = randomUUID();

  const directory = (ttlMs?: number): ReturnType<typeof createGraphDirectory> =>
    createGraphDirectory({ client, now: () => clock, ...(ttlMs === undefined ? {} : { cacheTtlMs: ttlMs }) });
  const calls = (): number => server.stats().log.filter((e) => e.path.endsWith('/checkMemberGroups')).length;

  before(async () => {
    server = await LocalGraphServer.start({ requireAuth: true, acceptedTokens: [TEST_TOKEN] });
    client = testGraphClient(server.url);
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.reset();
    clock = 1_000_000;
    server.directory.setGroupMembers(teamManagers, [user]);
    server.directory.setGroupMembers(managers, [teamManagers]); // nested
    server.directory.setGroupMembers(directors, [randomUUID()]);
  });

  it('answers transitive membership among the given groups', async () => {
    assert.deepEqual(await directory().memberGroups(user, [directors, managers, teamManagers]), [managers, teamManagers]);
  });

  it('splits more than 20 group ids into several calls', async () => {
    const others = Array.from({ length: 24 }, () => randomUUID());
    const groups = [...others.slice(0, 21), teamManagers, ...others.slice(21)];
    assert.deepEqual(await directory().memberGroups(user, groups), [teamManagers]);
    assert.equal(calls(), 2);
  });

  it('caches an answer per (user, group set) until it expires', async () => {
    const dir = directory(60_000);
    await dir.memberGroups(user, [managers, directors]);
    await dir.memberGroups(user, [directors, managers]); // same set, other order
    assert.equal(calls(), 1);
    await dir.memberGroups(user, [managers]); // another set
    assert.equal(calls(), 2);
    server.directory.setGroupMembers(directors, [user]);
    clock += 59_999;
    assert.deepEqual(await dir.memberGroups(user, [managers, directors]), [managers], 'still cached');
    clock += 2;
    assert.deepEqual(await dir.memberGroups(user, [managers, directors]), [managers, directors], 'expired: asked again');
    assert.equal(calls(), 3);
  });

  it('keeps a bounded number of membership answers, and forgets expired ones', async () => {
    const dir = createGraphDirectory({ client, now: () => clock, cacheTtlMs: 60_000, maxMembershipAnswers: 2 });
    const people = [user, randomUUID(), randomUUID()];
    for (const person of people) await dir.memberGroups(person, [managers]);
    assert.equal(dir.cachedAnswers, 2);
    assert.equal(calls(), 3);
    await dir.memberGroups(people[2] ?? '', [managers]);
    assert.equal(calls(), 3, 'the newest answer is still kept');
    assert.deepEqual(await dir.memberGroups(user, [managers]), [managers]);
    assert.equal(calls(), 4, 'the oldest answer was forgotten: asked again');
    clock += 60_001;
    await dir.memberGroups(randomUUID(), [managers]);
    assert.equal(dir.cachedAnswers, 1, 'answers past their time are dropped');
  });

  it('shares one call between concurrent identical questions', async () => {
    const dir = directory();
    const answers = await Promise.all([dir.memberGroups(user, [managers]), dir.memberGroups(user, [managers])]);
    assert.deepEqual(answers, [[managers], [managers]]);
    assert.equal(calls(), 1);
  });

  it('treats a user Graph does not know as a member of no group', async () => {
    assert.deepEqual(await directory().memberGroups(randomUUID(), [managers]), []);
  });

  it('reports throttling as a retryable DirectoryLookupError with Retry-After, and does not cache it', async () => {
    server.throttle({ retryAfterSeconds: 1 });
    const dir = directory();
    await assert.rejects(dir.memberGroups(user, [managers]), (error: unknown) => {
      assert.ok(error instanceof DirectoryLookupError);
      assert.equal(error.retryable, true);
      assert.equal(error.retryAfterMs, 1000);
      return true;
    });
    assert.deepEqual(await dir.memberGroups(user, [managers]), [managers]);
  });

  it('reports a refused request (bad group id) as not retryable', async () => {
    await assert.rejects(directory().memberGroups(user, ['not-a-guid']), (error: unknown) => error instanceof DirectoryLookupError && !error.retryable);
  });

  it("lists every member of a group of 1,000 (150 social workers nested in it), following Graph's absolute nextLink page by page", async () => {
    const socialWorkers = randomUUID();
    const workers = Array.from({ length: 150 }, () => randomUUID());
    const others = Array.from({ length: 850 }, () => randomUUID());
    server.directory.setGroupMembers(socialWorkers, workers);
    const everyone = randomUUID();
    server.directory.setGroupMembers(everyone, [socialWorkers, ...others]);
    for (const id of [...workers, ...others]) server.directory.setDisplayName(id, `Person ${id.slice(0, 4)}`);
    const people = await directory().groupMembers(everyone);
    assert.equal(people.length, 1000);
    assert.deepEqual(new Set(people.map((p) => p.id)), new Set([...workers, ...others]));
    const pages = server.stats().log.filter((e) => e.path.endsWith('/transitiveMembers'));
    // 1,001 members (the nested group is one of them) at Graph's most, 999 a page: two pages, both answered.
    assert.deepEqual(pages.map((p) => p.status), [200, 200]);
    assert.deepEqual((await directory().groupMembers(socialWorkers)).map((p) => p.id).sort(), [...workers].sort());
  });
});
