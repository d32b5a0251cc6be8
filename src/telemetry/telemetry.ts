/**
 * Application Insights, through the Azure Monitor OpenTelemetry distro, switched on by
 * APPLICATIONINSIGHTS_CONNECTION_STRING. Without it nothing is loaded or initialised: the
 * OpenTelemetry API calls elsewhere (spans, metrics, log records) are then no-ops.
 *
 * Start it before anything else is imported (src/telemetry/preload.ts, the first import of
 * src/server.ts): the distro's HTTP instrumentation patches Node's http module as it is loaded,
 * and a module that took a reference to http.request earlier would send untraced requests.
 *
 * What leaves the process: requests, dependencies (Bot Connector, Graph, Azure Tables: URLs and
 * status codes, never bodies), exceptions, the custom spans and metrics in instruments.ts, and the
 * log lines that src/logging's guard has already cleaned. Never a child's name or date of birth.
 */
import type * as AzureMonitor from '@azure/monitor-opentelemetry';

interface ActiveTelemetry {
  shutdown(): Promise<void>;
}

let active: ActiveTelemetry | undefined;

/** Whether Application Insights is on in this process. */
export function telemetryEnabled(): boolean {
  return active !== undefined;
}

/**
 * Starts Application Insights when `connectionString` is given (once per process; later calls
 * change nothing). Returns whether it is on.
 */
export function startTelemetry(connectionString: string | undefined): boolean {
  if (active !== undefined || connectionString === undefined) return active !== undefined;
  // Loaded only here, so a process without the setting never loads OpenTelemetry's SDK at all.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const monitor = require('@azure/monitor-opentelemetry') as typeof AzureMonitor;
  monitor.useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // Every trace: a council's traffic is small, and a sampled-out approval is the one you need.
    samplingRatio: 1,
    tracesPerSecond: 0,
    // Live Metrics streams to a second endpoint; the standard telemetry is enough here.
    enableLiveMetrics: false,
    instrumentationOptions: {
      http: { enabled: true },
      azureSdk: { enabled: true },
      mongoDb: { enabled: false },
      mySql: { enabled: false },
      postgreSql: { enabled: false },
      redis: { enabled: false },
      bunyan: { enabled: false },
      winston: { enabled: false },
    },
  });
  active = { shutdown: () => monitor.shutdownAzureMonitor() };
  return true;
}

/** Sends what is buffered and stops (on shutdown). Does nothing when telemetry is off. */
export async function stopTelemetry(): Promise<void> {
  const stopping = active;
  active = undefined;
  await stopping?.shutdown();
}
