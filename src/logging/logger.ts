/**
 * Structured logs: one JSON object per line on stdout (level, time, msg, correlationId, then
 * fields). Log lines leave the council's boundary (to Azure Monitor and whoever reads it), so
 * the logger guards against children's data itself rather than trusting every caller:
 * - fields named like a child's name or date of birth, or like free text (notes, messages,
 *   reasons), are dropped and their names listed under `redacted`;
 * - only flat values (string, number, boolean, null) are written, so a whole case, card or
 *   activity can never be dumped by accident;
 * - long strings are cut short.
 */
import type { LogLevel } from '../config';

export type LogValue = string | number | boolean | null | undefined;
export type LogFields = Readonly<Record<string, LogValue>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` (typically a correlationId) to every line. */
  child(fields: LogFields): Logger;
}

/** A log line after the guard has cleaned it, for a second destination (OpenTelemetry logs). */
export interface ForwardedLog {
  level: Exclude<LogLevel, 'silent'>;
  msg: string;
  /** The cleaned fields, correlationId included; the same as the JSON line holds. */
  fields: Readonly<Record<string, LogValue>>;
}

export type LogForwarder = (record: ForwardedLog) => void;

export interface LoggerOptions {
  level?: LogLevel;
  /** Where each line goes; stdout unless a test captures it. */
  write?: (line: string) => void;
  now?: () => Date;
  /** Also hands every written line, already cleaned, to this (e.g. Application Insights). */
  forward?: LogForwarder;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Personal details of a child (or anyone): never logged whatever the spelling. */
const PERSONAL = /(date|day)[-_ ]?of[-_ ]?birth|\bdob\b|^dob|birth[-_ ]?date|child[-_ ]?name|name[-_ ]?of[-_ ]?child|first[-_ ]?name|last[-_ ]?name|given[-_ ]?name|family[-_ ]?name|sur[-_ ]?name|full[-_ ]?name|display[-_ ]?name|^name$|address|post[-_ ]?code|nhs/i;

/** Free text typed by staff about a case. */
const FREE_TEXT = /text|note|comment|message|body|description|reason|summary|detail|narrative|free/i;

const MAX_STRING = 500;

/** The log field names the guard would drop (exported so the rules can be tested directly). */
export function isRedactedField(name: string): boolean {
  return PERSONAL.test(name) || FREE_TEXT.test(name);
}

function cleanFields(fields: LogFields | undefined, into: Record<string, LogValue>, redacted: string[]): void {
  if (!fields) return;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || key === 'level' || key === 'time' || key === 'msg') continue;
    if (isRedactedField(key) || (value !== null && typeof value === 'object')) {
      redacted.push(key);
      continue;
    }
    into[key] = typeof value === 'string' && value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  }
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  function log(level: Exclude<LogLevel, 'silent'>, msg: string, fields?: LogFields): void {
    if (RANK[level] < threshold) return;
    const line: Record<string, LogValue | string[]> = { level, time: now().toISOString(), msg };
    const redacted: string[] = [];
    const clean: Record<string, LogValue> = {};
    cleanFields(bound, clean, redacted);
    cleanFields(fields, clean, redacted);
    if ('correlationId' in clean) line.correlationId = clean.correlationId;
    Object.assign(line, clean);
    if (redacted.length > 0) line.redacted = redacted;
    write(JSON.stringify(line));
    options.forward?.({ level, msg, fields: clean });
  }

  return {
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ level: 'silent' });

/**
 * Fields describing an error, safe to log: its type, code and HTTP status, and where it was
 * thrown (stack frames only). The message is left out: third-party errors can echo back
 * whatever data they were given (a Graph error can quote a list item's fields).
 */
export function errorFields(error: unknown): Record<string, LogValue> {
  if (!(error instanceof Error)) return { errorType: typeof error };
  const withCodes = error as Error & { code?: unknown; statusCode?: unknown; status?: unknown };
  const code = typeof withCodes.code === 'string' || typeof withCodes.code === 'number' ? withCodes.code : undefined;
  const status = typeof withCodes.statusCode === 'number' ? withCodes.statusCode : typeof withCodes.status === 'number' ? withCodes.status : undefined;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 5)
    .map((line) => line.trim())
    .join(' | ');
  return { errorName: error.name, errorCode: code, errorStatus: status, errorWhere: frames || undefined };
}
