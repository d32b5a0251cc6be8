/**
 * The assessment and plan go for agreement (R-UNPL-5/6, R-ASSESS-*): to the team manager when the
 * return is viable, or the case becomes not viable (R-UNPL-8), whose actions follow.
 */
import { ASSESSMENT_FORM_NAMES, STEPDOWN_OPTION_NAMES, type CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import type { AssessmentSubmitted } from './case-events';
import type { DeclarationsOf } from './event-declarations';
import { closedOr } from './event-guards';
import { refuse } from './refusal';
import { PREPARING_STAGES } from './stage-groups';
import { formRulesFor } from './ruling';
import {
  dateNotBefore,
  iroNotices,
  listSteps,
  missingBeforeAssessment,
  notify,
  ok,
  riskFlagged,
  role,
  rulingFor,
  signOffFor,
  socialWorkerRecipient,
  stepBy,
  type TransitionResult,
} from './transition';
import { askForDecision } from './ask-for-decision';
import { hasVisibleText } from './visible-text';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

export const ASSESSMENT_EVENTS: DeclarationsOf<'AssessmentSubmitted' | 'NotViableActionsRecorded'> = {
  AssessmentSubmitted: {
    pastDates: { completedOn: { words: 'assessment date' } },
    roles: SOCIAL_WORKER,
    stages: PREPARING_STAGES,
    leadsTo: ['awaiting-team-manager', 'not-viable'],
    rule: 'R-UNPL-5',
    what: 'submit the assessment',
    notNow: closedOr(() => refuse('OUT_OF_ORDER', 'R-SIGN-4', 'The assessment has already been sent for agreement. Wait for the decision, or for a request for changes.')),
    handle: (state, event, now, policy) => assessmentSubmitted(state, event, now, policy),
  },
  NotViableActionsRecorded: {
    roles: SOCIAL_WORKER,
    stages: ['not-viable'],
    rule: 'R-UNPL-8',
    what: 'record the not-viable actions',
    notNow: closedOr(() => refuse('OUT_OF_ORDER', 'R-UNPL-8', 'These actions follow a not-viable decision, and this case has none.')),
    handle: (state, event, now, policy) => {
      if (!state.notViable) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-8', 'These actions follow a not-viable decision, and this case has none.') };
      if (state.notViable.actions) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-UNPL-8', 'The actions after the not-viable decision are already recorded.') };
      if (!event.childAndParentsTold) return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-8', 'Tell the child and the parents or carers of the decision first, then record the actions.') };
      // The immediate risk check's answers count (R-UNPL-2): what it said is needed must be booked.
      const risk = state.steps.immediateRisk;
      const unbooked = [
        risk?.legalPlanningMeetingNeeded && !event.legalPlanningMeetingBooked ? 'a Legal Planning Meeting' : null,
        risk?.childProtectionConferenceNeeded && !event.childProtectionConferenceBooked ? 'an Initial Child Protection Conference' : null,
      ].filter(Boolean);
      if (unbooked.length > 0) {
        return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-8', `The immediate risk check (R-UNPL-2) said ${unbooked.join(' and ')} ${unbooked.length > 1 ? 'are' : 'is'} needed. Book ${unbooked.length > 1 ? 'them' : 'it'} first, then record the actions.`) };
      }
      state.notViable.actions = {
        ...stepBy(event.actor, now),
        childAndParentsTold: event.childAndParentsTold,
        childProtectionConferenceBooked: event.childProtectionConferenceBooked,
        legalPlanningMeetingBooked: event.legalPlanningMeetingBooked,
        notes: event.notes,
      };
      return ok(state, [], 'Not-viable actions recorded', now, policy);
    },
  },
};

function assessmentSubmitted(state: CaseState, event: AssessmentSubmitted, now: Now, policy: CasePolicy): TransitionResult {
  const missing = missingBeforeAssessment(state);
  if (missing.length > 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', missing[0]!.rule, `Before the assessment can go for agreement, please ${listSteps(missing)}.`) };
  }
  const badDate = dateNotBefore(event.completedOn, state.facts.accommodatedOn, 'assessment date', 'R-UNPL-5');
  if (badDate) return { ok: false, refusal: badDate };
  const ruling = rulingFor(state, now.today, policy);
  if (event.form === 's20-return-home-assessment' && !ruling.assessment.shortFormAllowed) {
    return {
      ok: false,
      refusal: refuse('FORM_NOT_ALLOWED', 'R-ASSESS-1', `The child has been in care for more than three months (${ruling.daysInCare} days) and has no Child & Family assessment from the last 3 months, so the full Child & Family Reassessment is needed, not the S20 Return Home Assessment form.`),
    };
  }
  if (event.viable && event.stepdownPlan.length === 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-9', 'Add at least one item to the safety or stepdown plan, with what it is meant to achieve.') };
  }
  // R-UNPL-9 asks what each option is meant to achieve: an option with nothing said for it is not yet a plan.
  const unsaid = event.stepdownPlan.filter((item) => !hasVisibleText(item.purpose)).map((item) => STEPDOWN_OPTION_NAMES[item.option]);
  if (unsaid.length > 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-9', `Say what the stepdown plan is meant to achieve for each option chosen (${unsaid.join(', ')}), then submit it again.`) };
  }
  const round = (state.assessment?.round ?? 0) + 1;
  // The version sent back is kept, so approvers can see what changed since (issue 12).
  if (state.assessment) state.earlierAssessments = [...(state.earlierAssessments ?? []), state.assessment];
  state.assessment = {
    round,
    form: event.form,
    formRules: formRulesFor(event.form, ruling),
    viable: event.viable,
    riskAnalysis: event.riskAnalysis,
    safetyPlan: event.safetyPlan,
    stepdownPlan: event.stepdownPlan,
    submittedAt: now.at,
    submittedBy: { id: event.actor.id, name: event.actor.name },
    ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}),
    completedOn: event.completedOn,
  };
  // The case's own assessment is not "a Child & Family assessment completed in the last 3 months"
  // (R-ASSESS-3) for its own revision: a revised version is ruled on the facts the first was, so the
  // form ruling shown on the card and cited to approvers stays the one that applied at submission.
  state.signOff = signOffFor(ruling, policy);
  const formName = ASSESSMENT_FORM_NAMES[event.form];
  if (!event.viable) {
    state.stage = 'not-viable';
    state.notViable = { decidedAt: now.at, actions: null };
    // A planned return not yet home: the child stays accommodated, and the family is told (R-PLAN-1, R-VOICE-1), not the unplanned route's LPM/ICPC first.
    const staysInCare = state.pathway === 'planned' && !state.facts.returnedHomeOn;
    const data = { ref: state.ref, ...(staysInCare ? { staysInCare: true } : {}) };
    const rules = staysInCare ? (['R-PLAN-1', 'R-VOICE-1'] as const) : (['R-UNPL-8'] as const);
    return ok(state, [
      ...iroNotices(state, 'not-viable', [...rules], data),
      notify('not-viable', role('team-manager'), staysInCare ? [...rules] : ['R-UNPL-8', 'R-UNPL-2'], data),
      notify('not-viable', socialWorkerRecipient(state), [...rules], { ...data, you: true, lpmOrIcpcFlagged: riskFlagged(state) }),
    ], `Assessment (${formName}) recorded: return home not viable${staysInCare ? '; the planned return is not going ahead and the child stays accommodated (R-PLAN-1)' : ''}`, now, policy);
  }
  return ok(state, askForDecision(state, 'team-manager', now, policy), `Assessment (${formName}) and plan sent to the team manager for agreement`, now, policy);
}
