/**
 * Delivers an approval request: its card to each person who may decide it (never to someone
 * R-SIGN-4 bars from it), by Teams and, where mail is configured, by Outlook too. Nobody to ask
 * is told to the social worker like any message that did not reach someone.
 */
import type { CaseState } from '../protocol';
import type { OutboxItem } from '../ports/case-store';
import { RecipientUnreachableError } from '../ports/notifier';
import { PermanentRecordError } from '../ports/recorder';
import { barredFromDeciding } from './barred-recipients';
import { tellDeciderGone } from './decider-gone';
import { reviveCopies } from './card-copies';
import type { ApprovalEffect, EffectDelivererDeps } from './effect-delivery';
import type { MessageSending } from './message-sending';
import { approvalRequestText, approvalWhat } from './notice-text';
import { forgetGivenUp } from './undelivered-messages';
import { deliveryKeys } from '../ports/delivery-keys';

export function createApprovalRequestDelivery(deps: EffectDelivererDeps, sending: MessageSending): (item: OutboxItem, effect: ApprovalEffect) => Promise<void> {
  const { recipients, reportNobodyReached, reportUndelivered, sendOnce, mailOnce, contextOf } = sending;
  return async (item, effect) => {
    const stored = await deps.store.get<CaseState>(item.caseId);
    if (!stored) throw new PermanentRecordError(`case ${item.caseId} no longer exists`);
    const card = await deps.cards?.approvalCard(effect, stored.state, stored.version);
    const text = approvalRequestText(effect, stored.state.ref);
    const context = contextOf(item, stored.state, approvalWhat(effect), effect.approvalId);
    // A mail cannot be edited once sent (its Teams card is, by the decision): decided or withdrawn
    // before it went (a mail retried after an outage, a backlog), it would ask for a decision already made.
    const approval = stored.state.approvals.find((a) => a.approvalId === effect.approvalId);
    const waiting = approval !== undefined && !approval.decision && !approval.cancelledAt;
    const mailCard = waiting ? await deps.cards?.outlookApprovalCard?.(effect, stored.state, stored.version) : undefined;
    // Teams and mail fail independently (issue 15 M4): a failing mail never stops the Teams
    // messages, nor the reverse; whatever is still to retry is thrown once both were tried.
    let retry: { error: unknown } | undefined;
    const everyone = await recipients(effect.to, stored.state, item.effectId, context);
    // Not one reached only up the line from someone who has gone: they cannot decide it (routing.ts).
    const addressees = everyone.people.filter((to) => !to.upTheLine && !barredFromDeciding(stored.state, effect.approvalId, to.key));
    for (const to of everyone.people) if (to.upTheLine) await tellDeciderGone(sending, deps.cards, to, stored.state, effect.approvalId, context);
    // Nobody holds the role, or everyone who could decide it is barred from it in person: the social worker must know.
    await reportNobodyReached(item.effectId, effect.to, everyone.people.length, addressees.length, everyone.unresolvedGroups, context, effect.approvalId);
    for (const to of addressees) {
      const teamsKey = `${item.effectId}:${to.key}`;
      // Handed back to someone who still has its card: that card works again, not a second one beside it.
      if (card !== undefined && (await reviveCopies(deps.store, deps.notifier, effect.approvalId, to.key, { key: teamsKey, text, card }))) continue;
      // Sent them already by another delivery of the same request: the request to a part, still being
      // retried (or not yet sent) when the part was handed over, and the handover's own to the new holder.
      const once = deliveryKeys.receipt(`request:${effect.approvalId}:${to.key}`);
      if (!(await deps.store.getConversation(deliveryKeys.receipt(teamsKey))) && (await deps.store.getConversation(once))) continue;
      const sentOnce = async (): Promise<void> => void (await deps.store.saveConversation(once, { sentAt: (deps.now ?? (() => new Date()))().toISOString() }));
      if (mailCard === undefined) {
        if (!(await sendOnce(teamsKey, to, text, card, context, true, effect.approvalId))) await sentOnce();
        continue;
      }
      // Teams and Outlook both: a miss is worth chasing only if neither reached them.
      let teamsMiss: RecipientUnreachableError | undefined;
      try {
        teamsMiss = await sendOnce(teamsKey, to, text, card, context, false, effect.approvalId);
        if (!teamsMiss) await sentOnce();
      } catch (error) {
        retry ??= { error };
      }
      const mail = await mailOnce(item, to, text, mailCard, context);
      if (mail.retry !== undefined) retry ??= { error: mail.retry };
      if (teamsMiss && mail.miss) await reportUndelivered(teamsKey, to, teamsMiss, context);
    }
    if (retry) throw retry.error;
    await forgetGivenUp(deps.store, item.caseId, item.effectId);
  };
}
