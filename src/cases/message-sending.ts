/**
 * Sending a notice or a request to one person, once: each send is receipted, so a retry after a
 * partial failure messages nobody twice; someone who cannot be reached is kept with the case and
 * told to its social worker. Shared by the notice and approval request deliveries.
 */
import type { CaseState, Recipient } from '../protocol';
import type { OutboxItem } from '../ports/case-store';
import { deliveryKeys } from '../ports/delivery-keys';
import { RecipientUnreachableError } from '../ports/notifier';
import { ThrottledError, TransientRecordError } from '../ports/recorder';
import { keepCopy } from './card-copies';
import { IRO_CHANNEL, OUTLOOK_PREFIX, personLabel, recipientText, type Addressee } from './delivery-addressees';
import type { EffectDelivererDeps } from './effect-delivery';
import { mailFailure } from './mail-failure';
import { nobodyReached } from './nobody-reached';
import { calendarDateIn } from './org-time';
import { route } from './routing';
import { recordUndelivered, undeliveredNoticeText, type UndeliveredMessage, type UndeliveredReason } from './undelivered-messages';

/** What a message was about, for the case's social worker when it could not be delivered. */
export interface MessageContext {
  caseId: string;
  ref: string;
  socialWorkerId: string | undefined;
  what: string;
  approvalId?: string;
}

export interface MessageSending {
  recipients(to: Recipient, state: CaseState | undefined, effectId: string, context: MessageContext | undefined): Promise<{ people: Addressee[]; unresolvedGroups: number }>;
  reportNobodyReached(effectId: string, to: Recipient, found: number, sent: number, unresolvedGroups: number, context: MessageContext | undefined, approvalId?: string): Promise<void>;
  reportUndelivered(key: string, to: Addressee, error: RecipientUnreachableError, context: MessageContext | undefined, reason?: UndeliveredReason, group?: string): Promise<void>;
  sendOnce(key: string, to: Addressee, text: string, card: unknown, context: MessageContext | undefined, reportMiss?: boolean, approvalId?: string, thread?: string): Promise<RecipientUnreachableError | undefined>;
  mailOnce(item: OutboxItem, to: Addressee, text: string, mailCard: unknown, context: MessageContext | undefined): Promise<{ miss?: RecipientUnreachableError; retry?: unknown }>;
  contextOf(item: OutboxItem, state: CaseState | undefined, what: string, approvalId?: string): MessageContext | undefined;
}

