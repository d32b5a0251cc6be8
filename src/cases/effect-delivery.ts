/**
 * Delivers one outbox item: a record to the organisation's lists, a notice to people or the
 * IRO channel, or an approval request card to the role's holders. Called by the outbox worker,
 * never on a click's path. Each recipient's send is receipted, so a retry after a partial
 * failure does not message anyone twice.
 */
import type { CaseState, Effect, Recipient } from '../protocol';
import type { CaseStore, OutboxItem } from '../ports/case-store';
import type { Notifier } from '../ports/notifier';
import { RecipientUnreachableError } from '../ports/notifier';
import type { RecordList, Recorder } from '../ports/recorder';
import { PermanentRecordError } from '../ports/recorder';
import type { Authority } from './authority';
import { approvalRequestText, noticeText } from './notice-text';
import { calendarDateIn } from './org-time';

export const IRO_CHANNEL = 'channel:iro';
/**
 * A recipient key for the same person by Outlook mail (`outlook:<Entra object id>`): the notifier
 * finds their address. Its own receipt makes each mail once per (effect, person), like a Teams send.
 */
export const OUTLOOK_PREFIX = 'outlook:';

type NotifyEffect = Extract<Effect, { type: 'notify' }>;
type ApprovalEffect = Extract<Effect, { type: 'request-approval' }>;

export interface CardRenderer {
  /** The approval request card for the approver (Adaptive Card JSON). */
  approvalCard(effect: ApprovalEffect, state: CaseState, version: number): unknown;
  /** A card for a notice (what is due, a button to act); without it notices go as text. */
  noticeCard?(effect: NotifyEffect, state: CaseState): unknown;
  /**
   * The approval card for Outlook (version 1.4, with the actionable-message originator). Present
   * only when mail is configured: the request is then also mailed to each approver.
   */
  outlookApprovalCard?(effect: ApprovalEffect, state: CaseState, version: number): unknown;
}

export interface EffectDelivererDeps {
  store: CaseStore;
  recorder: Recorder;
  notifier: Notifier;
  authority: Authority;
  timeZone: string;
  cards?: CardRenderer;
  now?: () => Date;
  /** A recipient could not be reached (no saved conversation, app blocked): logged by the caller. */
  onUnreachable?: (recipient: string, key: string) => void;
}

type RecordPayload = { type: 'record'; list: RecordList; key: string; fields: Record<string, string | number | boolean | null> };

export function createEffectDeliverer(deps: EffectDelivererDeps): (item: OutboxItem) => Promise<void> {
  const now = deps.now ?? (() => new Date());

  function recipients(to: Recipient): string[] {
    if (to.kind === 'person') return [to.id];
    if (to.kind === 'iro-channel') return [IRO_CHANNEL];
    const ids = deps.authority.holders(to.role).map((p) => p.id);
    if (to.includeDeputies) ids.push(...deps.authority.deputies(to.role, calendarDateIn(now(), deps.timeZone)).map((p) => p.id));
    return [...new Set(ids)];
  }

  async function sendOnce(key: string, to: string, text: string, card?: unknown): Promise<void> {
    const receipt = `receipt:${key}`;
    if (await deps.store.getConversation(receipt)) return;
    try {
      await deps.notifier.send(card === undefined ? { key, to, text } : { key, to, text, card });
    } catch (error) {
      // One person who never opened a chat with the bot (or blocked it) must not hold up the
      // case's later messages (records go in their own lane anyway). Their miss is reported and receipted.
      if (!(error instanceof RecipientUnreachableError)) throw error;
      deps.onUnreachable?.(to, key);
      await deps.store.saveConversation(receipt, { unreachableAt: now().toISOString() });
      return;
    }
    await deps.store.saveConversation(receipt, { sentAt: now().toISOString() });
  }

  return async (item: OutboxItem): Promise<void> => {
    const effect = item.payload as Effect | RecordPayload;
    switch (effect.type) {
      case 'record': {
        const caseRef = String(effect.fields['CaseRef'] ?? '');
        await deps.recorder.record({ list: effect.list, key: effect.key, caseRef, fields: effect.fields });
        return;
      }
      case 'notify': {
        const text = noticeText(effect);
        // The card is built from the case as it is now; a case that is gone still gets its words.
        const stored = deps.cards?.noticeCard ? await deps.store.get<CaseState>(item.caseId) : null;
        const card = stored ? deps.cards?.noticeCard?.(effect, stored.state) : undefined;
        for (const to of recipients(effect.to)) await sendOnce(`${item.effectId}:${to}`, to, text, card);
        return;
      }
      case 'request-approval': {
        const stored = await deps.store.get<CaseState>(item.caseId);
        if (!stored) throw new PermanentRecordError(`case ${item.caseId} no longer exists`);
        const card = deps.cards?.approvalCard(effect, stored.state, stored.version);
        const text = approvalRequestText(effect, stored.state.ref);
        const approvers = recipients(effect.to);
        for (const to of approvers) await sendOnce(`${item.effectId}:${to}`, to, text, card);
        const mailCard = deps.cards?.outlookApprovalCard?.(effect, stored.state, stored.version);
        if (mailCard !== undefined) {
          for (const to of approvers) await sendOnce(`${item.effectId}:${OUTLOOK_PREFIX}${to}`, `${OUTLOOK_PREFIX}${to}`, text, mailCard);
        }
        return;
      }
      default:
        throw new PermanentRecordError(`unknown outbox item kind ${(effect as { type?: string }).type ?? '(none)'}`);
    }
  };
}

/** Records of several outbox items in one call: the recorder's recordMany (a Graph $batch) where it has one. */
export function createRecordBatchDeliverer(recorder: Recorder): (items: OutboxItem[]) => Promise<void> {
  return async (items) => {
    const requests = items.map((item) => {
      const effect = item.payload as RecordPayload;
      if (effect.type !== 'record') throw new PermanentRecordError(`outbox item ${item.effectId} is not a record`);
      return { list: effect.list, key: effect.key, caseRef: String(effect.fields['CaseRef'] ?? ''), fields: effect.fields };
    });
    if (recorder.recordMany) await recorder.recordMany(requests);
    else for (const request of requests) await recorder.record(request);
  };
}
