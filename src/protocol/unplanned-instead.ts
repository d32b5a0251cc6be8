/**
 * R-SCOPE-3: a planned return becomes unplanned (a trigger came up). Requests under way are
 * withdrawn, the planned horizon's deadlines cancelled, and the case is prepared again.
 */
import type { Effect } from './case-effects';
import type { DeclarationsOf } from './event-declarations';
import { closedOr } from './event-guards';
import { pathwayFixed } from './return-agreed';
import { tellApproversOfMove, withdrawRequestsOnMove } from './pathway-move-requests';
import { refuse } from './refusal';
import { flaggedText } from './risk-view';
import { riskViewWaiting } from './risk-view-waiting';
import { BEFORE_AGREEMENT, OPEN_STAGES } from './stage-groups';
import { triggerAgeProblem } from './trigger-age';
import { horizonDeadlineIds, iroRecipient, notify, ok, role } from './transition';

export const UNPLANNED_INSTEAD_EVENTS: DeclarationsOf<'PathwayChangedToUnplanned'> = {
  PathwayChangedToUnplanned: {
    roles: ['social-worker', 'team-manager'],
    // An unplanned case is told it is already unplanned (the handler), in any open stage.
    stages: OPEN_STAGES,
    onPathway: { planned: BEFORE_AGREEMENT },
    leadsTo: ['preparing'],
    rule: 'R-SCOPE-3',
    what: 'change the pathway',
    notNow: closedOr(pathwayFixed),
    handle: (state, event, now, policy) => {
      if (state.pathway === 'unplanned') return { ok: false, refusal: refuse('ALREADY_DONE', 'R-SCOPE-3', 'This case is already on the unplanned pathway.') };
      const tooYoung = triggerAgeProblem(event.trigger, state.facts.dateOfBirth, state.facts.returnedHomeOn, now.today);
      if (tooYoung) return { ok: false, refusal: tooYoung };
      const effects: Effect[] = [];
      const waitingFor = withdrawRequestsOnMove(state, now, effects);
      effects.push(...horizonDeadlineIds(state).map((deadlineId): Effect => ({ type: 'cancel-deadline', deadlineId })));
      state.pathwayChanges.push({ from: 'planned', to: 'unplanned', trigger: event.trigger, at: now.at, by: { id: event.actor.id, name: event.actor.name }, ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}) });
      state.pathway = 'unplanned';
      state.trigger = event.trigger;
      state.stage = 'preparing';
      const data = { ref: state.ref, trigger: event.trigger };
      effects.push(
        notify('pathway-changed', iroRecipient(state), ['R-SCOPE-3', 'R-UNPL-3'], data),
        notify('pathway-changed', role('team-manager'), ['R-SCOPE-3'], data),
        ...tellApproversOfMove(waitingFor, ['R-SCOPE-3'], data),
      );
      // A view on an LPM or ICPC left waiting by an earlier move to the planned pathway is wanted again (R-UNPL-2): asked again, not left to be found.
      const risk = state.steps.immediateRisk;
      if (risk && riskViewWaiting(state)) effects.push(notify('risk-view-needed', role(risk.consulted), ['R-UNPL-2'], { ref: state.ref, consulted: risk.consulted, flagged: flaggedText(risk.flagged) }));
      return ok(state, effects, 'Moved from the planned to the unplanned pathway', now, policy);
    },
  },
};
