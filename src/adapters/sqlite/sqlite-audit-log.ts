/** The CaseAuditLog port on SQLite: the audit table (written by commits), the refusals and store_refusals tables. */
import type Database from 'better-sqlite3';
import { NO_MATCHING_CASE, type AuditEntry, type RefusalEntry, type RefusalEntryInput } from '../../ports/case-store';
import type { CaseAuditLog } from '../../ports/case-audit-log';
import { keptRefusal } from '../kept-refusal';
import { normaliseInstant } from '../instant';
import type { Instant } from '../../ports/instant';
import { toAuditEntry, type AuditRow, type RefusalRow } from './sqlite-rows';

function prepareStatements(db: Database.Database) {
  return {
    auditByCase: db.prepare('SELECT * FROM audit WHERE case_id = ? ORDER BY seq'),
    insertRefusal: db.prepare(`INSERT INTO refusals (case_id, at, actor_id, actor_name, action, code, rule, correlation_id, comment)
      VALUES (@caseId, @at, @actorId, @actorName, @action, @code, @rule, @correlationId, @comment)`),
    refusalsByCase: db.prepare('SELECT * FROM refusals WHERE case_id = ? ORDER BY at, id'),
    insertStoreRefusal: db.prepare(`INSERT INTO store_refusals (named, at, actor_id, actor_name, action, code, rule, correlation_id)
      VALUES (@named, @at, @actorId, @actorName, @action, @code, @rule, @correlationId)`),
    storeRefusals: db.prepare('SELECT * FROM store_refusals ORDER BY at, id'),
    // The cutoff only moves forward (schema migration 14's triggers allow deleting only what is older).
    moveCutoff: db.prepare(`INSERT INTO refusals_forgotten_before (id, before) VALUES (1, @before)
      ON CONFLICT (id) DO UPDATE SET before = max(before, excluded.before)`),
    deleteRefusals: db.prepare('DELETE FROM refusals WHERE at < @before'),
    deleteStoreRefusals: db.prepare('DELETE FROM store_refusals WHERE at < @before'),
  };
}

export class SqliteAuditLog implements CaseAuditLog {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepareStatements(db);
  }

  async audit(caseId: string): Promise<AuditEntry[]> {
    return (this.statements.auditByCase.all(caseId) as AuditRow[]).map(toAuditEntry);
  }

  async recordRefusal(entry: RefusalEntryInput): Promise<void> {
    const { named, comment, ...kept } = keptRefusal(entry);
    // A comment comes only with a decision on a case, so the store's own log has no place for one.
    if (entry.caseId === NO_MATCHING_CASE) this.statements.insertStoreRefusal.run({ ...kept, named: named ?? '' });
    else this.statements.insertRefusal.run({ ...kept, comment, caseId: entry.caseId });
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
      ...(typeof row.comment === 'string' ? { comment: row.comment } : {}),
    }));
  }

  async forgetRefusalsBefore(before: Instant): Promise<number> {
    const cutoff = normaliseInstant(before, 'before');
    return this.db.transaction(() => {
      this.statements.moveCutoff.run({ before: cutoff });
      return this.statements.deleteRefusals.run({ before: cutoff }).changes + this.statements.deleteStoreRefusals.run({ before: cutoff }).changes;
    }).immediate();
  }
}
