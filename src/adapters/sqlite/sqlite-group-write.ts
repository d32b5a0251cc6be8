/**
 * Writing a group of commits (group commit): in one transaction, or each alone when one of them
 * throws, so only that one fails. Shared by the repository (on its own connection) and the writer
 * thread (sqlite-writer-thread.ts), which write exactly the same way.
 */
import type Database from 'better-sqlite3';
import type { CommitResult } from '../../ports/case-store';
import { applyCommit, type CommitStatements } from './sqlite-commit';
import type { CommitColumns } from './sqlite-commit-columns';
import type { CasesKeptMark } from './sqlite-connection';

export type Written = { ok: true; result: CommitResult } | { ok: false; error: unknown };

export interface GroupWriter {
  /** Writes the commits; `transactions` is how many transactions it took. */
  write(commits: CommitColumns[]): { written: Written[]; transactions: number };
}

export function groupWriter(db: Database.Database, writes: CommitStatements, mark: CasesKeptMark): GroupWriter {
  const single = db.transaction((commit: CommitColumns) => applyCommit(writes, commit));
  // Each commit checks its own version and idempotency key before writing, so in one transaction
  // they behave exactly as one after another.
  const group = db.transaction((commits: CommitColumns[]) => commits.map((commit) => applyCommit(writes, commit)));
  return {
    write(commits) {
      if (commits.length > 1) {
        let results: CommitResult[] | undefined;
        try {
          results = group.immediate(commits);
        } catch {
          // One of them threw (an effect id already used, say) and the whole group rolled back:
          // commit each alone below, so only that one fails.
        }
        if (results) {
          mark.afterCommits(commits, results);
          return { written: results.map((result) => ({ ok: true, result })), transactions: 1 };
        }
      }
      const written = commits.map((commit): Written => {
        try {
          const result = single.immediate(commit);
          mark.afterCommits([commit], [result]);
          return { ok: true, result };
        } catch (error) {
          return { ok: false, error };
        }
      });
      return { written, transactions: commits.length };
    },
  };
}
