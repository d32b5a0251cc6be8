/**
 * `npm run deploy:azure -- --resource-group RG [--what-if]`: the whole estate, in order.
 *
 *   1. the Azure resources (az deployment group create, deploy/main.bicep + main.parameters.json)
 *   2. the app package (npm run package:app: dist/app.zip, the compiled build)
 *   3. the SharePoint lists (dist/provision-sharepoint.js, signed in as you through the Azure CLI)
 *   4. the code on the web app (az webapp deploy --type zip), then its /healthz
 *
 * With --what-if nothing changes: Azure's own preview of step 1 (az deployment group what-if) runs,
 * and the other steps are printed as they would run. Every argument and the parameters file are
 * checked before anything runs. The bot's client secret comes from BOT_APP_PASSWORD in the
 * environment (first deployment of a SingleTenant bot), never from the command line, and is
 * never printed. Options: --parameters FILE (default deploy/main.parameters.json),
 * --name DEPLOYMENT (default return-home). Needs the Azure CLI, signed in (az login).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { readTextFile } from '../src/config/text-file';

const ROOT = resolve(__dirname, '..');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = '00000000-0000-0000-0000-000000000000';

/** main.bicep's and the example parameters file's orgName: a placeholder, not a council's name. */
const EXAMPLE_ORG_NAME = 'Your local authority';

/** A bad argument or parameters file: one line, and nothing has run. */
export class DeployUsageError extends Error {
  override readonly name = 'DeployUsageError';
}

export interface DeployOptions {
  resourceGroup: string;
  whatIf: boolean;
  parametersFile: string;
  deploymentName: string;
  /** From the parameters file (checked). */
  sharePointSiteId: string;
  botAppPassword: string | undefined;
}

/** What the Bicep deployment gives the later steps (its outputs). */
export interface EstateOutputs {
  webAppName: string;
  botDomain: string;
}

export interface Step {
  title: string;
  command: string[];
  env?: Record<string, string>;
  /** Values to show as *** wherever the command is printed. */
  secrets?: string[];
}

/** The most instances each plan size runs (App Service limits). */
export function maxInstances(sku: string): number {
  if (sku.startsWith('B')) return 3;
  if (sku.startsWith('S')) return 10;
  return 30;
}

function parameterValues(file: string): Record<string, unknown> {
  if (!existsSync(file)) throw new DeployUsageError(`the parameters file ${file} does not exist`);
  let parsed: unknown;
  try {
    // Saved by Notepad or PowerShell 5, it starts with a byte order mark, which JSON.parse refuses.
    parsed = JSON.parse(readTextFile(file));
  } catch {
    throw new DeployUsageError(`the parameters file ${file} is not JSON`);
  }
  const parameters = (parsed as { parameters?: unknown }).parameters;
  if (typeof parameters !== 'object' || parameters === null) throw new DeployUsageError(`the parameters file ${file} has no "parameters" object`);
  return Object.fromEntries(Object.entries(parameters as Record<string, { value?: unknown }>).map(([name, p]) => [name, p?.value]));
}

