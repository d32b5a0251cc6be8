/**
 * A change to a case's people made outside the protocol's events (an operator moving a renamed
 * team's cases; the organisation file naming a new Director): one commit with the new state and
 * what it is indexed under, an audit entry with what changed (who, when, what), the SharePoint
 * audit line, and the records and case-file documents it changes. Retries while the bot writes the case.
 */
import { randomUUID } from 'node:crypto';
import type { CaseState, Effect } from '../protocol';
import type { CaseStore, OutboxItemInput } from '../ports/case-store';
import { documentOutboxItems, type CaseDocumentSettings } from '../documents/case-documents';
import { summaryOf } from './case-index';
import { changedParts } from './audit-diff';
import { auditListLine, type AuditedActor } from './audit-list-line';

const MAX_ATTEMPTS = 10;

export type PeopleChangeResult = 'changed' | 'unchanged' | 'gone';

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
    const version = stored.version + 1;
    const records: OutboxItemInput[] = (people.records?.(state) ?? []).map((effect, index) => ({ effectId: `${caseId}:v${version}:${index}`, kind: effect.type, payload: effect }));
    const diff = changedParts(stored.state, state);
    const result = await store.commit({
      summary: summaryOf(state, people.at),
      expectedVersion: stored.version,
      state,
      audit: { at: people.at, actorId: people.actor.id, actorName: people.actor.name, role: people.actor.role, action: people.action, before: diff.before, after: diff.after, correlationId: randomUUID() },
      outbox: [...records, ...(documents ? documentOutboxItems(stored.state, state, version, documents) : []), auditListLine(state, version, people.at, people.actor, people.action)],
    });
    if (result.ok) return 'changed';
    if (result.code !== 'VERSION_CONFLICT') throw new Error(`could not change case ${caseId}: ${result.code}`);
  }
  throw new Error(`case ${caseId} stayed contended after ${MAX_ATTEMPTS} attempts`);
}
