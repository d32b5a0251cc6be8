/**
 * R-UNPL-2: the social worker considers the immediate risk of the return and seeks the team
 * manager's or Head of Service's view on whether a Legal Planning Meeting or an Initial Child
 * Protection Conference is needed. That view is the manager's: when the risk check flags either
 * (or the social worker is not sure), the manager consulted is asked on a card and gives it
 * themselves; the social worker never records it for them.
 */
import type { ImmediateRiskConsidered } from './case-events';
import type { CaseState, RiskFlags } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { identitiesOf, ROLE_NAMES } from './case-people';
import { riskViewBarred } from './risk-view-barred';
import type { RiskViewGiven } from './lifecycle-events';
import { refuse } from './refusal';
import { notify, ok, role, stepBy, TransitionResult } from './transition';

function needsText(lpm: boolean, icpc: boolean): string {
  const needs = [lpm ? 'a Legal Planning Meeting' : null, icpc ? 'an Initial Child Protection Conference' : null].filter(Boolean);
  return needs.join(' and ');
}

/** What a risk check flagged, for the manager asked again (the case handed to a new one): "that a Legal Planning Meeting may be needed". */
export function flaggedText(flagged: RiskFlags | undefined): string {
  // "Not sure" asks the manager whether either is needed: it flags neither as likely (R-UNPL-2).
  if (!flagged || flagged.notSure) return 'whether a Legal Planning Meeting or ICPC is needed';
  return `that ${needsText(flagged.legalPlanningMeeting, flagged.childProtectionConference)} may be needed`;
}

/** The social worker's risk check: what it flags, and, if anything, the manager asked for their view. */
export function riskCheckRecorded(state: CaseState, event: ImmediateRiskConsidered, now: Now, policy: CasePolicy): TransitionResult {
  // Undefined is "not sure": the manager decides that too.
  const flaggedLpm = event.legalPlanningMeetingNeeded !== false;
  const flaggedIcpc = event.childProtectionConferenceNeeded !== false;
  const base = { ...stepBy(event.actor, now), summary: event.summary, consulted: event.consulted, legalPlanningMeetingNeeded: false, childProtectionConferenceNeeded: false };
  if (!flaggedLpm && !flaggedIcpc) {
    state.steps.immediateRisk = { ...base, flagged: { legalPlanningMeeting: false, childProtectionConference: false } };
    return ok(state, [], 'Immediate risk check recorded: it flags no need for a Legal Planning Meeting or ICPC', now, policy);
  }
  const notSure = event.legalPlanningMeetingNeeded === undefined && event.childProtectionConferenceNeeded === undefined;
  const flags: RiskFlags = { legalPlanningMeeting: flaggedLpm, childProtectionConference: flaggedIcpc, ...(notSure ? { notSure: true as const } : {}) };
  state.steps.immediateRisk = { ...base, flagged: flags, viewAwaited: true };
  const flagged = flaggedText(flags);
  return ok(state, [notify('risk-view-needed', role(event.consulted), ['R-UNPL-2'], { ref: state.ref, consulted: event.consulted, flagged })],
    `Immediate risk check recorded; it flags ${flagged}, so the ${ROLE_NAMES[event.consulted]} is asked for their view`, now, policy);
}

export function riskViewGiven(state: CaseState, event: RiskViewGiven, now: Now, policy: CasePolicy): TransitionResult {
  const risk = state.steps.immediateRisk;
  if (!risk) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-2', 'The social worker records the immediate risk check first; then the view on an LPM or ICPC is asked for.') };
  if (!risk.viewAwaited && !risk.viewBy) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-2', 'The immediate risk check flagged no need for a Legal Planning Meeting or ICPC, so no view was asked for. The social worker can undo the risk check and record it again if that has changed.') };
  const own = riskViewBarred(state, identitiesOf(event.actor));
  if (own) return { ok: false, refusal: own };
  if (event.actor.role !== risk.consulted) {
    return { ok: false, refusal: refuse('NOT_YOUR_ROLE', 'R-UNPL-2', `The social worker asked for the ${ROLE_NAMES[risk.consulted]}'s view, so it is theirs to give.`) };
  }
  state.steps.immediateRisk = {
    ...risk,
    legalPlanningMeetingNeeded: event.legalPlanningMeetingNeeded,
    childProtectionConferenceNeeded: event.childProtectionConferenceNeeded,
    viewAwaited: false,
    viewBy: stepBy(event.actor, now),
    view: event.view.trim(),
  };
  const needs = needsText(event.legalPlanningMeetingNeeded, event.childProtectionConferenceNeeded);
  return ok(state, [], `The ${ROLE_NAMES[risk.consulted]}'s view on the immediate risk: ${needs ? `${needs} needed` : 'no LPM or ICPC needed'}`, now, policy);
}