/** Reads and checks the command line and the parameters file. Throws DeployUsageError naming the problem. */
export function parseDeployArguments(args: readonly string[], env: NodeJS.ProcessEnv = process.env): DeployOptions {
  let resourceGroup: string | undefined;
  let whatIf = false;
  let parametersFile = join(ROOT, 'deploy', 'main.parameters.json');
  let deploymentName = 'return-home';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new DeployUsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--resource-group' || arg === '-g') resourceGroup = value();
    else if (arg === '--what-if') whatIf = true;
    else if (arg === '--parameters') parametersFile = resolve(value());
    else if (arg === '--name') deploymentName = value();
    else throw new DeployUsageError(`unknown option ${JSON.stringify(arg)}: the options are --resource-group RG, --what-if, --parameters FILE, --name DEPLOYMENT`);
  }
  if (resourceGroup === undefined) throw new DeployUsageError('--resource-group is required (the resource group to deploy into; create it first with az group create)');
  if (!/^[-\w.()]{1,90}$/.test(resourceGroup) || resourceGroup.endsWith('.')) {
    throw new DeployUsageError(`--resource-group ${JSON.stringify(resourceGroup)} is not a resource group name (1-90 letters, digits, - _ . ( ), not ending in .)`);
  }
  if (!/^[-\w.]{1,64}$/.test(deploymentName)) throw new DeployUsageError(`--name ${JSON.stringify(deploymentName)} is not a deployment name (1-64 letters, digits, - _ .)`);

  const values = parameterValues(parametersFile);
  const where = relative(process.cwd(), parametersFile) || parametersFile;
  const sharePointSiteId = values['sharePointSiteId'];
  if (typeof sharePointSiteId !== 'string' || !/^[\w.-]+\.sharepoint\.(com|us|de|cn),[0-9a-f-]{36},[0-9a-f-]{36}$/i.test(sharePointSiteId)) {
    throw new DeployUsageError(`sharePointSiteId in ${where} must be hostname,site-guid,web-guid (deploy/README.md step 2 shows how to find it)`);
  }
  if (sharePointSiteId.includes(NIL_GUID)) throw new DeployUsageError(`sharePointSiteId in ${where} is still the example: put your site's id there`);
  const botAppType = values['botAppType'] ?? 'SingleTenant';
  if (botAppType === 'SingleTenant') {
    const botAppId = values['botAppId'];
    if (typeof botAppId !== 'string' || !GUID.test(botAppId) || botAppId === NIL_GUID) {
      throw new DeployUsageError(`botAppId in ${where} must be your bot's Entra application (client) id (deploy/README.md step 1), or set botAppType to UserAssignedMSI`);
    }
  }
  // main.bicep refuses it empty too, but only once az runs; the old example's name would head documents and children's letters.
  const orgName = values['orgName'];
  if (typeof orgName !== 'string' || orgName.trim() === '' || orgName.trim().toLowerCase() === EXAMPLE_ORG_NAME.toLowerCase()) {
    throw new DeployUsageError(
      `orgName in ${where} is ${typeof orgName === 'string' && orgName.trim() !== '' ? `still the example's "${EXAMPLE_ORG_NAME}"` : 'not set'}: put your council's name there as staff and children know it (such as "Mossbank Council"). It heads every case document and is written into each child's "Your time in our care" letter ("looked after by …")`,
    );
  }
  if (values['botAppPassword'] !== undefined) throw new DeployUsageError(`${where} must not hold botAppPassword: give it in the environment as BOT_APP_PASSWORD`);
  const sku = typeof values['appServiceSku'] === 'string' ? values['appServiceSku'] : 'B1';
  const instances = values['instanceCount'] ?? 1;
  if (typeof instances !== 'number' || !Number.isInteger(instances) || instances < 1) throw new DeployUsageError(`instanceCount in ${where} must be a whole number from 1`);
  if (instances > maxInstances(sku)) throw new DeployUsageError(`instanceCount ${instances} is more than a ${sku} plan runs (${maxInstances(sku)}): lower it or choose a larger appServiceSku in ${where}`);
  const botAppPassword = env['BOT_APP_PASSWORD'] === '' ? undefined : env['BOT_APP_PASSWORD'];
  if (botAppPassword !== undefined && botAppType !== 'SingleTenant') throw new DeployUsageError('BOT_APP_PASSWORD is set but botAppType is not SingleTenant: a managed-identity bot has no secret');
  return { resourceGroup, whatIf, parametersFile, deploymentName, sharePointSiteId, botAppPassword };
}

/** Step 1: the Bicep deployment (or Azure's what-if preview of it). */
export function bicepStep(options: DeployOptions): Step {
  const command = [
    'az', 'deployment', 'group', options.whatIf ? 'what-if' : 'create',
    '--resource-group', options.resourceGroup,
    '--name', options.deploymentName,
    '--template-file', join(ROOT, 'deploy', 'main.bicep'),
    '--parameters', `@${options.parametersFile}`,
  ];
  if (options.botAppPassword !== undefined) command.push('--parameters', `botAppPassword=${options.botAppPassword}`);
  if (!options.whatIf) command.push('--query', 'properties.outputs', '--output', 'json');
  return { title: options.whatIf ? 'Preview the Azure resources (az deployment group what-if; changes nothing)' : 'Deploy the Azure resources (deploy/main.bicep)', command, secrets: options.botAppPassword ? [options.botAppPassword] : [] };
}

