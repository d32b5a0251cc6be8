import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { provisionSharePoint } from '../deploy/provision-sharepoint';
import { PEOPLE } from '../test/cases/support/world';
import { invokeActivity, messageActivity } from '../test/reliability/support/activities';
import { dataDirEnv, SITE_ID } from '../test/reliability/support/bot-under-test';
import { casesAwaitingTeamManager } from '../test/reliability/support/case-prep';
import { spawn } from 'node:child_process';
import { ConnectorCapture } from '../test/reliability/support/connector-capture';
import { testGraphClient } from '../test/support/graph-test-client';
import { LocalGraphServer } from '../test/support/local-graph-server';
import { appOn } from './sweep';

async function main() {
  const connector = await new ConnectorCapture(0).start();
  const graph = await LocalGraphServer.start();
  await provisionSharePoint(testGraphClient(graph.url), SITE_ID);
  const dir = mkdtempSync(join(tmpdir(), 'prof-'));
  const prep = appOn(dir, graph.url);
  const cases = await casesAwaitingTeamManager(prep.service, 600, 'PROF');
  await prep.close();
  const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', '--import', 'tsx', 'src/server.ts'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...dataDirEnv(dir, graph.url) }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => { let out = ''; child.stdout!.on('data', (c: Buffer) => { out += c.toString(); const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out); if (m) resolve(m[1]!); }); });
  const bot = { url, stop: () => new Promise<void>((r) => { child.once('exit', () => r()); child.kill('SIGTERM'); }) };
  let i = 0;
  const mode = process.argv[2] ?? 'approve';
  const r = await autocannon({
    url: `${bot.url}/api/messages`, method: 'POST', headers: { 'content-type': 'application/json' }, connections: 10, amount: 600,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: JSON.stringify(mode === 'approve' ? (() => { const c = cases[i++]!; return invokeActivity(connector.url, PEOPLE.tm, 'decide', { caseId: c.caseId, approvalId: c.approvalId, outcome: 'approve', comment: 'Agreed.' }); })() : messageActivity(connector.url, PEOPLE.sw, 'help')) }) }],
  });
  console.log(mode, r['2xx'], r.non2xx, (r['2xx'] / r.duration).toFixed(1), 'req/s', 'p50', r.latency.p50, 'p99', r.latency.p99);
  await bot.stop();
  await connector.stop?.();
  process.exit(0);
}
void main();
