/**
 * The rows eraseCase rewrites on SQLite, beside the case itself: the case's audit entries'
 * before/after (the only audit columns the schema lets change), outbox payloads, deadline
 * payloads and command outcomes. Runs inside the caller's transaction.
 */
import type Database from 'better-sqlite3';

type Erase = (value: unknown) => unknown;

function rewrite(text: string | null, erase: Erase): string | null {
  if (text === null) return null;
  return JSON.stringify(erase(JSON.parse(text) as unknown));
}

export function eraseCaseRows(db: Database.Database, caseId: string, erase: Erase): void {
  const audit = db.prepare('SELECT seq, before_json, after_json FROM audit WHERE case_id = ?').all(caseId) as { seq: number; before_json: string | null; after_json: string | null }[];
  const setAudit = db.prepare('UPDATE audit SET before_json = ?, after_json = ? WHERE case_id = ? AND seq = ?');
  for (const row of audit) {
    const before = rewrite(row.before_json, erase);
    const after = rewrite(row.after_json, erase);
    if (before !== row.before_json || after !== row.after_json) setAudit.run(before, after, caseId, row.seq);
  }
  const payloads: [string, string, string][] = [
    ['outbox', 'effect_id', 'payload'],
    ['deadlines', 'deadline_id', 'payload'],
    ['commands', 'key', 'outcome'],
  ];
  for (const [table, id, column] of payloads) {
    const rows = db.prepare(`SELECT ${id} AS id, ${column} AS value FROM ${table} WHERE case_id = ?`).all(caseId) as { id: string; value: string | null }[];
    const set = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${id} = ?`);
    for (const row of rows) {
      const value = rewrite(row.value, erase);
      if (value !== row.value) set.run(value, row.id);
    }
  }
}
