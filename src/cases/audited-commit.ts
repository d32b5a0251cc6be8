/**
 * What every commit of a changed case carries, however it changed (an event, its opening, a change
 * of its people outside the protocol): the new state and its summary, the audit entry with what
 * changed (its JSON written out once, to be measured and then written as it is), the outbox items
 * (the records and notices, the case-file documents, the SharePoint audit line). Deadlines and the
 * command key are an event's own (case-commit.ts).
 */
import type { CaseState, Effect, Refusal } from '../protocol';
import { auditRowRefusal } from '../protocol';
import type { CaseCommit, OutboxItemInput, StoredCase } from '../ports/case-store';
import { documentOutboxItems, type CaseDocumentSettings } from '../documents/case-documents';
import { summaryOf } from './case-index';
import { changedParts } from './audit-diff';
import { auditListLine, type AuditedActor } from './audit-list-line';

export interface AuditedChange {
  /** The case as read (null when it is being opened). */
  stored: StoredCase<CaseState> | null;
  state: CaseState;
  /** What the change asks for, in order (an effect's place is its outbox id); deadlines are left to the caller. */
  effects: Effect[];
  action: string;
  actor: AuditedActor;
  at: string;
  correlationId: string;
}

const isDeadline = (effect: Effect): boolean => effect.type === 'schedule-deadline' || effect.type === 'cancel-deadline';

export function auditedCommit(documents: CaseDocumentSettings | undefined, change: AuditedChange): CaseCommit<CaseState> {
  const { stored, state, effects, action, actor, at, correlationId } = change;
  const version = (stored?.version ?? 0) + 1;
  const outbox: OutboxItemInput[] = [];
  effects.forEach((effect, index) => {
    if (!isDeadline(effect)) outbox.push({ effectId: `${state.caseId}:v${version}:${index}`, kind: effect.type, payload: effect });
  });
  if (documents) outbox.push(...documentOutboxItems(stored?.state ?? null, state, version, documents));
  // The organisation's audit list gets every entry too.
  outbox.push(auditListLine(state, version, at, actor, action));
  const diff = changedParts(stored?.state ?? null, state);
  return {
    summary: summaryOf(state, at),
    expectedVersion: stored?.version ?? 0,
    state,
    audit: {
      at,
      actorId: actor.id,
      actorName: actor.name,
      onBehalfOfId: actor.onBehalfOf?.id ?? null,
      onBehalfOfName: actor.onBehalfOf?.name ?? null,
      role: actor.role,
      action,
      before: diff.before,
      after: diff.after,
      // Written out once: measured (auditRowTooLarge), then written as it is by the store.
      json: { before: JSON.stringify(diff.before), after: JSON.stringify(diff.after) },
      correlationId,
    },
    outbox,
  };
}

/** The refusal for a commit whose audit row could not be kept (case-size.ts), or null; the scheduler's never. */
export function auditRowTooLarge(commit: CaseCommit<CaseState>, actor: { role: string }): Refusal | null {
  return auditRowRefusal(commit.audit.json ?? { before: JSON.stringify(commit.audit.before ?? null), after: JSON.stringify(commit.audit.after ?? null) }, actor);
}
