/**
 * The sign-off chain around the decisions (R-SIGN-4): the IRO's view, asking for the Director's
 * authorisation (R-SIGN-6), and ending the care episode once the chain allows it (R-PLACE-2).
 */
import type { Effect } from './case-effects';
import type { DeclarationsOf } from './event-declarations';
import { caseIsClosed, closedOr } from './event-guards';
import { refuse } from './refusal';
import { OPEN_STAGES } from './stage-groups';
import { dateOf, iroNotices, notify, ok, personText, role, rulingFor, signOffNow, stepBy } from './transition';
import { dateText } from './calendar-date';
import { iroViewStands } from './iro-view';
import { askForDecision } from './ask-for-decision';
import { iroInformedRule } from './pathway-step-rules';
import { iroViewBarred } from './iro-independence';
import { identitiesOf } from './case-people';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

export const SIGN_OFF_EVENTS: DeclarationsOf<'IroViewRecorded' | 'DirectorAuthorisationRequested' | 'CareEpisodeEnded'> = {
  IroViewRecorded: {
    roles: ['iro', 'social-worker'],
    stages: OPEN_STAGES,
    leadsTo: ['awaiting-head-of-service'],
    rule: 'R-SIGN-4',
    what: "record the IRO's view",
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      const actor = event.actor;
      const own = iroViewBarred(state, identitiesOf(actor));
      if (own) return { ok: false, refusal: own };
      // The view is the IRO's own: the social worker may only write down one the IRO gave them orally, named as such.
      const givenOrally = actor.role === 'social-worker';
      if (givenOrally && event.givenOrally !== true) {
        return { ok: false, refusal: refuse('NOT_YOUR_ROLE', 'R-SIGN-4', "Only the IRO, or their deputy, can give the IRO's view. If the IRO gave it to you by phone or in person, tick 'The IRO gave me this view orally' and record it for them.") };
      }
      if (!state.steps.iroInformed) return { ok: false, refusal: refuse('OUT_OF_ORDER', iroInformedRule(state.pathway), 'Inform the IRO first; then their view can be recorded.') };
      // A view the IRO gave themselves, still standing, is theirs to change: the card offers the social worker
      // no form then, and one submitted again from the chat replaced it with the social worker's "given orally".
      const standing = state.iroView;
      if (givenOrally && standing && !standing.givenOrally && iroViewStands(state, policy)) {
        return { ok: false, refusal: refuse('NOT_YOUR_ROLE', 'R-SIGN-4', `${personText(standing.by, standing.onBehalfOf)} gave the IRO's view themselves on ${dateText(dateOf(standing))}, so it was not replaced: only the IRO, or their deputy, can change it. If they have given you another view since, ask them to record it from the case card. Nothing was recorded.`) };
      }
      if (!['preparing', 'revising', 'awaiting-team-manager', 'awaiting-iro-view'].includes(state.stage)) {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', "The IRO's view has already gone to the Head of Service with the assessment.") };
      }
      state.iroView = { ...stepBy(actor, now), view: event.view, reviewBroughtForward: event.reviewBroughtForward, ...(givenOrally ? { givenOrally: true } : {}) };
      const effects: Effect[] = [];
      let action = givenOrally ? "IRO's view recorded, as the IRO gave it orally to the social worker" : "IRO's view recorded";
      if (state.stage === 'awaiting-iro-view') {
        effects.push(...askForDecision(state, 'head-of-service', now, policy));
        action += '; sent to the Head of Service for written agreement';
      }
      return ok(state, effects, action, now, policy);
    },
  },
  DirectorAuthorisationRequested: {
    roles: SOCIAL_WORKER,
    stages: ['head-of-service-agreed'],
    leadsTo: ['awaiting-director'],
    rule: 'R-SIGN-6',
    what: "ask for the Director's authorisation",
    notNow: closedOr(() => refuse('OUT_OF_ORDER', 'R-SIGN-4', "The Director's authorisation can be asked for only after the Head of Service has agreed.")),
    handle: (state, _event, now, policy) => {
      state.signOff = signOffNow(state, now.today, policy);
      return ok(state, askForDecision(state, 'director', now, policy), `Sent to the Director for authorisation${state.signOff.required ? '' : ' (optional for this case)'}`, now, policy);
    },
  },
  CareEpisodeEnded: {
    roles: SOCIAL_WORKER,
    stages: ['director-authorised', 'head-of-service-agreed'],
    leadsTo: ['episode-ended'],
    rule: 'R-SIGN-4',
    what: 'record the end of the care episode',
    notNow: closedOr((state) => {
      const waitingFor = state.signOff?.required || state.stage === 'awaiting-director' ? 'the Director has authorised it' : 'the Head of Service has agreed in writing';
      return refuse('OUT_OF_ORDER', 'R-SIGN-4', `The care episode cannot be ended before ${waitingFor}.`);
    }),
    handle: (state, event, now, policy) => {
      if (state.stage === 'head-of-service-agreed') {
        const signOff = signOffNow(state, now.today, policy);
        if (signOff.required) {
          const days = rulingFor(state, now.today, policy).daysInCare;
          return { ok: false, refusal: refuse('OUT_OF_ORDER', signOff.rules[0] ?? 'R-SIGN-4', `The child has now been in care for ${days} days, so the Director must authorise the end of the care episode (${signOff.rules.join(', ')}). Ask for the Director's authorisation first.`) };
        }
      }
      if (state.stage === 'director-authorised' && !event.directorAgreementUploaded) {
        return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-PLACE-2', "Upload the Director's agreement to the child's record first, then record the end of the care episode.") };
      }
      const familyInformed = event.familyInformed === true;
      state.episodeEnded = { ...stepBy(event.actor, now), directorAgreementUploaded: event.directorAgreementUploaded, agenciesInformed: event.agenciesInformed, familyInformed };
      state.stage = 'episode-ended';
      // The parents and others with PR are told of every decision (R-VOICE-1): the IRO and managers read whether they were.
      const data = { ref: state.ref, agenciesInformed: event.agenciesInformed, familyInformed };
      return ok(state, [
        ...iroNotices(state, 'care-episode-ended', ['R-SIGN-4', 'R-PLACE-2', 'R-VOICE-1'], data, { ref: state.ref }),
        notify('care-episode-ended', role('team-manager'), ['R-PLACE-2', 'R-VOICE-1'], data),
      ], 'Care episode ended; the IRO role ends', now, policy);
    },
  },
};
