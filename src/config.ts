/**
 * Every setting, read once from the environment and validated at start-up, so a typo stops
 * the process with one line naming the variable instead of failing later mid-case.
 * Each variable is documented in .env.example; every one has a local default, so a fresh
 * clone runs with none set.
 */
import { resolve } from 'node:path';
import type { CalendarDate } from './protocol/calendar-date';
import { VISITS_LIMIT } from './protocol/case-size';
import { botSettings, type BotSettings } from './config/bot-settings';
import { ConfigError, describeIssue } from './config/config-error';
import { environmentSchema, type DirectorSignOffPolicy, type IRO_VIEW_ON_REVISION_POLICIES, type LogLevel, type VISIT_REMINDER_DAY_POLICIES } from './config/environment';
import { GRAPH_REQUEST_TIMEOUT_MS, graphSettings, type GraphSettings } from './config/graph-settings';
import { isLoopbackHost } from './config/setting-kinds';
import { localFilesIn, type LocalFiles } from './config/local-files';
import { storeSettings, type StoreSettings } from './config/store-settings';

// The sections' own files, named here so the rest of the product imports configuration from one place.
export { APP_TYPES, applicationInsightsConnectionStringFrom, CONFIG_VARIABLES, DIRECTOR_SIGN_OFF_POLICIES, GRAPH_AUTH_KINDS, IRO_VIEW_ON_REVISION_POLICIES, LOG_LEVELS, STORE_KINDS, VISIT_REMINDER_DAY_POLICIES } from './config/environment';
export type { AppType, DirectorSignOffPolicy, LogLevel } from './config/environment';
export type { BotSettings } from './config/bot-settings';
export type { GraphAuth, GraphSettings } from './config/graph-settings';
export type { StoreSettings } from './config/store-settings';
export type { LocalFiles } from './config/local-files';
export { ConfigError } from './config/config-error';
export { isLoopbackHost } from './config/setting-kinds';

export interface Config {
  /** insecureNoTokenOnNetwork: no app id, yet listening beyond loopback (INSECURE_ALLOW_NO_TOKEN_ON_NETWORK); warned at start-up. */
  server: { port: number; host: string; insecureNoTokenOnNetwork: boolean };
  bot: BotSettings;
  /** Absolute path; the SQLite file and other local state live here. */
  dataDir: string;
  /** The files kept in dataDir (the SQLite store, and without Graph the local records and documents). */
  localFiles: LocalFiles;
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

/** Microsoft's global Bot Connector endpoint for Teams, for proactive messages when no conversation gave one (M365 Agents SDK TeamsServiceEndpoints.publicGlobal). */
export const TEAMS_GLOBAL_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

const VISIT_OFFSETS_DEFAULT = [3, 7, 14, 21, 28];
/** ORG_NAME's default: a placeholder for local use, refused once the bot has an app id (a real deployment). */
const EXAMPLE_ORG_NAME = 'Your local authority';

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
  const store = storeSettings(e, dataDir);

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
  // A case holds at most VISITS_LIMIT extra visits' worth (case-size.ts); the forms that list every visit (undo, the letter's draft) are measured up to it.
  if (visitOffsetsDays.length > VISITS_LIMIT) {
    throw new ConfigError('VISIT_OFFSETS_DAYS', `VISIT_OFFSETS_DAYS may list at most ${VISITS_LIMIT} days, as many visits as one case holds (it lists ${visitOffsetsDays.length})`);
  }
  if (visitOffsetsDays.some((days, i) => i > 0 && days <= (visitOffsetsDays[i - 1] ?? 0))) {
    throw new ConfigError('VISIT_OFFSETS_DAYS', `VISIT_OFFSETS_DAYS must be in increasing order with no repeats (got "${visitOffsetsDays.join(',')}")`);
  }

  const graph = graphSettings(e);
  const outboxLeaseMs = e.OUTBOX_LEASE_MS ?? 90_000;
  // The local Graph server answers at once, so tests may take items over quickly; Microsoft's may keep a request for the whole timeout.
  if (graph !== undefined && !isLoopbackHost(new URL(graph.baseUrl).hostname) && outboxLeaseMs <= GRAPH_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'OUTBOX_LEASE_MS',
      `OUTBOX_LEASE_MS (${outboxLeaseMs}) must be more than ${GRAPH_REQUEST_TIMEOUT_MS} with GRAPH_BASE_URL set: a Microsoft Graph request may take up to ${GRAPH_REQUEST_TIMEOUT_MS / 1000} seconds, and an item still being delivered when its lease runs out is delivered again by another instance. Set OUTBOX_LEASE_MS to 90000 (the default) or remove it`,
    );
  }
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

  const orgName = e.ORG_NAME ?? EXAMPLE_ORG_NAME;
  // With an app id the bot serves real staff: the placeholder would head every case document and each child's letter.
  if (bot.appId !== undefined && orgName.trim().toLowerCase() === EXAMPLE_ORG_NAME.toLowerCase()) {
    throw new ConfigError(
      'ORG_NAME',
      `ORG_NAME is ${e.ORG_NAME === undefined ? 'not set' : 'still the example\'s'} ("${EXAMPLE_ORG_NAME}") but MICROSOFT_APP_ID is set: set ORG_NAME to your council's name as staff and children know it (such as "Mossbank Council"). It heads every case document and is written into each child's "Your time in our care" letter`,
    );
  }

  // App Service sets WEBSITE_SITE_NAME and WEBSITE_INSTANCE_ID for every app: there the override would put a bot with no sign-in on the internet.
  if (e.INSECURE_ALLOW_NO_TOKEN_ON_NETWORK === 'true' && (env.WEBSITE_SITE_NAME || env.WEBSITE_INSTANCE_ID)) {
    throw new ConfigError(
      'INSECURE_ALLOW_NO_TOKEN_ON_NETWORK',
      'INSECURE_ALLOW_NO_TOKEN_ON_NETWORK=true is refused on Azure App Service (WEBSITE_SITE_NAME is set): it lets anyone who reaches the bot act as anyone without signing in. Remove it from the app settings and set MICROSOFT_APP_ID',
    );
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
    localFiles: localFilesIn(dataDir),
    store,
    organisation: {
      name: orgName,
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
    timing: { outboxPollMs: e.OUTBOX_POLL_MS ?? 1000, outboxLeaseMs, schedulerPollMs: e.SCHEDULER_POLL_MS ?? 60_000 },
    logLevel: e.LOG_LEVEL ?? 'info',
    telemetry: e.APPLICATIONINSIGHTS_CONNECTION_STRING === undefined ? undefined : { applicationInsightsConnectionString: e.APPLICATIONINSIGHTS_CONNECTION_STRING },
    manifest: { botDomain: e.BOT_DOMAIN?.toLowerCase(), websiteUrl: e.ORG_WEBSITE_URL, privacyUrl: e.ORG_PRIVACY_URL, termsUrl: e.ORG_TERMS_URL },
  });
}
