/**
 * Every setting, read once from the environment and validated at start-up, so a typo stops
 * the process with one line naming the variable instead of failing later mid-case.
 * Each variable is documented in .env.example; every one has a local default, so a fresh
 * clone runs with none set.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { CalendarDate, isCalendarDate } from './protocol/calendar-date';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
export type AppType = (typeof APP_TYPES)[number];

export const STORE_KINDS = ['sqlite', 'azure-tables'] as const;
/**
 * `azure-cli`: as whoever signed in with `az login` (npm run deploy:azure provisions the lists this way; also a
 * developer's own machine). `none`: no token at all, only for a loopback GRAPH_BASE_URL (the local Graph server, `npm run graph:local`).
 */
export const GRAPH_AUTH_KINDS = ['client-secret', 'certificate', 'managed-identity', 'azure-cli', 'none'] as const;
export const DIRECTOR_SIGN_OFF_POLICIES = ['protocol', 'always'] as const;
export type DirectorSignOffPolicy = (typeof DIRECTOR_SIGN_OFF_POLICIES)[number];
export const IRO_VIEW_ON_REVISION_POLICIES = ['ask-again', 'reuse'] as const;
/** VISIT_REMINDER_DAYS: calendar = the day before each visit is due; working-days = the working day before. */
export const VISIT_REMINDER_DAY_POLICIES = ['calendar', 'working-days'] as const;

export interface BotSettings {
  /** Empty: the bot accepts unauthenticated requests (local testing only). */
  appId: string | undefined;
  appPassword: string | undefined;
  /** Lower case (a GUID); required whenever appId is set: only this tenant's people are served. */
  appTenantId: string | undefined;
  appType: AppType;
  /**
   * Where channels' tokens are checked against (botbuilder's ToBotFromChannelOpenIdMetadataUrl and
   * ToBotFromChannelTokenIssuer). Undefined: the Bot Framework's own, as in production. Loopback
   * only: for the tests' local token issuer.
   */
  channelTokenIssuer?: { openIdMetadataUrl: string; issuer: string } | undefined;
}

export type StoreSettings =
  | { kind: 'sqlite'; dataDir: string }
  /** `tablePrefix` undefined: the adapter's default table names. */
  | { kind: 'azure-tables'; connectionString: string; tablePrefix: string | undefined }
  /** On Azure: the account's table endpoint, signed in to as the managed identity (AZURE_CLIENT_ID, or the system-assigned one). No key. */
  | { kind: 'azure-tables'; accountUrl: string; managedIdentityClientId: string | undefined; tablePrefix: string | undefined };

export type GraphAuth =
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string }
  | { kind: 'certificate'; tenantId: string; clientId: string; certificatePath: string }
  | { kind: 'managed-identity'; clientId: string | undefined }
  | { kind: 'azure-cli'; tenantId: string | undefined }
  | { kind: 'none' };

export interface GraphSettings {
  /** Graph's root, without the version or a trailing slash, e.g. https://graph.microsoft.com */
  baseUrl: string;
  sharePointSiteId: string;
  auth: GraphAuth;
}

