/**
 * The child goes home, and the visits of R-VISIT-1 follow from that day: each recorded as it
 * happened (seen, not seen, no access), with extra visits beyond the minimum.
 */
import { dateText, isAfter } from './calendar-date';
import type { Effect } from './case-effects';
import type { DeclarationsOf } from './event-declarations';
import { caseIsClosed, closedOr } from './event-guards';
import { plannedReturnNotAgreed } from './return-agreed';
import { refuse } from './refusal';
import { visitsLimitRefusal } from './case-size';
import { BEFORE_AGREEMENT, OPEN_STAGES } from './stage-groups';
import { extraVisit, visitDayClash, visitNotDone } from './visit-as-it-happened';
import { cancelVisitDeadlines, dateNotBefore, horizonDeadlineIds, iroNotices, ok, startVisits, visitTaskRecord } from './transition';
import { iroInformedRule } from './pathway-step-rules';
import { noteRetrospective } from './retrospective-found';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

export const VISIT_EVENTS: DeclarationsOf<'ChildReturnedHome' | 'VisitRecorded'> = {
  ChildReturnedHome: {
    pastDates: { on: { words: 'return date' } },
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    // A planned return happens once it is agreed; going home before that is an unplanned return (R-SCOPE-3).
    onPathway: { planned: OPEN_STAGES.filter((s) => !BEFORE_AGREEMENT.includes(s)) },
    rule: 'R-VISIT-1',
    what: 'record the return home',
    notNow: closedOr(plannedReturnNotAgreed),
    handle: (state, event, now, policy) => {
      if (state.facts.returnedHomeOn) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-VISIT-1', `The child's return home is already recorded (${dateText(state.facts.returnedHomeOn)}).`) };
      const badDate = dateNotBefore(event.on, state.facts.accommodatedOn, 'return date', 'R-VISIT-1');
      if (badDate) return { ok: false, refusal: badDate };
      state.facts.returnedHomeOn = event.on;
      const found = noteRetrospective(state, event.actor, now);
      const effects = [...startVisits(state, now, policy), ...found.effects];
      if (state.steps.reunification) effects.push(...horizonDeadlineIds(state).map((deadlineId): Effect => ({ type: 'cancel-deadline', deadlineId })));
      // The IRO, already told the care may end, must know it now has (roles: the IRO is told of any ending; R-UNPL-3, R-PLAN-6).
      // Not yet told, they learn the day with "Inform the IRO".
      if (state.steps.iroInformed) effects.push(...iroNotices(state, 'child-went-home', [iroInformedRule(state.pathway)], { ref: state.ref, pathway: state.pathway, homeOn: event.on }));
      return ok(state, effects, `Child returned home on ${event.on}; visits due from ${state.visits[0]?.due ?? '-'}${found.words}`, now, policy);
    },
  },
  VisitRecorded: {
    pastDates: { on: { words: 'visit date' } },
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    rule: 'R-VISIT-1',
    what: 'record a visit',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (!state.facts.returnedHomeOn) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', 'Record the return home first; the visits follow from its date.') };
      if (state.backInCare) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', `The child came back into care on ${dateText(state.backInCare.on)}, so the visits after the return home are no longer due. Nothing was recorded.`) };
      // The next number after the last is an extra visit, recorded as it happens (more than the minimum five).
      const extra = event.index === state.visits.length && state.visits.length > 0;
      const found = state.visits.find((v) => v.index === event.index);
      if (!found && !extra) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', `There is no visit number ${event.index + 1} on this case: it has ${state.visits.length}.`) };
      const tooMany = extra ? visitsLimitRefusal(state) : null;
      if (tooMany) return { ok: false, refusal: tooMany };
      if (found?.doneOn) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-VISIT-1', `That visit was already recorded on ${dateText(found.doneOn)}.`) };
      const badDate = dateNotBefore(event.on, state.facts.returnedHomeOn, 'visit date', 'R-VISIT-1', 'home');
      if (badDate) return { ok: false, refusal: badDate };
      if (extra && event.outcome && event.outcome !== 'seen') return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', 'An extra visit is recorded once the child was seen; record an attempt against the visit that is due.') };
      if (found && (event.outcome ?? 'seen') === 'seen') {
        const clash = visitDayClash(state, found, event.on);
        if (clash) return { ok: false, refusal: clash };
      }
      const visit = found ?? extraVisit(state, event.on);
      if (event.outcome && event.outcome !== 'seen') return visitNotDone(state, visit, event, now, policy);
      visit.doneOn = event.on;
      visit.notes = event.notes;
      visit.recordedBy = { id: event.actor.id, name: event.actor.name };
      if (event.actor.onBehalfOf) visit.onBehalfOf = event.actor.onBehalfOf;
      const late = isAfter(event.on, visit.due);
      if (extra) return ok(state, [visitTaskRecord(state, visit)], `Extra visit recorded on ${event.on} (visit ${visit.index + 1}, beyond the minimum of R-VISIT-1)`, now, policy);
      return ok(state, [...cancelVisitDeadlines(state, visit.index), visitTaskRecord(state, visit)], `Visit recorded on ${event.on} (due ${visit.due}${late ? ', late' : ''})`, now, policy);
    },
  },
};
