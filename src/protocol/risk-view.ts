/**
 * R-UNPL-2: the view on whether a Legal Planning Meeting or an Initial Child Protection Conference
 * is needed is the team manager's or Head of Service's. When the social worker records the risk
 * check without it, the manager consulted is asked on a card, and gives it themselves.
 */
import type { ImmediateRiskConsidered } from './case-events';
import type { CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { ROLE_NAMES } from './case-people';
import type { RiskViewGiven } from './lifecycle-events';
import { refuse } from './refusal';
import { notify, ok, role, stepBy, TransitionResult } from './transition';

export function riskViewAsked(state: CaseState, event: ImmediateRiskConsidered, now: Now, policy: CasePolicy): TransitionResult {
  state.steps.immediateRisk = { ...stepBy(event.actor, now), summary: event.summary, consulted: event.consulted, legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false, viewAwaited: true };
  return ok(state, [notify('risk-view-needed', role(event.consulted), ['R-UNPL-2'], { ref: state.ref, consulted: event.consulted })], `Immediate risk check recorded; the ${ROLE_NAMES[event.consulted]} is asked for their view on a Legal Planning Meeting or ICPC`, now, policy);
}

export function riskViewGiven(state: CaseState, event: RiskViewGiven, now: Now, policy: CasePolicy): TransitionResult {
  const risk = state.steps.immediateRisk;
  if (!risk) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-2', 'The social worker records the immediate risk check first; then the view on an LPM or ICPC is asked for.') };
  if (event.actor.role !== risk.consulted) {
    return { ok: false, refusal: refuse('NOT_YOUR_ROLE', 'R-UNPL-2', `The social worker asked for the ${ROLE_NAMES[risk.consulted]}'s view, so it is theirs to give.`) };
  }
  state.steps.immediateRisk = {
    ...risk,
    legalPlanningMeetingNeeded: event.legalPlanningMeetingNeeded,
    childProtectionConferenceNeeded: event.childProtectionConferenceNeeded,
    viewAwaited: false,
    viewBy: stepBy(event.actor, now),
    summary: event.view.trim() ? `${risk.summary} ${ROLE_NAMES[risk.consulted]}'s view: ${event.view.trim()}` : risk.summary,
  };
  const needs = [event.legalPlanningMeetingNeeded ? 'a Legal Planning Meeting' : null, event.childProtectionConferenceNeeded ? 'an Initial Child Protection Conference' : null].filter(Boolean);
  return ok(state, [], `The ${ROLE_NAMES[risk.consulted]}'s view on the immediate risk: ${needs.length ? `${needs.join(' and ')} needed` : 'no LPM or ICPC needed'}`, now, policy);
}
