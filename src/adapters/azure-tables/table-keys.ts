/**
 * PartitionKey / RowKey spelling. Table Storage forbids `/ \ # ?` and control characters in
 * keys and caps them at 1 KiB; ids from the domain (case ids, command keys, conversation keys)
 * are not under our control, so they are escaped reversibly (`%XX`) and length-checked here.
 */
import { sameFolderKey } from '../../ports/case-repository';

/** A key the store cannot use (empty, or too long once escaped). */
export class InvalidKeyError extends Error {
  readonly code = 'INVALID_KEY';
  constructor(readonly what: string, reason: string) {
    super(`${what} ${reason}`);
    this.name = 'InvalidKeyError';
  }
}

// `%` is escaped too, so the escaping is reversible and two ids never share a key.
// eslint-disable-next-line no-control-regex -- control characters are exactly what Table Storage forbids
const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;
/** 1 KiB of UTF-16 is 512 characters; leave room for the row prefixes. */
const MAX_KEY_CHARS = 400;

/**
 * Half a surrogate pair (a forged card's caseId "\ud800", valid JSON): the SDK puts keys in the
 * URL with encodeURIComponent, which throws on it, so the turn failed. Escaped too, as %D800: no
 * other escape or character spells that, so two ids still never share a key.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function encodeKey(value: string, what: string): string {
  if (value.length === 0) throw new InvalidKeyError(what, 'is empty');
  const escape = (c: string): string => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
  const encoded = value.replace(FORBIDDEN, escape).replace(LONE_SURROGATE, escape);
  if (encoded.length > MAX_KEY_CHARS) throw new InvalidKeyError(what, `is longer than ${MAX_KEY_CHARS} characters`);
  return encoded;
}

/** encodeKey undone: its escapes are of forbidden characters (two hex digits) or lone surrogates (D800-DFFF). */
export function decodeKey(key: string): string {
  return key.replace(/%(D[89A-F][0-9A-F]{2}|[0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Row keys inside a case partition (PartitionKey = the escaped case id). */
export const CASE_ROW = 'case';
const SEQ_DIGITS = 10;
export const AUDIT_PREFIX = 'audit-';
export const OUTBOX_PREFIX = 'outbox-';
export const DEADLINE_PREFIX = 'deadline-';
export const COMMAND_PREFIX = 'command-';
export const REFUSAL_PREFIX = 'refusal-';

export function auditRowKey(seq: number): string {
  return `${AUDIT_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

export function outboxRowKey(seq: number): string {
  return `${OUTBOX_PREFIX}${String(seq).padStart(SEQ_DIGITS, '0')}`;
}

export function deadlineRowKey(deadlineId: string): string {
  return `${DEADLINE_PREFIX}${encodeKey(deadlineId, 'deadlineId')}`;
}

/** By time (the stored instant sorts as text), then a random tail so two refusals never collide. */
export function refusalRowKey(at: string, unique: string): string {
  return `${REFUSAL_PREFIX}${at}-${unique}`;
}

export function commandRowKey(key: string): string {
  return `${COMMAND_PREFIX}${encodeKey(key, 'command key')}`;
}

/** The first key after every key that starts with `prefix` (the prefixes all end in `-`). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/** Index partitions (in the index table): what each one looks up. */
export const INDEX = {
  /** ref → the case that holds it (a reservation; the case entity's ref is the truth). */
  ref: 'ref',
  /** command key → the case whose partition holds the command record. */
  command: 'command',
  /** deadline id → its case, for markDeadlineFired. */
  deadline: 'deadline',
  /** effect id → case and outbox seq, for markDelivered / markFailed / replayDead. */
  effect: 'effect',
  /** `<dueAt>|<deadline id>` → the deadline, in due order for dueDeadlines. */
  due: 'due',
  /** case id → "this case may have undelivered outbox items", for claimOutbox. */
  outbox: 'outbox',
  conversation: 'conversation',
  /** One entity the readiness check (/readyz) rewrites; nothing reads it. */
  probe: 'probe',
  /** The index's upgrade version (azure-table-index-upgrades.ts). */
  meta: 'meta',
} as const;

/**
 * The cases holding a reference that names this SharePoint folder (sameFolderKey: capitals and "/"
 * or "-" told apart by nothing), one hint per case: "case mos-1042" and opening a case read one
 * partition instead of every reservation. A hint, verified against the case entity it names.
 */
export function folderPartition(ref: string): string {
  return `folder-${encodeKey(sameFolderKey(ref), 'ref')}`;
}

export function participantPartition(participant: string): string {
  return `participant-${encodeKey(participant, 'participant')}`;
}

/** dueAt is always the 24-character stored instant, so `<dueAt>|` sorts by time. */
export function dueRowKey(dueAt: string, deadlineId: string): string {
  return `${dueAt}|${encodeKey(deadlineId, 'deadlineId')}`;
}

/** Every due row key with dueAt ≤ now sorts below this (`}` follows `|`). */
export function dueUpperBound(now: string): string {
  return `${now}}`;
}
