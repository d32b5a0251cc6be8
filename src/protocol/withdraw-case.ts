/**
 * Withdrawing a case: opened in error, a duplicate, or the child is staying in care. The team
 * manager's act (their agreement); requests still waiting are withdrawn, the people on the case
 * are told, the case closes with the reason, and its reference is freed for a new case.
 */
import type { Effect, NoticeData } from './case-effects';
import type { CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { closeCase } from './case-closure';
import { WITHDRAWAL_REASON_NAMES, type CaseWithdrawn } from './lifecycle-events';
import { refuse, type Refusal } from './refusal';
import { identitiesOf } from './case-people';
import { withdrawalGroundsProblem } from './withdrawal-grounds';
import { APPROVER_ROLE, iroRecipient, notify, ok, personText, role, socialWorkerRecipient, TransitionResult } from './transition';
import { hasVisibleText } from './visible-text';

/** The reference a withdrawn case keeps, so the one it had can name a new case ("MOS-1042" → "MOS-1042_W_1a2b3c4d"). */
export function withdrawnRef(state: CaseState): string {
  return `${withdrawnRefStart(state.ref)}${state.caseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8)}`;
}

/** How the reference of every case that gave `ref` up starts ("MOS-1042_W_"). */
export function withdrawnRefStart(ref: string): string {
  return `${ref.slice(0, 20)}_W_`;
}

/**
 * Withdrawing is a team manager's agreement (R-SIGN-4), and nobody agrees their own case: its
 * social worker, though also one of its team managers, asks instead. `ids`: who is acting (and for whom).
 */
export function ownCaseWithdrawalBarred(state: CaseState, ids: readonly string[]): Refusal | null {
  if (!ids.includes(state.socialWorker.id)) return null;
  return refuse('SELF_APPROVAL', 'R-SIGN-4', 'You are this case\'s social worker, so you cannot withdraw it, or decline its withdrawal, yourself: another team manager decides. Ask for it with "Ask the team manager to withdraw" on the case card. Nothing was recorded.');
}

export function withdrawCase(state: CaseState, event: CaseWithdrawn, now: Now, policy: CasePolicy): TransitionResult {
  const own = ownCaseWithdrawalBarred(state, identitiesOf(event.actor));
  if (own) return { ok: false, refusal: own };
  const details = event.details.trim();
  if (!hasVisibleText(details)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Say in a few words why the case is withdrawn, then withdraw it again. Nothing was recorded.') };
  const grounds = withdrawalGroundsProblem(state, event.reason);
  if (grounds) return { ok: false, refusal: grounds };
  // The placement team, asked to tell the carers an end date the Head of Service consented to, must not end the placement on this case's strength.
  const consentedEnd = state.placement.status === 'consent-given' ? [...state.approvals].reverse().find((a) => a.stage === 'placement-end' && a.decision?.outcome === 'approve')?.proposedEndDate : undefined;
  const reason = WITHDRAWAL_REASON_NAMES[event.reason];
  const closing = closeCase(state, 'withdrawn', `${reason}: ${details}`, event.actor, now, `the case was withdrawn (${reason})`);
  const effects: Effect[] = closing.effects;
  // Whose requests the closing withdrew: they are told, the team manager (who withdraws) aside.
  const waitingFor = new Set(closing.withdrawn.map((a) => APPROVER_ROLE[a.stage]));
  const originalRef = state.ref;
  state.ref = withdrawnRef(state);
  if (state.closure) state.closure.ref = originalRef;
  const data: NoticeData = { ref: originalRef, by: personText(event.actor, event.actor.onBehalfOf), reason, requestsWithdrawn: false };
  effects.push(notify('case-withdrawn', socialWorkerRecipient(state), [], data));
  if (state.steps.iroInformed || state.iro) effects.push(notify('case-withdrawn', iroRecipient(state), [], data));
  if (consentedEnd) effects.push(notify('case-withdrawn', role('placement-team'), ['R-PLACE-1'], { ...data, placementEndDate: consentedEnd }));
  for (const approver of waitingFor) {
    if (approver !== 'team-manager') effects.push(notify('case-withdrawn', role(approver), [], { ...data, requestsWithdrawn: true }));
  }
  return ok(state, effects, `Case withdrawn by the team manager: ${reason} ("${details}"); its reference ${originalRef} is free again (this case is now ${state.ref})`, now, policy);
}
