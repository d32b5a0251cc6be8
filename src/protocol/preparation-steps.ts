/**
 * The social worker's steps before the assessment goes for agreement: the child's views, the
 * immediate risk check, informing the IRO, the parents' views (unplanned, R-UNPL-1..4), and the
 * planned pathway's reunification work and NSPCC framework evidence (R-PLAN-1..3).
 */
import { addDays, dateText } from './calendar-date';
import type { Effect } from './case-effects';
import { FRAMEWORK_EVIDENCE_NAMES } from './case-state';
import type { DeclarationsOf } from './event-declarations';
import { caseIsClosed, onlyWhilePreparing } from './event-guards';
import { refuse } from './refusal';
import { riskCheckRecorded } from './risk-view';
import { OPEN_STAGES, PREPARING_STAGES } from './stage-groups';
import { dateOf, dateNotBefore, horizonDeadlineIds, iroNotices, ok, personText, rulingFor, stepBy } from './transition';
import { iroInformedRule } from './pathway-step-rules';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

export const PREPARATION_EVENTS: DeclarationsOf<'ChildViewsRecorded' | 'ImmediateRiskConsidered' | 'IroInformed' | 'ParentsConsulted' | 'ReunificationStarted' | 'FrameworkEvidenceUploaded'> = {
  ChildViewsRecorded: {
    roles: SOCIAL_WORKER,
    stages: PREPARING_STAGES,
    rule: 'R-UNPL-1',
    what: "record the child's views",
    notNow: onlyWhilePreparing("record the child's views"),
    handle: (state, event, now, policy) => {
      state.steps.childViews = { ...stepBy(event.actor, now), views: event.views };
      return ok(state, [], "Child's views recorded", now, policy);
    },
  },
  ImmediateRiskConsidered: {
    roles: SOCIAL_WORKER,
    stages: PREPARING_STAGES,
    // The flowchart's step for an unplanned return: a form opened before a move to the planned pathway is refused.
    onPathway: { planned: [] },
    rule: 'R-UNPL-2',
    what: 'record the immediate risk check',
    notNow: (state) => (state.pathway === 'planned' && state.stage !== 'closed'
      ? refuse('OUT_OF_ORDER', 'R-UNPL-2', "The immediate risk check (R-UNPL-2) is a step of an unplanned return, and this case is now a planned return, so it was not recorded: a planned return takes the child's, the parents' and the IRO's views instead (R-PLAN-6).")
      : onlyWhilePreparing('record the immediate risk check')(state)),
    handle: (state, event, now, policy) => {
      // Recorded again (its form submitted again from the chat), it replaced the manager's view on an
      // LPM or ICPC with no trace on the case: that view is theirs, so it is set aside only by undoing the check.
      const viewBy = state.steps.immediateRisk?.viewBy;
      if (viewBy) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-UNPL-2', `${personText(viewBy.by, viewBy.onBehalfOf)} already gave their view on this risk check on ${dateText(dateOf(viewBy))}, so it was not recorded again: that would set their view aside. If the check must change, undo it first from the case card ("Undo a recorded step"), saying why, then record it again.`) };
      // What the check flags; the view on an LPM or ICPC is then the manager's own (risk-view.ts).
      return riskCheckRecorded(state, event, now, policy);
    },
  },
  IroInformed: {
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    rule: 'R-UNPL-3',
    what: 'inform the IRO',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (state.steps.iroInformed) return { ok: false, refusal: refuse('ALREADY_DONE', iroInformedRule(state.pathway), `The IRO was already informed on ${dateText(dateOf(state.steps.iroInformed))}.`) };
      state.steps.iroInformed = stepBy(event.actor, now);
      // A child already home is told as such: "care may end" alone reads as a return still to come.
      const data = { ref: state.ref, pathway: state.pathway, ...(state.facts.returnedHomeOn ? { homeOn: state.facts.returnedHomeOn } : {}) };
      return ok(state, [
        ...iroNotices(state, 'iro-informed', [iroInformedRule(state.pathway)], data),
      ], 'IRO informed', now, policy);
    },
  },
  ParentsConsulted: {
    roles: SOCIAL_WORKER,
    stages: PREPARING_STAGES,
    rule: 'R-UNPL-4',
    what: "record the parents' views",
    notNow: onlyWhilePreparing("record the parents' views"),
    handle: (state, event, now, policy) => {
      state.steps.parentsConsulted = { ...stepBy(event.actor, now), views: event.views, plannedReturnAgreed: event.plannedReturnAgreed };
      return ok(state, [], `Parents consulted${event.plannedReturnAgreed ? ': a planned return was agreed' : ''}`, now, policy);
    },
  },
  ReunificationStarted: {
    pastDates: { startedOn: { words: 'start date', rule: 'R-PLAN-5' } },
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    rule: 'R-PLAN-1',
    what: 'record the start of reunification work',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (state.pathway !== 'planned') return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLAN-1', 'Reunification work belongs to the planned pathway; this case is on the unplanned pathway.') };
      if (state.steps.reunification) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLAN-5', `Reunification work was already recorded as starting on ${dateText(state.steps.reunification.startedOn)}.`) };
      const badDate = dateNotBefore(event.startedOn, state.facts.accommodatedOn, 'start date', 'R-PLAN-5');
      if (badDate) return { ok: false, refusal: badDate };
      if (event.edgeOfCare !== 'consultation' && !rulingFor(state, now.today, policy).edgeOfCareEligible) {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLAN-2', 'Edge of Care works with children aged 8 to 17; for this child it can offer consultation only.') };
      }
      state.steps.reunification = { ...stepBy(event.actor, now), startedOn: event.startedOn, edgeOfCare: event.edgeOfCare };
      state.facts.reunificationStartedOn = event.startedOn;
      const horizon = rulingFor(state, now.today, policy).plannedReturnHorizon!;
      const [nearingId, reachedId] = horizonDeadlineIds(state);
      const data = { ref: state.ref, horizon };
      const effects: Effect[] = [
        { type: 'schedule-deadline', deadlineId: nearingId, kind: 'planned-horizon-nearing', dueOn: addDays(horizon, -policy.plannedHorizonWarningDays), data },
        { type: 'schedule-deadline', deadlineId: reachedId, kind: 'planned-horizon-reached', dueOn: horizon, data },
      ];
      return ok(state, effects, `Reunification work started on ${event.startedOn}; the 16-week horizon is ${horizon}`, now, policy);
    },
  },
  FrameworkEvidenceUploaded: {
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    rule: 'R-PLAN-3',
    what: 'record framework evidence',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (state.steps.reunification?.edgeOfCare !== 'framework') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLAN-3', 'Framework evidence is recorded only when reunification work follows the NSPCC framework.') };
      }
      if (state.steps.frameworkEvidence?.[event.evidence]) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLAN-3', `The ${FRAMEWORK_EVIDENCE_NAMES[event.evidence]} is already recorded.`) };
      state.steps.frameworkEvidence = { ...state.steps.frameworkEvidence, [event.evidence]: { ...stepBy(event.actor, now), ...(event.url ? { url: event.url } : {}) } };
      return ok(state, [], `Uploaded: ${FRAMEWORK_EVIDENCE_NAMES[event.evidence]}`, now, policy);
    },
  },
};
