/**
 * The local Recorder used when Microsoft Graph is not configured: the same four lists as
 * SharePoint (cases, decisions, tasks, audit) as rows in a SQLite file, with the same
 * idempotency — cases and tasks are upserted by key, decisions and audit are append-only.
 */
import Database from 'better-sqlite3';
import { preparePrivateFile } from './private-files';
import type { FieldValue, Recorder, RecordList, RecordRequest } from '../../ports/recorder';

export interface LocalRecord {
  list: RecordList;
  key: string;
  caseRef: string;
  fields: Record<string, FieldValue>;
  createdAt: string;
  updatedAt: string;
  /** How many times the row was written (1 for append-only lists). */
  writes: number;
}

const APPEND_ONLY: ReadonlySet<RecordList> = new Set(['decisions', 'audit']);

export class SqliteRecorder implements Recorder {
  private readonly db: Database.Database;

  constructor(path: string) {
    // Decisions and dates about children: only the bot's own account may read them (L7).
    if (path !== ':memory:') preparePrivateFile(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS records (
      list TEXT NOT NULL, key TEXT NOT NULL, case_ref TEXT NOT NULL, fields TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, writes INTEGER NOT NULL DEFAULT 1,
      PRIMARY KEY (list, key))`);
    this.db.exec('CREATE INDEX IF NOT EXISTS records_case ON records (case_ref, list)');
  }

  async record(request: RecordRequest): Promise<void> {
    const now = new Date().toISOString();
    const fields = JSON.stringify(request.fields);
    if (APPEND_ONLY.has(request.list)) {
      this.db
        .prepare('INSERT OR IGNORE INTO records (list, key, case_ref, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(request.list, request.key, request.caseRef, fields, now, now);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO records (list, key, case_ref, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (list, key) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at, writes = writes + 1`,
      )
      .run(request.list, request.key, request.caseRef, fields, now, now);
  }

  async recordMany(requests: RecordRequest[]): Promise<void> {
    for (const request of requests) await this.record(request);
  }

  list(list: RecordList, caseRef?: string): LocalRecord[] {
    const rows = (caseRef
      ? this.db.prepare('SELECT * FROM records WHERE list = ? AND case_ref = ? ORDER BY rowid').all(list, caseRef)
      : this.db.prepare('SELECT * FROM records WHERE list = ? ORDER BY rowid').all(list)) as {
      list: RecordList; key: string; case_ref: string; fields: string; created_at: string; updated_at: string; writes: number;
    }[];
    return rows.map((r) => ({ list: r.list, key: r.key, caseRef: r.case_ref, fields: JSON.parse(r.fields) as Record<string, FieldValue>, createdAt: r.created_at, updatedAt: r.updated_at, writes: r.writes }));
  }

  close(): void {
    this.db.close();
  }
}