/** Steps 2-4, given the names step 1 produced (placeholders in a what-if). */
export function laterSteps(options: DeployOptions, outputs: EstateOutputs): Step[] {
  return [
    { title: 'Build the app package (dist/app.zip)', command: ['npm', 'run', '--silent', 'package:app'] },
    {
      title: 'Create the SharePoint lists (as you, through the Azure CLI; you need to own the site)',
      command: ['node', join(ROOT, 'dist', 'provision-sharepoint.js')],
      env: { GRAPH_AUTH: 'azure-cli', GRAPH_BASE_URL: 'https://graph.microsoft.com', SHAREPOINT_SITE_ID: options.sharePointSiteId },
    },
    { title: 'Put the code on the web app (App Service installs its production dependencies)', command: ['az', 'webapp', 'deploy', '--resource-group', options.resourceGroup, '--name', outputs.webAppName, '--src-path', join(ROOT, 'dist', 'app.zip'), '--type', 'zip'] },
    { title: 'Check the bot answers', command: ['curl', '--fail', '--silent', '--show-error', '--retry', '10', '--retry-delay', '15', '--retry-all-errors', `https://${outputs.botDomain}/healthz`] },
  ];
}

/** The outputs of step 1 (az … --query properties.outputs --output json). */
export function outputsFrom(json: string): EstateOutputs {
  const outputs = JSON.parse(json) as Record<string, { value?: unknown }>;
  const webAppName = outputs['webAppName']?.value;
  const botDomain = outputs['botDomain']?.value;
  if (typeof webAppName !== 'string' || typeof botDomain !== 'string') throw new Error('the deployment did not return webAppName and botDomain');
  return { webAppName, botDomain };
}

export function printable(step: Step): string {
  const quote = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);
  let line = [...Object.entries(step.env ?? {}).map(([k, v]) => `${k}=${v}`), ...step.command].map(quote).join(' ');
  for (const secret of step.secrets ?? []) line = line.split(secret).join('***');
  return line;
}

function run(step: Step, capture: boolean): string {
  const result = spawnSync(step.command[0]!, step.command.slice(1), { cwd: ROOT, env: { ...process.env, ...step.env }, stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'], encoding: 'utf8' });
  if (result.error) throw new Error(`could not run ${step.command[0]} (${(result.error as NodeJS.ErrnoException).code ?? result.error.message})${step.command[0] === 'az' ? ': install the Azure CLI and run az login' : ''}`);
  if (result.status !== 0) throw new Error(`"${step.title}" failed (exit code ${result.status}); the steps before it are done, run the command again to continue`);
  return capture ? result.stdout : '';
}

/** What --help prints: each option and what the command does. */
export const DEPLOY_USAGE =
  'Usage: npm run deploy:azure -- --resource-group RG [--what-if] [--parameters FILE] [--name DEPLOYMENT]\n' +
  '  Deploys deploy/main.bicep with the parameters file (default deploy/main.parameters.json), then the SharePoint lists, the packaged code, and checks /healthz (deploy/README.md).\n' +
  '  --what-if shows what Azure would change, and runs nothing. The bot secret comes from BOT_APP_PASSWORD in the environment, never the parameters file.';

async function main(): Promise<number> {
  // Asked for, the usage is an answer (exit 0), not "unknown option" (exit 2).
  if (process.argv.length === 3 && ['help', '--help', '-h'].includes(process.argv[2]!)) {
    process.stdout.write(`${DEPLOY_USAGE}\n`);
    return 0;
  }
  let options: DeployOptions;
  try {
    options = parseDeployArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`deploy:azure: ${error instanceof Error ? error.message : String(error)}. Nothing was run.\n`);
    return 2;
  }
  const first = bicepStep(options);
  const placeholder: EstateOutputs = { webAppName: '<webAppName from step 1>', botDomain: '<botDomain from step 1>' };
  const total = 1 + laterSteps(options, placeholder).length;
  const say = (n: number, step: Step, note = ''): void => console.log(`\nStep ${n} of ${total}: ${step.title}${note}\n  $ ${printable(step)}`);
  try {
    say(1, first);
    const outputs = options.whatIf ? placeholder : outputsFrom(run(first, true));
    if (options.whatIf) run(first, false);
    laterSteps(options, outputs).forEach((step, i) => {
      say(i + 2, step, options.whatIf ? ' (what-if: not run)' : '');
      if (!options.whatIf) run(step, false);
    });
  } catch (error) {
    process.stderr.write(`deploy:azure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  console.log(options.whatIf ? '\nWhat-if done: nothing was changed. Run again without --what-if to deploy.' : '\nDeployed. Next: the Teams app (deploy/README.md step 6) and lowering the site grant to write (step 4).');
  return 0;
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
