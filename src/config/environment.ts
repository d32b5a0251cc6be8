/**
 * Every environment variable the product reads, by its documented name, and the kind of value each
 * takes. Grouped as .env.example and the README's configuration table are: the server and the bot's
 * registration, the store, the organisation, the protocol's local policy, Microsoft Graph, Teams and
 * Outlook, timing, logging and telemetry, the Teams app package.
 */
import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../protocol/calendar-date';
import { appInsightsConnectionString, commaList, graphUrl, guid, httpsOrLoopbackUrl, httpsUrl, loopbackUrl, oneOf, path, setting, text, timeZone, wholeNumber } from './setting-kinds';

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

/** Every variable the product reads, and how. The keys are the documented names. */
export const environmentSchema = z.object({
  PORT: wholeNumber(0, 65535),
  HOST: setting(z.string().regex(/^\S+$/, { error: 'must be a host name or IP address' })),
  MICROSOFT_APP_ID: guid('the bot’s Microsoft app id'),
  MICROSOFT_APP_PASSWORD: text(),
  MICROSOFT_APP_TENANT_ID: guid('the Entra tenant id of the council'),
  MICROSOFT_APP_TYPE: oneOf(APP_TYPES),
  INSECURE_ALLOW_NO_TOKEN_ON_NETWORK: oneOf(['true', 'false']),
  BOT_CHANNEL_OPENID_METADATA_URL: loopbackUrl,
  BOT_CHANNEL_TOKEN_ISSUER: loopbackUrl,
  DATA_DIR: path(),
  STORE: oneOf(STORE_KINDS),
  AZURE_STORAGE_CONNECTION_STRING: text(),
  AZURE_TABLES_ACCOUNT_URL: httpsUrl,
  // Azure table names: letters and digits, starting with a letter, at most 63 (the prefix + "Cases"/"Index").
  AZURE_TABLES_PREFIX: setting(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,57}$/, { error: 'must be letters and digits, starting with a letter, at most 58 characters' })),
  ORG_NAME: text(),
  ORG_TIME_ZONE: timeZone,
  CASE_RECORD_SYSTEM_NAME: text(),
  DIRECTOR_TITLE: text(),
  ROLES_FILE: path(),
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
  AZURE_CLIENT_CERTIFICATE_PATH: path(),
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

export type Environment = z.infer<typeof environmentSchema>;

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

