/** The cards that answer a click with a refusal, and a refusal's notice on the card it came from. */
import type { CommandOutcome } from '../cases/case-service';
import type { OutOfCover } from '../cases/out-of-cover';
import { RULES, type RuleId } from '../protocol';
import { type CardJson, type CardNotice, refusalCard } from './card-builder';
import { outcomeAnswer } from './outcome-answers';

type Refused = Extract<CommandOutcome, { ok: false }>;

export function refusal(title: string, message: string, rule: RuleId | null = null): CardJson {
  return refusalCard({ title, message, rule: rule ?? '', ruleText: rule ? RULES[rule].text : '' });
}

/** The same answer whether the case does not exist or the person may not see it. */
export const CASE_NOT_FOUND = (): CardJson => refusal('Case not found', 'There is no case with that id that you can see, so nothing was recorded. Type "my cases" to see your cases.');

/** A case not shown: a deputy whose cover of it ended or is still to start is told so (src/cases/out-of-cover.ts); anyone else, CASE_NOT_FOUND. */
export const notShown = (why: { outOfCover?: OutOfCover }): CardJson => (why.outOfCover ? refusal(why.outOfCover.heading, why.outOfCover.words) : CASE_NOT_FOUND());

/**
 * A refusal shown on the card it came from: it says first whether anything was recorded, so nobody
 * is left wondering, and names its rule once (the protocol's messages already end with it). A step
 * recorded already (a double tap, a second copy of the form) is not "Not recorded": it is on the case.
 */
function noticeOf(outcome: Refused): CardNotice {
  const rule = outcome.rule ?? '';
  const lead = outcome.code === 'ALREADY_DONE' ? 'Nothing new was recorded.' : 'Not recorded.';
  return { shown: true, message: `${lead} ${outcome.message}`, rule: rule !== '' && !outcome.message.includes(rule) ? rule : '' };
}

/**
 * A refusal of a button on a case's cards (src/bot/outcome-answers.ts): on the card it came from,
 * as `onTheCard` draws it with the notice, or on a card of its own.
 */
export function refusedAnswer(outcome: Refused, onTheCard: (notice: CardNotice) => CardJson | Promise<CardJson>): CardJson | Promise<CardJson> {
  const answer = outcomeAnswer(outcome.code, 'case-action');
  return answer.kind === 'own-card' ? refusal(answer.title, outcome.message, outcome.rule) : onTheCard(noticeOf(outcome));
}

/** A step the card names that the bot does not know (an old or hand-made card). */
export const UNKNOWN_STEP: CardNotice = { shown: true, message: 'That step is not known. Choose one of the actions below.', rule: '' };
