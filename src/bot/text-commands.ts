/**
 * What people type to the bot in personal chat (README "What people type to the bot"): each
 * command answered with words, a card, or both. Anything else gets the help.
 */
import type { Person } from '../protocol';
import { APP_NAME, latestFactDay } from '../protocol';
import { listContextOf, type S20BotDeps } from './bot-deps';
import { type CardJson, startCaseForm } from './card-builder';
import { caseCardFor } from './case-card-for';
import { NEW_COPY_COMMAND, newCopyAnswer } from './new-copy-command';
import { emptyStartForm } from './start-case-handler';
import { waitingCard } from './waiting-card';
import { closedCasesText, coveredCasesText, myCasesPageText, myCasesText, needingPeopleText, teamCasesText, waitingPageText } from './working-list-text';
import { typedCommandAnswer } from './outcome-answers';

export const HELP_TEXT = [
  'I help you follow the protocol for a child returning home from section 20 accommodation. You can type:',
  '- **new case**: for social workers and team managers, start a case (you will need the case-record id, never the child’s name)',
  '- **my cases**: what is waiting for you (overdue marked), then your open cases (40 at a time: "my cases 2" for the next 40)',
  '- **team cases**: for team managers, Heads of Service and the Director, the open cases of your team or service, overdue first (40 at a time: "team cases 2" for the next 40)',
  '- **my closed cases**: your closed cases (40 at a time: "my closed cases 2" for the next 40)',
  '- **waiting**: what is waiting for you, as at the top of "my cases" (40 of each kind at a time: "waiting 2" for the next 40)',
  '- **covered cases**: for a deputy, the open cases of the person you cover (40 at a time: "covered cases 2" for the next 40)',
  '- **needing people**: for managers, the cases that name someone no longer in the organisation file (40 at a time: "needing people 2" for the next 40)',
  '- **case REF**: open a case by its reference, for example "case MOS-1042"',
  '- **new copy REF**: a fresh copy of a request waiting for your decision, by Teams and mail',
  '- **help**: this message',
].join('\n');

export const WELCOME_TEXT = `Welcome. ${HELP_TEXT}`;

/** A message to the app in a channel: the commands work in its personal chat only, where a case's details are seen by that person alone. */
export const CHANNEL_TEXT = `Cases are started and worked on in a personal chat with ${APP_NAME}, not in a channel, so nothing was done here. Open your chat with it in Teams (find it under Apps) and type "help" there.`;

/** One answer in the chat: words, a card, or a card with words above it. */
export type ChatAnswer = { text: string; card?: CardJson } | { text?: string; card: CardJson };

/**
 * A typed message as a command: Teams' markup removed, spaces made single, and a full stop or
 * question mark at the end (a phone adds one) left off. In steps that take time in proportion to
 * the message: `/<[^>]*>/` and `/\s*[.!?]+$/` backtrack over a run of '<' or '.', so one message of
 * 250 KB of them held the thread that answers everyone for half a minute.
 */
