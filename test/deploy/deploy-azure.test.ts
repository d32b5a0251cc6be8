/**
 * npm run deploy:azure: its arguments are checked before anything runs, and its steps are what
 * they would run, in order (no Azure CLI needed: the commands are built, not run).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bicepStep, DeployUsageError, laterSteps, outputsFrom, parseDeployArguments, printable } from '../../deploy/deploy-azure';

const ROOT = resolve(__dirname, '..', '..');
const SITE = 'contoso.sharepoint.com,aaaaaaaa-1111-1111-1111-111111111111,bbbbbbbb-2222-2222-2222-222222222222';
const GOOD = { botAppType: 'SingleTenant', botAppId: '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71', sharePointSiteId: SITE, orgName: 'Mossbank Council' };

describe('npm run deploy:azure', () => {
  let dir: string;
  const parameters = (values: Record<string, unknown>): string => {
    const file = join(dir, `p-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) }));
    return file;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 's20-deploy-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('checks its arguments before anything runs', () => {
    const refused = (args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}): void => {
      assert.throws(() => parseDeployArguments(args, env), (error: unknown) => error instanceof DeployUsageError && pattern.test(error.message), `${args.join(' ')} refused with ${String(pattern)}`);
    };

    it('needs a valid resource group name, and knows its options', () => {
      refused([], /--resource-group is required/);
      refused(['--resource-group'], /--resource-group needs a value/);
      refused(['--resource-group', 'bad name!'], /is not a resource group name/);
      refused(['-g', 'rg.'], /is not a resource group name/);
      refused(['-g', 'rg', '--force'], /unknown option "--force"/);
    });

    it('refuses the example parameters file as it ships (site id and bot app id still zeros)', () => {
      refused(['-g', 'rg', '--parameters', join(ROOT, 'deploy', 'main.parameters.json')], /sharePointSiteId .* still the example/);
      refused(['-g', 'rg', '--parameters', parameters({ ...GOOD, botAppId: '00000000-0000-0000-0000-000000000000' })], /botAppId .* Entra application/);
      refused(['-g', 'rg', '--parameters', join(dir, 'missing.json')], /does not exist/);
    });

    it("refuses the example's organisation name, or none (main.bicep, with no default, would stop only once az runs), which would head every document and each child's letter", () => {
      const { orgName: _, ...noName } = GOOD;
      refused(['-g', 'rg', '--parameters', parameters(noName)], /^orgName in .* is not set: put your council's name there as staff and children know it \(such as "Mossbank Council"\)\. It heads every case document and is written into each child's "Your time in our care" letter/);
      refused(['-g', 'rg', '--parameters', parameters({ ...GOOD, orgName: 'your local authority ' })], /^orgName in .* is still the example's "Your local authority": put your council's name there/);
      refused(['-g', 'rg', '--parameters', parameters({ ...GOOD, orgName: '  ' })], /^orgName in .* is not set/);
      assert.equal(parseDeployArguments(['-g', 'rg', '--parameters', parameters(GOOD)], {}).resourceGroup, 'rg');
    });

    it('reads a parameters file saved with a byte order mark (Notepad, PowerShell 5), as az does, instead of calling it not JSON', () => {
      const file = parameters(GOOD);
      writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8')}`);
      assert.equal(parseDeployArguments(['-g', 'rg', '--parameters', file], {}).resourceGroup, 'rg');
    });

    it('refuses more instances than the plan runs: Basic stops at 3', () => {
      refused(['-g', 'rg', '--parameters', parameters({ ...GOOD, appServiceSku: 'B1', instanceCount: 4 })], /instanceCount 4 is more than a B1 plan runs \(3\)/);
      assert.equal(parseDeployArguments(['-g', 'rg', '--parameters', parameters({ ...GOOD, appServiceSku: 'S1', instanceCount: 4 })], {}).resourceGroup, 'rg');
    });

    it('takes the bot secret only from BOT_APP_PASSWORD, never from the parameters file', () => {
      refused(['-g', 'rg', '--parameters', parameters({ ...GOOD, botAppPassword: 'secret' })], /must not hold botAppPassword/);
      refused(['-g', 'rg', '--parameters', parameters({ ...GOOD, botAppType: 'UserAssignedMSI' })], /BOT_APP_PASSWORD is set but botAppType is not SingleTenant/, { BOT_APP_PASSWORD: 's3cret-value' });
    });

    it('a bad argument runs nothing: one line, exit code 2', () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'deploy/deploy-azure.ts', '--what-if'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: '' } });
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stderr.trim(), 'deploy:azure: --resource-group is required (the resource group to deploy into; create it first with az group create). Nothing was run.');
      assert.equal(run.stdout, '');
    });
  });

  describe('runs the estate in order', () => {
    it('with --what-if: Azure’s preview of the Bicep deployment, and the later steps printed, not run', () => {
      const options = parseDeployArguments(['-g', 'rg-return-home', '--what-if', '--parameters', parameters(GOOD)], {});
      const step = bicepStep(options);
      assert.deepEqual(step.command.slice(0, 8), ['az', 'deployment', 'group', 'what-if', '--resource-group', 'rg-return-home', '--name', 'return-home']);
      assert.ok(step.command.includes(join(ROOT, 'deploy', 'main.bicep')));
      // A stand-in az that records how it is called: the what-if runs it once, for the preview only.
      const log = join(dir, 'az-calls.log');
      writeFileSync(join(dir, 'az'), `#!/bin/sh\necho "$*" >> '${log}'\n`, { mode: 0o755 });
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'deploy/deploy-azure.ts', '-g', 'rg-return-home', '--what-if', '--parameters', parameters(GOOD)], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` } });
      assert.equal(run.status, 0, run.stderr);
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      assert.equal(calls.length, 1, calls.join('\n'));
      assert.match(calls[0] ?? '', /^deployment group what-if --resource-group rg-return-home /);
      for (const [n, title] of [[1, 'Preview the Azure resources'], [2, 'Build the app package'], [3, 'Create the SharePoint lists'], [4, 'Put the code on the web app'], [5, 'Check the bot answers']] as const) {
        assert.match(run.stdout, new RegExp(`Step ${n} of 5: ${title}`));
      }
      assert.equal(run.stdout.match(/\(what-if: not run\)/g)?.length, 4);
      assert.match(run.stdout, /nothing was changed/);
    });

    it('for real: the Bicep deployment, the package, the SharePoint lists, the code, then /healthz', () => {
      const options = parseDeployArguments(['-g', 'rg-return-home', '--parameters', parameters(GOOD)], { BOT_APP_PASSWORD: 's3cret-value' });
      const first = bicepStep(options);
      assert.equal(first.command[3], 'create');
      assert.ok(first.command.includes('botAppPassword=s3cret-value'), 'the secret goes to az');
      assert.ok(!printable(first).includes('s3cret-value'), 'but is never printed');
      assert.match(printable(first), /botAppPassword=\*\*\*/);

      const outputs = outputsFrom(JSON.stringify({ webAppName: { type: 'String', value: 'returnhome-abc123' }, botDomain: { type: 'String', value: 'returnhome-abc123.azurewebsites.net' } }));
      const steps = laterSteps(options, outputs);
      assert.deepEqual(steps.map((s) => s.command.slice(0, 4).join(' ')), [
        'npm run --silent package:app',
        `node ${join(ROOT, 'dist', 'provision-sharepoint.js')}`,
        'az webapp deploy --resource-group',
        'curl --fail --silent --show-error',
      ]);
      assert.deepEqual(steps[1]?.env, { GRAPH_AUTH: 'azure-cli', GRAPH_BASE_URL: 'https://graph.microsoft.com', SHAREPOINT_SITE_ID: SITE });
      assert.deepEqual(steps[2]?.command.slice(4), ['rg-return-home', '--name', 'returnhome-abc123', '--src-path', join(ROOT, 'dist', 'app.zip'), '--type', 'zip']);
      assert.equal(steps[3]?.command.at(-1), 'https://returnhome-abc123.azurewebsites.net/healthz');
    });
  });
});
