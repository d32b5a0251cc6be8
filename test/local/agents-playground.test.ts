/** The Playground's mock people as `npm start` configures them: the roles the README promises, in two teams. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parseOrganisation } from '../../src/cases/organisation';
import { PLAYGROUND_USERS, playgroundConfig, playgroundUser } from '../../src/local/agents-playground';
import { playgroundLine } from '../../src/start';

describe("npm start's Agents Playground people", () => {
  const org = parseOrganisation(JSON.parse(readFileSync('config/roles.local.json', 'utf8')));
  const teamOf = (id: string, as: 'managers' | 'members'): string | undefined => org.teams.find((t) => t[as].users.some((u) => u.id === id))?.name;

  it('puts the social worker and the team manager in one team, and the other team manager in another team of the same service', () => {
    const team = teamOf(playgroundUser('social worker').aadObjectId, 'members');
    assert.ok(team, 'the social worker is in a team');
    assert.equal(teamOf(playgroundUser('team manager').aadObjectId, 'managers'), team);
    const other = teamOf(playgroundUser("other team's manager").aadObjectId, 'managers');
    assert.ok(other && other !== team, "the other team's manager manages another team");
    const service = org.services.find((s) => s.teams.includes(team));
    assert.ok(service && service.teams.includes(other), 'both teams are in one service');
    assert.ok(service.headsOfService.users.some((u) => u.id === playgroundUser('Head of Service').aadObjectId));
  });

  it("writes a configuration the Playground accepts for each person: them signed in, at most 5 others", () => {
    for (const user of PLAYGROUND_USERS) {
      const yaml = playgroundConfig(user);
      const [current, others] = yaml.split('\nusers:\n');
      assert.match(current!, new RegExp(`currentUser:\\n  id: ${user.id}\\n  name: ${user.name}\\n`));
      const listed = others!.split('\npersonalChat:')[0]!.match(/^ {2}- id: /gm) ?? [];
      assert.ok(listed.length <= 5, `${user.name}: ${listed.length} others (the Playground refuses more than 5)`);
      assert.doesNotMatch(others!.split('\npersonalChat:')[0]!, new RegExp(`id: ${user.id}\\n`));
    }
  });

  it("the README's walk-through shows the line npm start prints", () => {
    const line = playgroundLine('http://localhost:56150', playgroundUser('social worker'), true);
    assert.match(line, /6 other team's manager/);
    assert.ok(readFileSync('README.md', 'utf8').includes(line), `README.md shows:\n${line}`);
  });
});
