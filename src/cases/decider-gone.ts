/**
 * A request whose decider has gone (taken out of the organisation file) reaches the next person up
 * the line (routing.ts), who cannot decide it: instead of its card and reminders ("Open the request
 * to decide"), they are told once a request whom it waits for, and that handing the part over
 * sends it to someone who can (the notice 'decider-gone').
 */
import { APPROVER_ROLE, type CaseState } from '../protocol';
import type { Addressee } from './delivery-addressees';
import type { CardRenderer, NotifyEffect } from './effect-delivery';
import type { MessageContext, MessageSending } from './message-sending';
import { noticeText } from './notice-text';

const HOLDERS = { 'team-manager': 'teamManagers', 'head-of-service': 'headsOfService', director: 'director' } as const;

export function deciderGoneNotice(state: CaseState, approvalId: string, gone: readonly { id: string; name: string }[]): NotifyEffect | undefined {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  if (!approval || approval.decision || approval.cancelledAt) return undefined;
  const role = APPROVER_ROLE[approval.stage];
  const key = HOLDERS[role as keyof typeof HOLDERS];
  const others = (key && state.people ? state.people[key] : []).filter((h) => !h.group && !gone.some((g) => g.id === h.id)).map((h) => h.name);
  const data = { ref: state.ref, stage: approval.stage, role, requestedOn: approval.requestedOn, gone: gone.map((g) => g.name).join(' and '), goneCount: gone.length, others: others.join(' or ') };
  return { type: 'notify', notice: 'decider-gone', to: { kind: 'role', role }, rules: ['R-SIGN-4'], data };
}

/** Tells them once for this request, whichever of its messages (the request, a reminder, a fresh copy) reaches them first. */
export async function tellDeciderGone(sending: Pick<MessageSending, 'sendOnce'>, cards: CardRenderer | undefined, to: Addressee, state: CaseState, approvalId: string, context: MessageContext | undefined): Promise<void> {
  const effect = to.upTheLine ? deciderGoneNotice(state, approvalId, to.upTheLine) : undefined;
  if (effect) await sending.sendOnce(`decider-gone:${approvalId}:${to.key}`, to, noticeText(effect), cards?.noticeCard ? cards.noticeCard(effect, state) : undefined, context);
}
