/**
 * One commit in the SQLite store, run inside a transaction: the shared checks
 * (src/ports/commit-rules.ts), then the case row, its participants, its audit entry, its outbox
 * items, its deadline changes and its command record, its JSON columns already written out
 * (sqlite-commit-columns.ts). Used by the repository's commits and batches, the writer thread and
 * retention's erasure.
 */
import { caseSummaryColumns } from '../case-summary-columns';
import type Database from 'better-sqlite3';
import { outboxLane, type CommitResult } from '../../ports/case-store';
import { commitRefusal, deadlineSteps } from '../../ports/commit-rules';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../case-store-errors';
import { fromJson } from './sqlite-rows';
import type { CommitColumns } from './sqlite-commit-columns';

export function prepareCommitStatements(db: Database.Database) {
  return {
    commandByKey: db.prepare('SELECT key, outcome FROM commands WHERE key = ?'),
    insertCommand: db.prepare('INSERT INTO commands (key, case_id, outcome, at) VALUES (@key, @caseId, @outcome, @at)'),
    currentById: db.prepare('SELECT version, ref, participants FROM cases WHERE case_id = ?'),
    caseIdByRef: db.prepare('SELECT case_id FROM cases WHERE ref = ?'),
    insertCase: db.prepare(`INSERT INTO cases (case_id, ref, pathway, stage, participants, opened_at, updated_at, version, state)
      VALUES (@caseId, @ref, @pathway, @stage, @participants, @openedAt, @updatedAt, 1, @state)`),
    updateCase: db.prepare(`UPDATE cases SET ref = @ref, pathway = @pathway, stage = @stage, participants = @participants,
      opened_at = @openedAt, updated_at = @updatedAt, version = version + 1, state = @state
      WHERE case_id = @caseId AND version = @expectedVersion`),
    // The same without `ref`: setting a UNIQUE column, even to its own value, rewrites its index entry.
    updateCaseKeepRef: db.prepare(`UPDATE cases SET pathway = @pathway, stage = @stage, participants = @participants,
      opened_at = @openedAt, updated_at = @updatedAt, version = version + 1, state = @state
      WHERE case_id = @caseId AND version = @expectedVersion`),
    deleteParticipants: db.prepare('DELETE FROM case_participants WHERE case_id = ?'),
    insertParticipant: db.prepare('INSERT OR IGNORE INTO case_participants (participant, case_id) VALUES (?, ?)'),
    nextAuditSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM audit WHERE case_id = ?'),
    insertAudit: db.prepare(`INSERT INTO audit (case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name,
      role, action, before_json, after_json, correlation_id)
      VALUES (@caseId, @seq, @at, @actorId, @actorName, @onBehalfOfId, @onBehalfOfName, @role, @action, @before, @after, @correlationId)`),
    outboxExists: db.prepare('SELECT 1 FROM outbox WHERE effect_id = ?'),
    nextOutboxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM outbox WHERE case_id = ?'),
    insertOutbox: db.prepare(`INSERT INTO outbox (effect_id, case_id, seq, kind, lane, payload, status, attempts, not_before, created_at)
      VALUES (@effectId, @caseId, @seq, @kind, @lane, @payload, 'pending', 0, @at, @at)`),
    upsertDeadline: db.prepare(`INSERT INTO deadlines (deadline_id, case_id, kind, due_at, payload, fired_at)
      VALUES (@deadlineId, @caseId, @kind, @dueAt, @payload, NULL)
      ON CONFLICT (deadline_id) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload, fired_at = NULL
      WHERE deadlines.case_id = excluded.case_id`),
    // Cancelled deadlines are removed: the port has no use for them and they must never come due.
    cancelDeadline: db.prepare('DELETE FROM deadlines WHERE deadline_id = ? AND case_id = ?'),
    fireDeadlineOfCase: db.prepare('UPDATE deadlines SET fired_at = ? WHERE deadline_id = ? AND case_id = ? AND fired_at IS NULL'),
  };
}

export type CommitStatements = ReturnType<typeof prepareCommitStatements>;

/** Runs inside the commit transaction; an early return writes nothing, a throw rolls everything back. */
export function applyCommit(s: CommitStatements, commit: CommitColumns): CommitResult {
  const { summary } = commit;
  const existing = commit.command && (s.commandByKey.get(commit.command.key) as { outcome: string | null } | undefined);
  const current = s.currentById.get(summary.caseId) as { version: number; ref: string; participants: string } | undefined;
  const sameRef = current?.ref === summary.ref;
  const holder = sameRef ? undefined : (s.caseIdByRef.get(summary.ref) as { case_id: string } | undefined)?.case_id;
  const refusal = commitRefusal(commit, {
    ...(existing ? { committed: { outcome: fromJson(existing.outcome) } } : {}),
    currentVersion: current?.version ?? 0,
    ...(holder !== undefined && holder !== summary.caseId ? { refHeldBy: holder } : {}),
  });
  if (refusal) return refusal;

  const caseRow = { ...caseSummaryColumns(summary), state: commit.state };
  if (commit.expectedVersion === 0) s.insertCase.run(caseRow);
  else (sameRef ? s.updateCaseKeepRef : s.updateCase).run({ ...caseRow, expectedVersion: commit.expectedVersion });

  // The participant rows mirror the participants column: rewritten only when it changes.
  if (current?.participants !== caseRow.participants) {
    s.deleteParticipants.run(summary.caseId);
    for (const participant of summary.participants) s.insertParticipant.run(participant, summary.caseId);
  }

  const { audit } = commit;
  const auditSeq = (s.nextAuditSeq.get(summary.caseId) as { seq: number }).seq;
  s.insertAudit.run({
    caseId: summary.caseId,
    seq: auditSeq,
    at: audit.at,
    actorId: audit.actorId,
    actorName: audit.actorName,
    onBehalfOfId: audit.onBehalfOfId ?? null,
    onBehalfOfName: audit.onBehalfOfName ?? null,
    role: audit.role,
    action: audit.action,
    before: audit.before,
    after: audit.after,
    correlationId: audit.correlationId,
  });

  let outboxSeq = (s.nextOutboxSeq.get(summary.caseId) as { seq: number }).seq;
  for (const item of commit.outbox) {
    if (s.outboxExists.get(item.effectId)) throw new DuplicateEffectIdError(item.effectId);
    s.insertOutbox.run({
      effectId: item.effectId,
      caseId: summary.caseId,
      seq: outboxSeq++,
      kind: item.kind,
      lane: outboxLane(item.kind),
      payload: item.payload,
      at: audit.at,
    });
  }

  for (const step of deadlineSteps(commit.deadlines)) {
    if (step.kind === 'fire') s.fireDeadlineOfCase.run(audit.at, step.deadlineId, summary.caseId);
    else if (step.kind === 'cancel') s.cancelDeadline.run(step.deadlineId, summary.caseId);
    else {
      const d = step.deadline;
      const result = s.upsertDeadline.run({ deadlineId: d.deadlineId, caseId: summary.caseId, kind: d.kind, dueAt: d.dueAt, payload: d.payload });
      if (result.changes === 0) throw new DeadlineOwnedByAnotherCaseError(d.deadlineId);
    }
  }

  if (commit.command) {
    s.insertCommand.run({ key: commit.command.key, caseId: summary.caseId, outcome: commit.command.outcome, at: audit.at });
  }
  return { ok: true, version: commit.expectedVersion + 1 };
}
