/**
 * The notices of a case handed over (issue 11): to the person who held the part, to the person
 * who holds it now, and to the case's social worker when another part changed hands (who to ask now). Case reference and staff names only; the reason is the manager's own words,
 * sent 1:1 like a decision's comment, never to a channel.
 */
import type { NoticeData, NoticeKind } from '../protocol';
import { dateText, STAGE_NAMES, type ApprovalStage } from '../protocol';
import type { NoticeDeclaration } from './lifecycle-notice-text';

type HandoverKind = Extract<NoticeKind, 'case-handed-over' | 'case-taken-over' | 'case-part-handed-over'>;

const str = (data: NoticeData, key: string): string => (data[key] === null || data[key] === undefined ? '' : String(data[key]));

function requests(d: NoticeData, mine: boolean): string {
  const n = Number(d['requestsMoved'] ?? 0);
  const iro = d['iroViewWaiting'] === true;
  const riskView = d['riskViewWaiting'] === true;
  const withdrawal = d['withdrawalWaiting'] === true;
  if (mine) {
    const parts: string[] = [];
    const back = Number(d['requestsBack'] ?? 0);
    if (n > 0 && back === n) parts.push(n === 1 ? 'The request you had before is yours to decide again: the card you were sent for it works again' : `The ${n} requests you had before are yours to decide again: the cards you were sent for them work again`);
    else if (n > 0) parts.push(n === 1 ? 'A request is waiting for your decision: its card follows' : `${n} requests are waiting for your decision: their cards follow`);
    if (iro) {
      const earlier = d['earlierViewOn'] ? ` (the IRO's view of ${dateText(str(d, 'earlierViewOn'))} was on the version sent back for changes)` : '';
      parts.push(`The case is waiting for your view as IRO${earlier}, which goes to the Head of Service with the assessment (R-SIGN-4)`);
    }
    if (riskView) parts.push('Your view on an LPM or ICPC is asked: its card follows, and the assessment waits for it (R-UNPL-2)');
    if (d['chaseStage']) {
      const stage = STAGE_NAMES[str(d, 'chaseStage') as ApprovalStage] ?? str(d, 'chaseStage');
      const who = d['chaseDeciders'] ? ` (it waits for ${str(d, 'chaseDeciders')}, or their deputy)` : '';
      parts.push(`The ${stage}, waiting since ${dateText(str(d, 'chaseRequestedOn'))}, was escalated to the ${str(d, 'role')} on ${dateText(str(d, 'chaseEscalatedOn'))}: it is yours to chase now${who}, and you are told again if it is still not decided`);
    }
    if (withdrawal) parts.push("The social worker's request to withdraw the case waits for your answer: its card follows (R-SIGN-4)");
    if (parts.length > 0) return ` ${parts.join('. ')}.`;
    return str(d, 'role') === 'social worker' ? ' Its next steps are on the case card.' : ' Nothing is waiting for your decision on it now: you will be asked when something is.';
  }
  const words: string[] = [];
  if (n > 0) words.push(`${n === 1 ? 'The request that was waiting for you has' : `The ${n} requests that were waiting for you have`} gone to ${str(d, 'to')}: you can no longer decide ${n === 1 ? 'it' : 'them'}, and your card${n === 1 ? ' says' : 's say'} so.`);
  if (iro) words.push(`The IRO's view it was waiting for is now asked of ${str(d, 'to')}.`);
  const others = [riskView ? 'the view on an LPM or ICPC' : null, withdrawal ? "the social worker's request to withdraw the case" : null].filter(Boolean);
  if (others.length > 0) words.push(`${others.join(', and ').replace(/^./, (c) => c.toUpperCase())}, asked of you, ${others.length === 1 ? 'is' : 'are'} now for ${str(d, 'to')} to answer.`);
  return words.length > 0 ? ` ${words.join(' ')}` : '';
}

/** For the social worker: what of theirs waited for that part, and where it goes now. */
function forTheWorker(d: NoticeData): string {
  const n = Number(d['requestsMoved'] ?? 0);
  const [role, to] = [str(d, 'role'), str(d, 'to')];
  const words: string[] = [];
  if (n > 0) words.push(`${n === 1 ? `The request that was waiting for the ${role} has` : `The ${n} requests that were waiting for the ${role} have`} gone to ${to}, with the same dates.`);
  if (d['iroViewWaiting'] === true) words.push(`The IRO's view the case is waiting for is now asked of ${to}.`);
  if (d['riskViewWaiting'] === true) words.push(`The view on an LPM or ICPC asked of the ${role} is now for ${to} to give; the assessment still waits for it.`);
  if (d['withdrawalWaiting'] === true) words.push(`Your request to withdraw the case now waits for ${to}'s answer.`);
  if (words.length === 0) words.push(`What the case needs from its ${role} now goes to ${to}.`);
  return ` ${words.join(' ')}`;
}

export const HANDOVER_NOTICES: Record<HandoverKind, NoticeDeclaration> = {
  'case-handed-over': {
    headline: 'Case handed over',
    what: 'the notice that the case was handed over',
    informationOnly: true,
    color: 'Default',
    text: (d) =>
      `Case ${str(d, 'ref')} has been handed over: from ${dateText(str(d, 'on'))} its ${str(d, 'role')} is ${str(d, 'to')} instead of you (decided by ${str(d, 'by')}, who said: "${str(d, 'reason')}").${requests(d, false)} Nothing more is needed from you; you will not be sent its messages as ${str(d, 'role')} from now on.`,
  },
  'case-taken-over': {
    headline: 'A case handed to you',
    what: 'the notice that the case was handed to them',
    informationOnly: false,
    color: 'Accent',
    text: (d) =>
      `Case ${str(d, 'ref')} has been handed to you: from ${dateText(str(d, 'on'))} you are its ${str(d, 'role')}, instead of ${str(d, 'from')} (decided by ${str(d, 'by')}, who said: "${str(d, 'reason')}").${requests(d, true)} Open the case to ${d['iroViewWaiting'] === true ? 'record your view and ' : ''}see where it stands; its messages for the ${str(d, 'role')} now come to you.`,
  },
  'case-part-handed-over': {
    headline: 'Your case has a new person on it',
    what: 'the notice of who now holds a part of their case',
    informationOnly: true,
    color: 'Default',
    text: (d) =>
      `Case ${str(d, 'ref')}: from ${dateText(str(d, 'on'))} its ${str(d, 'role')} is ${str(d, 'to')} instead of ${str(d, 'from')} (decided by ${str(d, 'by')}).${forTheWorker(d)} Nothing is needed from you: from now on ask ${str(d, 'to')}${str(d, 'from') === 'nobody' ? '' : `, not ${str(d, 'from')},`} about the ${str(d, 'role')}'s part of the case.`,
  },
};