export interface Config {
  /** insecureNoTokenOnNetwork: no app id, yet listening beyond loopback (INSECURE_ALLOW_NO_TOKEN_ON_NETWORK); warned at start-up. */
  server: { port: number; host: string; insecureNoTokenOnNetwork: boolean };
  bot: BotSettings;
  /** Absolute path; the SQLite file and other local state live here. */
  dataDir: string;
  store: StoreSettings;
  organisation: {
    name: string;
    timeZone: string;
    caseRecordSystemName: string;
    directorTitle: string;
  };
  /** Absolute path to the organisation file (teams, services, IROs, Director, deputies). */
  rolesFile: string;
  /** Find a social worker's team from their Entra manager when the organisation file does not name it. */
  teamFromEntraManager: boolean;
  policy: {
    /** R-SIGN-6: `protocol` asks for Director sign-off only where the protocol requires it; `always` on every case. */
    directorSignOff: DirectorSignOffPolicy;
    iroViewOnRevision: (typeof IRO_VIEW_ON_REVISION_POLICIES)[number];
    /** Whether visit reminders fall on working days only. */
    visitReminderDays: (typeof VISIT_REMINDER_DAY_POLICIES)[number];
    /** Days after a case closes during which its team manager may reopen it. */
    reopenWithinDays: number;
    /** Days after the return home on which visits fall due, ascending. */
    visitOffsetsDays: readonly number[];
    approvalReminderWorkingDays: number;
    approvalEscalationWorkingDays: number;
    /** The organisation's own closure days, on top of bank holidays. */
    extraNonWorkingDays: readonly CalendarDate[];
    /** Days after a case closes when the child's personal data is erased from the bot's own store (src/cases/retention.ts). */
    retentionDaysAfterClose: number;
  };
  /** Undefined: Graph is not configured and decisions are recorded locally only. */
  graph: GraphSettings | undefined;
  /**
   * appCatalogId: the app's id in the organisation's Teams app catalog (TEAMS_APP_CATALOG_ID); set, the
   * bot installs the app for people who never opened it (proactive installation). serviceUrl: where
   * it opens their chat when no conversation has told it the tenant's service URL yet.
   */
  teams: { iroChannelId: string | undefined; appCatalogId: string | undefined; serviceUrl: string };
  outlook: { originatorId: string | undefined; mailSenderId: string | undefined };
  timing: {
    outboxPollMs: number;
    /** How long an outbox item stays claimed by one instance; after it, another instance may take it over. */
    outboxLeaseMs: number;
    schedulerPollMs: number;
  };
  logLevel: LogLevel;
  /** Undefined: no Application Insights (nothing is initialised). */
  telemetry: { applicationInsightsConnectionString: string } | undefined;
  /**
   * What the Teams app packager (npm run package:manifest) puts in the manifest. Optional while the
   * bot runs; the packager requires BOT_DOMAIN and ORG_WEBSITE_URL itself.
   */
  manifest: { botDomain: string | undefined; websiteUrl: string | undefined; privacyUrl: string | undefined; termsUrl: string | undefined };
}

/** A bad setting. The message is one line that names the variable and never shows a secret. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** Values that are never echoed back in an error message. */
const SECRETS = new Set(['MICROSOFT_APP_PASSWORD', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING', 'APPLICATIONINSIGHTS_CONNECTION_STRING']);

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Addresses only this machine can reach: HOST may be one of these without an app id. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

const isLoopbackUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
};

/** A URL on this machine only (the tests' local token issuer). */
const loopbackUrl = setting(z.string().refine(isLoopbackUrl, { error: 'must be an http(s) URL on this machine (localhost or 127.0.0.1): it is for tests only' }));

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An unset variable and one set to blank mean the same: take the default. */
function setting<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }, schema.optional());
}

const text = () => setting(z.string());

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return setting(
    z
      .string()
      .regex(/^\d+$/, { error: message })
      .transform(Number)
      .refine((value) => value >= min && value <= max, { error: message }),
  );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const message = `must be one of ${values.join(', ')}`;
  return setting(z.string().refine((value): value is T[number] => values.includes(value), { error: message }));
}

const guid = (what: string) => setting(z.string().regex(GUID, { error: `must be ${what} (a GUID like 00000000-0000-0000-0000-000000000000)` }));

function commaList<T>(parseItem: (item: string) => T | string) {
  return setting(
    z.string().transform((value, ctx) => {
      const items: T[] = [];
      for (const raw of value.split(',')) {
        const item = raw.trim();
        if (item === '') continue;
        const parsed = parseItem(item);
        if (typeof parsed === 'string' && parsed.startsWith('!')) {
          ctx.addIssue({ code: 'custom', message: parsed.slice(1), params: { namesTheValue: true } });
          return z.NEVER;
        }
        items.push(parsed as T);
      }
      return items;
    }),
  );
}

