/**
 * The one commit an event (or a case's opening) makes: everything every commit of a changed case
 * carries (audited-commit.ts), and the event's own: the deadlines scheduled, cancelled and fired,
 * and the command's outcome for its repeats.
 */
import { randomUUID } from 'node:crypto';
import type { Actor, CaseState, Effect, Now } from '../protocol';
import type { CaseCommit, DeadlineInput, StoredCase } from '../ports/case-store';
import type { ServiceContext } from './case-service-context';
import type { CommandOutcome } from './case-command';
import { storedOutcome } from './command-repeat';
import { localTimeOn } from './org-time';
import { auditedCommit } from './audited-commit';

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
  const schedule: DeadlineInput[] = [];
  const cancel: string[] = [];
  for (const effect of effects) {
    if (effect.type === 'schedule-deadline') {
      schedule.push({ deadlineId: effect.deadlineId, kind: effect.kind, dueAt: localTimeOn(effect.dueOn, ctx.deadlineHour, ctx.timeZone).toISOString(), payload: effect });
    } else if (effect.type === 'cancel-deadline') {
      cancel.push(effect.deadlineId);
    }
  }
  const correlationId = cmd.correlationId ?? randomUUID();
  return {
    ...auditedCommit(ctx.documents, { stored, state, effects, action, actor, at: now.at, correlationId }),
    deadlines: { schedule, cancel, fired: firedDeadlines },
    command: { key: cmd.idempotencyKey, outcome: storedOutcome(outcome, actor.id) },
  };
}