export function createMessageSending(deps: EffectDelivererDeps, now: () => Date): MessageSending {
  /**
   * This case's people for a recipient (routing.ts), with their active deputies and the members of
   * a group that holds the role. A group that can never be listed is told like an undelivered message.
   */
  async function recipients(to: Recipient, state: CaseState | undefined, effectId: string, context: MessageContext | undefined): Promise<{ people: Addressee[]; unresolvedGroups: number }> {
    if (to.kind === 'iro-channel') return { people: deps.iroChannelConfigured === false ? [] : [{ key: IRO_CHANNEL, label: 'the IRO channel' }], unresolvedGroups: 0 };
    const routed = await route(deps.authority, deps.directory ?? null, state, to, calendarDateIn(now(), deps.timeZone));
    for (const group of routed.unresolvedGroups) {
      const label = `${group.name} (group)`;
      await reportUndelivered(`${effectId}:${group.id}`, { key: `group:${group.id}`, label }, new RecipientUnreachableError('group members unknown', 'refused'), context, 'group-unresolved');
    }
    const people = routed.people.map((p) => ({
      key: p.id,
      label: to.kind === 'person' && !p.deputyFor ? p.name : p.deputyFor ? `${p.name} (deputy for ${p.deputyFor.name})` : personLabel(p.name, p.role),
      ...(p.upTheLine ? { upTheLine: p.upTheLine } : {}),
    }));
    return { people, unresolvedGroups: routed.unresolvedGroups.length };
  }

  /** A message for a role that went to nobody (nobody holds it, or all are barred): kept and told like any miss. */
  async function reportNobodyReached(effectId: string, to: Recipient, found: number, sent: number, unresolvedGroups: number, context: MessageContext | undefined, approvalId?: string): Promise<void> {
    const nobody = nobodyReached(to, found, sent, unresolvedGroups, approvalId);
    if (!nobody) return;
    // One entry on the card per request (all barred) or role (nobody holds it), counting its reminders.
    await reportUndelivered(`${effectId}:${nobody.reason}`, { key: nobody.key, label: recipientText(to) }, new RecipientUnreachableError('nobody to send it to', 'refused'), context, nobody.reason, nobody.key);
  }

  /**
   * Someone could not be reached: kept with the case and told to its social worker (unless it is
   * the social worker who cannot be reached). Before the receipt is saved, so that if telling the
   * social worker fails for now, the whole send is retried and they are still told.
   */
  async function reportUndelivered(key: string, to: Addressee, error: RecipientUnreachableError, context: MessageContext | undefined, reason?: UndeliveredReason, group?: string): Promise<void> {
    // Mail goes beside the Teams message, which is reported on its own.
    if (!context || to.key.startsWith(OUTLOOK_PREFIX)) return;
    const message: UndeliveredMessage = {
      effectId: key,
      what: context.what,
      to: to.label,
      reason: reason ?? (to.key === IRO_CHANNEL && error.reason === 'no-chat' ? 'channel-not-set-up' : error.reason),
      at: now().toISOString(),
      ...(context.approvalId ? { approvalId: context.approvalId } : {}),
      ...(group ? { group } : {}),
    };
    await recordUndelivered(deps.store, context.caseId, message);
    const socialWorker = context.socialWorkerId;
    if (!socialWorker || socialWorker === to.key) return;
    // Once per person a case: the card lists each message they missed; one word to the social worker is enough.
    const tellKey = `undelivered-told:${context.caseId}:${to.key}`;
    if (await deps.store.getConversation(deliveryKeys.receipt(tellKey))) return;
    try {
      await deps.notifier.send({ key: tellKey, to: socialWorker, text: undeliveredNoticeText(context.ref, message) });
    } catch (tellError) {
      if (!(tellError instanceof RecipientUnreachableError)) throw tellError;
      deps.onUnreachable?.(socialWorker, tellKey);
    }
    await deps.store.saveConversation(deliveryKeys.receipt(tellKey), { sentAt: now().toISOString() });
  }

  /**
   * Sends once per key (a receipt says it went, or that the recipient could not be reached).
   * Returns why the recipient could not be reached, now or on an earlier attempt, if so. A miss is
   * reported with the case when `context` is given; without it (or with `reportMiss` false) the
   * caller decides.
   */
  async function sendOnce(key: string, to: Addressee, text: string, card: unknown, context: MessageContext | undefined, reportMiss = true, approvalId?: string, thread?: string): Promise<RecipientUnreachableError | undefined> {
    const receipt = deliveryKeys.receipt(key);
    const earlier = await deps.store.getConversation(receipt);
    if (earlier) return 'unreachableAt' in earlier ? new RecipientUnreachableError('could not be reached on an earlier attempt', earlier.reason ?? 'refused') : undefined;
    try {
      const sent = await deps.notifier.send({ key, to: to.key, text, ...(card === undefined ? {} : { card }), ...(thread === undefined ? {} : { thread }) });
      // A copy of a card about an approval is kept, to be edited once the approval is decided.
      if (approvalId && card !== undefined && sent && sent.activityId) await keepCopy(deps.store, approvalId, { to: to.key, conversation: sent.conversation, activityId: sent.activityId });
    } catch (error) {
      // One person who never opened a chat with the bot (or blocked it) must not hold up the
      // case's later messages (records go in their own lane anyway). Their miss is reported and receipted.
      if (!(error instanceof RecipientUnreachableError)) throw error;
      deps.onUnreachable?.(to.key, key);
      if (reportMiss) await reportUndelivered(key, to, error, context);
      await deps.store.saveConversation(receipt, { unreachableAt: now().toISOString(), reason: error.reason });
      return error;
    }
    await deps.store.saveConversation(receipt, { sentAt: now().toISOString() });
    return undefined;
  }

  /**
   * One mail beside a Teams message (issue 15 M4): refused for good, it is given up for that person
   * (operators told); failing for now, it asks for the item to be retried, a few times only.
   */
  async function mailOnce(item: OutboxItem, to: Addressee, text: string, mailCard: unknown, context: MessageContext | undefined): Promise<{ miss?: RecipientUnreachableError; retry?: unknown }> {
    const mailTo = { key: `${OUTLOOK_PREFIX}${to.key}`, label: to.label };
    const mailKey = `${item.effectId}:${mailTo.key}`;
    try {
      const miss = await sendOnce(mailKey, mailTo, text, mailCard, context, false);
      return miss ? { miss } : {};
    } catch (error) {
      const failure = mailFailure(error, item.attempts);
      // Mail throttled still counts as a try here, so the case's later messages wait for it a few times only.
      if (failure.retry) return { retry: error instanceof ThrottledError ? new TransientRecordError(error.message, error.retryAfterMs) : error };
      if (failure.problem) deps.onMailProblem?.(failure.problem);
      await deps.store.saveConversation(deliveryKeys.receipt(mailKey), { unreachableAt: now().toISOString(), reason: 'no-mail' });
      return { miss: new RecipientUnreachableError('mail could not be sent', 'no-mail') };
    }
  }

  function contextOf(item: OutboxItem, state: CaseState | undefined, what: string, approvalId?: string): MessageContext | undefined {
    if (!state) return undefined;
    return { caseId: item.caseId, ref: state.ref, socialWorkerId: state.socialWorker?.id, what, ...(approvalId ? { approvalId } : {}) };
  }

  return { recipients, reportNobodyReached, reportUndelivered, sendOnce, mailOnce, contextOf };
}