const timeZone = setting(
  z.string().transform((value, ctx) => {
    // IANA names only: an offset like "+01:00" would ignore British Summer Time.
    if (/^[A-Za-z]/.test(value)) {
      try {
        return new Intl.DateTimeFormat('en-GB', { timeZone: value }).resolvedOptions().timeZone;
      } catch {
        // fall through to the issue below
      }
    }
    ctx.addIssue({ code: 'custom', message: 'must be an IANA time zone name such as Europe/London' });
    return z.NEVER;
  }),
);

/**
 * Graph's root. A trailing /v1.0 is accepted and dropped (the client adds the version itself), so
 * https://graph.microsoft.com and https://graph.microsoft.com/v1.0 mean the same.
 */
const graphUrl = setting(
  z.string().transform((value, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a URL such as https://graph.microsoft.com' });
      return z.NEVER;
    }
    // The Graph client sends no token to a plain-http host, so http is only for a local test server.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.includes(parsed.hostname))) {
      ctx.addIssue({ code: 'custom', message: 'must be an https URL (plain http is allowed only for localhost)' });
      return z.NEVER;
    }
    if (/\/beta\/*$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be Graph v1.0 (leave the version off): the bot does not use the beta endpoint' });
      return z.NEVER;
    }
    return value.replace(/\/+$/, '').replace(/\/v1\.0$/, '');
  }),
);

/** An https URL; plain http only for localhost (a local test double). */
const httpsOrLoopbackUrl = setting(
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.includes(url.hostname));
      } catch {
        return false;
      }
    },
    { error: 'must be an https URL (plain http is allowed only for localhost)' },
  ),
);

/** Microsoft's global Bot Connector endpoint for Teams, for proactive messages when no conversation gave one (M365 Agents SDK TeamsServiceEndpoints.publicGlobal). */
export const TEAMS_GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

/** An https URL of the organisation's own (shown in the Teams app's details). */
const httpsUrl = setting(
  z.string().refine(
    (value) => {
      try {
        return new URL(value).protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'must be an https URL such as https://www.example.gov.uk' },
  ),
);

/** Application Insights: `InstrumentationKey=<GUID>;IngestionEndpoint=https://…` as the portal shows it. */
const appInsightsConnectionString = setting(
  z.string().transform((value, ctx) => {
    const parts = new Map<string, string>();
    for (const part of value.split(';')) {
      const at = part.indexOf('=');
      if (at > 0) parts.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
    }
    if (!GUID.test(parts.get('instrumentationkey') ?? '')) {
      ctx.addIssue({ code: 'custom', message: 'must be an Application Insights connection string with an InstrumentationKey (copy it from the resource’s Overview page)' });
      return z.NEVER;
    }
    const endpoint = parts.get('ingestionendpoint');
    if (endpoint !== undefined) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(endpoint);
      } catch {
        parsed = undefined;
      }
      // The exporter always sends over https (it rewrites http:// to https://), so say so here.
      if (parsed?.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: 'has an IngestionEndpoint that is not an https URL' });
        return z.NEVER;
      }
    }
    return value;
  }),
);

