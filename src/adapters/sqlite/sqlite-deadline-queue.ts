/** The DeadlineQueue port on SQLite: the deadlines table (scheduled and cancelled by commits). */
import type Database from 'better-sqlite3';
import type { Deadline, Instant } from '../../ports/case-store';
import type { DeadlineQueue } from '../../ports/deadline-queue';
import { normaliseInstant } from '../instant';
import { inDueOrder, positiveInteger } from '../../ports/commit-rules';
import { toDeadline, type DeadlineRow } from './sqlite-rows';

function prepareStatements(db: Database.Database) {
  return {
    dueDeadlines: db.prepare(`SELECT * FROM deadlines WHERE fired_at IS NULL AND due_at <= ?
      ORDER BY due_at, deadline_id LIMIT ?`),
    // The same, past the ids in a JSON array: checked on the index deadlines_due (it holds the id),
    // so a deadline left out is never read from the table.
    dueDeadlinesExcept: db.prepare(`SELECT * FROM deadlines WHERE fired_at IS NULL AND due_at <= ?
      AND deadline_id NOT IN (SELECT value FROM json_each(?))
      ORDER BY due_at, deadline_id LIMIT ?`),
    // The cases in a JSON array, each looked up on the index deadlines_case (case_id, due_at): one
    // statement for the tens of cases a sweep's batch reads at a time, instead of one each.
    dueDeadlinesOfCases: db.prepare(`SELECT * FROM deadlines WHERE case_id IN (SELECT value FROM json_each(?))
      AND fired_at IS NULL AND due_at <= ?`),
    fireDeadline: db.prepare('UPDATE deadlines SET fired_at = ?, unfired = NULL WHERE deadline_id = ? AND fired_at IS NULL'),
    deadlinesByCase: db.prepare('SELECT * FROM deadlines WHERE case_id = ? ORDER BY due_at, deadline_id'),
  };
}

export class SqliteDeadlineQueue implements DeadlineQueue {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(db: Database.Database) {
    this.statements = prepareStatements(db);
  }

  async dueDeadlines(now: Instant, limit: number, except?: ReadonlySet<string>): Promise<Deadline[]> {
    const at = normaliseInstant(now, 'now');
    const most = positiveInteger(limit, 'limit');
    const rows = (except && except.size > 0 ? this.statements.dueDeadlinesExcept.all(at, JSON.stringify([...except]), most) : this.statements.dueDeadlines.all(at, most)) as DeadlineRow[];
    return rows.map(toDeadline);
  }

  async dueDeadlinesOfCases(caseIds: readonly string[], now: Instant): Promise<Deadline[]> {
    const at = normaliseInstant(now, 'now');
    if (caseIds.length === 0) return [];
    const rows = this.statements.dueDeadlinesOfCases.all(JSON.stringify(caseIds), at) as DeadlineRow[];
    return rows.map(toDeadline).sort(inDueOrder);
  }

  /** Keeps the first firing time if it had already fired; an unknown id changes nothing. */
  async markDeadlineFired(deadlineId: string, at: Instant): Promise<void> {
    this.statements.fireDeadline.run(normaliseInstant(at, 'at'), deadlineId);
  }

  /** Scheduled and fired deadlines of the case (cancelled ones are gone), by due time. */
  async deadlines(caseId: string): Promise<Deadline[]> {
    return (this.statements.deadlinesByCase.all(caseId) as DeadlineRow[]).map(toDeadline);
  }
}
