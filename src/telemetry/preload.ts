/**
 * Imported first by src/server.ts, before restify, botbuilder or the Azure SDKs, so that
 * Application Insights (when APPLICATIONINSIGHTS_CONNECTION_STRING is set, in the environment or
 * in .env) instruments them as they load. See telemetry.ts for why the order matters.
 *
 * It reads that one setting only and never fails: a bad value is left for loadConfig, which stops
 * the bot with one line naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { applicationInsightsConnectionStringFrom } from '../config';
import { parseDotEnv } from '../config/dot-env';
import { startTelemetry } from './telemetry';

function fromDotEnv(): string | undefined {
  try {
    return existsSync('.env') ? parseDotEnv(readFileSync('.env', 'utf8'))['APPLICATIONINSIGHTS_CONNECTION_STRING'] : undefined;
  } catch {
    return undefined; // the server reports an unreadable .env itself
  }
}

// The environment wins over .env, as everywhere else.
const raw = process.env['APPLICATIONINSIGHTS_CONNECTION_STRING'] ?? fromDotEnv();
startTelemetry(applicationInsightsConnectionStringFrom({ APPLICATIONINSIGHTS_CONNECTION_STRING: raw }));
