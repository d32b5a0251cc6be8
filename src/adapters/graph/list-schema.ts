/**
 * The four SharePoint lists the Recorder writes, column by column: the one definition used by the
 * recorder (to validate and shape fields) and by provisioning (to create the lists).
 * Deliberately absent: the child's name and date of birth — rows identify a case by CaseRef only.
 */
import type { RecordList } from '../../ports/recorder';

/** `multilineText` is SharePoint's "multiple lines of text": longer than 255 characters, never indexable. */
export type ColumnType = 'text' | 'multilineText' | 'number' | 'boolean' | 'dateTime' | 'date';

export interface ListColumn {
  name: string;
  type: ColumnType;
  /** Indexed columns can be used in $filter (Graph refuses filters on the others). */
  indexed?: boolean;
}

export interface ListDefinition {
  list: RecordList;
  displayName: string;
  description: string;
  columns: readonly ListColumn[];
}

export const IDEMPOTENCY_KEY_COLUMN = 'IdempotencyKey';
export const CASE_REF_COLUMN = 'CaseRef';

const key: ListColumn = { name: IDEMPOTENCY_KEY_COLUMN, type: 'text', indexed: true };
const caseRef: ListColumn = { name: CASE_REF_COLUMN, type: 'text', indexed: true };

export const LIST_SCHEMA: Readonly<Record<RecordList, ListDefinition>> = {
  cases: {
    list: 'cases',
    displayName: 'Cases',
    description: 'One row per return-home case: its stage and who holds each role.',
    columns: [
      key,
      caseRef,
      { name: 'Pathway', type: 'text' },
      { name: 'Stage', type: 'text', indexed: true },
      { name: 'OpenedAt', type: 'dateTime' },
      { name: 'UpdatedAt', type: 'dateTime' },
      { name: 'SocialWorker', type: 'text' },
      { name: 'TeamManager', type: 'text' },
      { name: 'HeadOfService', type: 'text' },
      { name: 'Director', type: 'text' },
      { name: 'Iro', type: 'text' },
      { name: 'DirectorSignOffRequired', type: 'boolean' },
      { name: 'DirectorSignOffRules', type: 'multilineText' },
      { name: 'DaysInCare', type: 'number' },
    ],
  },
  decisions: {
    list: 'decisions',
    displayName: 'Decisions',
    description: 'Every decision and sign-off, append-only.',
    columns: [
      key,
      caseRef,
      { name: 'Stage', type: 'text' },
      { name: 'Outcome', type: 'text' },
      { name: 'DecidedBy', type: 'text' },
      { name: 'DecidedById', type: 'text' },
      { name: 'OnBehalfOf', type: 'text' },
      { name: 'Comment', type: 'multilineText' },
      { name: 'DecidedAt', type: 'dateTime' },
      { name: 'Retrospective', type: 'boolean' },
    ],
  },
  tasks: {
    list: 'tasks',
    displayName: 'Tasks',
    description: 'Visits, reviews and other dated tasks with their status.',
    columns: [
      key,
      caseRef,
      { name: 'Kind', type: 'text' },
      { name: 'DueOn', type: 'date', indexed: true },
      { name: 'DoneOn', type: 'date' },
      { name: 'Status', type: 'text' },
      { name: 'RecordedBy', type: 'text' },
      { name: 'OnBehalfOf', type: 'text' },
    ],
  },
  audit: {
    list: 'audit',
    displayName: 'Audit',
    description: 'Who did what and when, append-only.',
    columns: [
      key,
      caseRef,
      { name: 'Seq', type: 'number' },
      { name: 'At', type: 'dateTime' },
      { name: 'Actor', type: 'text' },
      { name: 'ActorId', type: 'text' },
      { name: 'OnBehalfOf', type: 'text' },
      { name: 'Role', type: 'text' },
      { name: 'Action', type: 'text' },
      { name: 'Summary', type: 'multilineText' },
    ],
  },
};

export const RECORD_LISTS: readonly RecordList[] = ['cases', 'decisions', 'tasks', 'audit'];

/** The Graph columnDefinition body for a column (POST …/lists or …/lists/{id}/columns). */
export function columnDefinition(column: ListColumn): Record<string, unknown> {
  const facet: Record<string, unknown> = (() => {
    switch (column.type) {
      case 'text':
        return { text: { allowMultipleLines: false, maxLength: 255 } };
      case 'multilineText':
        return { text: { allowMultipleLines: true, linesForEditing: 6, textType: 'plain' } };
      case 'number':
        return { number: { decimalPlaces: 'none' } };
      case 'boolean':
        return { boolean: {} };
      case 'dateTime':
        return { dateTime: { format: 'dateTime', displayAs: 'standard' } };
      case 'date':
        return { dateTime: { format: 'dateOnly', displayAs: 'standard' } };
    }
  })();
  return { name: column.name, displayName: column.name, indexed: column.indexed === true, ...facet };
}

export function columnOf(list: RecordList, name: string): ListColumn | undefined {
  return LIST_SCHEMA[list].columns.find((column) => column.name === name);
}
