/**
 * The end of the care episode asks whether the child and the parents have been told of the decision
 * (R-VOICE-1) and whether the agencies involved have been told (R-PLACE-2). A box left unticked is
 * recorded later, here, once they have been told; the case does not close until both are
 * (missingBeforeClosure), and the team manager and the IRO, told at the end that they had not been
 * yet, are told when they have.
 */
import { dateText } from './calendar-date';
import type { DeclarationsOf } from './event-declarations';
import { closedOr } from './event-guards';
import { refuse } from './refusal';
import type { RuleId } from './rule-catalogue';
import { dateOf, dateNotBefore, iroRecipient, notify, ok, personText, role, stepBy } from './transition';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

/** What each is, in words, and the rule that asks it. */
export const TOLD_WHO = {
  family: { what: 'the child and the parents (and others with parental responsibility) were told of the decision', field: 'familyInformed', rule: 'R-VOICE-1' },
  agencies: { what: 'the agencies involved were told the care episode has ended and what support and safety plan is in place', field: 'agenciesInformed', rule: 'R-PLACE-2' },
} as const satisfies Record<'family' | 'agencies', { what: string; field: 'familyInformed' | 'agenciesInformed'; rule: RuleId }>;

export const END_OF_CARE_TOLD_EVENTS: DeclarationsOf<'EndOfCareTold'> = {
  EndOfCareTold: {
    pastDates: { on: { words: 'date they were told' } },
    roles: SOCIAL_WORKER,
    stages: ['episode-ended'],
    rule: 'R-VOICE-1',
    what: `record that ${TOLD_WHO.family.what}`,
    who: (_state, event) => ({ roles: SOCIAL_WORKER, what: `record that ${TOLD_WHO[event.told === 'agencies' ? 'agencies' : 'family'].what}`, rule: TOLD_WHO[event.told === 'agencies' ? 'agencies' : 'family'].rule }),
    notNow: closedOr(() => refuse('OUT_OF_ORDER', 'R-VOICE-1', 'This is recorded once the care episode has ended, when its end was recorded with them not yet told: the form that ends the care episode asks it first.')),
    handle: (state, event, now, policy) => {
      const ended = state.episodeEnded!;
      const told = TOLD_WHO[event.told];
      if (ended[told.field] === true) {
        const later = ended.toldLater?.[event.told];
        const when = later ? `on ${dateText(later.toldOn)} (recorded by ${personText(later.by, later.onBehalfOf)})` : `when the care episode ended, on ${dateText(dateOf(ended))}`;
        return { ok: false, refusal: refuse('ALREADY_DONE', told.rule, `It is already recorded that ${told.what}, ${when}.`) };
      }
      const badDate = dateNotBefore(event.on, state.facts.accommodatedOn, 'date they were told', told.rule);
      if (badDate) return { ok: false, refusal: badDate };
      ended[told.field] = true;
      ended.toldLater = { ...ended.toldLater, [event.told]: { ...stepBy(event.actor, now), toldOn: event.on } };
      const data = { ref: state.ref, told: event.told, on: event.on, by: personText(event.actor, event.actor.onBehalfOf) };
      // The team manager is not told of what they recorded themselves.
      const byManager = event.actor.role === 'team-manager';
      return ok(state, [
        ...(byManager ? [] : [notify('end-of-care-told', role('team-manager'), [told.rule], data)]),
        notify('end-of-care-told', iroRecipient(state), [told.rule], data),
      ], `Recorded that ${told.what}, on ${event.on} (${told.rule})`, now, policy);
    },
  },
};
