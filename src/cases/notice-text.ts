/**
 * The words of every notice: plain UK English, the case reference and role names only
 * (never a child's name or date of birth), what to do next, and the rules behind it.
 */
import type { Effect, NoticeKind } from '../protocol';
import { STAGE_NAMES } from '../protocol';
import { NOTICE_CATALOGUE } from './notice-catalogue';
import { oneLine } from './one-line';

type NotifyEffect = Extract<Effect, { type: 'notify' }>;
type ApprovalEffect = Extract<Effect, { type: 'request-approval' }>;

export function isInformationOnly(kind: NoticeKind): boolean {
  return NOTICE_CATALOGUE[kind].informationOnly;
}

export function noticeText(effect: NotifyEffect): string {
  const rules = effect.rules.length > 0 && !isInformationOnly(effect.notice) ? ` (${effect.rules.join(', ')})` : '';
  return `${NOTICE_CATALOGUE[effect.notice].text(oneLineData(effect.data))}${rules}`;
}

/** Every value a notice's words quote (comments, reasons) on one line, so none starts a paragraph that reads as the bot's (one-line.ts). */
function oneLineData(data: NotifyEffect['data']): NotifyEffect['data'] {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? oneLine(value) : value]));
}

export function approvalRequestText(effect: ApprovalEffect, ref: string): string {
  // "your team manager's agreement" would read as the agreement of the approver's own manager.
  return `Case ${ref}: the ${STAGE_NAMES[effect.stage]} is needed from you. Open the request to approve, ask for changes or reject (${effect.rules.join(', ')}).`;
}

/** What a notice was, in a few words, for saying it did not reach someone: "the notice to the IRO (R-UNPL-3)". */
export function noticeWhat(effect: NotifyEffect): string {
  return `${whatOf(effect)}${effect.rules.length > 0 ? ` (${effect.rules.join(', ')})` : ''}`;
}

/** "the request for the Head of Service's written agreement (R-SIGN-4, R-UNPL-7)". */
export function approvalWhat(effect: ApprovalEffect): string {
  return `the request for the ${STAGE_NAMES[effect.stage]} (${effect.rules.join(', ')})`;
}

/** The catalogue's words, except where the notice's data changes them (as the card's headline, src/bot/notice-card.ts). */
function whatOf(effect: NotifyEffect): string {
  if (effect.notice === 'pathway-changed' && effect.data['to'] === 'planned') return 'the notice that the case moved to the planned pathway';
  if (effect.notice === 'changes-requested' && effect.data['outcome'] === 'reject') return 'the message that the request was not agreed';
  return NOTICE_CATALOGUE[effect.notice].what;
}
