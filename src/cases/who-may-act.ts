/**
 * Who may send each event on a case, and how a refusal words it: asked of the protocol's event
 * declarations (src/protocol/event-declarations.ts), the one place it is written.
 * Roles are tried in order; each means "this case's" holder of it or their active deputy.
 */
import { whoMayAct as declaredWhoMayAct } from '../protocol';
import type { CaseRole, CaseState, RuleId } from '../protocol';
import type { EventInput } from './case-command';

export interface WhoMayAct {
  roles: CaseRole[];
  /** Finishes "Only this case's …, or their deputy, can …". */
  what: string;
  rule: RuleId | null;
}

export function whoMayAct(event: EventInput, state: CaseState): WhoMayAct {
  const who = declaredWhoMayAct(state, event);
  return { roles: [...who.roles], what: who.whatOnCase ?? who.what, rule: who.rule };
}
