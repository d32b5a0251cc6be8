/**
 * Delivers one outbox item: a record to the organisation's lists (record-delivery.ts), a notice to
 * people or the IRO channel (notice-delivery.ts), or an approval request card to the role's holders
 * (approval-request-delivery.ts), each sent once per person through message-sending.ts. Called by
 * the outbox worker, never on a click's path.
 */
import type { CaseState, Effect, Reassignment } from '../protocol';
import type { CaseStore, OutboxItem } from '../ports/case-store';
import type { Directory } from '../ports/directory';
import type { Notifier } from '../ports/notifier';
import type { Recorder } from '../ports/recorder';
import { PermanentRecordError } from '../ports/recorder';
import type { DocumentLibrary } from '../ports/document-library';
import type { DocumentPayload } from '../documents/case-documents';
import type { CaseDocument } from '../documents/document-model';
import type { Authority } from './authority';
import type { MailProblem } from './mail-failure';
import { createApprovalRequestDelivery } from './approval-request-delivery';
import { createMessageSending } from './message-sending';
import { createNoticeDelivery } from './notice-delivery';
import { deliverDocument, deliverRecord, type RecordPayload } from './record-delivery';

export { IRO_CHANNEL, OUTLOOK_PREFIX } from './delivery-addressees';
export { createGiveUpReporter } from './give-up-reporter';
export { createRecordBatchDeliverer } from './record-delivery';

export type NotifyEffect = Extract<Effect, { type: 'notify' }>;
export type ApprovalEffect = Extract<Effect, { type: 'request-approval' }>;

export interface CardRenderer {
  /** The approval request card for the approver (Adaptive Card JSON; may be a promise of it). */
  approvalCard(effect: ApprovalEffect, state: CaseState, version: number): unknown;
  /** A card for a notice (what is due, a button to act); without it notices go as text. */
  noticeCard?(effect: NotifyEffect, state: CaseState): unknown;
  /**
   * The approval card for Outlook (version 1.4, with the actionable-message originator). Present
   * only when mail is configured: the request is then also mailed to each approver.
   */
  outlookApprovalCard?(effect: ApprovalEffect, state: CaseState, version: number): unknown;
  /** What every copy of a decided or withdrawn request's card becomes (who decided what, when). */
  decisionCard?(state: CaseState, approvalId: string): unknown;
  /** What the copies of someone a waiting request was taken from become: "Reassigned to … on …", no buttons. */
  reassignedCard?(state: CaseState, approvalId: string, handover: Reassignment): unknown;
}

export interface EffectDelivererDeps {
  store: CaseStore;
  recorder: Recorder;
  notifier: Notifier;
  authority: Authority;
  /** Lists the members of groups that hold a case's role (Graph transitive members). */
  directory?: Directory | null;
  timeZone: string;
  cards?: CardRenderer;
  now?: () => Date;
  /**
   * Whether the organisation has an IRO channel (IRO_CHANNEL_ID). Without one there are no
   * channel notices: the IRO is told 1:1 only, and nobody is told a channel notice went nowhere.
   */
  iroChannelConfigured?: boolean;
  /** The case file's library and how a document becomes a file (.docx); without it documents wait in the outbox. */
  documents?: { library: DocumentLibrary; render: (document: CaseDocument) => Promise<Buffer> };
  /** A recipient could not be reached (no saved conversation, app blocked): logged by the caller. */
  onUnreachable?: (recipient: string, key: string) => void;
  /**
   * Mail failed for a reason no retry or recipient change will fix (a wrong MAIL_SENDER_ID, no
   * Mail.Send permission): for operators, told once per kind of problem, never per case. The
   * Teams messages go on regardless.
   */
  onMailProblem?: (problem: MailProblem) => void;
}

/** Said by a long delivery as it goes (each person a notice reaches), so the outbox keeps the item's lease (OutboxWorker). */
export type StillWorking = () => Promise<void>;

export function createEffectDeliverer(deps: EffectDelivererDeps): (item: OutboxItem, stillWorking?: StillWorking) => Promise<void> {
  const now = deps.now ?? (() => new Date());
  const sending = createMessageSending(deps, now);
  const deliverNotice = createNoticeDelivery(deps, sending, now);
  const deliverApprovalRequest = createApprovalRequestDelivery(deps, sending);
  return async (item: OutboxItem, stillWorking?: StillWorking): Promise<void> => {
    const effect = item.payload as Effect | RecordPayload | DocumentPayload;
    switch (effect.type) {
      case 'document':
        return deliverDocument(deps, item, effect);
      case 'record':
        return deliverRecord(deps.recorder, effect);
      case 'notify':
        return deliverNotice(item, effect, stillWorking);
      case 'request-approval':
        return deliverApprovalRequest(item, effect);
      default:
        throw new PermanentRecordError(`unknown outbox item kind ${(effect as { type?: string }).type ?? '(none)'}`);
    }
  };
}
