/**
 * The one commit a change to a case makes: the new state and its summary, the audit entry (with
 * what changed), the outbox effects (and the documents and the SharePoint audit line that go with
 * them), the deadlines scheduled, cancelled and fired, and the command's outcome for its repeats.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, CaseState, Effect, Now } from '../protocol';
import type { CaseCommit, DeadlineInput, OutboxItemInput, StoredCase } from '../ports/case-store';
import { documentOutboxItems } from '../documents/case-documents';
import type { ServiceContext } from './case-service-context';
import type { CommandOutcome } from './case-command';
import { storedOutcome } from './command-repeat';
import { localTimeOn } from './org-time';
import { summaryOf } from './case-index';
import { changedParts } from './audit-diff';
import { auditListLine } from './audit-list-line';

/** What one accepted event (or a case's opening) produced, to be saved at once. */
export interface Change {
  /** The case as read (null when it is being opened). */
  stored: StoredCase<CaseState> | null;
  state: CaseState;
  effects: Effect[];
  action: string;
  actor: Actor;
  now: Now;
  cmd: { idempotencyKey: string; correlationId?: string };
  outcome: CommandOutcome;
  firedDeadlines: string[];
}

export function buildCommit(ctx: Pick<ServiceContext, 'deadlineHour' | 'timeZone' | 'documents'>, change: Change): CaseCommit<CaseState> {
  const { stored, state, effects, action, actor, now, cmd, outcome, firedDeadlines } = change;
  const version = (stored?.version ?? 0) + 1;
  const correlationId = cmd.correlationId ?? randomUUID();
  const outbox: OutboxItemInput[] = [];
  const schedule: DeadlineInput[] = [];
  const cancel: string[] = [];
  effects.forEach((effect, index) => {
    if (effect.type === 'schedule-deadline') {
      schedule.push({ deadlineId: effect.deadlineId, kind: effect.kind, dueAt: localTimeOn(effect.dueOn, ctx.deadlineHour, ctx.timeZone).toISOString(), payload: effect });
    } else if (effect.type === 'cancel-deadline') {
      cancel.push(effect.deadlineId);
    } else {
      outbox.push({ effectId: `${state.caseId}:v${version}:${index}`, kind: effect.type, payload: effect });
    }
  });
  if (ctx.documents) outbox.push(...documentOutboxItems(stored?.state ?? null, state, version, ctx.documents));
  const onBehalfOf = actor.onBehalfOf ?? null;
  // The organisation's audit list gets every entry too.
  outbox.push(auditListLine(state, version, now.at, actor, action));
  const diff = changedParts(stored?.state ?? null, state);
  return {
    summary: summaryOf(state, now.at),
    expectedVersion: stored?.version ?? 0,
    state,
    audit: {
      at: now.at,
      actorId: actor.id,
      actorName: actor.name,
      onBehalfOfId: onBehalfOf?.id ?? null,
      onBehalfOfName: onBehalfOf?.name ?? null,
      role: actor.role,
      action,
      before: diff.before,
      after: diff.after,
      // Written out once: measured by the service (auditRowRefusal), then written as it is by the store.
      json: { before: JSON.stringify(diff.before), after: JSON.stringify(diff.after) },
      correlationId,
    },
    outbox,
    deadlines: { schedule, cancel, fired: firedDeadlines },
    command: { key: cmd.idempotencyKey, outcome: storedOutcome(outcome, actor.id) },
  };
}
