/** The organisation file: one clear line per problem, the earlier shape still read, and edits taking effect without a restart. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrganisationError, parseOrganisation, roleHolders } from '../../src/cases/organisation';
import { FileOrganisation } from '../../src/cases/organisation-source';
import { REALISTIC_ORGANISATION, TEAMS } from '../../support/realistic-organisation';

const problemsOf = (input: unknown): readonly string[] => {
  try {
    parseOrganisation(input);
  } catch (error) {
    if (error instanceof OrganisationError) return error.problems;
    throw error;
  }
  return [];
};

describe('the organisation file', () => {
  it('reads the realistic council: 8 teams, 3 services, 6 IROs, groups and deputies', () => {
    const org = parseOrganisation(REALISTIC_ORGANISATION);
    assert.equal(org.teams.length, 8);
    assert.equal(org.services.length, 3);
    assert.equal(roleHolders(org, 'iro').users.length, 7, '6 IROs and the IRO manager');
    assert.equal(org.legacy, false);
    assert.ok(Object.isFrozen(org) && Object.isFrozen(org.teams[0]!.managers.users), 'nobody can change it for everyone else');
  });

  it('names each problem on its own line: no manager, no Head of Service, a person in two teams, an unknown team', () => {
    const broken = structuredClone(REALISTIC_ORGANISATION) as typeof REALISTIC_ORGANISATION & { teams: { managers: unknown }[] };
    (broken.teams[1] as { managers: unknown }).managers = { users: [] };
    (broken.services[2] as { headsOfService: unknown }).headsOfService = { users: [] };
    broken.teams[2]!.members = { users: [TEAMS[0]!.workers[0]!] } as never;
    broken.services[0]!.teams.push('Assessment Central');
    assert.deepEqual(problemsOf(broken), [
      'team "Assessment South" has no team manager',
      `${TEAMS[0]!.workers[0]!.name} (${TEAMS[0]!.workers[0]!.id}) is a member of two teams, "Assessment North" and "Children in Need East"`,
      'service "Early Help and Assessment" names a team that is not in the file: "Assessment Central"',
      'service "Children in Care and Care Leavers" has no Head of Service',
    ]);
  });

  it("reads a service's team names as the teams' own are read, spaces around them ignored (not 'names a team that is not in the file: \"Team A \"')", () => {
    const pat = { users: [{ id: 'p', name: 'Pat' }] };
    const org = parseOrganisation({ teams: [{ name: 'Team A', managers: pat }], services: [{ name: 'S', headsOfService: pat, teams: [' Team A '] }], director: pat, iroService: { manager: pat } });
    assert.deepEqual(org.services[0]!.teams, ['Team A']);
    assert.deepEqual(problemsOf({ teams: [{ name: 'Team A', managers: pat }], services: [{ name: 'S', headsOfService: pat, teams: ['Team A', '  '] }], director: pat, iroService: { manager: pat } }), [
      'services no. 1 (S) > teams no. 2: is empty',
    ]);
  });

  it('refuses a deputy covering someone the file does not name in that part (a leaver, an id typed wrong), naming the entry; a part held through groups may hold anyone', () => {
    const pat = { id: 'p', name: 'Pat' };
    const base = { teams: [{ name: 'Team A', managers: { users: [pat] }, members: { groups: [{ id: 'g', name: 'Team A social workers' }] } }], services: [{ name: 'S', headsOfService: { users: [pat] }, teams: ['Team A'] }], director: { users: [pat] }, iroService: { manager: { users: [pat] } } };
    const dee = { id: 'dee', name: 'Dee Cover' };
    const deputyFor = (role: string, forPerson: { id: string; name: string }) => ({ role, deputy: dee, for: forPerson, from: '2026-03-02', to: '2026-03-06' });
    assert.deepEqual(problemsOf({ ...base, deputies: [deputyFor('team-manager', pat), deputyFor('team-manager', { id: 'lee', name: 'Lee Leaver' }), deputyFor('director', { id: 'pat', name: 'Pat' })] }), [
      'deputies no. 2 (Dee Cover) > for: Lee Leaver (id lee) is not named in the file as a team manager, so this deputy would cover nobody, or act on the cases of someone who has left: correct the id, or remove the entry (a leaver\'s cases are handed over with "Hand the case over")',
      'deputies no. 3 (Dee Cover) > for: Pat (id pat) is not named in the file as the Director, so this deputy would cover nobody, or act on the cases of someone who has left: correct the id, or remove the entry (a leaver\'s cases are handed over with "Hand the case over")',
    ]);
    // Social workers are held through a group here: the file cannot say who is in it.
    assert.equal(parseOrganisation({ ...base, deputies: [deputyFor('social-worker', { id: 'sam', name: 'Sam' })] }).deputies.length, 1);
  });

  it("reads a person's and a group's name without the spaces around it, and names one of spaces only as empty instead of showing a blank name on the cards", () => {
    const pat = { users: [{ id: 'p', name: '  Pat Manager ' }], groups: [{ id: 'g', name: ' Managers ' }] };
    const org = parseOrganisation({ teams: [{ name: 'Team A', managers: pat }], services: [{ name: 'S', headsOfService: pat, teams: ['Team A'] }], director: pat, iroService: { manager: pat } });
    assert.equal(org.director.users[0]!.name, 'Pat Manager');
    assert.equal(org.director.groups[0]!.name, 'Managers');
    assert.deepEqual(problemsOf({ teams: [{ name: 'Team A', managers: { users: [{ id: 'p', name: '   ' }] } }], services: [{ name: 'S', headsOfService: pat, teams: ['Team A'] }], director: pat, iroService: { manager: pat } }), [
      'teams no. 1 (Team A) > managers > users no. 1 (id p) > name: is empty',
    ]);
  });

  it('names the place of a badly formed entry in words, counted from 1, with the name or id to find it by', () => {
    assert.deepEqual(problemsOf({ teams: [{ name: 'A', managers: { users: [{ id: 'm' }] } }] }), ['teams no. 1 (A) > managers > users no. 1 (id m) > name: is missing (it must be text in quotes)']);
    const ok = { id: 'p', name: 'Pat' };
    assert.deepEqual(
      problemsOf({
        teams: [{ name: 'A', managers: { users: [ok] } }, { name: 'B', manager: { users: [ok] }, members: { users: [{ id: 42, name: 'Sam' }, { id: '  ', name: 'Kim' }] } }],
        director: null,
        deputies: [{ role: 'Team Manager', deputy: ok, for: ok, from: '2026-03-02', to: '2026-03-06' }],
      }),
      [
        'teams no. 2 (B) > members > users no. 1 (Sam) > id: must be text in quotes',
        'teams no. 2 (B) > members > users no. 2 (Kim) > id: is empty',
        'teams no. 2 (B): "manager" is not a field of this entry: check the spelling',
        'director: must be an entry in { }',
        'deputies no. 1 > role: must be one of social-worker, team-manager, head-of-service, director, iro, placement-team',
      ],
    );
  });

  it('still reads the earlier shape (one list per role) as one team in one service', () => {
    const org = parseOrganisation({ roles: { 'social-worker': { users: [{ id: 's', name: 'S' }] }, 'team-manager': { users: [{ id: 't', name: 'T' }] } } });
    assert.equal(org.legacy, true);
    assert.deepEqual(org.teams.map((t) => [t.name, t.members.users.map((u) => u.id), t.managers.users.map((u) => u.id)]), [['All teams', ['s'], ['t']]]);
  });

  it('config/roles.local.json (npm start) puts the Playground people in two teams', () => {
    const org = parseOrganisation(JSON.parse(readFileSync('config/roles.local.json', 'utf8')));
    assert.equal(org.teams.length, 2);
    const alex = '00000000-0000-0000-0000-0000000000020';
    const sam = '00000000-0000-0000-0000-00000000001a';
    assert.notEqual(org.teams.find((t) => t.members.users.some((u) => u.id === alex))?.name, org.teams.find((t) => t.members.users.some((u) => u.id === sam))?.name);
  });

  describe('read again when it changes', () => {
    let dir: string;
    let file: string;
    let clock: number;
    const refused: string[] = [];
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'org-'));
      file = join(dir, 'organisation.json');
      clock = 0;
      refused.length = 0;
      writeFileSync(file, JSON.stringify(REALISTIC_ORGANISATION));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    /** Writes the file with a new modification time (file systems keep coarse times). */
    const write = (content: string, at: number): void => {
      writeFileSync(file, content);
      utimesSync(file, at, at);
    };

    it('an edit takes effect at the next look; a bad edit is refused with one line, once, and the last good file stays', () => {
      const source = new FileOrganisation(file, { checkEveryMs: 1000, now: () => clock, onRefused: (line) => refused.push(line) });
      assert.equal(source.current().teams.length, 8);
      const fewer = { ...REALISTIC_ORGANISATION, teams: REALISTIC_ORGANISATION.teams.slice(0, 2), services: [{ ...REALISTIC_ORGANISATION.services[0]! }] };
      write(JSON.stringify(fewer), 1_000_000);
      assert.equal(source.current().teams.length, 8, 'not looked at again before checkEveryMs');
      clock += 1000;
      assert.equal(source.current().teams.length, 2, 'in force without a restart');
      write('{ "teams": [', 2_000_000);
      clock += 1000;
      assert.equal(source.current().teams.length, 2, 'the last good file stays in force');
      clock += 1000;
      source.current();
      assert.equal(refused.length, 1, 'said once, not at every look');
      assert.match(refused[0]!, /is not valid JSON.*The last good organisation file stays in force until it is corrected\.$/);
      assert.doesNotMatch(refused[0]!, /\n/);
    });

    it('a file saved with a byte order mark (Notepad, PowerShell) is read, at start-up and when it changes', () => {
      write(`\uFEFF${JSON.stringify(REALISTIC_ORGANISATION)}`, 1_000_000);
      const source = new FileOrganisation(file, { checkEveryMs: 1000, now: () => clock, onRefused: (line) => refused.push(line) });
      assert.equal(source.current().teams.length, 8);
      const fewer = { ...REALISTIC_ORGANISATION, teams: REALISTIC_ORGANISATION.teams.slice(0, 2), services: [{ ...REALISTIC_ORGANISATION.services[0]! }] };
      write(`\uFEFF${JSON.stringify(fewer)}`, 2_000_000);
      clock += 1000;
      assert.equal(source.current().teams.length, 2, 'the edit is in force');
      assert.deepEqual(refused, []);
    });

    it('a missing comma is named by its line and column, as an editor shows them, with Windows line ends and a byte order mark too', () => {
      const lines = JSON.stringify(REALISTIC_ORGANISATION, null, 2).split('\n');
      const at = lines.findIndex((l) => l.includes('"deputies"'));
      lines[at - 1] = lines[at - 1]!.replace(/,$/, ''); // the comma before "deputies" forgotten
      const column = lines[at]!.indexOf('"') + 1;
      for (const [lineEnd, bom] of [['\n', ''], ['\r\n', '\uFEFF']] as const) {
        writeFileSync(file, bom + lines.join(lineEnd));
        assert.throws(
          () => new FileOrganisation(file),
          (e: unknown) => e instanceof OrganisationError && e.problems.length === 1 && e.problems[0] === `it is not valid JSON (Expected ',' or '}' after property value, at line ${at + 1}, column ${column})`,
        );
      }
    });

    it('a field given twice in one entry (a second "deputies" block added lower down) is refused with both lines, instead of the first being dropped without a word', () => {
      const deputy = { role: 'team-manager', deputy: { id: 'dee', name: 'Dee Cover' }, for: REALISTIC_ORGANISATION.teams[0]!.managers.users[0], from: '2026-03-02', to: '2026-03-06' };
      const lines = JSON.stringify({ ...REALISTIC_ORGANISATION, deputies: [deputy] }, null, 2).split('\n');
      const first = lines.findIndex((l) => l.startsWith('  "deputies"'));
      // The same block again, as someone adds one at the end of the file: JSON.parse would keep only this one.
      lines.splice(lines.length - 1, 0, '  ,"deputies": []');
      writeFileSync(file, lines.join('\r\n'));
      assert.throws(
        () => new FileOrganisation(file),
        (e: unknown) => e instanceof OrganisationError && e.problems.length === 1 && e.problems[0] === `"deputies" is given twice in one entry, on line ${first + 1} and line ${lines.length - 1}: only the last would count, so put them together`,
      );
      writeFileSync(file, JSON.stringify({ ...REALISTIC_ORGANISATION, deputies: [deputy] }, null, 2));
      assert.equal(new FileOrganisation(file).current().deputies.length, 1, 'the same name in different entries is no problem');
    });

    it('a bad file at start-up stops the bot with every problem named', () => {
      writeFileSync(file, JSON.stringify({ teams: [{ name: 'A' }], services: [{ name: 'S', teams: ['B'] }] }));
      assert.throws(
        () => new FileOrganisation(file),
        (e: unknown) => e instanceof OrganisationError && /team "A" has no team manager/.test(e.message) && /service "S" has no Head of Service/.test(e.message) && /names a team that is not in the file: "B"/.test(e.message),
      );
    });
  });
});
