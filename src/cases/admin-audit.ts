/**
 * Audit entries for what support staff and the retention policy do outside Teams: an entry in the
 * case's own trail and the same line in the organisation's SharePoint audit list (as every
 * decision has), without changing the case. Used by subject access (export, find) and retention.
 */
import { randomUUID } from 'node:crypto';
import type { CaseCommit, CaseStore, CommitResult } from '../ports/case-store';
import { auditListLine, type AuditedActor } from './audit-list-line';

/** Support staff at the admin command, or the retention policy: nobody acts on another's behalf. */
export type AdminActor = Omit<AuditedActor, 'onBehalfOf'>;

const MAX_ATTEMPTS = 10;

/**
 * Appends `action` to the case's audit trail without changing its state (the version moves, as
 * for every audit entry; its last-change time does not). Retries while the bot is writing the case.
 */
export async function recordAdminAction(store: CaseStore, caseId: string, actor: AdminActor, action: string, at: string): Promise<void> {
  let result: CommitResult | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await store.get(caseId);
    if (!stored) throw new Error(`case ${caseId} is gone`);
    const commit: CaseCommit = {
      summary: stored.summary,
      expectedVersion: stored.version,
      state: stored.state,
      audit: { at, actorId: actor.id, actorName: actor.name, role: actor.role, action, before: null, after: null, correlationId: randomUUID() },
      outbox: [auditListLine(stored.summary, stored.version + 1, at, actor, action)],
    };
    result = await store.commit(commit);
    if (result.ok) return;
    if (result.code !== 'VERSION_CONFLICT') break;
  }
  throw new Error(`could not add to the audit trail of case ${caseId}: ${result && !result.ok ? result.code : 'unknown'}`);
}
