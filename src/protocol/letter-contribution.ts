/**
 * What the IRO wants to say in the child's "Your time in our care" letter (R-LETTER-1), asked for
 * through a card: the social worker asks once the return is agreed, the IRO writes it on the case,
 * and it goes into the letter's form and the letter kept in the case file. People outside the
 * council (a foster carer, the parents) have their words typed into the letter's form instead.
 */
import type { Actor } from './case-people';
import type { CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { refuse } from './refusal';
import { iroRecipient, notify, ok, personText, socialWorkerRecipient, stepBy, type TransitionResult } from './transition';
import { hasVisibleText } from './visible-text';

/** The social worker asks the case's IRO for their words. */
export interface LetterContributionRequested { type: 'LetterContributionRequested'; actor: Actor }
/** The IRO's words for the letter. */
export interface LetterContributionGiven { type: 'LetterContributionGiven'; actor: Actor; text: string }

export const LETTER_CONTRIBUTION_MAX = 2000;

export function requestLetterContribution(state: CaseState, event: LetterContributionRequested, now: Now, policy: CasePolicy): TransitionResult {
  if (state.letter) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-LETTER-1', 'The letter is already recorded, so there is nothing more to ask for.') };
  if (!state.iro) return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-LETTER-1', 'No IRO is named on this case: type their words into the letter yourself.') };
  // Asked once: the card offers it no more, and an old card's button pressed again would tell the IRO again each time.
  const asked = state.letterContributions;
  if (asked?.iro) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-LETTER-1', `${personText(asked.iro.by, asked.iro.onBehalfOf)} already wrote their words for the letter: they are filled in when you record the letter from the case card. Nothing was recorded.`) };
  if (asked?.iroAskedAt) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-LETTER-1', `${state.iro.name} was already asked for their words for the letter, and has been sent a button to write them. Nothing was recorded and nobody was told again. The case card shows them once given; if they are needed sooner, contact ${state.iro.name} directly.`) };
  state.letterContributions = { ...state.letterContributions, iroAskedAt: now.at };
  const data = { ref: state.ref, socialWorker: state.socialWorker.name };
  return ok(state, [notify('letter-contribution-asked', iroRecipient(state), ['R-LETTER-1'], data)], `Asked the IRO (${state.iro.name}) what they want to say in the letter`, now, policy);
}

export function giveLetterContribution(state: CaseState, event: LetterContributionGiven, now: Now, policy: CasePolicy): TransitionResult {
  if (state.letter) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-LETTER-1', `The letter was already recorded: send your words to ${state.socialWorker.name} another way.`) };
  const text = event.text.trim();
  if (!hasVisibleText(text) || text.length > LETTER_CONTRIBUTION_MAX) return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-LETTER-1', `Write what you want to say, in at most ${LETTER_CONTRIBUTION_MAX.toLocaleString('en-GB')} characters.`) };
  state.letterContributions = { ...state.letterContributions, iro: { ...stepBy(event.actor, now), text } };
  const data = { ref: state.ref, from: personText(event.actor, event.actor.onBehalfOf) };
  return ok(state, [notify('letter-contribution-given', socialWorkerRecipient(state), ['R-LETTER-1'], data)], "The IRO's words for the letter recorded", now, policy);
}
