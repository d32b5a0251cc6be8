import type Database from 'better-sqlite3';

/**
 * The case store's schema as numbered migrations. Migration n takes the file from version n-1
 * to n; they only ever get appended (a shipped migration is never edited), so every file can be
 * brought forward on open.
 */
/** What an unfired deadline keeps in the room for its firing time: as long as an instant in stored form (2026-12-05T10:00:00.000Z). */
export const UNFIRED = '------------------------';

/** SQL to run, or a step that must look at the file first (SQLite has no ADD COLUMN IF NOT EXISTS). */
type Migration = string | ((db: Database.Database) => void);

const migrations: readonly Migration[] = [
  // 1: cases, participants, audit (append-only), outbox, deadlines, commands, conversations.
  `
  CREATE TABLE cases (
    case_id     TEXT PRIMARY KEY,
    ref         TEXT NOT NULL UNIQUE,
    pathway     TEXT NOT NULL,
    stage       TEXT NOT NULL,
    participants TEXT NOT NULL,            -- JSON array, as given (order kept)
    opened_at   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    state       TEXT NOT NULL
  );
  CREATE INDEX cases_stage ON cases (stage, updated_at);
  CREATE INDEX cases_updated ON cases (updated_at);

  -- The same participants as rows, so "my cases" is an index lookup.
  CREATE TABLE case_participants (
    participant TEXT NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases (case_id),
    PRIMARY KEY (participant, case_id)
  ) WITHOUT ROWID;
  CREATE INDEX case_participants_case ON case_participants (case_id);

  CREATE TABLE audit (
    case_id           TEXT NOT NULL REFERENCES cases (case_id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    at                TEXT NOT NULL,
    actor_id          TEXT NOT NULL,
    actor_name        TEXT NOT NULL,
    on_behalf_of_id   TEXT,
    on_behalf_of_name TEXT,
    role              TEXT NOT NULL,
    action            TEXT NOT NULL,
    before_json       TEXT,
    after_json        TEXT,
    correlation_id    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
  ) WITHOUT ROWID;
  -- The audit trail is evidence: the database itself refuses to change or remove an entry.
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: update refused'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: delete refused'); END;

  CREATE TABLE outbox (
    effect_id    TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (case_id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT NOT NULL,
    payload      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    delivered_at TEXT,
    lease_owner  TEXT,
    lease_until  TEXT,
    UNIQUE (case_id, seq)
  );
  CREATE INDEX outbox_status ON outbox (status, created_at);

  CREATE TABLE deadlines (
    deadline_id TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (case_id),
    kind        TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    payload     TEXT,
    fired_at    TEXT
  );
  CREATE INDEX deadlines_due ON deadlines (due_at) WHERE fired_at IS NULL;
  CREATE INDEX deadlines_case ON deadlines (case_id, due_at);

  CREATE TABLE commands (
    key       TEXT PRIMARY KEY,
    case_id   TEXT NOT NULL REFERENCES cases (case_id),
    outcome   TEXT,
    at        TEXT NOT NULL
  );

  CREATE TABLE conversations (
    key       TEXT PRIMARY KEY,
    reference TEXT NOT NULL
  );
  `,
  // 2: refused authority checks, kept apart from the audit trail (they change no case, so no version).
  `
  CREATE TABLE refusals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id        TEXT NOT NULL REFERENCES cases (case_id),
    at             TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    actor_name     TEXT NOT NULL,
    action         TEXT NOT NULL,
    code           TEXT NOT NULL,
    rule           TEXT,
    correlation_id TEXT NOT NULL
  );
  CREATE INDEX refusals_case ON refusals (case_id, at, id);
  CREATE TRIGGER refusals_no_update BEFORE UPDATE ON refusals
    BEGIN SELECT RAISE(ABORT, 'refusals are append-only: update refused'); END;
  CREATE TRIGGER refusals_no_delete BEFORE DELETE ON refusals
    BEGIN SELECT RAISE(ABORT, 'refusals are append-only: delete refused'); END;
  `,
  // 3: unfired deadlines indexed in the order the scheduler takes them (due time, then id), so a
  // batch of the oldest reads just that batch instead of sorting every due deadline each time.
  `
  DROP INDEX deadlines_due;
  CREATE INDEX deadlines_due ON deadlines (due_at, deadline_id) WHERE fired_at IS NULL;
  `,
  // 4: outbox items are ordered per case per lane ('records' for kind 'record', 'messages' for the
  // rest; see outboxLane in src/ports/case-store.ts), so a failing Teams message no longer holds
  // back the case's SharePoint records, nor the reverse. New rows get their lane from outboxLane;
  // existing rows are filled in here with the same rule, as it stood when this was written. The
  // index serves the claim query's look-up of an earlier undelivered item in the same lane.
  `
  ALTER TABLE outbox ADD COLUMN lane TEXT NOT NULL DEFAULT 'messages' CHECK (lane IN ('records', 'messages'));
  UPDATE outbox SET lane = CASE WHEN kind = 'record' THEN 'records' ELSE 'messages' END;
  CREATE INDEX outbox_case_lane ON outbox (case_id, lane, seq);
  `,
  // 5: one row the readiness check (/readyz) rewrites to show the file still takes writes.
  `
  CREATE TABLE store_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
  );
  `,
  // 6: the store's refusal log (NO_MATCHING_CASE in src/ports/case-store.ts): authority refusals
  // that name no case there is, which no row of refusals (it references a case) can hold.
  `
  CREATE TABLE store_refusals (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    named          TEXT NOT NULL,
    at             TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    actor_name     TEXT NOT NULL,
    action         TEXT NOT NULL,
    code           TEXT NOT NULL,
    rule           TEXT,
    correlation_id TEXT NOT NULL
  );
  CREATE TRIGGER store_refusals_no_update BEFORE UPDATE ON store_refusals
    BEGIN SELECT RAISE(ABORT, 'refusals are append-only: update refused'); END;
  CREATE TRIGGER store_refusals_no_delete BEFORE DELETE ON store_refusals
    BEGIN SELECT RAISE(ABORT, 'refusals are append-only: delete refused'); END;
  `,
  // 7: retention may erase the child's personal data from an audit entry's before/after; who
  // acted, when, in which role and what they did can still never change, and nothing is deleted.
  `
  DROP TRIGGER audit_no_update;
  CREATE TRIGGER audit_no_update BEFORE UPDATE OF case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, role, action, correlation_id ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: update refused'); END;
  `,
  // 8: an unfired deadline's row keeps room for its firing time (\`unfired\`, as long as an instant
  // in stored form), which firing gives back: the row keeps its length, so firing rewrites it in
  // place instead of splitting its page (the deadlines table's pages are full, written in order).
  `
  ALTER TABLE deadlines ADD COLUMN unfired TEXT;
  UPDATE deadlines SET unfired = '${UNFIRED}' WHERE fired_at IS NULL;
  `,
  // 9: an open case whose placement end the Head of Service consented to (R-PLACE-1) waits in the
  // placement team's queue until the end is recorded (participantsOf in src/cases/case-index.ts);
  // cases already waiting are filed there too, by the same rule as it stood when this was written
  // (the Azure Tables store's index upgrade 1 is the same). \`instr\` first: most states are not parsed.
  `
  INSERT OR IGNORE INTO case_participants (participant, case_id)
    SELECT 'awaiting:end-placement', case_id FROM cases
    WHERE stage <> 'closed' AND instr(state, '"consent-given"') > 0 AND json_extract(state, '$.placement.status') = 'consent-given';
  UPDATE cases SET participants = json_insert(participants, '$[#]', 'awaiting:end-placement')
    WHERE stage <> 'closed' AND instr(state, '"consent-given"') > 0 AND json_extract(state, '$.placement.status') = 'consent-given'
      AND NOT EXISTS (SELECT 1 FROM json_each(cases.participants) WHERE value = 'awaiting:end-placement');
  `,
  // 10: the cases_stage index goes. No query used it (the case list filters by stage with
  // "@stage IS NULL OR stage = @stage", which reads cases_updated in order), and every change to
  // a case moved the case's entry in it (it ends with updated_at): a tenth of the pages a
  // scheduler's sweep wrote.
  `
  DROP INDEX IF EXISTS cases_stage;
  `,
  // 11: references read in any case ("case mos-1042" for Mos-1042) and the references sharing a
  // SharePoint folder (sameFolderKey in src/ports/case-repository.ts) through an index of that
  // folder key, instead of reading every case's reference: a forged reference is one look-up.
  `
  CREATE INDEX IF NOT EXISTS cases_ref_folder ON cases (upper(replace(ref, '/', '-')));
  `,
  // 12: the outbox loses UNIQUE (case_id, seq), an index of its own that only enforced it: every
  // read by case goes through outbox_case_lane, and each outbox row went into both (of the five
  // B-trees an item is written to, three at its case's place; a sweep writes 70,000 items). A
  // case's seq stays unique as it was given: the next after the case's highest, read in the
  // transaction that writes it (nextOutboxSeq, sqlite-commit.ts), and commits of a file do not
  // overlap. SQLite cannot drop a table constraint, so the table is rebuilt (rowids, items and
  // their order kept) and its two indexes made again.
  `
  CREATE TABLE outbox_rebuilt (
    effect_id    TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (case_id),
    seq          INTEGER NOT NULL CHECK (seq >= 1),
    kind         TEXT NOT NULL,
    payload      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   TEXT NOT NULL,
    last_error   TEXT,
    created_at   TEXT NOT NULL,
    delivered_at TEXT,
    lease_owner  TEXT,
    lease_until  TEXT,
    lane         TEXT NOT NULL DEFAULT 'messages' CHECK (lane IN ('records', 'messages'))
  );
  INSERT INTO outbox_rebuilt (rowid, effect_id, case_id, seq, kind, payload, status, attempts, not_before, last_error,
      created_at, delivered_at, lease_owner, lease_until, lane)
    SELECT rowid, effect_id, case_id, seq, kind, payload, status, attempts, not_before, last_error,
      created_at, delivered_at, lease_owner, lease_until, lane
    FROM outbox ORDER BY rowid;
  DROP TABLE outbox;
  ALTER TABLE outbox_rebuilt RENAME TO outbox;
  CREATE INDEX outbox_status ON outbox (status, created_at);
  CREATE INDEX outbox_case_lane ON outbox (case_id, lane, seq);
  `,
  // 13: an open case with no IRO named waits in the IRO manager's queue (participantsOf in
  // src/cases/case-index.ts), so their "my cases" lists the cases they cover meanwhile; cases
  // already open with none are filed there too, by the rule as it stood when this was written (the
  // Azure Tables store's index upgrade 3 is the same).
  `
  INSERT OR IGNORE INTO case_participants (participant, case_id)
    SELECT 'awaiting:iro-named', case_id FROM cases WHERE stage <> 'closed' AND json_extract(state, '$.iro') IS NULL;
  UPDATE cases SET participants = json_insert(participants, '$[#]', 'awaiting:iro-named')
    WHERE stage <> 'closed' AND json_extract(state, '$.iro') IS NULL
      AND NOT EXISTS (SELECT 1 FROM json_each(cases.participants) WHERE value = 'awaiting:iro-named');
  `,
  // 14: refusals are aged (src/cases/refusal-ageing.ts): deleted once older than a cutoff the
  // store keeps here, never younger, so the append-only guard still refuses any other delete; the
  // cutoff only moves forward (forgetRefusalsBefore). An index by time serves the delete.
  `
  CREATE TABLE IF NOT EXISTS refusals_forgotten_before (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    before TEXT NOT NULL
  );
  DROP TRIGGER IF EXISTS refusals_no_delete;
  CREATE TRIGGER refusals_no_delete BEFORE DELETE ON refusals
    WHEN old.at >= coalesce((SELECT before FROM refusals_forgotten_before WHERE id = 1), '')
    BEGIN SELECT RAISE(ABORT, 'refusals are append-only: delete refused'); END;
  DROP TRIGGER IF EXISTS store_refusals_no_delete;
  CREATE TRIGGER store_refusals_no_delete BEFORE DELETE ON store_refusals
    WHEN old.at >= coalesce((SELECT before FROM refusals_forgotten_before WHERE id = 1), '')
    BEGIN SELECT RAISE(ABORT, 'refusals are append-only: delete refused'); END;
  CREATE INDEX IF NOT EXISTS refusals_at ON refusals (at);
  CREATE INDEX IF NOT EXISTS store_refusals_at ON store_refusals (at);
  `,
  // 15: the audit table is an ordinary (rowid) table with its key (case_id, seq) as an index,
  // instead of WITHOUT ROWID. A WITHOUT ROWID row keeps at most about 1,000 bytes on its page and
  // a decision's entry is about 1.5 KB, so each entry took a page of its own for the rest, and was
  // put at its case's place among full pages, splitting them: about 4.5 pages of the log a
  // decision wrote (of 28). A rowid row up to about 4 KB stays whole on its page, and new entries
  // go at the table's end, sharing pages; the index entry at the case's place is small. About 2
  // pages now, and the table takes half the file space. Same columns, same key, same triggers;
  // entries are copied oldest first (the rowid order new ones follow).
  `
  CREATE TABLE audit_rebuilt (
    case_id           TEXT NOT NULL REFERENCES cases (case_id),
    seq               INTEGER NOT NULL CHECK (seq >= 1),
    at                TEXT NOT NULL,
    actor_id          TEXT NOT NULL,
    actor_name        TEXT NOT NULL,
    on_behalf_of_id   TEXT,
    on_behalf_of_name TEXT,
    role              TEXT NOT NULL,
    action            TEXT NOT NULL,
    before_json       TEXT,
    after_json        TEXT,
    correlation_id    TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
  );
  INSERT INTO audit_rebuilt (case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, role, action,
      before_json, after_json, correlation_id)
    SELECT case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, role, action,
      before_json, after_json, correlation_id
    FROM audit ORDER BY at, case_id, seq;
  DROP TABLE audit;
  ALTER TABLE audit_rebuilt RENAME TO audit;
  CREATE TRIGGER audit_no_update BEFORE UPDATE OF case_id, seq, at, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, role, action, correlation_id ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: update refused'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only: delete refused'); END;
  `,
  // 16: the comment of a decision refused because someone else had decided first (ALREADY_DECIDED),
  // kept with the refusal instead of lost. Null for every other refusal. Added only where missing, so
  // a file whose version was set back (as the migration tests do) is brought forward all the same.
  (db) => {
    const columns = db.prepare('PRAGMA table_info(refusals)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'comment')) db.exec('ALTER TABLE refusals ADD COLUMN comment TEXT');
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = migrations.length;

/** The file was written by a newer release of the bot; opening it with this one could damage it. */
export class SchemaTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(`case store schema version ${found} is newer than this release supports (${supported})`);
    this.name = 'SchemaTooNewError';
  }
}

/** Creates or brings forward the schema, in one immediate transaction so two processes opening at once do not both migrate. */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      version INTEGER NOT NULL
    )`);
    const row = db.prepare('SELECT version FROM schema_version WHERE id = 1').get() as { version: number } | undefined;
    const found = row?.version ?? 0;
    if (found > SCHEMA_VERSION) throw new SchemaTooNewError(found, SCHEMA_VERSION);
    for (let v = found; v < SCHEMA_VERSION; v++) {
      const step = migrations[v] ?? '';
      if (typeof step === 'string') db.exec(step);
      else step(db);
    }
    db.prepare(`INSERT INTO schema_version (id, version) VALUES (1, ?)
      ON CONFLICT (id) DO UPDATE SET version = excluded.version`).run(SCHEMA_VERSION);
  }).immediate();
}
