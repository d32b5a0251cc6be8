/**
 * The case_participants rows of one case, brought in line with its participants column when that
 * changes. Only the entries that came or went are written: the table is ordered by participant,
 * so each of a case's entries sits on a page of its own (among every other case of that person or
 * queue), and deleting and inserting all of them again dirtied about ten pages a decision where
 * the one queue it moved between ('awaiting:team-manager' to 'awaiting:head-of-service') needs two
 * or three: about a quarter of the pages a decision wrote to the write-ahead log.
 */
import type Database from 'better-sqlite3';

export function prepareParticipantStatements(db: Database.Database) {
  return {
    deleteParticipants: db.prepare('DELETE FROM case_participants WHERE case_id = ?'),
    deleteParticipant: db.prepare('DELETE FROM case_participants WHERE participant = ? AND case_id = ?'),
    insertParticipant: db.prepare('INSERT OR IGNORE INTO case_participants (participant, case_id) VALUES (?, ?)'),
  };
}

export type ParticipantStatements = ReturnType<typeof prepareParticipantStatements>;

/** The column as written before (JSON text), as a list; undefined when there is none to compare with. */
function listed(before: string | undefined): string[] | undefined {
  if (before === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(before);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rewrites the case's rows from `participants`, given the column as it was (`before`, JSON text;
 * undefined for a new case). The column and the rows are always written together, so the rows
 * held are the ones `before` lists; without a list to compare with, every row is written again.
 */
export function writeParticipantRows(s: ParticipantStatements, caseId: string, participants: readonly string[], before: string | undefined): void {
  const was = listed(before);
  if (!was) {
    s.deleteParticipants.run(caseId);
    for (const participant of participants) s.insertParticipant.run(participant, caseId);
    return;
  }
  const now = new Set(participants);
  const held = new Set(was);
  for (const participant of held) if (!now.has(participant)) s.deleteParticipant.run(participant, caseId);
  for (const participant of now) if (!held.has(participant)) s.insertParticipant.run(participant, caseId);
}
