/**
 * The Azure deployment sets the app settings the code reads, under the right names. No Bicep
 * compiler runs here, so this reads deploy/main.bicep as text: the arrays concatenated into
 * `appSettings`, each entry `{ name: 'X' value: … }`, and the parameters that feed them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_TYPES, CONFIG_VARIABLES, DIRECTOR_SIGN_OFF_POLICIES, IRO_VIEW_ON_REVISION_POLICIES, VISIT_REMINDER_DAY_POLICIES, GRAPH_AUTH_KINDS, LOG_LEVELS, loadConfig, STORE_KINDS } from '../../src/config';

const DEPLOY = resolve(__dirname, '..', '..', 'deploy');
const BICEP = readFileSync(join(DEPLOY, 'main.bicep'), 'utf8')
  .split('\n')
  .filter((line) => !/^\s*\/\//.test(line)) // whole-line comments only: '//' also appears inside https:// strings
  .join('\n');
const PARAMETERS = (JSON.parse(readFileSync(join(DEPLOY, 'main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> }).parameters;

/** What the bot needs in Azure: its identity, the shared store, Graph through the managed identity, and the organisation's clock and roles. */
const REQUIRED_IN_AZURE = [
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_TENANT_ID',
  'MICROSOFT_APP_TYPE',
  'STORE',
  'AZURE_TABLES_ACCOUNT_URL',
  'DATA_DIR',
  'GRAPH_BASE_URL',
  'SHAREPOINT_SITE_ID',
  'GRAPH_AUTH',
  'AZURE_CLIENT_ID',
  'ORG_NAME',
  'ORG_TIME_ZONE',
  'ROLES_FILE',
];

/** Settings for the platform, not the bot, and why each is there. */
const PLATFORM_SETTINGS: Record<string, string> = {
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'runs the install on App Service, so better-sqlite3 is built for its Linux and Node',
  CUSTOM_BUILD_COMMAND: 'installs only the production dependencies of the built package (no devDependencies, no rebuild)',
};

/** Never a plain value in an app setting. */
const SECRET_SETTINGS = ['MICROSOFT_APP_PASSWORD', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING'];

/** The text of the bracketed expression that starts at `open` (skipping brackets inside '…' strings). */
function bracketed(text: string, open: number): string {
  const pairs: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
  const stack: string[] = [];
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === "'") inString = false;
      continue;
    }
    if (ch === "'") inString = true;
    else if (pairs[ch]) stack.push(pairs[ch]);
    else if (ch === stack.at(-1)) {
      stack.pop();
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  throw new Error(`unbalanced brackets from offset ${open}`);
}

/** The text after `var NAME =`, up to the next top-level declaration. */
function variableInitialiser(name: string): string {
  const match = new RegExp(`^var ${name} =`, 'm').exec(BICEP);
  assert.ok(match, `main.bicep declares var ${name}`);
  const rest = BICEP.slice(match.index + match[0].length);
  const next = /^(?:var|resource|param|output|targetScope|@)/m.exec(rest);
  return (next ? rest.slice(0, next.index) : rest).trim();
}

interface Setting {
  name: string;
  /** The Bicep expression after `value:`. */
  value: string;
  /** The var it comes from. */
  from: string;
  /** Present only for a SingleTenant bot (the var is `useMsiForBot ? [] : [...]`). */
  onlyWithoutMsi: boolean;
}

function appSettingVariables(): string[] {
  const match = /appSettings:\s*concat\(([^)]*)\)/.exec(BICEP);
  assert.ok(match, 'the web app sets appSettings: concat(…)');
  return (match[1] ?? '').split(',').map((v) => v.trim());
}

function appSettings(): Setting[] {
  const settings: Setting[] = [];
  for (const from of appSettingVariables()) {
    const initialiser = variableInitialiser(from);
    const onlyWithoutMsi = /^useMsiForBot\s*\?\s*\[\s*\]\s*:/.test(initialiser.trim());
    for (const entry of initialiser.matchAll(/\{\s*name:\s*'([^']+)'\s*\n\s*value:\s*([^\n]+?)\s*\n\s*\}/g)) {
      settings.push({ name: entry[1] ?? '', value: entry[2] ?? '', from, onlyWithoutMsi });
    }
  }
  return settings;
}

interface Param {
  name: string;
  type: string;
  defaultValue: string | undefined;
  allowed: string[] | undefined;
  /** From @minLength(n), if any. */
  minLength: number | undefined;
}

