/**
 * The line each audit entry of a case also gets in the organisation's SharePoint audit list
 * (append-only, keyed by case and version): written the same way for a decision, a support
 * staff's action and the retention policy's.
 */
import type { CaseSummary, OutboxItemInput } from '../ports/case-store';
import { CASE_ROLES, ROLE_NAMES, sentenceCase, STAGE_TEXT, type CaseRole, type CaseStage } from '../protocol';

/** Who an audit entry names: a person (for a deputy, with whose authority), support staff, the retention policy or the scheduler. */
export interface AuditedActor {
  id: string;
  name: string;
  role: string;
  onBehalfOf?: { id: string; name: string } | null;
}

/** SharePoint's single line of text holds 255 characters at most; the store's audit trail keeps the action whole. */
const MAX_ACTION = 255;

/** The roles no case has: the scheduler and the retention policy ('system'), support staff's admin commands. */
const OTHER_ROLE_TEXT: Readonly<Record<string, string>> = { system: 'Automatic (no person)', admin: 'Support staff (admin command)' };

/** The role in words a records manager reads ("Head of Service"), not its code; one not known is kept as given. */
export function roleText(role: string): string {
  if ((CASE_ROLES as readonly string[]).includes(role)) return sentenceCase(ROLE_NAMES[role as CaseRole]);
  return OTHER_ROLE_TEXT[role] ?? role;
}

/** The audit list's line for entry `seq` of the case. */
export function auditListLine(summary: Pick<CaseSummary, 'caseId' | 'ref' | 'stage'>, seq: number, at: string, actor: AuditedActor, action: string): OutboxItemInput {
  return {
    effectId: `${summary.caseId}:v${seq}:audit`,
    kind: 'record',
    payload: {
      type: 'record',
      list: 'audit',
      key: `audit:${summary.caseId}:${seq}`,
      fields: {
        CaseRef: summary.ref,
        Seq: seq,
        At: at,
        Actor: actor.name,
        ActorId: actor.id,
        OnBehalfOf: actor.onBehalfOf?.name ?? null,
        Role: roleText(actor.role),
        Action: action.length <= MAX_ACTION ? action : `${action.slice(0, MAX_ACTION - 1)}…`,
        // The stage the case reached, as the case card says it ("Waiting for the Director's authorisation");
        // a closed case just "Closed", since why it closed (a review, a withdrawal) is not known here.
        Summary: summary.stage === 'closed' ? 'Closed' : (STAGE_TEXT[summary.stage as CaseStage] ?? summary.stage),
      },
    },
  };
}
