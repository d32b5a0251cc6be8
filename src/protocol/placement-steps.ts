/**
 * Ending the foster or residential placement (R-PLACE-1): the social worker asks, the Head of
 * Service consents in writing, and the end is recorded once the placement team has been told.
 */
import { addDays, type CalendarDate, dateText, isAfter } from './calendar-date';
import type { CasePolicy } from './case-policy';
import type { DeclarationsOf } from './event-declarations';
import { caseIsClosed } from './event-guards';
import { refuse, type Refusal } from './refusal';
import { OPEN_STAGES, RETURN_AGREED_STAGES } from './stage-groups';
import { dateOf, notify, ok, openApproval, personText, socialWorkerRecipient, stepBy } from './transition';
import type { CaseState, PlacementStatus } from './case-state';

/** Why the placement's end cannot be asked for again, in words (its status is a code). */
const ALREADY_ASKED: Record<Exclude<PlacementStatus, 'open'>, string> = {
  'consent-requested': "The Head of Service's consent to end the placement has already been asked for: it waits for their decision.",
  'consent-given': 'The Head of Service has already consented to end the placement: record its end when it happens.',
  ended: 'The placement has already ended.',
};

/**
 * An end date too far ahead to be meant (a year typed wrong: 2062 for 2026). The rules set no limit
 * of their own, but a placement ends when the child goes home, and a planned return takes at most
 * the R-PLAN-5 horizon (16 weeks) from the start of the work: an end further off than that from
 * today is a mistake, or a request to make nearer the time.
 */
function endTooFarAhead(date: CalendarDate, today: CalendarDate, policy: CasePolicy, field: string, later: string): Refusal | null {
  const days = policy.ruling.plannedReturnHorizonDays;
  const latest = addDays(today, days);
  if (!isAfter(date, latest)) return null;
  const span = days % 7 === 0 ? `${days / 7} weeks` : `${days} days`;
  return refuse('INVALID_DATE', 'R-PLACE-1', `The ${field} (${dateText(date)}) is more than ${span} from today: the latest it can be is ${dateText(latest)}. A placement ends when the child goes home, and a planned return takes at most ${span} (R-PLAN-5). Check the year and the date; if the end really is further off, ${later}. Nothing was recorded.`);
}

/**
 * The placement is not ended without the Head of Service's consent, and the carers are told its end
 * date once that consent is sent (R-PLACE-1): neither can be dated before the day it was given.
 */
function beforeConsent(state: CaseState, endDate: CalendarDate, carersToldOn: CalendarDate): Refusal | null {
  const consent = [...state.approvals].reverse().find((a) => a.stage === 'placement-end' && !a.cancelledAt && a.decision?.outcome === 'approve');
  if (!consent?.decision) return null;
  const consentOn = dateOf(consent.decision);
  const given = `the Head of Service consented to its end on ${dateText(consentOn)}`;
  if (isAfter(consentOn, endDate)) return refuse('INVALID_DATE', 'R-PLACE-1', `The placement cannot have ended on ${dateText(endDate)}: ${given}, and a placement is not ended without that consent. Record the day it ends, on or after ${dateText(consentOn)}. Nothing was recorded.`);
  if (isAfter(consentOn, carersToldOn)) return refuse('INVALID_DATE', 'R-PLACE-1', `The carers or provider cannot have been told the end date on ${dateText(carersToldOn)}: ${given}, and they are told the end date once that consent is sent to the Children's Placement Team. Check the date they were told. Nothing was recorded.`);
  return null;
}

/** The carers or provider are told a specified end date (R-PLACE-1): a day that comes after they are told, or that very day. */
function toldAfterTheEnd(endDate: CalendarDate, carersToldOn: CalendarDate): Refusal | null {
  if (!isAfter(carersToldOn, endDate)) return null;
  return refuse('INVALID_DATE', 'R-PLACE-1', `The carers or provider are told the placement's end date before it comes (R-PLACE-1): told on ${dateText(carersToldOn)}, they cannot have been given an end date of ${dateText(endDate)}. The placement stays open until they are told. Record the end date they were given, on or after the day they were told. Nothing was recorded.`);
}

export const PLACEMENT_EVENTS: DeclarationsOf<'PlacementEndRequested' | 'PlacementEnded'> = {
  PlacementEndRequested: {
    roles: ['social-worker', 'team-manager'],
    stages: OPEN_STAGES,
    rule: 'R-PLACE-1',
    what: 'ask to end the placement',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (state.placement.status !== 'open') return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLACE-1', ALREADY_ASKED[state.placement.status]) };
      if (!state.facts.returnedHomeOn && !RETURN_AGREED_STAGES.includes(state.stage)) {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLACE-1', 'The placement can be ended only once the child has gone home or the Head of Service has agreed the return.') };
      }
      if (isAfter(state.facts.accommodatedOn, event.proposedEndDate)) return { ok: false, refusal: refuse('INVALID_DATE', 'R-PLACE-1', 'The proposed end date is before the child came into care.') };
      const tooFar = endTooFarAhead(event.proposedEndDate, now.today, policy, 'proposed end date', 'ask nearer the time');
      if (tooFar) return { ok: false, refusal: tooFar };
      state.placement.status = 'consent-requested';
      const next = openApproval(state, 'placement-end', now, policy, { proposedEndDate: event.proposedEndDate });
      state.approvals.push(next.approval);
      return ok(state, next.effects, `Head of Service asked to consent to ending the placement on ${event.proposedEndDate}`, now, policy);
    },
  },
  PlacementEnded: {
    pastDates: { carersToldOn: { words: 'date the carers were told' } },
    // In this order: a person holding two of these roles on the case acts in the first.
    roles: ['social-worker', 'placement-team', 'team-manager'],
    stages: OPEN_STAGES,
    rule: 'R-PLACE-1',
    what: 'record the end of the placement',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (state.placement.status === 'ended') {
        const end = state.placement.endDate;
        // The end recorded may be a day still to come: "already ended" on a future day would not be true.
        const words = end && isAfter(end, now.today) ? `The end of the placement is already recorded: it ends on ${dateText(end)}.` : `The placement already ended${end ? ` on ${dateText(end)}` : ''}.`;
        return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLACE-1', words) };
      }
      if (state.placement.status !== 'consent-given') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLACE-1', "The placement stays open until the Head of Service's written consent has been sent to the Children's Placement Team.") };
      }
      if (isAfter(state.facts.accommodatedOn, event.endDate)) {
        return { ok: false, refusal: refuse('INVALID_DATE', 'R-PLACE-1', 'Check the dates: the end date must be after the child came into care.') };
      }
      const tooFar = endTooFarAhead(event.endDate, now.today, policy, 'end date', 'record it nearer the time') ?? beforeConsent(state, event.endDate, event.carersToldOn) ?? toldAfterTheEnd(event.endDate, event.carersToldOn);
      if (tooFar) return { ok: false, refusal: tooFar };
      state.placement = { status: 'ended', endDate: event.endDate, carersToldOn: event.carersToldOn, recordedBy: stepBy(event.actor, now) };
      // Closing waits for the end (R-UNPL-10): a social worker who did not record it themselves is told.
      const bySocialWorker = [event.actor.id, event.actor.onBehalfOf?.id].includes(state.socialWorker.id);
      const told = bySocialWorker ? [] : [notify('placement-end-recorded', socialWorkerRecipient(state), ['R-PLACE-1'], { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), endDate: event.endDate, carersToldOn: event.carersToldOn })];
      return ok(state, told, `Placement ends on ${event.endDate}; carers told on ${event.carersToldOn}`, now, policy);
    },
  },
};