function params(): Map<string, Param> {
  const found = new Map<string, Param>();
  for (const match of BICEP.matchAll(/^param (\w+) (\w+)(?: = (.+))?$/gm)) {
    const name = match[1] ?? '';
    // Decorators are the lines just above the param, back to the previous blank line.
    const before = BICEP.slice(0, match.index);
    const decorators = before.slice(before.lastIndexOf('\n\n') + 2);
    const allowedAt = decorators.indexOf('@allowed(');
    const allowed = allowedAt < 0 ? undefined : [...bracketed(decorators, decorators.indexOf('[', allowedAt)).matchAll(/'([^']*)'/g)].map((m) => m[1] ?? '');
    const minLength = /^@minLength\((\d+)\)$/m.exec(decorators)?.[1];
    found.set(name, { name, type: match[2] ?? '', defaultValue: match[3], allowed, minLength: minLength === undefined ? undefined : Number(minLength) });
  }
  return found;
}

function bicepString(literal: string): string | undefined {
  const match = /^'((?:[^'\\]|\\.)*)'$/.exec(literal.trim());
  if (!match || (match[1] ?? '').includes('${')) return undefined;
  return (match[1] ?? '').replace(/\\(.)/g, '$1');
}

describe('Azure deployment: app settings in deploy/main.bicep', () => {
  const settings = appSettings();
  const names = settings.map((s) => s.name);

  it('finds the settings (the parser is reading the Bicep)', () => {
    assert.deepEqual(appSettingVariables(), ['productSettings', 'botPasswordSettings', 'platformSettings']);
    assert.ok(settings.length >= REQUIRED_IN_AZURE.length, `found ${settings.length} settings`);
  });

  it('sets every setting the bot requires in Azure', () => {
    const missing = REQUIRED_IN_AZURE.filter((name) => !names.includes(name));
    assert.deepEqual(missing, []);
    assert.ok(names.includes('MICROSOFT_APP_PASSWORD'), 'a SingleTenant bot gets its client secret');
  });

  it('sets only settings the code reads (no typos), apart from the listed platform settings', () => {
    for (const setting of settings) {
      if (setting.from === 'platformSettings') {
        assert.ok(setting.name in PLATFORM_SETTINGS, `${setting.name} is a known platform setting`);
      } else {
        assert.ok(CONFIG_VARIABLES.includes(setting.name), `${setting.name} is read by src/config.ts`);
      }
    }
  });

  it('reaches the tables as the managed identity: shared-key access off, no account key read or stored', () => {
    assert.match(BICEP, /allowSharedKeyAccess: false/);
    assert.doesNotMatch(BICEP, /listKeys\(/);
    assert.ok(!names.includes('AZURE_STORAGE_CONNECTION_STRING'));
    assert.match(BICEP, /roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', storageTableDataContributorRole\)/);
  });

  it('offers no SQLite on App Service (its /home is a network share)', () => {
    assert.equal(settings.find((s) => s.name === 'STORE')?.value, "'azure-tables'");
    assert.ok(!params().has('store'), 'no store parameter');
  });

  it('sets each setting once', () => {
    assert.deepEqual(names.filter((name, i) => names.indexOf(name) !== i), []);
  });

  it('takes secrets from Key Vault references to secrets the template stores', () => {
    const reference = /^var keyVaultReference = '@Microsoft\.KeyVault\(VaultName=\$\{keyVault\.name\};SecretName='$/m;
    assert.match(BICEP, reference);
    for (const setting of settings.filter((s) => SECRET_SETTINGS.includes(s.name))) {
      const secret = /^'\$\{keyVaultReference\}([a-z0-9-]+)\)'$/.exec(setting.value);
      assert.ok(secret, `${setting.name} is a Key Vault reference, not a plain value (got ${setting.value})`);
      const secretResource = new RegExp(`resource \\w+ 'Microsoft\\.KeyVault/vaults/secrets@[^']+' = [^{]*\\{\\s*parent: keyVault\\s*name: '${secret[1] ?? ''}'`);
      assert.match(BICEP, secretResource, `the vault holds the secret ${secret[1] ?? ''}`);
    }
  });

  it('offers only values the code accepts for its enumerated settings', () => {
    const enums: Record<string, readonly string[]> = {
      MICROSOFT_APP_TYPE: APP_TYPES,
      STORE: STORE_KINDS,
      GRAPH_AUTH: GRAPH_AUTH_KINDS,
      DIRECTOR_SIGN_OFF_POLICY: DIRECTOR_SIGN_OFF_POLICIES,
      IRO_VIEW_ON_REVISION: IRO_VIEW_ON_REVISION_POLICIES,
      VISIT_REMINDER_DAYS: VISIT_REMINDER_DAY_POLICIES,
      LOG_LEVEL: LOG_LEVELS,
    };
    const declared = params();
    for (const [name, accepted] of Object.entries(enums)) {
      const setting = settings.find((s) => s.name === name);
      assert.ok(setting, `${name} is set`);
      const literal = bicepString(setting.value);
      const values = literal !== undefined ? [literal] : declared.get(setting.value)?.allowed;
      assert.ok(values, `${name} is a literal or an @allowed parameter (got ${setting.value})`);
      for (const value of values) assert.ok(accepted.includes(value), `${name} may be ${value}, which src/config.ts refuses`);
    }
  });

  it('main.parameters.json names only declared parameters, and every parameter without a default', () => {
    const declared = params();
    for (const name of Object.keys(PARAMETERS)) assert.ok(declared.has(name), `${name} is a parameter of main.bicep`);
    for (const param of declared.values()) {
      if (param.defaultValue === undefined) assert.ok(param.name in PARAMETERS, `${param.name} has no default, so main.parameters.json gives it`);
    }
  });

  it('stops a direct deployment without the council\'s name before anything is made (orgName has no default, and the example file\'s value is refused by the template itself)', () => {
    // deploy/README.md's own az deployment command passes main.parameters.json straight to ARM, which checks
    // @minLength before it makes anything and names the parameter; without it the bot was deployed and then refused to start.
    const orgName = params().get('orgName');
    assert.ok(orgName, 'main.bicep declares orgName');
    assert.equal(orgName.defaultValue, undefined, 'orgName has no default (a placeholder default gave a bot that refuses to start)');
    assert.ok((orgName.minLength ?? 0) >= 1, 'orgName is @minLength(1), so an empty name is refused by ARM');
    const example = PARAMETERS['orgName']?.value;
    assert.equal(typeof example, 'string');
    assert.ok(String(example).length < (orgName.minLength ?? 0), `the example file's orgName ${JSON.stringify(example)} is refused by the template until the operator fills it in`);
  });

  for (const botAppType of ['SingleTenant', 'UserAssignedMSI']) {
    it(`gives a configuration the bot loads, for a ${botAppType} bot`, () => {
      const declared = params();
      const SAMPLES: Record<string, string> = {
        'identity.properties.clientId': '6b1d2c3e-4f50-4a61-8b72-9c83d4e5f607',
        'tenant().tenantId': '0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f',
        'storage.properties.primaryEndpoints.table': 'https://stexample.table.core.windows.net/',
        'appInsights.properties.ConnectionString': 'InstrumentationKey=5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/;LiveEndpoint=https://uksouth.livediagnostics.monitor.azure.com/',
      };
      const paramValue = (name: string): string | undefined => {
        if (name === 'botAppType') return botAppType;
        // The operator's own app id, as deploy:azure requires in place of the example's zeros (which the bot refuses).
        if (name === 'botAppId') return '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
        // Likewise the council's own name, as deploy:azure requires in place of the example's "Your local authority" (which the bot refuses with an app id).
        if (name === 'orgName') return 'Mossbank Council';
        const given = PARAMETERS[name]?.value;
        if (typeof given === 'string') return given;
        const fallback = declared.get(name)?.defaultValue;
        return fallback === undefined ? undefined : bicepString(fallback);
      };
      const evaluate = (expression: string): string => {
        const choice = /^useMsiForBot \? (\S+) : (\S+)$/.exec(expression);
        if (choice) return evaluate((botAppType === 'UserAssignedMSI' ? choice[1] : choice[2]) ?? '');
        const literal = bicepString(expression);
        if (literal !== undefined) return literal;
        if (declared.has(expression)) {
          const value = paramValue(expression);
          assert.ok(value !== undefined, `parameter ${expression} has a value`);
          return value;
        }
        if (expression.startsWith("'${keyVaultReference}")) return 'a secret resolved from Key Vault';
        const sample = SAMPLES[expression];
        assert.ok(sample !== undefined, `the test knows a sample value for ${expression}`);
        return sample;
      };
      const env: Record<string, string> = {};
      for (const setting of settings) {
        if (setting.from === 'platformSettings') continue;
        if (setting.onlyWithoutMsi && botAppType === 'UserAssignedMSI') continue;
        env[setting.name] = evaluate(setting.value);
      }
      const config = loadConfig(env);
      assert.equal(config.organisation.name, 'Mossbank Council');
      assert.equal(config.bot.appType, botAppType);
      assert.ok(config.bot.appId, 'the bot authenticates');
      assert.equal(config.bot.appPassword !== undefined, botAppType === 'SingleTenant');
      assert.equal(config.store.kind, 'azure-tables');
      assert.ok('accountUrl' in config.store, 'the store is reached as the managed identity, not with a connection string');
      assert.equal(config.store.managedIdentityClientId, SAMPLES['identity.properties.clientId']);
      assert.equal(config.graph?.auth.kind, 'managed-identity');
      assert.equal(config.server.host, '0.0.0.0', 'reachable by App Service’s front end');
      assert.equal(config.organisation.timeZone, 'Europe/London');
      assert.ok(config.telemetry, 'Application Insights is on');
    });
  }
});
