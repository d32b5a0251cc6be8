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
import { UNFIRED } from './schema';
import type { CommitColumns } from './sqlite-commit-columns';
import { prepareParticipantStatements, writeParticipantRows } from './sqlite-participant-rows';

export function prepareCommitStatements(db: Database.Database) {
  return {
    commandByKey: db.prepare('SELECT key, outcome FROM commands WHERE key = ?'),
    // The inserts a sweep makes by the ten thousand bind their values by position: about half the
    // cost of binding by name (each name is looked up in an object), and they are run from one place.
    insertCommand: db.prepare('INSERT INTO commands (key, case_id, outcome, at) VALUES (?, ?, ?, ?)'),
    currentById: db.prepare('SELECT version, ref, participants FROM cases WHERE case_id = ?'),
    caseIdByRef: db.prepare('SELECT case_id FROM cases WHERE ref = ?'),
    insertCase: db.prepare(`INSERT INTO cases (case_id, ref, pathway, stage, participants, opened_at, updated_at, version, state)
      VALUES (@caseId, @ref, @pathway, @stage, @participants, @openedAt, @updatedAt, @version, @state)`),
    updateCase: db.prepare(`UPDATE cases SET ref = @ref, pathway = @pathway, stage = @stage, participants = @participants,
      opened_at = @openedAt, updated_at = @updatedAt, version = @version, state = @state
      WHERE case_id = @caseId AND version = @rowVersion`),
    // The same without `ref`: setting a UNIQUE column, even to its own value, rewrites its index entry.
    updateCaseKeepRef: db.prepare(`UPDATE cases SET pathway = @pathway, stage = @stage, participants = @participants,
      opened_at = @openedAt, updated_at = @updatedAt, version = @version, state = @state
      WHERE case_id = @caseId AND version = @rowVersion`),
    ...prepareParticipantStatements(db),
    nextAuditSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM audit WHERE case_id = ?'),
    insertAudit: db.prepare(`INSERT INTO audit (case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name,
      role, action, before_json, after_json, correlation_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // The highest of each lane (the case's id twice), each read at the end of the case's lane on outbox_case_lane.
    nextOutboxSeq: db.prepare(`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM (
      SELECT MAX(seq) AS seq FROM outbox WHERE case_id = ? AND lane = 'records'
      UNION ALL SELECT MAX(seq) FROM outbox WHERE case_id = ? AND lane = 'messages')`),
    insertOutbox: db.prepare(`INSERT INTO outbox (effect_id, case_id, seq, kind, lane, payload, status, attempts, not_before, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`),
    upsertDeadline: db.prepare(`INSERT INTO deadlines (deadline_id, case_id, kind, due_at, payload, fired_at, unfired)
      VALUES (@deadlineId, @caseId, @kind, @dueAt, @payload, NULL, '${UNFIRED}')
      ON CONFLICT (deadline_id) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload, fired_at = NULL, unfired = excluded.unfired
      WHERE deadlines.case_id = excluded.case_id`),
    // Cancelled deadlines are removed: the port has no use for them and they must never come due.
    cancelDeadline: db.prepare('DELETE FROM deadlines WHERE deadline_id = ? AND case_id = ?'),
    fireDeadlineOfCase: db.prepare('UPDATE deadlines SET fired_at = ?, unfired = NULL WHERE deadline_id = ? AND case_id = ? AND fired_at IS NULL'),
  };
}

export type CommitStatements = ReturnType<typeof prepareCommitStatements>;

/** The case's row as the transaction holds it so far (what a commit's checks read). */
export interface CaseRowNow {
  version: number;
  ref: string;
  /** The participants column (JSON text). */
  participants: string;
}

export function caseRowNow(s: CommitStatements, caseId: string): CaseRowNow | undefined {
  return s.currentById.get(caseId) as CaseRowNow | undefined;
}

/** The shared checks (commitRefusal) against the case as `now` holds it; null: write the commit. */
export function refusalOf(s: CommitStatements, commit: Pick<CommitColumns, 'summary' | 'command' | 'expectedVersion'>, now: CaseRowNow | undefined): Exclude<CommitResult, { ok: true }> | null {
  const { summary } = commit;
  const existing = commit.command && (s.commandByKey.get(commit.command.key) as { outcome: string | null } | undefined);
  const holder = now?.ref === summary.ref ? undefined : (s.caseIdByRef.get(summary.ref) as { case_id: string } | undefined)?.case_id;
  return commitRefusal(commit, {
    ...(existing ? { committed: { outcome: fromJson(existing.outcome) } } : {}),
    currentVersion: now?.version ?? 0,
    ...(holder !== undefined && holder !== summary.caseId ? { refHeldBy: holder } : {}),
  });
}

/**
 * Writes the case's row as `commit` leaves it (version expectedVersion + 1), over the row as the
 * file holds it (`row`: undefined when there is none yet, so it is inserted).
 */
export function writeCaseRow(s: CommitStatements, commit: Pick<CommitColumns, 'summary' | 'state' | 'expectedVersion'>, row: Pick<CaseRowNow, 'version' | 'ref'> | undefined): void {
  const caseRow = { ...caseSummaryColumns(commit.summary), state: commit.state, version: commit.expectedVersion + 1 };
  if (!row) s.insertCase.run(caseRow);
  else (row.ref === commit.summary.ref ? s.updateCaseKeepRef : s.updateCase).run({ ...caseRow, rowVersion: row.version });
}

/** Where the case's audit trail and outbox go on (their next sequence numbers). */
export interface NextSeqs {
  audit: number;
  outbox: number;
}

export function nextSeqs(s: CommitStatements, caseId: string): NextSeqs {
  return { audit: (s.nextAuditSeq.get(caseId) as { seq: number }).seq, outbox: (s.nextOutboxSeq.get(caseId, caseId) as { seq: number }).seq };
}

/**
 * Everything a commit writes but the case's row: its participants (rewritten only when they
 * changed from `participantsBefore`), its audit entry, outbox items, deadline changes and command
 * record, numbered from `seqs`, which it moves on.
 */
export function writeCommitRows(s: CommitStatements, commit: CommitColumns, participantsBefore: string | undefined, seqs: NextSeqs): void {
  const { summary } = commit;
  // The participant rows mirror the participants column: rewritten only when it changes.
  const participants = JSON.stringify(summary.participants);
  if (participantsBefore !== participants) writeParticipantRows(s, summary.caseId, summary.participants, participantsBefore);

  const { audit } = commit;
  // In the order of insertAudit's columns.
  s.insertAudit.run(summary.caseId, seqs.audit++, audit.at, audit.actorId, audit.actorName, audit.onBehalfOfId ?? null, audit.onBehalfOfName ?? null,
    audit.role, audit.action, audit.before, audit.after, audit.correlationId);

  for (const item of commit.outbox) {
    try {
      // In the order of insertOutbox's parameters: effect id, case, seq, kind, lane, payload, not before, created.
      s.insertOutbox.run(item.effectId, summary.caseId, seqs.outbox++, item.kind, outboxLane(item.kind), item.payload, audit.at, audit.at);
    } catch (error) {
      // The effect id's own key refuses a repeat: no look-up first (80,000 of them in a sweep).
      throw (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ? new DuplicateEffectIdError(item.effectId) : error;
    }
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
    s.insertCommand.run(commit.command.key, summary.caseId, commit.command.outcome, audit.at);
  }
}

/** Runs inside the commit transaction; an early return writes nothing, a throw rolls everything back. */
export function applyCommit(s: CommitStatements, commit: CommitColumns): CommitResult {
  const caseId = commit.summary.caseId;
  const now = caseRowNow(s, caseId);
  const refusal = refusalOf(s, commit, now);
  if (refusal) return refusal;
  writeCaseRow(s, commit, now);
  writeCommitRows(s, commit, now?.participants, nextSeqs(s, caseId));
  return { ok: true, version: commit.expectedVersion + 1 };
}
