/**
 * A commit with its JSON columns (the state, the audit entry's before and after, each outbox and
 * deadline payload, the command's outcome) already written out as text: what `applyCommit` writes.
 * The click's thread writes them out once and the writer thread is sent the text, which crosses
 * between threads for a fraction of what copying the objects costs and is not written out again there.
 */
import type { AuditEntryInput, CaseCommit, DeadlineInput, OutboxItemInput } from '../../ports/case-store';
import { toJson } from './sqlite-rows';

export interface CommitColumns extends Omit<CaseCommit<unknown>, 'state' | 'audit' | 'outbox' | 'deadlines' | 'command'> {
  state: string;
  audit: Omit<AuditEntryInput, 'before' | 'after' | 'json'> & { before: string | null; after: string | null };
  outbox: Array<Omit<OutboxItemInput, 'payload'> & { payload: string | null }>;
  deadlines: { schedule: Array<Omit<DeadlineInput, 'payload'> & { payload: string | null }>; cancel: string[]; fired: string[] };
  command?: { key: string; outcome: string | null };
}

export function commitColumns(commit: CaseCommit<unknown>): CommitColumns {
  const { state, audit, outbox, deadlines, command, ...rest } = commit;
  // The audit row as the service wrote it out (case-commit.ts), not written out again; not sent twice either.
  const { json, ...auditRest } = audit;
  return {
    ...rest,
    state: JSON.stringify(state),
    audit: { ...auditRest, before: json ? json.before : toJson(audit.before), after: json ? json.after : toJson(audit.after) },
    outbox: outbox.map((item) => ({ ...item, payload: toJson(item.payload) })),
    deadlines: {
      schedule: (deadlines?.schedule ?? []).map((d) => ({ ...d, payload: toJson(d.payload) })),
      cancel: deadlines?.cancel ?? [],
      fired: deadlines?.fired ?? [],
    },
    ...(command ? { command: { key: command.key, outcome: toJson(command.outcome) } } : {}),
  };
}
