/**
 * A request whose decider has gone (taken out of the organisation file) reaches the next person up
 * the line (routing.ts), who cannot decide it: instead of its card and reminders ("Open the request
 * to decide"), they are told once a request whom it waits for, and that handing the part over
 * sends it to someone who can (the notice 'decider-gone').
 */
import { APPROVER_ROLE, decisionBarred, listInWords, partHolders, ROLE_NAMES, type CaseRole, type CaseState, type Holder } from '../protocol';
import type { Organisation } from './organisation';
import { removedFromFile } from './removed-people';
import type { Addressee } from './delivery-addressees';
import type { CardRenderer, NotifyEffect } from './effect-delivery';
import type { MessageContext, MessageSending } from './message-sending';
import { noticeText } from './notice-text';

/** Who holds the approver's part on the case (an approver is never the placement team). */
function approverHolders(state: CaseState, role: CaseRole): readonly Holder[] {
  return state.people && role !== 'placement-team' ? partHolders(state, state.people, role) : [];
}

export function deciderGoneNotice(state: CaseState, approvalId: string, gone: readonly { id: string; name: string }[]): NotifyEffect | undefined {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  if (!approval || approval.decision || approval.cancelledAt) return undefined;
  const role = APPROVER_ROLE[approval.stage];
  const others = approverHolders(state, role).filter((h) => !h.group && !gone.some((g) => g.id === h.id)).map((h) => h.name);
  const data = { ref: state.ref, stage: approval.stage, role, requestedOn: approval.requestedOn, gone: gone.map((g) => g.name).join(' and '), goneCount: gone.length, others: others.join(' or ') };
  return { type: 'notify', notice: 'decider-gone', to: { kind: 'role', role }, rules: ['R-SIGN-4'], data };
}

/**
 * An escalation's "it waits for Taylor Manager, or their deputy" (escalation.ts decidersNamed), less
 * those the organisation file no longer names; when nobody is left, `decidersGone` says to hand the part over.
 */
export function withoutGoneDeciders(org: Organisation, state: CaseState, effect: NotifyEffect): NotifyEffect {
  const approval = effect.notice === 'approval-escalation' ? state.approvals.find((a) => a.approvalId === effect.data['approvalId']) : undefined;
  if (!approval || effect.data['deciders'] === undefined) return effect;
  const role = APPROVER_ROLE[approval.stage];
  const named = approverHolders(state, role).filter((h) => !h.group && !decisionBarred(state, approval, [h.id]));
  const still = named.filter((h) => !removedFromFile(org, state, h.id, role)).map((h) => h.name);
  if (still.length === named.length) return effect;
  const { deciders: _named, ...rest } = effect.data;
  const deciders: Record<string, string> = still.length === 0 ? { decidersGone: ROLE_NAMES[role] } : { deciders: listInWords(still) };
  return { ...effect, data: { ...rest, ...deciders } };
}

/** Tells them once for this request, whichever of its messages (the request, a reminder, a fresh copy) reaches them first. */
export async function tellDeciderGone(sending: Pick<MessageSending, 'sendOnce'>, cards: CardRenderer | undefined, to: Addressee, state: CaseState, approvalId: string, context: MessageContext | undefined): Promise<void> {
  const effect = to.upTheLine ? deciderGoneNotice(state, approvalId, to.upTheLine) : undefined;
  if (effect) await sending.sendOnce(`decider-gone:${approvalId}:${to.key}`, to, noticeText(effect), cards?.noticeCard ? cards.noticeCard(effect, state) : undefined, context);
}