/** Every variable the product reads, and how. The keys are the documented names. */
const environmentSchema = z.object({
  PORT: wholeNumber(0, 65535),
  HOST: setting(z.string().regex(/^\S+$/, { error: 'must be a host name or IP address' })),
  MICROSOFT_APP_ID: guid('the bot’s Microsoft app id'),
  MICROSOFT_APP_PASSWORD: text(),
  MICROSOFT_APP_TENANT_ID: guid('the Entra tenant id of the council'),
  MICROSOFT_APP_TYPE: oneOf(APP_TYPES),
  INSECURE_ALLOW_NO_TOKEN_ON_NETWORK: oneOf(['true', 'false']),
  BOT_CHANNEL_OPENID_METADATA_URL: loopbackUrl,
  BOT_CHANNEL_TOKEN_ISSUER: loopbackUrl,
  DATA_DIR: text(),
  STORE: oneOf(STORE_KINDS),
  AZURE_STORAGE_CONNECTION_STRING: text(),
  AZURE_TABLES_ACCOUNT_URL: httpsUrl,
  // Azure table names: letters and digits, starting with a letter, at most 63 (the prefix + "Cases"/"Index").
  AZURE_TABLES_PREFIX: setting(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,57}$/, { error: 'must be letters and digits, starting with a letter, at most 58 characters' })),
  ORG_NAME: text(),
  ORG_TIME_ZONE: timeZone,
  CASE_RECORD_SYSTEM_NAME: text(),
  DIRECTOR_TITLE: text(),
  ROLES_FILE: text(),
  TEAM_FROM_ENTRA_MANAGER: oneOf(['on', 'off'] as const),
  DIRECTOR_SIGN_OFF_POLICY: oneOf(DIRECTOR_SIGN_OFF_POLICIES),
  IRO_VIEW_ON_REVISION: oneOf(IRO_VIEW_ON_REVISION_POLICIES),
  VISIT_REMINDER_DAYS: oneOf(VISIT_REMINDER_DAY_POLICIES),
  REOPEN_WITHIN_DAYS: wholeNumber(0, 365),
  VISIT_OFFSETS_DAYS: commaList<number>((item) =>
    /^\d+$/.test(item) && Number(item) >= 1 && Number(item) <= 365 ? Number(item) : `!must be whole numbers of days from 1 to 365, separated by commas ("${item}" is not)`,
  ),
  APPROVAL_REMINDER_WORKING_DAYS: wholeNumber(1, 60),
  APPROVAL_ESCALATION_WORKING_DAYS: wholeNumber(1, 60),
  EXTRA_NON_WORKING_DAYS: commaList<CalendarDate>((item) =>
    isCalendarDate(item) ? item : `!must be real dates written YYYY-MM-DD, separated by commas ("${item}" is not)`,
  ),
  GRAPH_BASE_URL: graphUrl,
  SHAREPOINT_SITE_ID: text(),
  GRAPH_AUTH: oneOf(GRAPH_AUTH_KINDS),
  AZURE_TENANT_ID: text(),
  AZURE_CLIENT_ID: text(),
  AZURE_CLIENT_SECRET: text(),
  AZURE_CLIENT_CERTIFICATE_PATH: text(),
  IRO_CHANNEL_ID: setting(z.string().regex(/^19:\S+$/, { error: 'must be a Teams channel id, which starts "19:"' })),
  TEAMS_APP_CATALOG_ID: guid("the app's id in the organisation's Teams app catalog (not the manifest's id)"),
  TEAMS_SERVICE_URL: httpsOrLoopbackUrl,
  OUTLOOK_ORIGINATOR_ID: guid('the actionable-message originator id from the Actionable Email Developer Dashboard'),
  MAIL_SENDER_ID: text(),
  OUTBOX_POLL_MS: wholeNumber(10, 3_600_000),
  OUTBOX_LEASE_MS: wholeNumber(500, 3_600_000),
  SCHEDULER_POLL_MS: wholeNumber(100, 86_400_000),
  RETENTION_DAYS_AFTER_CLOSE: wholeNumber(1, 3650),
  LOG_LEVEL: oneOf(LOG_LEVELS),
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString,
  BOT_DOMAIN: setting(z.string().regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, { error: 'must be a host name only, such as return-home.azurewebsites.net (no https:// and no path)' })),
  ORG_WEBSITE_URL: httpsUrl,
  ORG_PRIVACY_URL: httpsUrl,
  ORG_TERMS_URL: httpsUrl,
});

type Environment = z.infer<typeof environmentSchema>;

/** The names of every environment variable the product reads (documented in .env.example). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(environmentSchema.shape));

/**
 * Only the Application Insights setting, for the telemetry start-up that must run before the rest
 * of the program is even imported (src/telemetry/preload.ts). Undefined when unset or invalid: an
 * invalid value is then reported, with every other setting, by loadConfig.
 */
export function applicationInsightsConnectionStringFrom(env: Record<string, string | undefined>): string | undefined {
  const parsed = environmentSchema.shape.APPLICATIONINSIGHTS_CONNECTION_STRING.safeParse(env['APPLICATIONINSIGHTS_CONNECTION_STRING']);
  return parsed.success ? parsed.data : undefined;
}

