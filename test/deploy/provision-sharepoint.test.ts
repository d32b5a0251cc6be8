/**
 * SharePoint provisioning: the real script run as a process (as `npm run provision:sharepoint` runs it)
 * against the local Graph server, twice; and the repair of a half-made list.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { provisionSharePoint, summaryLine } from '../../deploy/provision-sharepoint';
import { LIST_SCHEMA } from '../../src/adapters/graph/list-schema';
import { loadConfig } from '../../src/config';
import { LocalGraphServer } from '../../support/local-graph-server';
import { testGraphClient } from '../../support/graph-test-client';

const SITE = 'contoso.sharepoint.com,cccccccc-1111-1111-1111-111111111111,dddddddd-2222-2222-2222-222222222222';
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function provisionProcess(env: Record<string, string>, args: string[] = []): Promise<Outcome> {
  const clean: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'deploy/provision-sharepoint.ts', ...args], { cwd: ROOT, env: clean });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('provision-sharepoint', () => {
  let server: LocalGraphServer;

  before(async () => {
    server = await LocalGraphServer.start();
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => server.reset());

  it('creates the four lists and the document library on the first run; the second run changes nothing and says so', async () => {
    const env = { GRAPH_BASE_URL: server.url, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' };
    const first = await provisionProcess(env);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(first.stdout.trim().split('\n'), [
      'Cases: created, 14 columns',
      'Decisions: created, 10 columns',
      'Tasks: created, 8 columns',
      'Audit: created, 10 columns',
      'Case documents: created, 9 columns',
    ]);
    assert.deepEqual(server.sharePoint.listNames(SITE), ['Cases', 'Decisions', 'Tasks', 'Audit', 'Case documents']);
    assert.equal(server.sharePoint.findList(SITE, 'Case documents')?.template, 'documentLibrary');

    server.resetStats();
    const second = await provisionProcess(env);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual(second.stdout.trim().split('\n'), [
      'Cases: already present, 14 columns, nothing changed',
      'Decisions: already present, 10 columns, nothing changed',
      'Tasks: already present, 8 columns, nothing changed',
      'Audit: already present, 10 columns, nothing changed',
      'Case documents: already present, 9 columns, nothing changed',
    ]);
    assert.deepEqual(server.stats().log.filter((e) => e.method !== 'GET'), [], 'no writes on the second run');
  });

  it('refuses a .env the bot refuses, with the line the bot gives (one reading of the Graph settings for both)', async () => {
    const env = { GRAPH_BASE_URL: server.url, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'client-secret', AZURE_CLIENT_ID: 'client', AZURE_CLIENT_SECRET: 'not-shown' };
    const botRefusal = (() => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    })();
    assert.match(botRefusal, /^AZURE_TENANT_ID is required/);
    const refused = await provisionProcess(env);
    assert.equal(refused.code, 2);
    assert.equal(refused.stderr.trim(), `provision-sharepoint: ${botRefusal}`);
    assert.deepEqual(server.sharePoint.listNames(SITE), [], 'nothing made');
  });

  it('with --retention-label, says Graph cannot set a list\'s default label and prints the command for each list', async () => {
    const env = { GRAPH_BASE_URL: server.url, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' };
    const run = await provisionProcess(env, ['--retention-label', "Children's social care record"]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    // Four lists and the case file's library, then the label's lines for each (the library holds the documents).
    assert.match(lines[5] ?? '', /^Retention label "Children's social care record": Microsoft Graph cannot set a list's default retention label/);
    assert.deepEqual(lines.slice(6).map((l) => /--listTitle "([^"]+)"/.exec(l)?.[1]), ['Cases', 'Decisions', 'Tasks', 'Audit', 'Case documents']);
    assert.ok(lines.slice(6).every((l) => l.includes(`--webUrl "${server.url}`) || l.includes('--webUrl "http')), lines.join('\n'));
    assert.ok(lines.slice(6).every((l) => l.includes('--name "Children\'s social care record" --syncToItems')));
    const empty = await provisionProcess(env, ['--retention-label']);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /--retention-label needs the label's name/);
  });

  it('refuses a mistyped option before making anything (it was ignored: the lists were made without a word about the label), and answers --help with the usage', async () => {
    const env = { GRAPH_BASE_URL: server.url, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' };
    const typo = await provisionProcess(env, ['--retention-lable', "Children's social care record"]);
    assert.equal(typo.code, 2, typo.stdout);
    assert.equal(typo.stderr.trim(), 'provision-sharepoint: unknown argument "--retention-lable": the only option is --retention-label "LABEL NAME". Nothing was changed');
    assert.deepEqual(server.sharePoint.listNames(SITE), [], 'nothing made');
    // Asked for help with no settings at all: the usage, not "GRAPH_BASE_URL is required".
    const help = await provisionProcess({}, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: npm run provision:sharepoint -- \[--retention-label "LABEL NAME"\]\n {2}Creates \(or completes\) the SharePoint lists/);
  });

  it('creates the indexed columns indexed, and only those', async () => {
    const client = testGraphClient(server.url);
    await provisionSharePoint(client, SITE);
    const lists = (await client.api(`/sites/${SITE}/lists`).get()) as { value: Array<{ id: string; displayName: string }> };
    const cases = lists.value.find((l) => l.displayName === 'Cases');
    assert.ok(cases);
    const columns = (await client.api(`/sites/${SITE}/lists/${cases.id}/columns`).get()) as { value: Array<{ name: string; indexed: boolean }> };
    const indexed = columns.value.filter((c) => c.indexed).map((c) => c.name);
    assert.deepEqual(
      indexed.filter((n) => n !== 'ID').sort(),
      LIST_SCHEMA.cases.columns.filter((c) => c.indexed).map((c) => c.name).sort(),
    );
  });

  it('adds missing columns and indexes an unindexed key column on a half-made list', async () => {
    const client = testGraphClient(server.url);
    await client.api(`/sites/${SITE}/lists`).post({
      displayName: 'Tasks',
      columns: [
        { name: 'IdempotencyKey', text: {} }, // not indexed
        { name: 'Kind', text: {} },
      ],
      list: { template: 'genericList' },
    });
    const outcomes = await provisionSharePoint(client, SITE);
    const tasks = outcomes.find((o) => o.displayName === 'Tasks');
    assert.ok(tasks);
    assert.equal(summaryLine(tasks), 'Tasks: already present, 8 columns, added 6 (CaseRef, DueOn, DoneOn, Status, RecordedBy, OnBehalfOf), indexed 1 (IdempotencyKey)');
    const again = await provisionSharePoint(client, SITE);
    assert.deepEqual(again.map(summaryLine).filter((l) => !l.endsWith('nothing changed')), []);
  });

  it('reports a column of the wrong type instead of changing it', async () => {
    const client = testGraphClient(server.url);
    await client.api(`/sites/${SITE}/lists`).post({
      displayName: 'Audit',
      columns: [{ name: 'Seq', text: {} }],
      list: { template: 'genericList' },
    });
    const outcomes = await provisionSharePoint(client, SITE);
    const audit = outcomes.find((o) => o.displayName === 'Audit');
    assert.ok(audit);
    assert.deepEqual(audit.mismatchedColumns, ['Seq']);
    assert.match(summaryLine(audit), /column type differs, fix by hand: Seq$/);
  });

  it('stops with one clear line when a setting is missing', async () => {
    const missingSite = await provisionProcess({ GRAPH_BASE_URL: server.url, GRAPH_AUTH: 'none' });
    assert.equal(missingSite.code, 2);
    assert.equal(missingSite.stderr.trim(), 'provision-sharepoint: SHAREPOINT_SITE_ID is required when GRAPH_BASE_URL is set');
    const missingSecret = await provisionProcess({ GRAPH_BASE_URL: 'https://graph.microsoft.com', SHAREPOINT_SITE_ID: SITE, AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' });
    assert.equal(missingSecret.code, 2);
    assert.equal(missingSecret.stderr.trim(), 'provision-sharepoint: AZURE_CLIENT_SECRET is required when GRAPH_AUTH is client-secret');
    const noGraph = await provisionProcess({ SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'azure-cli' });
    assert.equal(noGraph.code, 2);
    assert.equal(noGraph.stderr.trim(), 'provision-sharepoint: SHAREPOINT_SITE_ID is set but GRAPH_BASE_URL is empty: set GRAPH_BASE_URL (e.g. https://graph.microsoft.com), or clear SHAREPOINT_SITE_ID');
    assert.equal(server.stats().requests, 0);
  });

  it('stops with one clear line when Graph cannot be reached', async () => {
    await server.outage({ forMs: 60_000, mode: 'refuse' });
    const refused = await provisionProcess({ GRAPH_BASE_URL: server.url, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' });
    await server.endOutage();
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim(), `provision-sharepoint: could not reach Graph at ${server.url}: check GRAPH_BASE_URL, and that this machine can reach it (network, proxy, firewall).`);
  });

  it('names GRAPH_BASE_URL when nothing listens at it, not "no response from Graph (TypeError)"', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((done) => closed.close(done));
    const refused = await provisionProcess({ GRAPH_BASE_URL: url, SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'none' });
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim(), `provision-sharepoint: could not reach Graph at ${url}: check GRAPH_BASE_URL, and that this machine can reach it (network, proxy, firewall).`);
  });

  it('says the certificate file cannot be read, in the words the bot starts with, not that a sign-in failed (nothing was asked), nor "no response from Graph (Error)"', async () => {
    const failed = await provisionProcess({
      GRAPH_BASE_URL: 'https://graph.microsoft.com', SHAREPOINT_SITE_ID: SITE, GRAPH_AUTH: 'certificate',
      AZURE_TENANT_ID: '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f', AZURE_CLIENT_ID: '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', AZURE_CLIENT_CERTIFICATE_PATH: '/no/such/certificate.pem',
    });
    assert.equal(failed.code, 2);
    assert.equal(failed.stderr.trim(), "provision-sharepoint: The certificate file /no/such/certificate.pem (AZURE_CLIENT_CERTIFICATE_PATH) cannot be read (ENOENT): set AZURE_CLIENT_CERTIFICATE_PATH to the PEM file holding the app's certificate and private key, readable by the bot's account. Nothing was changed.");
  });
});
