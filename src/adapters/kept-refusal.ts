/**
 * A refused attempt as both stores keep it, whatever their row's shape: the instant in its one
 * stored form, who was refused, what they tried, the code and rule, the correlation id, and, for
 * the store's own log, what they named (shortened as commit-rules.ts says).
 */
import type { RefusalEntryInput } from '../ports/case-audit-log';
import { namedAsKept } from '../ports/commit-rules';
import { normaliseInstant } from './instant';

/** The entry's fields less its case (each store keeps that its own way); `named` null when nothing was named (a refusal kept with its case). */
export type KeptRefusal = Omit<RefusalEntryInput, 'caseId' | 'named' | 'comment'> & { named: string | null; comment: string | null };

/** Throws InvalidInstantError for a malformed instant, before anything is written. */
export function keptRefusal(entry: RefusalEntryInput): KeptRefusal {
  return {
    at: normaliseInstant(entry.at, 'at'),
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    code: entry.code,
    rule: entry.rule,
    correlationId: entry.correlationId,
    named: entry.named === undefined ? null : namedAsKept(entry.named),
    comment: entry.comment ?? null,
  };
}