const VISIT_OFFSETS_DEFAULT = [3, 7, 14, 21, 28];

function describeIssue(issue: z.core.$ZodIssue, env: Record<string, string | undefined>): ConfigError {
  const variable = String(issue.path[0] ?? 'configuration');
  const raw = env[variable];
  const namesTheValue = issue.code === 'custom' && issue.params?.['namesTheValue'] === true;
  const shown = SECRETS.has(variable) || raw === undefined || namesTheValue ? '' : ` (got ${JSON.stringify(raw.trim())})`;
  return new ConfigError(variable, `${variable} ${issue.message}${shown}`);
}

/** The Tables store: by the account URL and the managed identity (Azure), or by a connection string (Azurite, or a key where one is allowed). */
function azureTablesSettings(e: Environment): StoreSettings {
  if (e.AZURE_TABLES_ACCOUNT_URL !== undefined && e.AZURE_STORAGE_CONNECTION_STRING !== undefined) {
    throw new ConfigError('AZURE_TABLES_ACCOUNT_URL', 'set AZURE_TABLES_ACCOUNT_URL (managed identity, on Azure) or AZURE_STORAGE_CONNECTION_STRING (Azurite), not both');
  }
  if (e.AZURE_TABLES_ACCOUNT_URL !== undefined) {
    return { kind: 'azure-tables', accountUrl: e.AZURE_TABLES_ACCOUNT_URL, managedIdentityClientId: e.AZURE_CLIENT_ID, tablePrefix: e.AZURE_TABLES_PREFIX };
  }
  const connectionString = required('AZURE_STORAGE_CONNECTION_STRING', e.AZURE_STORAGE_CONNECTION_STRING, 'when STORE is azure-tables, unless AZURE_TABLES_ACCOUNT_URL is set');
  return { kind: 'azure-tables', connectionString, tablePrefix: e.AZURE_TABLES_PREFIX };
}

function required(variable: keyof Environment, value: string | undefined, why: string): string {
  if (value === undefined) throw new ConfigError(variable, `${variable} is required ${why}`);
  return value;
}

function botSettings(env: Environment): BotSettings {
  const appType = env.MICROSOFT_APP_TYPE ?? 'MultiTenant';
  const { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: appPassword } = env;
  // Tenant ids are GUIDs, which Entra writes in lower case; compared in any case (L10).
  const appTenantId = env.MICROSOFT_APP_TENANT_ID?.toLowerCase();
  const metadataUrl = env.BOT_CHANNEL_OPENID_METADATA_URL;
  const issuer = env.BOT_CHANNEL_TOKEN_ISSUER;
  if ((metadataUrl === undefined) !== (issuer === undefined)) {
    const missing = metadataUrl === undefined ? 'BOT_CHANNEL_OPENID_METADATA_URL' : 'BOT_CHANNEL_TOKEN_ISSUER';
    throw new ConfigError(missing, `${missing} is required when ${missing === 'BOT_CHANNEL_TOKEN_ISSUER' ? 'BOT_CHANNEL_OPENID_METADATA_URL' : 'BOT_CHANNEL_TOKEN_ISSUER'} is set: set both, or neither to use the Bot Framework's own`);
  }
  const channelTokenIssuer = metadataUrl !== undefined && issuer !== undefined ? { openIdMetadataUrl: metadataUrl, issuer } : undefined;
  if (appId === undefined) {
    // A password or tenant without an app id would silently run the bot unauthenticated.
    for (const variable of ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID', 'BOT_CHANNEL_OPENID_METADATA_URL'] as const) {
      if (env[variable] !== undefined) {
        throw new ConfigError(variable, `${variable} is set but MICROSOFT_APP_ID is empty: set both, or neither to run without authentication`);
      }
    }
    return { appId, appPassword, appTenantId, appType, channelTokenIssuer };
  }
  // Without it any Microsoft 365 tenant's people could use the bot (M2): MultiTenant apps included.
  required('MICROSOFT_APP_TENANT_ID', appTenantId, "when MICROSOFT_APP_ID is set: the bot serves only the council's own tenant");
  // The same requirements botbuilder asserts, checked here so the message names the variable.
  if (appType === 'UserAssignedMSI') {
    if (appPassword !== undefined) {
      throw new ConfigError('MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_PASSWORD must be empty when MICROSOFT_APP_TYPE is UserAssignedMSI');
    }
  } else {
    required('MICROSOFT_APP_PASSWORD', appPassword, `when MICROSOFT_APP_ID is set and MICROSOFT_APP_TYPE is ${appType}`);
  }
  return { appId, appPassword, appTenantId, appType, channelTokenIssuer };
}

