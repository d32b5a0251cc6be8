/**
 * A sweep's batch often holds two commits of one case made at the same instant (a visit's reminder
 * and its overdue notice): each queues the case's SharePoint row (`record`, list `cases`), and the
 * two rows are the same. A record is an upsert of one row named by its list and key, so the second
 * only writes again what the first wrote; it is left out of the later commit. The earlier commit
 * keeps its own, so whatever happens to the later one (the store refusing it and it being applied
 * again on its own, with a fresh row) SharePoint still gets the row as the earlier commit left it:
 * a store refuses every later commit of a case once it refuses one (BatchRefusals), never an
 * earlier one alone. A row that differs in any field is kept.
 */
import type { OutboxItemInput } from '../ports/outbox';
import { sameJson } from './same-json';

interface RecordPayload {
  type: 'record';
  list: string;
  key: string;
}

function recordOf(item: OutboxItemInput): RecordPayload | null {
  const p = item.payload as Partial<RecordPayload> | null;
  return item.kind === 'record' && p !== null && typeof p === 'object' && p.type === 'record' && typeof p.list === 'string' && typeof p.key === 'string' ? (p as RecordPayload) : null;
}

/** The records queued by one case's commits so far in a batch, by list and key: the latest of each. */
export class RecordsQueued {
  private readonly latest = new Map<string, RecordPayload>();

  /**
   * The items of the case's next commit in the batch without the records the same as the latest
   * queued under their list and key; notes the records it keeps.
   */
  withoutRepeats<T extends OutboxItemInput>(items: readonly T[]): T[] {
    const kept = items.filter((item) => {
      const record = recordOf(item);
      if (!record) return true;
      const name = `${record.list}\u0000${record.key}`;
      const before = this.latest.get(name);
      return before === undefined || !sameJson(before, record);
    });
    for (const item of kept) {
      const record = recordOf(item);
      if (record) this.latest.set(`${record.list}\u0000${record.key}`, record);
    }
    return kept;
  }
}
