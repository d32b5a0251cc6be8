import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { graphClientConfigFrom } from '../src/adapters/graph/graph-client-config';
import { applicationInsightsConnectionStringFrom, CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config';

const ROOT = resolve(__dirname, '..');
const APP_ID = '8f0c5f3e-2b7d-4c1e-9a55-0d3b2e4f6a71';
const TENANT_ID = '5d2f9c1a-8e4b-4f3c-9a1d-7b6e5c4d3a2f';
const GRAPH = { GRAPH_BASE_URL: 'https://graph.microsoft.com', SHAREPOINT_SITE_ID: 'contoso.sharepoint.com,1,2' };
const TABLES = { STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' };
const INSIGHTS = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://uksouth-1.in.applicationinsights.azure.com/';

/** The ConfigError loadConfig throws for `env`, so a test can check the variable and the wording. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail(`expected a ConfigError for ${JSON.stringify(env)}`);
}

function assertRefused(env: Record<string, string>, variable: string, wording: RegExp): void {
  const error = configError(env);
  assert.equal(error.variable, variable);
  assert.match(error.message, wording);
  assert.ok(error.message.startsWith(variable), `the message names ${variable} first: ${error.message}`);
  assert.ok(!error.message.includes('\n'), 'one line');
}

describe('configuration', () => {
  it('runs locally with nothing set: anonymous bot on loopback, SQLite, no Graph', () => {
    const config = loadConfig({});
    assert.deepEqual(config.server, { port: 3978, host: '127.0.0.1', insecureNoTokenOnNetwork: false });
    assert.deepEqual(config.bot, { appId: undefined, appPassword: undefined, appTenantId: undefined, appType: 'MultiTenant', channelTokenIssuer: undefined });
    assert.equal(config.dataDir, resolve('data'));
    assert.deepEqual(config.store, { kind: 'sqlite', dataDir: resolve('data') });
    // The files in DATA_DIR, named once for the bot, the CLIs and the tests.
    assert.deepEqual(config.localFiles, { cases: resolve('data/cases.sqlite'), records: resolve('data/records.sqlite'), documents: resolve('data/documents.sqlite') });
    assert.deepEqual(config.organisation, {
      name: 'Your local authority',
      timeZone: 'Europe/London',
      caseRecordSystemName: 'the case-record system',
      directorTitle: "Director of Children's Services",
    });
    assert.equal(config.rolesFile, resolve('config/roles.local.json'));
    assert.deepEqual(config.policy, {
      directorSignOff: 'protocol',
      iroViewOnRevision: 'ask-again',
      visitReminderDays: 'calendar',
      reopenWithinDays: 28,
      retentionDaysAfterClose: 90,
      visitOffsetsDays: [3, 7, 14, 21, 28],
      approvalReminderWorkingDays: 2,
      approvalEscalationWorkingDays: 5,
      extraNonWorkingDays: [],
    });
    assert.equal(config.graph, undefined);
    assert.deepEqual(config.teams, { iroChannelId: undefined, appCatalogId: undefined, serviceUrl: 'https://smba.trafficmanager.net/teams/' });
    assert.deepEqual(config.outlook, { originatorId: undefined, mailSenderId: undefined });
    assert.deepEqual(config.timing, { outboxPollMs: 1000, outboxLeaseMs: 90000, schedulerPollMs: 60000 });
    assert.equal(config.logLevel, 'info');
    assert.equal(config.telemetry, undefined, 'no Application Insights');
    assert.deepEqual(config.manifest, { botDomain: undefined, websiteUrl: undefined, privacyUrl: undefined, termsUrl: undefined });
  });

  it('is frozen all the way down', () => {
    const config = loadConfig({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.policy));
    assert.ok(Object.isFrozen(config.policy.visitOffsetsDays));
    assert.throws(() => (config.policy.visitOffsetsDays as number[]).push(35), TypeError);
  });

  it('reads each setting, treating blank as unset', () => {
    const config = loadConfig({
      PORT: ' 8080 ',
      HOST: '',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
      ORG_NAME: 'Mossbank Council',
      ORG_TIME_ZONE: 'europe/london',
      VISIT_OFFSETS_DAYS: '2, 5,10',
      EXTRA_NON_WORKING_DAYS: '2026-12-29,2026-12-30',
      DIRECTOR_SIGN_OFF_POLICY: 'always',
      IRO_VIEW_ON_REVISION: 'reuse',
      IRO_CHANNEL_ID: '19:abc@thread.tacv2',
      LOG_LEVEL: 'debug',
      ...GRAPH,
      GRAPH_BASE_URL: 'https://graph.microsoft.com/v1.0/',
      GRAPH_AUTH: 'managed-identity',
    });
    assert.deepEqual(config.server, { port: 8080, host: '0.0.0.0', insecureNoTokenOnNetwork: false });
    assert.equal(config.bot.appId, APP_ID);
    assert.equal(config.organisation.timeZone, 'Europe/London');
    assert.deepEqual(config.policy.visitOffsetsDays, [2, 5, 10]);
    assert.deepEqual(config.policy.extraNonWorkingDays, ['2026-12-29', '2026-12-30']);
    assert.equal(config.policy.directorSignOff, 'always');
    assert.equal(config.policy.iroViewOnRevision, 'reuse');
    assert.equal(config.teams.iroChannelId, '19:abc@thread.tacv2');
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(config.graph, {
      baseUrl: 'https://graph.microsoft.com',
      sharePointSiteId: GRAPH.SHAREPOINT_SITE_ID,
      auth: { kind: 'managed-identity', clientId: undefined },
    });
  });

  it('builds the Graph sign-in for a client secret and a certificate', () => {
    const secret = loadConfig({ ...GRAPH, AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' });
    assert.deepEqual(secret.graph?.auth, { kind: 'client-secret', tenantId: 't', clientId: 'c', clientSecret: 's' });
    const certificate = loadConfig({ ...GRAPH, GRAPH_AUTH: 'certificate', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: 'certs/app.pem' });
    assert.deepEqual(certificate.graph?.auth, { kind: 'certificate', tenantId: 't', clientId: 'c', certificatePath: resolve('certs/app.pem') });
  });

  it('keeps the store connection string and table prefix for Azure Tables', () => {
    const config = loadConfig({ ...TABLES, ...GRAPH, GRAPH_AUTH: 'managed-identity' });
    assert.deepEqual(config.store, { kind: 'azure-tables', connectionString: 'UseDevelopmentStorage=true', tablePrefix: undefined });
    const prefixed = loadConfig({ ...TABLES, ...GRAPH, GRAPH_AUTH: 'managed-identity', AZURE_TABLES_PREFIX: 'pilot2' });
    assert.deepEqual(prefixed.store, { kind: 'azure-tables', connectionString: 'UseDevelopmentStorage=true', tablePrefix: 'pilot2' });
  });

  it('GRAPH_BASE_URL means Graph’s root, with or without /v1.0, as the Graph client wants it', () => {
    for (const given of ['https://graph.microsoft.com', 'https://graph.microsoft.com/', 'https://graph.microsoft.com/v1.0', 'https://graph.microsoft.com/v1.0/']) {
      const config = loadConfig({ ...GRAPH, GRAPH_BASE_URL: given, GRAPH_AUTH: 'managed-identity' });
      assert.equal(config.graph?.baseUrl, 'https://graph.microsoft.com', given);
      assert.equal(graphClientConfigFrom(config.graph!).baseUrl, 'https://graph.microsoft.com', given);
    }
    const local = loadConfig({ ...GRAPH, GRAPH_BASE_URL: 'http://127.0.0.1:4010', GRAPH_AUTH: 'none' });
    assert.deepEqual(graphClientConfigFrom(local.graph!), { baseUrl: 'http://127.0.0.1:4010', auth: { kind: 'none' } });
    assertRefused({ ...GRAPH, GRAPH_BASE_URL: 'https://graph.microsoft.com/beta' }, 'GRAPH_BASE_URL', /leave the version off/);
  });

  it('reads the outbox lease, Application Insights and the Teams package settings', () => {
    const config = loadConfig({
      OUTBOX_LEASE_MS: '2000',
      APPLICATIONINSIGHTS_CONNECTION_STRING: INSIGHTS,
      BOT_DOMAIN: 'Return-Home.azurewebsites.net',
      ORG_WEBSITE_URL: 'https://www.example.gov.uk',
      ORG_PRIVACY_URL: 'https://www.example.gov.uk/privacy',
    });
    assert.equal(config.timing.outboxLeaseMs, 2000);
    assert.deepEqual(config.telemetry, { applicationInsightsConnectionString: INSIGHTS });
    assert.deepEqual(config.manifest, { botDomain: 'return-home.azurewebsites.net', websiteUrl: 'https://www.example.gov.uk', privacyUrl: 'https://www.example.gov.uk/privacy', termsUrl: undefined });
    assert.equal(applicationInsightsConnectionStringFrom({ APPLICATIONINSIGHTS_CONNECTION_STRING: ` ${INSIGHTS} ` }), INSIGHTS);
    assert.equal(applicationInsightsConnectionStringFrom({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=nope' }), undefined);
    assert.equal(applicationInsightsConnectionStringFrom({}), undefined);
  });

  describe('refuses a bad value, naming the variable', () => {
    it('PORT that is not a number, or out of range', () => {
      assertRefused({ PORT: 'eighty' }, 'PORT', /whole number from 0 to 65535 \(got "eighty"\)/);
      assertRefused({ PORT: '65536' }, 'PORT', /whole number/);
      assertRefused({ PORT: '-1' }, 'PORT', /whole number/);
    });
    it("the examples' placeholder id 00000000-0000-0000-0000-000000000000 (a GUID, but nobody's: every request would then be refused)", () => {
      const nil = '00000000-0000-0000-0000-000000000000';
      assertRefused({ MICROSOFT_APP_ID: nil, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: '1b4e28ba-2fa1-41d2-883f-0016d3cca427' }, 'MICROSOFT_APP_ID', /the examples' placeholder, not a real id/);
      assertRefused({ MICROSOFT_APP_ID: '1b4e28ba-2fa1-41d2-883f-0016d3cca428', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: nil }, 'MICROSOFT_APP_TENANT_ID', /the examples' placeholder, not a real id/);
    });
    it('a time zone that is not an IANA name', () => {
      assertRefused({ ORG_TIME_ZONE: 'Mars/Olympus_Mons' }, 'ORG_TIME_ZONE', /IANA time zone/);
      assertRefused({ ORG_TIME_ZONE: '+01:00' }, 'ORG_TIME_ZONE', /IANA time zone/);
    });
    it('a short name the runtime reads as another place\'s zone (BST is Bangladesh\'s, IST India\'s, GMT has no summer time), instead of every deadline hours out', () => {
      assertRefused({ ORG_TIME_ZONE: 'BST' }, 'ORG_TIME_ZONE', /^ORG_TIME_ZONE must be an IANA time zone name such as Europe\/London, not a short name: "BST" is read as Asia\/Dhaka\. For England, Europe\/London, which moves between GMT and BST itself \(got "BST"\)$/);
      assertRefused({ ORG_TIME_ZONE: 'IST' }, 'ORG_TIME_ZONE', /"IST" is read as Asia\/(Calcutta|Kolkata)\./);
      assertRefused({ ORG_TIME_ZONE: 'GMT' }, 'ORG_TIME_ZONE', /"GMT" is read as UTC, with no summer time\. For England, Europe\/London/);
      // A zone's own name, in any capitals, and names with a "/" are taken as the zone they stand for.
      for (const [given, taken] of [['UTC', 'UTC'], ['utc', 'UTC'], ['Europe/Belfast', 'Europe/London'], ['Etc/UTC', 'UTC']]) {
        assert.equal(loadConfig({ ORG_TIME_ZONE: given! }).organisation.timeZone, taken, given);
      }
    });
    it('an app id that is not a GUID, an unknown app type, store, policy or log level', () => {
      assertRefused({ MICROSOFT_APP_ID: 'my-bot' }, 'MICROSOFT_APP_ID', /GUID/);
      assertRefused({ MICROSOFT_APP_TYPE: 'multitenant' }, 'MICROSOFT_APP_TYPE', /one of MultiTenant, SingleTenant, UserAssignedMSI/);
      assertRefused({ STORE: 'postgres' }, 'STORE', /one of sqlite, azure-tables/);
      assertRefused({ DIRECTOR_SIGN_OFF_POLICY: 'never' }, 'DIRECTOR_SIGN_OFF_POLICY', /one of protocol, always/);
      assertRefused({ IRO_VIEW_ON_REVISION: 'sometimes' }, 'IRO_VIEW_ON_REVISION', /one of ask-again, reuse/);
      assertRefused({ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /one of debug/);
    });
    it('lists of days and dates with a bad item', () => {
      assertRefused({ VISIT_OFFSETS_DAYS: '3,seven,14' }, 'VISIT_OFFSETS_DAYS', /"seven" is not/);
      assertRefused({ VISIT_OFFSETS_DAYS: '3,14,7' }, 'VISIT_OFFSETS_DAYS', /increasing order/);
      assertRefused({ VISIT_OFFSETS_DAYS: ',' }, 'VISIT_OFFSETS_DAYS', /at least one/);
      // More visits due than a case holds (VISITS_LIMIT, 150): the forms listing every visit are measured up to it.
      assertRefused({ VISIT_OFFSETS_DAYS: Array.from({ length: 151 }, (_, i) => i + 1).join(',') }, 'VISIT_OFFSETS_DAYS', /may list at most 150 days, as many visits as one case holds \(it lists 151\)/);
      assert.equal(loadConfig({ VISIT_OFFSETS_DAYS: Array.from({ length: 150 }, (_, i) => i + 1).join(',') }).policy.visitOffsetsDays.length, 150);
      assertRefused({ EXTRA_NON_WORKING_DAYS: '2026-12-29,29/12/2026' }, 'EXTRA_NON_WORKING_DAYS', /"29\/12\/2026" is not/);
    });
    it('a Graph URL that is not https (http only for localhost)', () => {
      assertRefused({ ...GRAPH, GRAPH_BASE_URL: 'http://graph.example.org' }, 'GRAPH_BASE_URL', /https/);
      assertRefused({ ...GRAPH, GRAPH_BASE_URL: 'not a url' }, 'GRAPH_BASE_URL', /must be a URL/);
      const local = loadConfig({ ...GRAPH, GRAPH_BASE_URL: 'http://127.0.0.1:4000/v1.0', GRAPH_AUTH: 'managed-identity' });
      assert.equal(local.graph?.baseUrl, 'http://127.0.0.1:4000');
    });
    it('a path set with quotes around it (kept as part of the value outside .env), instead of a new empty store in a folder named "./data", quotes and all', () => {
      assertRefused({ DATA_DIR: '"./data"' }, 'DATA_DIR', /^DATA_DIR must be a path without quotes around it \(quotes set outside \.env are kept as part of the path\): remove them \(got "\\"\.\/data\\""\)$/);
      assertRefused({ ROLES_FILE: "'C:\\bot\\organisation.json'" }, 'ROLES_FILE', /must be a path without quotes around it/);
      assertRefused({ ...GRAPH, GRAPH_AUTH: 'certificate', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: '"/etc/bot/cert.pem"' }, 'AZURE_CLIENT_CERTIFICATE_PATH', /must be a path without quotes around it/);
      assert.equal(loadConfig({ DATA_DIR: "/srv/bot's data" }).dataDir, "/srv/bot's data", 'a quote inside a path is kept');
    });
    it('an outbox lease too short, a bad table prefix, connection string or packaging value', () => {
      assertRefused({ OUTBOX_LEASE_MS: '100' }, 'OUTBOX_LEASE_MS', /whole number from 500/);
      // With Microsoft Graph a delivery may wait 30 s for one request: a shorter lease hands it to another instance mid-delivery (sent twice).
      const realGraph = { ...GRAPH, GRAPH_AUTH: 'managed-identity' };
      assertRefused(
        { ...realGraph, OUTBOX_LEASE_MS: '20000' },
        'OUTBOX_LEASE_MS',
        /^OUTBOX_LEASE_MS \(20000\) must be more than 30000 with GRAPH_BASE_URL set: a Microsoft Graph request may take up to 30 seconds, and an item still being delivered when its lease runs out is delivered again by another instance\. Set OUTBOX_LEASE_MS to 90000 \(the default\) or remove it$/,
      );
      assertRefused({ ...realGraph, OUTBOX_LEASE_MS: '30000' }, 'OUTBOX_LEASE_MS', /must be more than 30000/);
      assert.equal(loadConfig({ ...realGraph, OUTBOX_LEASE_MS: '30001' }).timing.outboxLeaseMs, 30001);
      assert.equal(loadConfig({ ...GRAPH, GRAPH_BASE_URL: 'http://127.0.0.1:4010', GRAPH_AUTH: 'none', OUTBOX_LEASE_MS: '2000' }).timing.outboxLeaseMs, 2000, 'the local Graph server answers at once');
      assertRefused({ ...TABLES, ...GRAPH, GRAPH_AUTH: 'managed-identity', AZURE_TABLES_PREFIX: '1cases' }, 'AZURE_TABLES_PREFIX', /starting with a letter/);
      assertRefused({ ...TABLES, ...GRAPH, GRAPH_AUTH: 'managed-identity', AZURE_TABLES_PREFIX: 'case_store' }, 'AZURE_TABLES_PREFIX', /letters and digits/);
      assertRefused({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'https://example.org' }, 'APPLICATIONINSIGHTS_CONNECTION_STRING', /InstrumentationKey/);
      assertRefused(
        { APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:1/' },
        'APPLICATIONINSIGHTS_CONNECTION_STRING',
        /not an https URL/,
      );
      assertRefused({ BOT_DOMAIN: 'https://bot.example.org/api' }, 'BOT_DOMAIN', /host name only/);
      assertRefused({ ORG_WEBSITE_URL: 'http://www.example.gov.uk' }, 'ORG_WEBSITE_URL', /https URL/);
      assertRefused({ ORG_TERMS_URL: 'terms' }, 'ORG_TERMS_URL', /https URL/);
    });
    it('a Teams channel id in the wrong form', () => {
      assertRefused({ IRO_CHANNEL_ID: 'IRO channel' }, 'IRO_CHANNEL_ID', /starts "19:"/);
    });
  });

  describe('cross-field checks', () => {
    it('bot credentials without an app id would run unauthenticated', () => {
      assertRefused({ MICROSOFT_APP_PASSWORD: 'secret' }, 'MICROSOFT_APP_PASSWORD', /MICROSOFT_APP_ID is empty/);
      assertRefused({ MICROSOFT_APP_TENANT_ID: TENANT_ID }, 'MICROSOFT_APP_TENANT_ID', /MICROSOFT_APP_ID is empty/);
    });
    it('each app type needs its credentials', () => {
      assertRefused({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: TENANT_ID }, 'MICROSOFT_APP_PASSWORD', /required .*MultiTenant/);
      // Every app type needs the tenant (M2): MultiTenant too.
      for (const type of ['MultiTenant', 'SingleTenant', 'UserAssignedMSI']) {
        assertRefused({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: type, MICROSOFT_APP_PASSWORD: 'p' }, 'MICROSOFT_APP_TENANT_ID', /required when MICROSOFT_APP_ID is set/);
      }
      assertRefused(
        { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT_ID, MICROSOFT_APP_PASSWORD: 'p' },
        'MICROSOFT_APP_PASSWORD',
        /must be empty/,
      );
      const msi = loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: TENANT_ID, ORG_NAME: 'Mossbank Council' });
      assert.equal(msi.bot.appType, 'UserAssignedMSI');
    });
    it('Azure Tables needs its connection string, and Graph for the record', () => {
      assertRefused({ STORE: 'azure-tables' }, 'AZURE_STORAGE_CONNECTION_STRING', /required when STORE is azure-tables/);
      // Without Graph, each instance would keep its own local record of decisions.
      assertRefused({ ...TABLES }, 'STORE', /needs GRAPH_BASE_URL .*each instance/);
      assertRefused({ AZURE_TABLES_PREFIX: 'pilot' }, 'AZURE_TABLES_PREFIX', /STORE is sqlite/);
    });
    it('Graph needs a SharePoint site and credentials for its sign-in method', () => {
      assertRefused({ GRAPH_BASE_URL: GRAPH.GRAPH_BASE_URL }, 'SHAREPOINT_SITE_ID', /required when GRAPH_BASE_URL is set/);
      // The site's address pasted for its id: every record would be refused by Graph and pile up undelivered.
      assertRefused(
        { ...GRAPH, GRAPH_AUTH: 'managed-identity', SHAREPOINT_SITE_ID: 'https://yourcouncil.sharepoint.com/sites/ReturnHome' },
        'SHAREPOINT_SITE_ID',
        /^SHAREPOINT_SITE_ID must be the site's id \(hostname,site-guid,web-guid\), not its address: find it as deploy\/README\.md step 2 shows \(got "https:\/\/yourcouncil\.sharepoint\.com\/sites\/ReturnHome"\)$/,
      );
      assertRefused({ ...GRAPH }, 'AZURE_TENANT_ID', /required when GRAPH_AUTH is client-secret/);
      assertRefused({ ...GRAPH, AZURE_TENANT_ID: 't' }, 'AZURE_CLIENT_ID', /required when GRAPH_AUTH is client-secret/);
      assertRefused({ ...GRAPH, AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, 'AZURE_CLIENT_SECRET', /required when GRAPH_AUTH is client-secret/);
      assertRefused({ ...GRAPH, GRAPH_AUTH: 'certificate', AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c' }, 'AZURE_CLIENT_CERTIFICATE_PATH', /required when GRAPH_AUTH is certificate/);
    });
    it('Graph-only settings without Graph would be silently ignored', () => {
      assertRefused({ SHAREPOINT_SITE_ID: 'site' }, 'SHAREPOINT_SITE_ID', /GRAPH_BASE_URL is empty/);
      assertRefused({ MAIL_SENDER_ID: 'bot@example.org' }, 'MAIL_SENDER_ID', /GRAPH_BASE_URL is empty/);
    });
    it('with an app id (a real deployment), ORG_NAME unset or still the example\'s "Your local authority" is refused, naming ORG_NAME: it heads every case document and each child\'s letter', () => {
      const registered = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: TENANT_ID };
      assertRefused(registered, 'ORG_NAME', /^ORG_NAME is not set \("Your local authority"\) but MICROSOFT_APP_ID is set: set ORG_NAME to your council's name .*heads every case document .*"Your time in our care" letter$/);
      for (const example of ['Your local authority', ' your LOCAL authority ']) {
        assertRefused({ ...registered, ORG_NAME: example }, 'ORG_NAME', /^ORG_NAME is still the example's \("Your local authority"\) but MICROSOFT_APP_ID is set/);
      }
      assert.equal(loadConfig({ ...registered, ORG_NAME: 'Mossbank Council' }).organisation.name, 'Mossbank Council');
      // Without an app id (local testing) the placeholder stays the default.
      assert.equal(loadConfig({}).organisation.name, 'Your local authority');
    });
    it('Outlook actionable messages need a sending mailbox', () => {
      assertRefused({ OUTLOOK_ORIGINATOR_ID: APP_ID }, 'MAIL_SENDER_ID', /required when OUTLOOK_ORIGINATOR_ID is set/);
    });
    it('proactive installation needs Graph, called as the bot’s own app; the service URL is https', () => {
      assertRefused({ TEAMS_APP_CATALOG_ID: 'not-a-guid' }, 'TEAMS_APP_CATALOG_ID', /GUID/);
      assertRefused({ TEAMS_APP_CATALOG_ID: APP_ID }, 'TEAMS_APP_CATALOG_ID', /GRAPH_BASE_URL is empty/);
      assertRefused({ ...GRAPH, GRAPH_AUTH: 'managed-identity', TEAMS_APP_CATALOG_ID: APP_ID }, 'TEAMS_APP_CATALOG_ID', /needs MICROSOFT_APP_ID.*webApplicationInfo/);
      assertRefused({ TEAMS_SERVICE_URL: 'http://smba.trafficmanager.net/teams/' }, 'TEAMS_SERVICE_URL', /https URL/);
      const local = loadConfig({ ...GRAPH, GRAPH_BASE_URL: 'http://127.0.0.1:4010', GRAPH_AUTH: 'none', TEAMS_APP_CATALOG_ID: APP_ID.toUpperCase(), TEAMS_SERVICE_URL: 'http://127.0.0.1:4011/' });
      assert.deepEqual(local.teams, { iroChannelId: undefined, appCatalogId: APP_ID.toLowerCase(), serviceUrl: 'http://127.0.0.1:4011/' });
    });
    it('the escalation comes after the reminder', () => {
      assertRefused({ APPROVAL_REMINDER_WORKING_DAYS: '5', APPROVAL_ESCALATION_WORKING_DAYS: '5' }, 'APPROVAL_ESCALATION_WORKING_DAYS', /must be more than/);
    });
  });

  it('never repeats a secret in an error', () => {
    const error = configError({ MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'hunter2-secret', MICROSOFT_APP_TENANT_ID: 'not-a-guid' });
    assert.ok(!error.message.includes('hunter2-secret'));
    const insights = configError({ APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=hunter2-key' });
    assert.ok(!insights.message.includes('hunter2-key'));
  });

  describe('.env.example', () => {
    const documented = parseEnv(readFileSync(join(ROOT, '.env.example'), 'utf8'));

    it('documents every variable the configuration reads, and no other', () => {
      assert.deepEqual(Object.keys(documented).sort(), [...CONFIG_VARIABLES].sort());
    });

    it('gives every variable a comment', () => {
      const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');
      for (const variable of CONFIG_VARIABLES) {
        const index = lines.findIndex((line) => line.startsWith(`${variable}=`));
        assert.match(lines[index - 1] ?? '', /^# \S/, `${variable} has a one-line comment above it`);
      }
    });

    it('shows the real defaults: loading it gives the same configuration as loading nothing', () => {
      assert.deepEqual(loadConfig(documented), loadConfig({}));
    });
  });

  it('the README’s configuration reference has one row per setting, and no other', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('### Configuration reference');
    assert.ok(start >= 0, 'README.md has a "Configuration reference" section');
    const next = readme.indexOf('\n#', start + 1); // the next heading ends the section
    const section = readme.slice(start, next < 0 ? undefined : next);
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1] ?? '');
    assert.deepEqual([...rows].sort(), [...CONFIG_VARIABLES].sort());
  });

  it('stops the server with one clear line, no stack trace, for a bad setting', function () {
    // Starting Node with tsx takes seconds on a busy machine; the wait is generous, the answer is what is tested.
    this.timeout(90_000);
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/server.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 80_000,
    });
    assert.equal(result.status, 2);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? '', /^Configuration error: PORT must be a whole number/);
    assert.doesNotMatch(result.stderr, /\bat .+:\d+:\d+/);
  });
});
