/**
 * /readyz answers anyone, without a token (the platform's health check and availability test
 * call it), and each run of its checks writes to the case store and asks Microsoft Graph. So
 * callers share one run: requests that arrive while it runs wait for it, and its report answers
 * for KEEP_READINESS_MS after it ends. A flood of /readyz then costs the store one write and Graph
 * one request every few seconds, instead of one each, which would use up the app's Graph quota
 * (throttling its real work: the records, the directory look-ups) and fill the write queue.
 */
import type { ReadinessReport } from './readiness';

/** Shorter than any caller's interval (App Service: 1 minute; the availability test: 5 minutes). */
export const KEEP_READINESS_MS = 5_000;

export function sharedReadiness(run: () => Promise<ReadinessReport>, keepMs = KEEP_READINESS_MS, now: () => number = Date.now): () => Promise<ReadinessReport> {
  let running: Promise<ReadinessReport> | undefined;
  let last: { report: ReadinessReport; at: number } | undefined;
  return () => {
    if (last && now() - last.at < keepMs) return Promise.resolve(last.report);
    running ??= run().then(
      (report) => {
        last = { report, at: now() };
        running = undefined;
        return report;
      },
      (error: unknown) => {
        running = undefined;
        throw error;
      },
    );
    return running;
  };
}
