/**
 * What a list's indexed columns give SharePoint: finding the items whose column equals a value
 * without reading every item. The stand-in's answers are the same with or without it (every
 * candidate is still checked against the whole filter); without it each `fields/X eq 'v'` query read
 * the whole list, so a run that files tens of thousands of records (the bench's backlog) slowed to a
 * crawl as its lists filled. Kept per list and column, built on the first query that can use it and
 * kept up to date by every write from then on.
 */
import type { FilterComparison } from './odata-filter';

export type IndexedValue = string | number | boolean | null;

interface IndexedItem {
  id: number;
  fields: Record<string, IndexedValue>;
}

/** Item ids by value, for each column queried so far. */
export class EqualityIndex {
  private readonly byColumn = new Map<string, Map<IndexedValue, Set<number>>>();

  /** Ids of the items whose `column` equals `value` (ascending), building the column's index first if needed. */
  idsWith(column: string, value: IndexedValue, items: ReadonlyMap<number, IndexedItem>): number[] {
    let index = this.byColumn.get(column);
    if (!index) {
      index = new Map();
      for (const item of items.values()) add(index, valueOf(item, column), item.id);
      this.byColumn.set(column, index);
    }
    return [...(index.get(value) ?? [])].sort((a, b) => a - b);
  }

  /** Call after an item is created or its fields changed; `before` is its fields before the change. */
  written(item: IndexedItem, before: Record<string, IndexedValue> | undefined): void {
    for (const [column, index] of this.byColumn) {
      if (before) index.get(valueOf({ id: item.id, fields: before }, column))?.delete(item.id);
      add(index, valueOf(item, column), item.id);
    }
  }

  deleted(item: IndexedItem): void {
    for (const [column, index] of this.byColumn) index.get(valueOf(item, column))?.delete(item.id);
  }
}

/**
 * The comparison a query's candidates can be found by: one conjunction (no `or`) holding an `eq` on a
 * column the index can hold (not the item's id or dates, which are not in its fields).
 */
export function indexableComparison(expression: FilterComparison[][], inFields: (name: string) => boolean): FilterComparison | undefined {
  if (expression.length !== 1) return undefined;
  return expression[0]?.find((c) => c.onFields && c.operator === 'eq' && inFields(c.property));
}

function valueOf(item: IndexedItem, column: string): IndexedValue {
  // A column added after the item was made has no value yet: the filter reads that as null.
  return item.fields[column] ?? null;
}

function add(index: Map<IndexedValue, Set<number>>, value: IndexedValue, id: number): void {
  const ids = index.get(value);
  if (ids) ids.add(id);
  else index.set(value, new Set([id]));
}
