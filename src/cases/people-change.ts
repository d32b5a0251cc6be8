/**
 * A change to a case's people made outside the protocol's events (an operator moving a renamed
 * team's cases; the organisation file naming a new Director): one commit with the new state and
 * what it is indexed under, an audit entry with what changed (who, when, what), the SharePoint
 * audit line, and the records and case-file documents it changes. Retries while the bot writes the case.
 */
import { randomUUID } from 'node:crypto';
import type { CaseState, Effect } from '../protocol';
import type { CaseStore } from '../ports/case-store';
import type { CaseDocumentSettings } from '../documents/case-documents';
import { auditedCommit, auditRowTooLarge } from './audited-commit';
import type { AuditedActor } from './audit-list-line';

const MAX_ATTEMPTS = 10;

/** 'too-large': the change's audit row could not be kept (auditRowTooLarge, as for any commit by a person), so nothing was written. */
export type PeopleChangeResult = 'changed' | 'unchanged' | 'gone' | 'too-large';

export interface PeopleChange {
  /** The case changed, or null when there is nothing to change (it already matches, or is closed). */
  change(state: CaseState): CaseState | null;
  actor: AuditedActor;
  action: string;
  at: string;
  /** The records the new state needs (the Cases list's row), as effects. */
  records?(state: CaseState): Effect[];
}

export async function commitPeopleChange(store: CaseStore, caseId: string, people: PeopleChange, documents?: CaseDocumentSettings): Promise<PeopleChangeResult> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await store.get<CaseState>(caseId);
    if (!stored) return 'gone';
    const changed = people.change(stored.state);
    if (changed === null) return 'unchanged';
    const state: CaseState = { ...changed, updatedAt: people.at };
    const commit = auditedCommit(documents, { stored, state, effects: people.records?.(state) ?? [], action: people.action, actor: people.actor, at: people.at, correlationId: randomUUID() });
    if (auditRowTooLarge(commit, people.actor)) return 'too-large';
    const result = await store.commit(commit);
    if (result.ok) return 'changed';
    if (result.code !== 'VERSION_CONFLICT') throw new Error(`could not change case ${caseId}: ${result.code}`);
  }
  throw new Error(`case ${caseId} stayed contended after ${MAX_ATTEMPTS} attempts`);
}