function graphSettings(env: Environment): GraphSettings | undefined {
  if (env.GRAPH_BASE_URL === undefined) {
    for (const variable of ['SHAREPOINT_SITE_ID', 'MAIL_SENDER_ID'] as const) {
      if (env[variable] !== undefined) {
        throw new ConfigError(variable, `${variable} is set but GRAPH_BASE_URL is empty: set GRAPH_BASE_URL (e.g. https://graph.microsoft.com), or clear ${variable}`);
      }
    }
    return undefined;
  }
  const whenGraph = 'when GRAPH_BASE_URL is set';
  const sharePointSiteId = required('SHAREPOINT_SITE_ID', env.SHAREPOINT_SITE_ID, whenGraph);
  const kind = env.GRAPH_AUTH ?? 'client-secret';
  const whenAuth = `when GRAPH_AUTH is ${kind}`;
  let auth: GraphAuth;
  if (kind === 'managed-identity') {
    auth = { kind, clientId: env.AZURE_CLIENT_ID };
  } else if (kind === 'azure-cli') {
    auth = { kind, tenantId: env.AZURE_TENANT_ID };
  } else if (kind === 'none') {
    if (!LOOPBACK_HOSTS.includes(new URL(env.GRAPH_BASE_URL).hostname)) {
      throw new ConfigError('GRAPH_AUTH', 'GRAPH_AUTH=none is allowed only with a localhost GRAPH_BASE_URL (the local Graph server)');
    }
    auth = { kind };
  } else {
    const tenantId = required('AZURE_TENANT_ID', env.AZURE_TENANT_ID, whenAuth);
    const clientId = required('AZURE_CLIENT_ID', env.AZURE_CLIENT_ID, whenAuth);
    auth =
      kind === 'certificate'
        ? { kind, tenantId, clientId, certificatePath: resolve(required('AZURE_CLIENT_CERTIFICATE_PATH', env.AZURE_CLIENT_CERTIFICATE_PATH, whenAuth)) }
        : { kind, tenantId, clientId, clientSecret: required('AZURE_CLIENT_SECRET', env.AZURE_CLIENT_SECRET, whenAuth) };
  }
  return { baseUrl: env.GRAPH_BASE_URL, sharePointSiteId, auth };
}

/**
 * The Graph settings alone, for `npm run provision:sharepoint`: read by loadConfig itself (the same
 * schema and the same rules), so a .env the bot starts with provisions the same site, and one the bot
 * refuses is refused here with the same line. Throws ConfigError; GRAPH_BASE_URL unset is refused too,
 * since provisioning has nothing to do without Graph.
 */
