import path from 'node:path';
import Database from 'better-sqlite3';
import {
  LeaseLostError,
  outboxLane,
  type AuditEntry,
  type CaseCommit,
  type CaseListFilter,
  type CaseStore,
  type CaseSummary,
  type CommandRecord,
  type CommitBatch,
  type CommitResult,
  type Deadline,
  type DeadlineFiring,
  type Instant,
  type OutboxCounts,
  type OutboxItem,
  type OutboxStatus,
  type RefusalEntry,
  type RefusalEntryInput,
  type StoredCase,
  NO_MATCHING_CASE,
} from '../../ports/case-store';
import { DeadlineOwnedByAnotherCaseError, DuplicateEffectIdError } from '../case-store-errors';
import { normaliseInstant } from '../instant';
import { normaliseCommit, normaliseFiring } from '../normalise-commit';
import { migrate } from './schema';
import { preparePrivateFile } from './private-files';
import { checkCasesKept, checkIntegrity, checkNotLost, damagedOnOpen, markHasCases } from './store-integrity';
import { BatchRefusals, commitRefusal, deadlineSteps, failedSettlement } from '../../ports/commit-rules';
import { eraseCaseRows } from './sqlite-erasure';

export interface SqliteCaseStoreConfig {
  /** The database file; its folder is created if missing. */
  path: string;
  /** How long a writer waits for another process's transaction before failing (default 5 s). */
  busyTimeoutMs?: number;
  /**
   * Opened by `admin restore` to put a backup back: a store that held cases may then be missing,
   * empty or without cases (that is why it is being restored). A damaged file is still refused.
   */
  restoring?: boolean;
}

const DEFAULT_LIST_LIMIT = 100;
const DEFAULT_OUTBOX_LIST_LIMIT = 100;
// Long downstream error texts (HTML error pages) would bloat the row; the start says enough.

interface CaseRow {
  case_id: string;
  ref: string;
  pathway: string;
  stage: string;
  participants: string;
  opened_at: string;
  updated_at: string;
  version: number;
  state: string;
}

interface AuditRow {
  case_id: string;
  seq: number;
  at: string;
  actor_id: string;
  actor_name: string;
  on_behalf_of_id: string | null;
  on_behalf_of_name: string | null;
  role: string;
  action: string;
  before_json: string | null;
  after_json: string | null;
  correlation_id: string;
}

interface RefusalRow {
  /** In refusals; store_refusals has `named` instead. */
  case_id?: string;
  named?: string;
  at: string;
  actor_id: string;
  actor_name: string;
  action: string;
  code: string;
  rule: string | null;
  correlation_id: string;
}

interface OutboxRow {
  effect_id: string;
  case_id: string;
  seq: number;
  kind: string;
  payload: string | null;
  status: OutboxStatus;
  attempts: number;
  not_before: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
}

interface DeadlineRow {
  deadline_id: string;
  case_id: string;
  kind: string;
  due_at: string;
  payload: string | null;
  fired_at: string | null;
}

/** JSON for an `unknown` column; `undefined` is kept as SQL NULL and read back as null. */
function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function fromJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function toSummary(row: CaseRow): CaseSummary {
  return {
    caseId: row.case_id,
    ref: row.ref,
    pathway: row.pathway,
    stage: row.stage,
    participants: JSON.parse(row.participants) as string[],
    openedAt: row.opened_at,
    updatedAt: row.updated_at,
  };
}

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    caseId: row.case_id,
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    onBehalfOfId: row.on_behalf_of_id,
    onBehalfOfName: row.on_behalf_of_name,
    role: row.role,
    action: row.action,
    before: fromJson(row.before_json),
    after: fromJson(row.after_json),
    correlationId: row.correlation_id,
  };
}

function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    effectId: row.effect_id,
    caseId: row.case_id,
    seq: row.seq,
    kind: row.kind,
    payload: fromJson(row.payload),
    status: row.status,
    attempts: row.attempts,
    notBefore: row.not_before,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}