export function commandText(raw: string | undefined): string {
  const text = (raw ?? '').replace(/<[^<>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  let end = text.length;
  while (end > 0 && '.!?'.includes(text[end - 1]!)) end -= 1;
  return end === text.length ? text : text.slice(0, end).trimEnd();
}

export async function answerText(deps: S20BotDeps, actor: Person, text: string, activityId: string | undefined): Promise<ChatAnswer> {
  const lower = text.toLowerCase();
  if (/^(new|start|open)( a)?( new)? case$|^new$|^start$/.test(lower)) {
    // No form to fill in for nothing: the case service would refuse its submit.
    const whyNot = await deps.service.whyNotOpener(actor);
    // A deputy outside their dates is told them, not that they are not set up at all.
    if (whyNot) return { text: whyNot.code === 'DEPUTY_OUT_OF_DATES' ? `${whyNot.message} So there is no start form for you today; nothing was recorded. Type "my cases" for the cases you are part of.` : typedCommandAnswer('NOT_YOUR_ROLE', { command: 'new case' }) };
    return { card: startCaseForm({ notice: { shown: false, message: '' }, values: emptyStartForm(), errors: emptyStartForm(), iroChoices: deps.service.iroChoices(actor), latestDay: latestFactDay(deps.service.now().today) }) };
  }
  const myPage = /^(?:my )?cases (?:page )?(\d{1,4})$/.exec(lower);
  if (myPage && Number(myPage[1]) > 1) return { text: myCasesPageText((await deps.service.myOpenCases(actor)).open, Number(myPage[1])) };
  if (/^(my )?cases$|^my case$|^list( cases)?$|^(my )?cases (page )?0*1$/.test(lower)) {
    const [waitingForYou, mine, needing] = await Promise.all([deps.service.waitingFor(actor), deps.service.myOpenCases(actor), deps.service.casesNeedingPeople(actor)]);
    const waiting = waitingForYou.decisions;
    const needingPeople = needingPeopleText(needing);
    // Asked only when there is nothing to list: "new case" is suggested to those who may start one.
    const nothing = waiting.length + waitingForYou.escalated.length + mine.steps.length + mine.open.length + mine.covered.length === 0 && !needingPeople && !waitingForYou.directoryUnavailable;
    const mayStart = nothing ? await deps.service.mayOpenCase(actor) : true;
    const holdsRole = mayStart || (await deps.service.holdsAnyRole(actor));
    const oversees = nothing && holdsRole ? await deps.service.oversees(actor) : false;
    const words = myCasesText({ decisions: waiting, escalated: waitingForYou.escalated, steps: mine.steps, open: mine.open, covered: mine.covered, directoryUnavailable: waitingForYou.directoryUnavailable, mayStart, holdsRole, oversees, ...(needingPeople ? { needingPeople } : {}) }, listContextOf(deps));
    // With what waits, a card with a button for each, to open it in one tap on a phone.
    return waiting.length === 0 ? { text: words } : { text: words, card: waitingCard(waiting, listContextOf(deps)) };
  }
  // The command without its reference: say what to add, rather than the whole help.
  if (lower === 'case' || lower === 'new copy') return { text: `Type "${lower}" and the case reference, for example "${lower} MOS-1042". Type "my cases" to see your cases.` };
  const copyMatch = NEW_COPY_COMMAND.exec(text);
  if (copyMatch) return { text: await newCopyAnswer(deps.service, actor, copyMatch[1]!, activityId ?? `new-copy:${Date.now()}`) };
  const teamMatch = /^(?:my )?(?:team|service)(?: s)? cases(?: (?:page )?(\d{1,4}))?$|^team$/.exec(lower);
  if (teamMatch) {
    const found = await deps.service.teamCases(actor);
    const page = Math.max(1, Number(teamMatch[1] ?? 1));
    return { text: found.ok ? teamCasesText(found.scope, found.lines, page) : typedCommandAnswer(found.code, { command: 'team cases' }) };
  }
  const closedMatch = /^(?:my )?closed(?: cases)?(?: (?:page )?(\d{1,4}))?$/.exec(lower);
  if (closedMatch) return { text: closedCasesText(await deps.service.myClosedCases(actor), Math.max(1, Number(closedMatch[1] ?? 1))) };
  const waitingMatch = /^waiting(?: for me)?(?: (?:page )?(\d{1,4}))?$/.exec(lower);
  if (waitingMatch) {
    const [waitingForYou, mine] = await Promise.all([deps.service.waitingFor(actor), deps.service.myOpenCases(actor)]);
    return { text: waitingPageText({ decisions: waitingForYou.decisions, escalated: waitingForYou.escalated, steps: mine.steps }, listContextOf(deps), Math.max(1, Number(waitingMatch[1] ?? 1))) };
  }
  const coveredMatch = /^(?:my )?cover(?:ed)?(?: cases)?(?: (?:page )?(\d{1,4}))?$/.exec(lower);
  if (coveredMatch) return { text: coveredCasesText((await deps.service.myOpenCases(actor)).covered, Math.max(1, Number(coveredMatch[1] ?? 1))) };
  const needingMatch = /^(?:cases )?needing (?:people|a new person|new people)(?: (?:page )?(\d{1,4}))?$/.exec(lower);
  if (needingMatch) return { text: needingPeopleText(await deps.service.casesNeedingPeople(actor), Math.max(1, Number(needingMatch[1] ?? 1))) ?? 'No case you oversee names someone who has left the organisation file, so none needs a new person. Type "my cases" for what is waiting for you.' };
  const caseMatch = /^case\s+(\S+)$/i.exec(text);
  if (caseMatch) {
    const ref = caseMatch[1]!;
    // One lookup, need-to-know checked. An unknown case and one this person may not see get the same answer: no existence leak.
    const view = await deps.service.viewByRef(actor, ref, 'ShowCase', activityId);
    if (!view.stored) return { text: view.outOfCover?.words ?? typedCommandAnswer('UNKNOWN_CASE', { command: 'case', ref }) };
    return { card: await caseCardFor(deps, actor, view.stored.state) };
  }
  return { text: HELP_TEXT };
}