export function loadGraphSettings(env: Record<string, string | undefined> = process.env): Readonly<GraphSettings> {
  const graph = loadConfig(env).graph;
  if (graph === undefined) {
    throw new ConfigError('GRAPH_BASE_URL', 'GRAPH_BASE_URL is required to create the SharePoint lists: set it (e.g. https://graph.microsoft.com) with SHAREPOINT_SITE_ID and GRAPH_AUTH');
  }
  return graph;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * The validated configuration. Throws ConfigError (one line naming the variable) on the
 * first bad setting. Relative paths are resolved against the current directory.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw first ? describeIssue(first, env) : new ConfigError('configuration', 'the configuration is not valid');
  }
  const e = parsed.data;

  const bot = botSettings(e);
  const dataDir = resolve(e.DATA_DIR ?? './data');
  const storeKind = e.STORE ?? 'sqlite';
  const store: StoreSettings = storeKind === 'azure-tables' ? azureTablesSettings(e) : { kind: storeKind, dataDir };
  if (store.kind === 'sqlite' && e.AZURE_TABLES_ACCOUNT_URL !== undefined) {
    throw new ConfigError('AZURE_TABLES_ACCOUNT_URL', 'AZURE_TABLES_ACCOUNT_URL is set but STORE is sqlite: set STORE=azure-tables, or clear AZURE_TABLES_ACCOUNT_URL');
  }
  if (store.kind === 'sqlite' && e.AZURE_TABLES_PREFIX !== undefined) {
    throw new ConfigError('AZURE_TABLES_PREFIX', 'AZURE_TABLES_PREFIX is set but STORE is sqlite: set STORE=azure-tables, or clear AZURE_TABLES_PREFIX');
  }

  const approvalReminderWorkingDays = e.APPROVAL_REMINDER_WORKING_DAYS ?? 2;
  const approvalEscalationWorkingDays = e.APPROVAL_ESCALATION_WORKING_DAYS ?? 5;
  if (approvalEscalationWorkingDays <= approvalReminderWorkingDays) {
    throw new ConfigError(
      'APPROVAL_ESCALATION_WORKING_DAYS',
      `APPROVAL_ESCALATION_WORKING_DAYS (${approvalEscalationWorkingDays}) must be more than APPROVAL_REMINDER_WORKING_DAYS (${approvalReminderWorkingDays}): the reminder comes before the escalation`,
    );
  }

  const retentionDaysAfterClose = e.RETENTION_DAYS_AFTER_CLOSE ?? 90;
  const reopenWithinDays = e.REOPEN_WITHIN_DAYS ?? 28;
  if (retentionDaysAfterClose <= reopenWithinDays) {
    // A case that may still be reopened must keep its facts (the ruling is worked out from them).
    throw new ConfigError(
      'RETENTION_DAYS_AFTER_CLOSE',
      `RETENTION_DAYS_AFTER_CLOSE (${retentionDaysAfterClose}) must be more than REOPEN_WITHIN_DAYS (${reopenWithinDays}): a case that may still be reopened keeps its personal data`,
    );
  }

  const visitOffsetsDays = e.VISIT_OFFSETS_DAYS ?? VISIT_OFFSETS_DEFAULT;
  if (visitOffsetsDays.length === 0) throw new ConfigError('VISIT_OFFSETS_DAYS', 'VISIT_OFFSETS_DAYS must list at least one day');
  if (visitOffsetsDays.some((days, i) => i > 0 && days <= (visitOffsetsDays[i - 1] ?? 0))) {
    throw new ConfigError('VISIT_OFFSETS_DAYS', `VISIT_OFFSETS_DAYS must be in increasing order with no repeats (got "${visitOffsetsDays.join(',')}")`);
  }

  const graph = graphSettings(e);
  if (store.kind === 'azure-tables' && graph === undefined) {
    // Without Graph, decisions are recorded in a SQLite file under DATA_DIR: each instance would keep its own.
    throw new ConfigError(
      'STORE',
      'STORE=azure-tables needs GRAPH_BASE_URL (the SharePoint record): without Graph each instance would record decisions in its own local file. Set GRAPH_BASE_URL, or use STORE=sqlite on one instance',
    );
  }
  if (e.TEAMS_APP_CATALOG_ID !== undefined) {
    if (graph === undefined) throw new ConfigError('TEAMS_APP_CATALOG_ID', 'TEAMS_APP_CATALOG_ID is set but GRAPH_BASE_URL is empty: the app is installed for people through Microsoft Graph. Set GRAPH_BASE_URL, or clear TEAMS_APP_CATALOG_ID');
    // Graph lets an app install only itself (TeamsAppInstallation.ReadWriteSelfForUser.All): it must be called as the bot's own app.
    if (bot.appId === undefined && graph.auth.kind !== 'none') {
      throw new ConfigError('TEAMS_APP_CATALOG_ID', "TEAMS_APP_CATALOG_ID needs MICROSOFT_APP_ID: Graph installs the app only when called as the app named in the manifest's webApplicationInfo (the bot's own app)");
    }
  }
  if (e.OUTLOOK_ORIGINATOR_ID !== undefined && e.MAIL_SENDER_ID === undefined) {
    throw new ConfigError('MAIL_SENDER_ID', 'MAIL_SENDER_ID is required when OUTLOOK_ORIGINATOR_ID is set: actionable messages are sent as mail from that mailbox');
  }

  // An unauthenticated bot must not be reachable from the network, so without an app id it listens on loopback only (M5).
  const host = e.HOST ?? (bot.appId === undefined ? '127.0.0.1' : '0.0.0.0');
  if (bot.appId === undefined && !isLoopbackHost(host) && e.INSECURE_ALLOW_NO_TOKEN_ON_NETWORK !== 'true') {
    throw new ConfigError(
      'HOST',
      `HOST=${host} would let anyone on the network use the bot without signing in, because MICROSOFT_APP_ID is empty: set MICROSOFT_APP_ID, or use HOST=127.0.0.1 (for a local test on another interface, and only then, set INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true)`,
    );
  }

  return deepFreeze<Config>({
    server: {
      port: e.PORT ?? 3978,
      host,
      insecureNoTokenOnNetwork: bot.appId === undefined && !isLoopbackHost(host),
    },
    bot,
    dataDir,
    store,
    organisation: {
      name: e.ORG_NAME ?? 'Your local authority',
      timeZone: e.ORG_TIME_ZONE ?? 'Europe/London',
      caseRecordSystemName: e.CASE_RECORD_SYSTEM_NAME ?? 'the case-record system',
      directorTitle: e.DIRECTOR_TITLE ?? "Director of Children's Services",
    },
    rolesFile: resolve(e.ROLES_FILE ?? './config/roles.local.json'),
    teamFromEntraManager: e.TEAM_FROM_ENTRA_MANAGER === 'on',
    policy: {
      directorSignOff: e.DIRECTOR_SIGN_OFF_POLICY ?? 'protocol',
      iroViewOnRevision: e.IRO_VIEW_ON_REVISION ?? 'ask-again',
      visitReminderDays: e.VISIT_REMINDER_DAYS ?? 'calendar',
      reopenWithinDays: e.REOPEN_WITHIN_DAYS ?? 28,
      visitOffsetsDays,
      approvalReminderWorkingDays,
      approvalEscalationWorkingDays,
      extraNonWorkingDays: e.EXTRA_NON_WORKING_DAYS ?? [],
      retentionDaysAfterClose,
    },
    graph,
    teams: { iroChannelId: e.IRO_CHANNEL_ID, appCatalogId: e.TEAMS_APP_CATALOG_ID?.toLowerCase(), serviceUrl: e.TEAMS_SERVICE_URL ?? TEAMS_GLOBAL_SERVICE_URL },
    outlook: { originatorId: e.OUTLOOK_ORIGINATOR_ID, mailSenderId: e.MAIL_SENDER_ID },
    timing: { outboxPollMs: e.OUTBOX_POLL_MS ?? 1000, outboxLeaseMs: e.OUTBOX_LEASE_MS ?? 90_000, schedulerPollMs: e.SCHEDULER_POLL_MS ?? 60_000 },
    logLevel: e.LOG_LEVEL ?? 'info',
    telemetry: e.APPLICATIONINSIGHTS_CONNECTION_STRING === undefined ? undefined : { applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
    manifest: { botDomain: e.BOT_DOMAIN?.toLowerCase(), websiteUrl: e.ORG_WEBSITE_URL, privacyUrl: e.ORG_PRIVACY_URL, termsUrl: e.ORG_TERMS_URL },
  });
}
