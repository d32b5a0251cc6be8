/** The Playground's mock people as `npm start` configures them: the roles the README promises, in two teams; and where it listens. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { parseOrganisation } from '../../src/cases/organisation';
import { PLAYGROUND_USERS, playgroundConfig, playgroundUser, startPlayground } from '../../src/local/agents-playground';
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

describe("npm start's Agents Playground on the network", function () {
  this.timeout(90_000);

  /** Whether a TCP connection to host:port is accepted. */
  const accepts = (host: string, port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const socket = connect({ host, port, timeout: 5_000 });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });

  it('a server started with no address in a process with loopback-only.cjs preloaded listens on 127.0.0.1; one given an address keeps it', () => {
    const script = [
      "const http = require('node:http');",
      'const a = http.createServer().listen(0, () => {',
      "  const b = http.createServer().listen({ port: 0 }, () => { const c = http.createServer().listen(0, '127.0.0.2', () => {",
      '    console.log(JSON.stringify([a, b, c].map((s) => s.address().address))); a.close(); b.close(); c.close(); }); });',
      '});',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--require', join(__dirname, '..', '..', 'src', 'local', 'loopback-only.cjs'), '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), ['127.0.0.1', '127.0.0.1', '127.0.0.2']);
  });

  it('a server in a process with loopback-only.cjs preloaded refuses (403) a request or WebSocket upgrade addressed to another site (DNS rebinding); localhost, 127.0.0.1 and [::1] are served', () => {
    const script = [
      "const http = require('node:http');",
      "const server = http.createServer((req, res) => res.end('served'));",
      "server.on('upgrade', (req, socket) => socket.end('HTTP/1.1 101 Switching Protocols\\r\\n\\r\\n'));",
      'server.listen(0, async () => {',
      '  const port = server.address().port;',
      '  const ask = (host, upgrade) => new Promise((resolve) => {',
      "    const req = http.request({ host: '127.0.0.1', port, agent: false, headers: { host, ...(upgrade ? { connection: 'Upgrade', upgrade: 'websocket' } : {}) } });",
      '    req.on(\'response\', (res) => { res.resume(); resolve(res.statusCode); });',
      '    req.on(\'upgrade\', (res, socket) => { socket.destroy(); resolve(res.statusCode); });',
      '    req.on(\'error\', (e) => resolve(e.code));',
      '    req.end();',
      '  });',
      '  const out = {};',
      "  for (const host of ['attacker.example:' + port, 'attacker.example', '127.0.0.1.attacker.example', 'localhost:' + port, '127.0.0.1:' + port, '[::1]:' + port]) out[host.replace(String(port), 'PORT')] = [await ask(host, false), await ask(host, true)];",
      '  console.log(JSON.stringify(out));',
      '  server.close();',
      '});',
    ].join('\n');
    const run = spawnSync(process.execPath, ['--require', join(__dirname, '..', '..', 'src', 'local', 'loopback-only.cjs'), '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      'attacker.example:PORT': [403, 403],
      'attacker.example': [403, 403],
      '127.0.0.1.attacker.example': [403, 403],
      'localhost:PORT': [200, 101],
      '127.0.0.1:PORT': [200, 101],
      '[::1]:PORT': [200, 101],
    });
  });

  it("listens on this machine only, as the bot does without an app id: its page, which acts as the person signed in, is not reachable from the network", async () => {
    const playground = await startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', port: 0, user: playgroundUser('social worker') });
    try {
      assert.ok(await accepts('127.0.0.1', playground.port), 'reachable on this machine');
      const external = Object.values(networkInterfaces()).flat().filter((a) => a !== undefined && !a.internal);
      for (const address of external) {
        assert.equal(await accepts(address!.address, playground.port), false, `reachable on ${address!.address}:${playground.port}`);
      }
    } finally {
      await playground.stop();
    }
  });
});
