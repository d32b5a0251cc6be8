/**
 * Closing the work: the "Your time in our care" letter (R-LETTER-1) and the reunification review
 * meeting that closes the case once nothing is outstanding (R-UNPL-10).
 */
import { dateText } from './calendar-date';
import type { CasePolicy, Now } from './case-policy';
import type { ReviewMeetingHeld } from './case-events';
import type { CaseState } from './case-state';
import type { DeclarationsOf } from './event-declarations';
import { caseIsClosed } from './event-guards';
import { refuse } from './refusal';
import { OPEN_STAGES, RETURN_AGREED_STAGES } from './stage-groups';
import { dateNotBefore, iroNotices, iroRecipient, listSteps, missingBeforeClosure, notify, ok, personText, role, socialWorkerRecipient, stepBy, type TransitionResult } from './transition';

const SOCIAL_WORKER = ['social-worker', 'team-manager'] as const;

export const CLOSING_EVENTS: DeclarationsOf<'LetterWritten' | 'ReviewMeetingHeld'> = {
  LetterWritten: {
    pastDates: { writtenOn: { words: 'letter date' } },
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    rule: 'R-LETTER-1',
    what: 'record the letter',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => {
      if (state.letter) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-LETTER-1', `The letter was already recorded on ${dateText(state.letter.writtenOn)}.`) };
      if (!RETURN_AGREED_STAGES.includes(state.stage) || state.stage === 'awaiting-director') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-LETTER-1', 'Write the "Your time in our care" letter once the decisions about the return home have been made.') };
      }
      const badDate = dateNotBefore(event.writtenOn, state.facts.accommodatedOn, 'letter date', 'R-LETTER-1');
      if (badDate) return { ok: false, refusal: badDate };
      state.letter = {
        ...stepBy(event.actor, now),
        writtenOn: event.writtenOn,
        ...(event.text?.trim() ? { text: event.text } : {}),
        ...(event.contributions ? { contributions: event.contributions } : {}),
      };
      // The IRO asked for their words (R-LETTER-1) is told the letter is done, and whether their words are in it.
      const asked = state.letterContributions;
      const effects = asked?.iroAskedAt || asked?.iro
        ? [notify('letter-recorded', iroRecipient(state), ['R-LETTER-1'], { ref: state.ref, socialWorker: personText(event.actor, event.actor.onBehalfOf), writtenOn: event.writtenOn, youWrote: Boolean(asked.iro), withYourWords: Boolean(asked.iro && event.contributions?.iro?.trim()) })]
        : [];
      return ok(state, effects, `"Your time in our care" letter written on ${event.writtenOn}`, now, policy);
    },
  },
  ReviewMeetingHeld: {
    pastDates: { heldOn: { words: 'review meeting date' } },
    roles: SOCIAL_WORKER,
    stages: OPEN_STAGES,
    leadsTo: ['closed'],
    rule: 'R-UNPL-10',
    what: 'record the reunification review meeting',
    notNow: caseIsClosed,
    handle: (state, event, now, policy) => reviewMeetingHeld(state, event, now, policy),
  },
};

function reviewMeetingHeld(state: CaseState, event: ReviewMeetingHeld, now: Now, policy: CasePolicy): TransitionResult {
  const missing = missingBeforeClosure(state);
  if (missing.length > 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', missing[0]!.rule, `The case cannot close yet. Still to do: ${listSteps(missing)}.`) };
  }
  const badDate = dateNotBefore(event.heldOn, state.facts.accommodatedOn, 'review meeting date', 'R-UNPL-10');
  if (badDate) return { ok: false, refusal: badDate };
  state.review = { ...stepBy(event.actor, now), heldOn: event.heldOn, continueWith: event.continueWith, notes: event.notes };
  state.closure = { ...stepBy(event.actor, now), reason: 'review', why: event.notes, fromStage: state.stage };
  state.stage = 'closed';
  const continuing = event.continueWith.length > 0 ? event.continueWith.join(', ') : 'no further plan';
  const data = { ref: state.ref, continueWith: continuing };
  return ok(state, [
    notify('case-closed', socialWorkerRecipient(state), ['R-UNPL-10'], data),
    notify('case-closed', role('team-manager'), ['R-UNPL-10'], data),
    // The IRO in person, as every other IRO notice (the IRO manager while none is named), and the channel.
    ...iroNotices(state, 'case-closed', ['R-UNPL-10'], data),
  ], `Reunification review held on ${event.heldOn}; continuing with ${continuing}; case closed`, now, policy);
}