function toDeadline(row: DeadlineRow): Deadline {
  return {
    deadlineId: row.deadline_id,
    caseId: row.case_id,
    kind: row.kind,
    dueAt: row.due_at,
    payload: fromJson(row.payload),
    firedAt: row.fired_at,
  };
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${field} must be a positive integer, got ${value}`);
  return value;
}


function prepareStatements(db: Database.Database) {
  return {
    commandByKey: db.prepare('SELECT key, outcome FROM commands WHERE key = ?'),
    insertCommand: db.prepare('INSERT INTO commands (key, case_id, outcome, at) VALUES (@key, @caseId, @outcome, @at)'),
    caseById: db.prepare('SELECT * FROM cases WHERE case_id = ?'),
    caseByRef: db.prepare('SELECT * FROM cases WHERE ref = ?'),
    versionById: db.prepare('SELECT version FROM cases WHERE case_id = ?'),
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
    auditByCase: db.prepare('SELECT * FROM audit WHERE case_id = ? ORDER BY seq'),
    insertRefusal: db.prepare(`INSERT INTO refusals (case_id, at, actor_id, actor_name, action, code, rule, correlation_id)
      VALUES (@caseId, @at, @actorId, @actorName, @action, @code, @rule, @correlationId)`),
    refusalsByCase: db.prepare('SELECT * FROM refusals WHERE case_id = ? ORDER BY at, id'),
    insertStoreRefusal: db.prepare(`INSERT INTO store_refusals (named, at, actor_id, actor_name, action, code, rule, correlation_id)
      VALUES (@named, @at, @actorId, @actorName, @action, @code, @rule, @correlationId)`),
    storeRefusals: db.prepare('SELECT * FROM store_refusals ORDER BY at, id'),
    outboxExists: db.prepare('SELECT 1 FROM outbox WHERE effect_id = ?'),
    nextOutboxSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM outbox WHERE case_id = ?'),
    insertOutbox: db.prepare(`INSERT INTO outbox (effect_id, case_id, seq, kind, lane, payload, status, attempts, not_before, created_at)
      VALUES (@effectId, @caseId, @seq, @kind, @lane, @payload, 'pending', 0, @at, @at)`),
    // The lowest-seq undelivered item of each case in each lane only: a pending or dead predecessor
    // in the same lane holds it back; the other lane's items do not (index outbox_case_lane).
    claimable: db.prepare(`SELECT * FROM outbox AS o
      WHERE o.status = 'pending' AND o.not_before <= @now
        AND (o.lease_owner IS NULL OR o.lease_owner = @owner OR o.lease_until <= @now)
        AND NOT EXISTS (SELECT 1 FROM outbox AS e
          WHERE e.case_id = o.case_id AND e.lane = o.lane AND e.seq < o.seq AND e.status <> 'delivered')
      ORDER BY o.created_at, o.case_id, o.seq
      LIMIT @limit`),
    lease: db.prepare('UPDATE outbox SET lease_owner = @owner, lease_until = @leaseUntil WHERE effect_id = @effectId'),
    delivered: db.prepare(`UPDATE outbox SET status = 'delivered', delivered_at = @at, lease_owner = NULL, lease_until = NULL
      WHERE effect_id = @effectId AND lease_owner = @owner AND status = 'pending'`),
    failed: db.prepare(`UPDATE outbox SET status = @status, attempts = attempts + 1, last_error = @error, not_before = @notBefore,
      lease_owner = NULL, lease_until = NULL
      WHERE effect_id = @effectId AND lease_owner = @owner AND status = 'pending'`),
    outboxCounts: db.prepare('SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox GROUP BY status'),
    outboxByStatus: db.prepare('SELECT * FROM outbox WHERE status = ? ORDER BY created_at, case_id, seq LIMIT ?'),
    replayAllDead: db.prepare(`UPDATE outbox SET status = 'pending', attempts = 0, lease_owner = NULL, lease_until = NULL
      WHERE status = 'dead'`),
    replayOneDead: db.prepare(`UPDATE outbox SET status = 'pending', attempts = 0, lease_owner = NULL, lease_until = NULL
      WHERE status = 'dead' AND effect_id = ?`),
    upsertDeadline: db.prepare(`INSERT INTO deadlines (deadline_id, case_id, kind, due_at, payload, fired_at)
      VALUES (@deadlineId, @caseId, @kind, @dueAt, @payload, NULL)
      ON CONFLICT (deadline_id) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at, payload = excluded.payload, fired_at = NULL
      WHERE deadlines.case_id = excluded.case_id`),
    // Cancelled deadlines are removed: the port has no use for them and they must never come due.
    cancelDeadline: db.prepare('DELETE FROM deadlines WHERE deadline_id = ? AND case_id = ?'),
    fireDeadlineOfCase: db.prepare('UPDATE deadlines SET fired_at = ? WHERE deadline_id = ? AND case_id = ? AND fired_at IS NULL'),
    fireDeadline: db.prepare('UPDATE deadlines SET fired_at = ? WHERE deadline_id = ? AND fired_at IS NULL'),
    fireDeadlineDue: db.prepare('UPDATE deadlines SET fired_at = ? WHERE deadline_id = ? AND due_at = ? AND fired_at IS NULL'),
    dueDeadlines: db.prepare(`SELECT * FROM deadlines WHERE fired_at IS NULL AND due_at <= ?
      ORDER BY due_at, deadline_id LIMIT ?`),
    deadlinesByCase: db.prepare('SELECT * FROM deadlines WHERE case_id = ? ORDER BY due_at, deadline_id'),
    upsertConversation: db.prepare(`INSERT INTO conversations (key, reference) VALUES (?, ?)
      ON CONFLICT (key) DO UPDATE SET reference = excluded.reference`),
    listCases: db.prepare(`SELECT c.* FROM cases AS c WHERE (@stage IS NULL OR c.stage = @stage)
      ORDER BY c.updated_at DESC, c.case_id LIMIT @limit`),
    listCasesOfParticipant: db.prepare(`SELECT c.* FROM case_participants AS p JOIN cases AS c ON c.case_id = p.case_id
      WHERE p.participant = @participant AND (@stage IS NULL OR c.stage = @stage)
      ORDER BY c.updated_at DESC, c.case_id LIMIT @limit`),
    conversationByKey: db.prepare('SELECT reference FROM conversations WHERE key = ?'),
    probe: db.prepare(`INSERT INTO store_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at`),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The embedded CaseStore: one SQLite file in WAL mode, safe for several processes on one
 * machine (every write is an IMMEDIATE transaction; readers never block writers).
 * better-sqlite3 is synchronous, so each method runs to completion before it returns its promise.
 */
export class SqliteCaseStore implements CaseStore {
  private readonly db: Database.Database;
  private readonly statements: Statements;
  private readonly commitTransaction: Database.Transaction<(commit: CaseCommit<unknown>) => CommitResult>;
  private readonly groupTransaction: Database.Transaction<(commits: CaseCommit<unknown>[]) => CommitResult[]>;
  private waiting: { commit: CaseCommit<unknown>; resolve: (result: CommitResult) => void; reject: (error: unknown) => void }[] = [];
  private readonly groupStats = { commits: 0, transactions: 0 };
  private readonly batchTransaction: Database.Transaction<(firings: DeadlineFiring[], commits: CaseCommit<unknown>[]) => CommitResult[]>;
  private readonly claimTransaction: Database.Transaction<(owner: string, now: Instant, leaseUntil: Instant, limit: number) => OutboxItem[]>;

  /** The file, once it is known to have held cases (its marker written); null for :memory:. */
  private readonly file: string | null;
  private marked = false;

  constructor(config: SqliteCaseStoreConfig) {
    this.file = config.path === ':memory:' ? null : path.resolve(config.path);
    if (this.file) {
      // A store that held cases and is now missing or empty is not a new store (M6).
      if (!config.restoring) checkNotLost(this.file);
      preparePrivateFile(this.file);
    }
    this.db = new Database(config.path);
    try {
      // busy_timeout first: the pragmas and the migration below may already meet another process.
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
      if (this.file) checkIntegrity(this.db, this.file);
      this.db.pragma('journal_mode = WAL');
      // FULL: an acknowledged commit survives a power cut, not only a process crash.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      // Freed space inside a page is zeroed (no extra I/O), so an earlier version of a row does not
      // linger where retention could not reach it; eraseCase zeroes everything it frees.
      this.db.pragma('secure_delete = FAST');
      migrate(this.db);
      if (this.file && !config.restoring) this.marked = checkCasesKept(this.db, this.file);
    } catch (error) {
      this.db.close();
      throw (this.file && damagedOnOpen(this.file, error)) || error;
    }
    this.statements = prepareStatements(this.db);
    this.commitTransaction = this.db.transaction((commit: CaseCommit<unknown>) => this.applyCommit(commit));
    // Each commit checks its own version and idempotency key before writing, so in one transaction
    // they behave exactly as one after another.
    this.groupTransaction = this.db.transaction((commits: CaseCommit<unknown>[]) => commits.map((commit) => this.applyCommit(commit)));
    this.batchTransaction = this.db.transaction((firings: DeadlineFiring[], commits: CaseCommit<unknown>[]) => {
      for (const f of firings) this.statements.fireDeadlineDue.run(f.at, f.deadlineId, f.dueAt);
      const refusals = new BatchRefusals();
      return commits.map((commit): CommitResult => {
        const caseId = commit.summary.caseId;
        if (refusals.refusesLater(caseId)) {
          const current = this.statements.versionById.get(caseId) as { version: number } | undefined;
          return refusals.laterRefusal(current?.version ?? 0);
        }
        const result = this.applyCommit(commit);
        refusals.note(caseId, result);
        return result;
      });
    });
    this.claimTransaction = this.db.transaction((owner: string, now: Instant, leaseUntil: Instant, limit: number) => {
      const rows = this.statements.claimable.all({ owner, now, limit }) as OutboxRow[];
      for (const row of rows) this.statements.lease.run({ owner, leaseUntil, effectId: row.effect_id });
      return rows.map((row) => toOutboxItem({ ...row, lease_owner: owner, lease_until: leaseUntil }));
    });
  }

  /** Runs inside the commit transaction; an early return writes nothing, a throw rolls everything back. */
  private applyCommit(commit: CaseCommit<unknown>): CommitResult {
    const s = this.statements;
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

    const caseRow = {
      caseId: summary.caseId,
      ref: summary.ref,
      pathway: summary.pathway,
      stage: summary.stage,
      participants: JSON.stringify(summary.participants),
      openedAt: summary.openedAt,
      updatedAt: summary.updatedAt,
      state: JSON.stringify(commit.state),
    };
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
      before: toJson(audit.before),
      after: toJson(audit.after),
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
        payload: toJson(item.payload),
        at: audit.at,
      });
    }

    for (const step of deadlineSteps(commit.deadlines)) {
      if (step.kind === 'fire') s.fireDeadlineOfCase.run(audit.at, step.deadlineId, summary.caseId);
      else if (step.kind === 'cancel') s.cancelDeadline.run(step.deadlineId, summary.caseId);
      else {
        const d = step.deadline;
        const result = s.upsertDeadline.run({ deadlineId: d.deadlineId, caseId: summary.caseId, kind: d.kind, dueAt: d.dueAt, payload: toJson(d.payload) });
        if (result.changes === 0) throw new DeadlineOwnedByAnotherCaseError(d.deadlineId);
      }
    }

    if (commit.command) {
      s.insertCommand.run({ key: commit.command.key, caseId: summary.caseId, outcome: toJson(commit.command.outcome), at: audit.at });
    }
    return { ok: true, version: commit.expectedVersion + 1 };
  }

  /**
   * Group commit: the commits asked for in one turn of the event loop (say, ten approvers' clicks
   * that arrived together) are written in one transaction, so they share one fsync instead of
   * holding the event loop for one each. Each gets the result it would have had alone, in order,
   * and resolves only once the transaction is on disk.
   */
  async commit<S>(commit: CaseCommit<S>): Promise<CommitResult> {
    const normalised = normaliseCommit(commit);
    return new Promise<CommitResult>((resolve, reject) => {
      this.waiting.push({ commit: normalised, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => this.commitWaiting());
    });
  }

  /** How many commits were asked for and in how many transactions (for tests and benchmarks). */
  commitStats(): { commits: number; transactions: number } {
    return { ...this.groupStats };
  }

  private commitWaiting(): void {
    const group = this.waiting;
    this.waiting = [];
    if (group.length === 0) return;
    this.groupStats.commits += group.length;
    if (group.length > 1) {
      let results: CommitResult[] | undefined;
      try {
        results = this.groupTransaction.immediate(group.map((g) => g.commit));
      } catch {
        // One of them threw (an effect id already used, say) and the whole group rolled back:
        // commit each alone below, so only that one fails.
      }
      if (results) {
        this.groupStats.transactions += 1;
        this.markIfCreated(group.map((g) => g.commit), results);
        group.forEach((g, i) => g.resolve(results[i]!));
        return;
      }
    }
    for (const g of group) {
      try {
        this.groupStats.transactions += 1;
        const result = this.commitTransaction.immediate(g.commit);
        this.markIfCreated([g.commit], [result]);
        g.resolve(result);
      } catch (error) {
        g.reject(error);
      }
    }
  }

  /**
   * The first case written marks the store as holding cases (M6), before the commit is
   * acknowledged. Best effort: the commit is on disk either way; a failed mark is tried again.
   */
  private markIfCreated(commits: CaseCommit<unknown>[], results: CommitResult[]): void {
    if (this.marked || !this.file) return;
    if (!commits.some((c, i) => c.expectedVersion === 0 && results[i]?.ok)) return;
    try {
      markHasCases(this.file);
      this.marked = true;
    } catch {
      // Tried again with the next new case, and at the next start-up.
    }
  }

  /** One IMMEDIATE transaction for the whole batch: one fsync, all or nothing. */
  async commitBatch<S>(batch: CommitBatch<S>): Promise<CommitResult[]> {
    const firings = (batch.firings ?? []).map(normaliseFiring);
    const commits = batch.commits.map((commit) => normaliseCommit(commit) as CaseCommit<unknown>);
    if (firings.length === 0 && commits.length === 0) return [];
    const results = this.batchTransaction.immediate(firings, commits);
    this.markIfCreated(commits, results);
    return results;
  }

  async get<S>(caseId: string): Promise<StoredCase<S> | undefined> {
    const row = this.statements.caseById.get(caseId) as CaseRow | undefined;
    return row && { summary: toSummary(row), version: row.version, state: JSON.parse(row.state) as S };
  }

  async getByRef<S>(ref: string): Promise<StoredCase<S> | undefined> {
    const row = this.statements.caseByRef.get(ref) as CaseRow | undefined;
    return row && { summary: toSummary(row), version: row.version, state: JSON.parse(row.state) as S };
  }

  /** Most recently updated first. */
  async list(filter: CaseListFilter = {}): Promise<CaseSummary[]> {
    const limit = positiveInteger(filter.limit ?? DEFAULT_LIST_LIMIT, 'limit');
    const params = { participant: filter.participant ?? null, stage: filter.stage ?? null, limit };
    const statement = filter.participant === undefined ? this.statements.listCases : this.statements.listCasesOfParticipant;
    return (statement.all(params) as CaseRow[]).map(toSummary);
  }

  async findCommand(key: string): Promise<CommandRecord | undefined> {
    const row = this.statements.commandByKey.get(key) as { key: string; outcome: string | null } | undefined;
    return row && { key: row.key, outcome: fromJson(row.outcome) };
  }

  async audit(caseId: string): Promise<AuditEntry[]> {
    return (this.statements.auditByCase.all(caseId) as AuditRow[]).map(toAuditEntry);
  }

  async recordRefusal(entry: RefusalEntryInput): Promise<void> {
    const noCase = entry.caseId === NO_MATCHING_CASE;
    (noCase ? this.statements.insertStoreRefusal : this.statements.insertRefusal).run({
      ...(noCase ? { named: (entry.named ?? '').slice(0, 100) } : { caseId: entry.caseId }),
      at: normaliseInstant(entry.at, 'at'),
      actorId: entry.actorId,
      actorName: entry.actorName,
      action: entry.action,
      code: entry.code,
      rule: entry.rule,
      correlationId: entry.correlationId,
    });
  }

  async refusals(caseId: string): Promise<RefusalEntry[]> {
    const rows = (caseId === NO_MATCHING_CASE ? this.statements.storeRefusals.all() : this.statements.refusalsByCase.all(caseId)) as RefusalRow[];
    return rows.map((row, index) => ({
      caseId: row.case_id ?? NO_MATCHING_CASE,
      ...(row.named !== undefined ? { named: row.named } : {}),
      seq: index + 1,
      at: row.at,
      actorId: row.actor_id,
      actorName: row.actor_name,
      action: row.action,
      code: row.code,
      rule: row.rule,
      correlationId: row.correlation_id,
    }));
  }

  /**
   * Runs a write that a power cut may undo without harm, without waiting for the disk (WAL with
   * synchronous NORMAL: it still survives a crash of the process). Outbox leases, delivery marks
   * and conversation references are such writes: lost, an item is delivered again (delivery is at
   * least once, records keyed) or a reference is saved again at the person's next message. They
   * were most of the fsyncs, each holding the event loop. Decisions and their effects are
   * committed with FULL, and the next such commit makes these durable too (the WAL is in order).
   */
  private relaxed<T>(write: () => T): T {
    this.db.pragma('synchronous = NORMAL');
    try {
      return write();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  /** The open connection, for this adapter's own tools (backup and restore in sqlite-backup.ts). */
  connection(): Database.Database {
    return this.db;
  }

  /** The connection's synchronous setting now (1 NORMAL, 2 FULL): for tests that case commits stay FULL. */
  synchronousLevel(): number {
    return this.db.pragma('synchronous', { simple: true }) as number;
  }

  async claimOutbox(owner: string, now: Instant, leaseUntil: Instant, limit: number): Promise<OutboxItem[]> {
    const args = [owner, normaliseInstant(now, 'now'), normaliseInstant(leaseUntil, 'leaseUntil'), positiveInteger(limit, 'limit')] as const;
    return this.relaxed(() => this.claimTransaction.immediate(...args));
  }

  async markDelivered(effectId: string, owner: string, at: Instant): Promise<void> {
    const when = normaliseInstant(at, 'at');
    const result = this.relaxed(() => this.statements.delivered.run({ effectId, owner, at: when }));
    if (result.changes === 0) throw new LeaseLostError(effectId, owner);
  }

  async markFailed(effectId: string, owner: string, error: string, notBefore: Instant, dead: boolean): Promise<void> {
    const settled = failedSettlement(error, normaliseInstant(notBefore, 'notBefore'), dead);
    const result = this.relaxed(() => this.statements.failed.run({ effectId, owner, status: settled.status, error: settled.failure!.lastError, notBefore: settled.failure!.notBefore }));
    if (result.changes === 0) throw new LeaseLostError(effectId, owner);
  }

  async outboxCounts(): Promise<OutboxCounts> {
    const counts: OutboxCounts = { pending: 0, delivered: 0, dead: 0, oldestPendingAt: null };
    for (const row of this.statements.outboxCounts.all() as { status: OutboxStatus; n: number; oldest: string }[]) {
      counts[row.status] = row.n;
      if (row.status === 'pending') counts.oldestPendingAt = row.oldest;
    }
    return counts;
  }

  /** Oldest first. */
  async listOutbox(status: OutboxStatus, limit = DEFAULT_OUTBOX_LIST_LIMIT): Promise<OutboxItem[]> {
    return (this.statements.outboxByStatus.all(status, positiveInteger(limit, 'limit')) as OutboxRow[]).map(toOutboxItem);
  }

  async replayDead(effectId?: string): Promise<number> {
    const result = effectId === undefined ? this.statements.replayAllDead.run() : this.statements.replayOneDead.run(effectId);
    return result.changes;
  }

  async dueDeadlines(now: Instant, limit: number): Promise<Deadline[]> {
    const rows = this.statements.dueDeadlines.all(normaliseInstant(now, 'now'), positiveInteger(limit, 'limit')) as DeadlineRow[];
    return rows.map(toDeadline);
  }

  /** Keeps the first firing time if it had already fired; an unknown id changes nothing. */
  async markDeadlineFired(deadlineId: string, at: Instant): Promise<void> {
    this.statements.fireDeadline.run(normaliseInstant(at, 'at'), deadlineId);
  }

  /** Scheduled and fired deadlines of the case (cancelled ones are gone), by due time. */
  async deadlines(caseId: string): Promise<Deadline[]> {
    return (this.statements.deadlinesByCase.all(caseId) as DeadlineRow[]).map(toDeadline);
  }

  async saveConversation(key: string, reference: unknown): Promise<void> {
    const json = JSON.stringify(reference ?? null);
    this.relaxed(() => this.statements.upsertConversation.run(key, json));
  }

  async getConversation(key: string): Promise<unknown | undefined> {
    const row = this.statements.conversationByKey.get(key) as { reference: string } | undefined;
    return row && (JSON.parse(row.reference) as unknown);
  }

  /**
   * The commit and the rewrite of the case's other rows, in one IMMEDIATE transaction, with
   * secure_delete on (what it frees is zeroed). Earlier versions of the rows may still sit in
   * freed pages or WAL frames: reclaimErasedSpace removes them.
   */
  async eraseCase<S>(commit: CaseCommit<S>, erase: (value: unknown) => unknown): Promise<CommitResult> {
    const normalised = normaliseCommit(commit) as CaseCommit<unknown>;
    this.db.pragma('secure_delete = ON');
    let result: CommitResult;
    try {
      result = this.db.transaction(() => {
        const applied = this.applyCommit(normalised);
        if (applied.ok) eraseCaseRows(this.db, normalised.summary.caseId, erase);
        return applied;
      }).immediate();
    } finally {
      this.db.pragma('secure_delete = FAST');
    }
    return result;
  }

  /**
   * Rewrites the file without its free space (VACUUM), then checkpoints and truncates the WAL, so
   * no earlier copy of erased text is left in freed pages or old WAL frames. It holds writers back
   * while it runs (about a second for tens of megabytes), so retention calls it once per sweep.
   */
  async reclaimErasedSpace(): Promise<void> {
    this.db.exec('VACUUM');
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** A real write to the file (a full disk or a read-only file fails it); a power cut may undo it harmlessly. */
  async checkWritable(at: Instant): Promise<void> {
    const when = normaliseInstant(at, 'at');
    this.relaxed(() => this.statements.probe.run(when));
  }

  async close(): Promise<void> {
    // Commits already asked for are written, not dropped.
    if (this.db.open) this.commitWaiting();
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating or migrating) the SQLite case store at `config.path`. */
export function createSqliteCaseStore(config: SqliteCaseStoreConfig): SqliteCaseStore {
  return new SqliteCaseStore(config);
}
