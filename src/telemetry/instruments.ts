/**
 * The bot's own telemetry on top of the automatic requests and dependencies: a span per bot turn
 * and per outbox delivery, and metrics for both. Through the OpenTelemetry API, so each is a
 * no-op while telemetry.ts has not started Application Insights. Attributes are ids, kinds,
 * outcomes and durations only — never a payload, a card's data or what someone typed.
 */
import { metrics, SpanStatusCode, trace, type Attributes, type Counter, type Histogram } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import type { LogForwarder } from '../logging/logger';
import { telemetryEnabled } from './telemetry';

const SCOPE = 'return-home-bot';

/** Runs `work` inside a span named `name`; a thrown error marks the span failed (its type only). */
export async function inSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  return trace.getTracer(SCOPE).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      // Not recordException: an error's message can echo the data it was given.
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
      throw error;
    } finally {
      span.end();
    }
  });
}

interface Instruments {
  turns: Histogram;
  turnFailures: Counter;
  outbox: Counter;
  outboxDuration: Histogram;
}

let instruments: Instruments | undefined;

/**
 * The metric instruments, made on first use once telemetry is on (the metrics API has no proxy:
 * a meter taken before the provider is registered would stay a no-op for good).
 */
function meters(): Instruments | undefined {
  if (!telemetryEnabled()) return undefined;
  if (!instruments) {
    const meter = metrics.getMeter(SCOPE);
    instruments = {
      turns: meter.createHistogram('bot.turn.duration', { unit: 'ms', description: 'Time to answer one Bot Framework activity' }),
      turnFailures: meter.createCounter('bot.turn.failures', { description: 'Turns that failed on our side, by turn.kind (click, command, other): a click or command is answered 200 with a card saying what was recorded' }),
      outbox: meter.createCounter('outbox.settlements', { description: 'Outbox items settled, by outcome (delivered, retried, dead)' }),
      outboxDuration: meter.createHistogram('outbox.delivery.duration', { unit: 'ms', description: 'Time to deliver one outbox item' }),
    };
  }
  return instruments;
}

export function recordTurn(turn: { durationMs: number; status: number; activityType: string }): void {
  meters()?.turns.record(turn.durationMs, { 'http.response.status_code': turn.status, 'activity.type': turn.activityType });
}

/**
 * What failed, as the failed-turns alert counts it: a card's button ("click") or a typed message
 * ("command"), where someone waits on the answer; "other" is a turn nobody asked for (the welcome
 * when the app is added, an install update), which a setup-policy rollout sends by the thousand.
 */
export type TurnKind = 'click' | 'command' | 'other';

/** The turn kinds the failed-turns alert (deploy/main.bicep, rule 5) counts: someone is waiting. */
export const ALERTED_TURN_KINDS: readonly TurnKind[] = ['click', 'command'];

/**
 * One turn that failed on our side. Its answer is a 200 saying what was recorded, so App
 * Service's Http5xx metric no longer sees it; the failed-turns alert counts the clicks and commands.
 * The activity's type and the turn's kind only: no case reference, nothing of what was sent.
 */
export function recordTurnFailure(activityType: string, kind: TurnKind): void {
  meters()?.turnFailures.add(1, { 'activity.type': activityType, 'turn.kind': kind });
}

export function recordOutboxSettlement(settlement: { kind: string; outcome: string; durationMs: number }): void {
  const m = meters();
  if (!m) return;
  const attributes = { 'outbox.kind': settlement.kind, 'outbox.outcome': settlement.outcome };
  m.outbox.add(1, attributes);
  m.outboxDuration.record(settlement.durationMs, attributes);
}

const SEVERITY = { debug: SeverityNumber.DEBUG, info: SeverityNumber.INFO, warn: SeverityNumber.WARN, error: SeverityNumber.ERROR } as const;

/**
 * Sends each log line, as the logger has already cleaned it, to OpenTelemetry logs as well
 * (Application Insights traces, joined to the request or delivery they happened in).
 * Undefined while telemetry is off.
 */
export function telemetryLogForwarder(): LogForwarder | undefined {
  if (!telemetryEnabled()) return undefined;
  const logger = logs.getLogger(SCOPE);
  return ({ level, msg, fields }) => {
    const attributes: Attributes = {};
    for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) attributes[key] = value;
    logger.emit({ severityNumber: SEVERITY[level], severityText: level.toUpperCase(), body: msg, attributes });
  };
}
