/** A case's audit trail (written by its commits) and its refusal log (appended on its own). */
import type { AuditEntry, RefusalEntry, RefusalEntryInput } from './case-store';

export interface CaseAuditLog {
  audit(caseId: string): Promise<AuditEntry[]>;
  /**
   * Appends a refused authority check to the log of an existing case (append-only). It never
   * touches the case, its version, its audit trail or its outbox. The instant is normalised; a
   * malformed one throws.
   */
  recordRefusal(entry: RefusalEntryInput): Promise<void>;
  /** The case's refusals, oldest first. */
  refusals(caseId: string): Promise<RefusalEntry[]>;
}
