/**
 * A return home that breaks down: the child comes back into care after the care episode ended,
 * while the visits of R-VISIT-1 are still due. The visits follow a child at home, so those not yet
 * done are no longer due (kept, with the day they were due, on the record of the breakdown), nothing
 * chases them, and the case closes with the reunification review (R-UNPL-10) without them or the
 * placement's end (the child may be back in that placement). A new case follows if a return home is
 * planned again. Before the episode ends, the case is withdrawn instead ("staying in care").
 */
import { dateText } from './calendar-date';
import type { DeclarationsOf } from './event-declarations';
import { closedOr } from './event-guards';
import { refuse } from './refusal';
import { cancelVisitDeadlines, dateNotBefore, iroRecipient, notify, ok, personText, role, stepBy, visitTaskRecord } from './transition';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

export const BACK_IN_CARE_EVENTS: DeclarationsOf<'ChildBackInCare'> = {
  ChildBackInCare: {
    pastDates: { on: { words: 'date the child came back into care' } },
    roles: SOCIAL_WORKER,
    stages: ['episode-ended'],
    rule: 'R-VISIT-1',
    what: 'record that the child came back into care',
    notNow: closedOr(() => refuse('OUT_OF_ORDER', 'R-VISIT-1', 'This is recorded once the care episode has ended. Before then, if the child has come back into care, ask the team manager to withdraw the case: the child is staying in care.')),
    handle: (state, event, now, policy) => {
      if (state.backInCare) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-VISIT-1', `It is already recorded that the child came back into care on ${dateText(state.backInCare.on)}.`) };
      const home = state.facts.returnedHomeOn;
      if (!home) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', 'No return home is recorded on this case: record the return home first, then that the child came back into care.') };
      const badDate = dateNotBefore(event.on, home, 'date the child came back into care', 'R-VISIT-1', 'home');
      if (badDate) return { ok: false, refusal: badDate };
      const undone = state.visits.filter((v) => !v.doneOn);
      state.backInCare = { ...stepBy(event.actor, now), on: event.on, notes: event.notes.trim(), visitsNoLongerDue: undone };
      state.visits = state.visits.filter((v) => v.doneOn);
      const data = { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), on: event.on, visits: undone.length };
      const byManager = event.actor.role === 'team-manager';
      return ok(state, [
        ...undone.flatMap((v) => cancelVisitDeadlines(state, v.index)),
        // The SharePoint Tasks rows of those visits say so, not "due" (or "overdue") for ever.
        ...undone.map((v) => visitTaskRecord(state, v, 'no longer due')),
        ...(byManager ? [] : [notify('child-back-in-care', role('team-manager'), ['R-VISIT-1', 'R-UNPL-10'], data)]),
        notify('child-back-in-care', iroRecipient(state), ['R-VISIT-1', 'R-UNPL-10'], data),
      ], `The child came back into care on ${event.on}: the return home broke down; ${undone.length} visit${undone.length === 1 ? '' : 's'} still due ${undone.length === 1 ? 'is' : 'are'} no longer due (R-VISIT-1)`, now, policy);
    },
  },
};
