/**
 * Delivers one outbox item: a record to the organisation's lists, a notice to people or the
 * IRO channel, or an approval request card to the role's holders. Called by the outbox worker,
 * never on a click's path. Each recipient's send is receipted, so a retry after a partial
 * failure does not message anyone twice.
 */
import type { CaseRole, CaseState, Effect, NoticeKind, Reassignment, Recipient } from '../protocol';
import { APPROVER_ROLE, ROLE_NAMES } from '../protocol';
import type { CaseStore, OutboxItem } from '../ports/case-store';
import { deliveryKeys } from '../ports/delivery-keys';
import type { Directory } from '../ports/directory';
import type { Notifier } from '../ports/notifier';
import { RecipientUnreachableError } from '../ports/notifier';
import type { RecordList, Recorder } from '../ports/recorder';
import { PermanentRecordError, TransientRecordError } from '../ports/recorder';
import { copyOwner, keepCopy, updateCopies } from './card-copies';
import { caseHolders } from './case-people';
import { activeDeputiesFor } from './organisation';
import { mailFailure, type MailProblem } from './mail-failure';
import type { DocumentLibrary } from '../ports/document-library';
import type { DocumentPayload } from '../documents/case-documents';
import { recordDocumentLink } from '../documents/document-links';
import type { CaseDocument } from '../documents/document-model';
import type { Authority } from './authority';
import { approvalRequestText, approvalWhat, isInformationOnly, noticeText, noticeWhat } from './notice-text';
import { calendarDateIn } from './org-time';
import { route } from './routing';
import { asksToDecide, barredFromDeciding } from './barred-recipients';
import { nobodyReached } from './nobody-reached';
import { forgetGivenUp, recordUndelivered, undeliveredNoticeText, type UndeliveredMessage, type UndeliveredReason } from './undelivered-messages';

export const IRO_CHANNEL = deliveryKeys.channel('iro');
/**
 * A recipient key for the same person by Outlook mail (`outlook:<Entra object id>`): the notifier
 * finds their address. Its own receipt makes each mail once per (effect, person), like a Teams send.
 */
export const OUTLOOK_PREFIX = 'outlook:';

type NotifyEffect = Extract<Effect, { type: 'notify' }>;
type ApprovalEffect = Extract<Effect, { type: 'request-approval' }>;

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

type RecordPayload = { type: 'record'; list: RecordList; key: string; fields: Record<string, string | number | boolean | null> };

/** One recipient of a message: the key it is sent to, and how people name them ("Pat Smith (Head of Service)"). */
interface Addressee {
  key: string;
  label: string;
}

/** How a role reads after a name: short, as colleagues say it. */
const ROLE_AFTER_NAME: Record<CaseRole, string> = { ...ROLE_NAMES, iro: 'IRO' };

/** "Pat Smith (Head of Service)"; a name that already says its role is left as it is. */
function personLabel(name: string, role: CaseRole): string {
  const trimmed = name.trim();
  if (trimmed === '') return `the ${ROLE_NAMES[role]}`;
  const roleText = ROLE_AFTER_NAME[role];
  return trimmed.toLowerCase().includes(roleText.toLowerCase()) ? trimmed : `${trimmed} (${roleText})`;
}

/**
 * Notices worth telling someone about when they miss them: those that ask for something or
 * that a rule requires. "Case opened", "approved" and "closed" are for information only: the
 * case card shows the same, and a social worker need not chase anyone about them.
 */
/** Notices about a waiting approval that also go by mail (with the request's actionable card). */
const MAILED_NOTICES: ReadonlySet<NoticeKind> = new Set(['approval-reminder', 'approval-escalation', 'approval-request-copy']);

const INFORMATION_ONLY = { has: (kind: NoticeKind): boolean => isInformationOnly(kind) };

/** What a message was about, for the case's social worker when it could not be delivered. */
interface MessageContext {
  caseId: string;
  ref: string;
  socialWorkerId: string | undefined;
  what: string;
  approvalId?: string;
}

export function createEffectDeliverer(deps: EffectDelivererDeps): (item: OutboxItem) => Promise<void> {
  const now = deps.now ?? (() => new Date());

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
    }));
    return { people, unresolvedGroups: routed.unresolvedGroups.length };
  }

  /** A message for a role that went to nobody (nobody holds it, or all are barred): kept and told like any miss. */
  async function reportNobodyReached(effectId: string, to: Recipient, found: number, sent: number, unresolvedGroups: number, context: MessageContext | undefined, approvalId?: string): Promise<void> {
    const nobody = nobodyReached(to, found, sent, unresolvedGroups, approvalId);
    if (!nobody) return;
    await reportUndelivered(`${effectId}:${nobody.reason}`, { key: nobody.key, label: recipientText(to) }, new RecipientUnreachableError('nobody to send it to', 'refused'), context, nobody.reason);
  }

  /**
   * Someone could not be reached: kept with the case and told to its social worker (unless it is
   * the social worker who cannot be reached). Before the receipt is saved, so that if telling the
   * social worker fails for now, the whole send is retried and they are still told.
   */
  async function reportUndelivered(key: string, to: Addressee, error: RecipientUnreachableError, context: MessageContext | undefined, reason?: UndeliveredReason): Promise<void> {
    // Mail goes beside the Teams message, which is reported on its own.
    if (!context || to.key.startsWith(OUTLOOK_PREFIX)) return;
    const message: UndeliveredMessage = {
      effectId: key,
      what: context.what,
      to: to.label,
      reason: reason ?? (to.key === IRO_CHANNEL && error.reason === 'no-chat' ? 'channel-not-set-up' : error.reason),
      at: now().toISOString(),
      ...(context.approvalId ? { approvalId: context.approvalId } : {}),
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
      if (failure.retry) return { retry: error };
      if (failure.problem) deps.onMailProblem?.(failure.problem);
      await deps.store.saveConversation(deliveryKeys.receipt(mailKey), { unreachableAt: now().toISOString(), reason: 'no-mail' });
      return { miss: new RecipientUnreachableError('mail could not be sent', 'no-mail') };
    }
  }

  /** Each decided or withdrawn approval's copies, edited to show how it ended (once each). */
  async function updateClosedCopies(state: CaseState): Promise<void> {
    if (!deps.cards?.decisionCard || !deps.notifier.update) return;
    for (const approval of state.approvals) {
      if (!approval.decision && !approval.cancelledAt) continue;
      const card = deps.cards.decisionCard(state, approval.approvalId);
      if (card === undefined) continue;
      await updateCopies(deps.store, deps.notifier, approval.approvalId, { key: `update:${approval.approvalId}`, text: `Case ${state.ref}: ${approval.decision ? 'decided' : 'withdrawn'}.`, card }, now);
    }
  }

  /**
   * A case handed over: each request still waiting that moved to the new person. The copies of
   * those who held the part before (and their deputies) now say "Reassigned to … on …" with no
   * buttons; the new holder's copies, and anyone else's, are left as they are.
   */
  async function updateReassignedCopies(state: CaseState): Promise<void> {
    if (!deps.cards?.reassignedCard || !deps.notifier.update) return;
    const org = deps.authority.organisation;
    const today = calendarDateIn(now(), deps.timeZone);
    const handovers = state.reassignments ?? [];
    for (const approval of state.approvals) {
      if (approval.decision || approval.cancelledAt) continue;
      const moves = handovers.filter((h) => h.approvals.includes(approval.approvalId));
      const latest = moves[moves.length - 1];
      if (!latest) continue;
      const role = APPROVER_ROLE[approval.stage];
      // A part held through an Entra group: its copies went to the group's members.
      const idsOf = async (h: { id: string; group?: true }): Promise<string[]> => (h.group && deps.directory?.groupMembers ? (await deps.directory.groupMembers(h.id)).map((m) => m.id) : [h.id]);
      const current = new Set<string>();
      for (const h of caseHolders(org, state, role)) {
        for (const id of await idsOf(h)) current.add(id);
        for (const d of activeDeputiesFor(org, role, h.id, today)) current.add(d.id);
      }
      const stale = new Set<string>();
      for (const move of moves) {
        for (const h of move.from) {
          for (const id of await idsOf(h)) stale.add(id);
          for (const d of org.deputies) if (d.role === role && d.for.id === h.id) stale.add(d.deputy.id);
        }
      }
      for (const id of current) stale.delete(id);
      if (stale.size === 0) continue;
      const card = deps.cards.reassignedCard(state, approval.approvalId, latest);
      if (card === undefined) continue;
      await updateCopies(deps.store, deps.notifier, approval.approvalId, { key: `reassigned:${approval.approvalId}:${moves.length}`, text: `Case ${state.ref}: reassigned to ${latest.to.name}.`, card }, now, (copy) => {
        const owner = copyOwner(copy);
        return owner !== undefined && stale.has(owner);
      });
    }
  }

  /** The Outlook card of an approval still waiting for a decision, if mail is configured. */
  async function mailedRequest(state: CaseState, approvalId: string): Promise<unknown> {
    const approval = state.approvals.find((a) => a.approvalId === approvalId);
    if (!approval || approval.decision || approval.cancelledAt || !deps.cards?.outlookApprovalCard) return undefined;
    const effect: ApprovalEffect = { type: 'request-approval', approvalId, stage: approval.stage, to: { kind: 'role', role: APPROVER_ROLE[approval.stage] }, rules: [] };
    return deps.cards.outlookApprovalCard(effect, state, 0);
  }

  function contextOf(item: OutboxItem, state: CaseState | undefined, what: string, approvalId?: string): MessageContext | undefined {
    if (!state) return undefined;
    return { caseId: item.caseId, ref: state.ref, socialWorkerId: state.socialWorker?.id, what, ...(approvalId ? { approvalId } : {}) };
  }

  return async (item: OutboxItem): Promise<void> => {
    const effect = item.payload as Effect | RecordPayload | DocumentPayload;
    switch (effect.type) {
      case 'document': {
        // Erased under the retention policy before it went: there is nothing left to keep.
        if (typeof effect.document !== 'object' || effect.document === null) return;
        if (!deps.documents) throw new TransientRecordError('no document library in this process');
        const doc = effect.document;
        const link = await deps.documents.library.put({
          caseRef: doc.caseRef,
          fileName: doc.fileName,
          revisionKey: effect.revisionKey,
          content: await deps.documents.render(doc),
          fields: { ...doc.fields, CaseRef: doc.caseRef, Title: doc.title },
        });
        await recordDocumentLink(deps.store, item.caseId, { ...link, docId: doc.docId, title: doc.title });
        return;
      }
      case 'record': {
        const caseRef = String(effect.fields['CaseRef'] ?? '');
        await deps.recorder.record({ list: effect.list, key: effect.key, caseRef, fields: effect.fields });
        return;
      }
      case 'notify': {
        const text = noticeText(effect);
        // The card is built from the case as it is now; a case that is gone still gets its words.
        const stored = await deps.store.get<CaseState>(item.caseId);
        const card = stored && deps.cards?.noticeCard ? deps.cards.noticeCard(effect, stored.state) : undefined;
        const context = INFORMATION_ONLY.has(effect.notice) ? undefined : contextOf(item, stored?.state, noticeWhat(effect));
        const about = typeof effect.data['approvalId'] === 'string' ? effect.data['approvalId'] : undefined;
        // A reminder or an escalation is mailed too, with the request as a fresh actionable card:
        // Outlook refuses actions on a mail older than a month, so each one is also a new copy.
        const mailCard = about && MAILED_NOTICES.has(effect.notice) && stored ? await mailedRequest(stored.state, about) : undefined;
        let retry: { error: unknown } | undefined;
        const found = await recipients(effect.to, stored?.state, item.effectId, context);
        let sent = 0;
        for (const to of found.people) {
          const barred = barredFromDeciding(stored?.state, about, to.key);
          if (barred && asksToDecide(effect.notice)) continue;
          sent++;
          // A channel notice goes in the case's own thread (one per case).
          await sendOnce(`${item.effectId}:${to.key}`, to, text, card, context, true, about, to.key === IRO_CHANNEL ? item.caseId : undefined);
          // An escalation reaches someone barred from the decision to chase it, without the request to decide.
          if (mailCard === undefined || to.key === IRO_CHANNEL || barred) continue;
          const mail = await mailOnce(item, to, text, mailCard, context);
          if (mail.retry !== undefined) retry ??= { error: mail.retry };
        }
        await reportNobodyReached(item.effectId, effect.to, found.people.length, sent, found.unresolvedGroups, context, about);
        if (retry) throw retry.error;
        // A decision or a withdrawal: every copy of the request's card now says so.
        if (stored) await updateClosedCopies(stored.state);
        // A handover: the copies of those the requests were taken from say so.
        if (stored && effect.notice === 'case-taken-over') await updateReassignedCopies(stored.state);
        // It may have been given up on before and replayed (which starts its count of attempts again).
        await forgetGivenUp(deps.store, item.caseId, item.effectId);
        return;
      }
      case 'request-approval': {
        const stored = await deps.store.get<CaseState>(item.caseId);
        if (!stored) throw new PermanentRecordError(`case ${item.caseId} no longer exists`);
        const card = await deps.cards?.approvalCard(effect, stored.state, stored.version);
        const text = approvalRequestText(effect, stored.state.ref);
        const context = contextOf(item, stored.state, approvalWhat(effect), effect.approvalId);
        const mailCard = await deps.cards?.outlookApprovalCard?.(effect, stored.state, stored.version);
        // Teams and mail fail independently (issue 15 M4): a failing mail never stops the Teams
        // messages, nor the reverse; whatever is still to retry is thrown once both were tried.
        let retry: { error: unknown } | undefined;
        const everyone = await recipients(effect.to, stored.state, item.effectId, context);
        const addressees = everyone.people.filter((to) => !barredFromDeciding(stored.state, effect.approvalId, to.key));
        // Nobody holds the role, or everyone who could decide it is barred from it in person: the social worker must know.
        await reportNobodyReached(item.effectId, effect.to, everyone.people.length, addressees.length, everyone.unresolvedGroups, context, effect.approvalId);
        for (const to of addressees) {
          const teamsKey = `${item.effectId}:${to.key}`;
          if (mailCard === undefined) {
            await sendOnce(teamsKey, to, text, card, context, true, effect.approvalId);
            continue;
          }
          // Teams and Outlook both: a miss is worth chasing only if neither reached them.
          let teamsMiss: RecipientUnreachableError | undefined;
          try {
            teamsMiss = await sendOnce(teamsKey, to, text, card, context, false, effect.approvalId);
          } catch (error) {
            retry ??= { error };
          }
          const mail = await mailOnce(item, to, text, mailCard, context);
          if (mail.retry !== undefined) retry ??= { error: mail.retry };
          if (teamsMiss && mail.miss) await reportUndelivered(teamsKey, to, teamsMiss, context);
        }
        if (retry) throw retry.error;
        await forgetGivenUp(deps.store, item.caseId, item.effectId);
        return;
      }
      default:
        throw new PermanentRecordError(`unknown outbox item kind ${(effect as { type?: string }).type ?? '(none)'}`);
    }
  };
}

/** Who a message was for, as people name them: "the Head of Service", "Pat Smith", "the IRO channel". */
export function recipientText(to: Recipient): string {
  if (to.kind === 'person') return to.name;
  if (to.kind === 'iro-channel') return 'the IRO channel';
  return `the ${ROLE_NAMES[to.role]}`;
}

/**
 * For the outbox worker, when it gives up on a message (Teams kept failing until it was parked):
 * kept with the case, like an unreachable recipient, so its card says so until it is replayed and
 * goes. Records (SharePoint) are for the organisation's reporting, not people: they are left to
 * `admin outbox status`.
 */
export function createGiveUpReporter(deps: { store: CaseStore; now: () => Date }): (item: OutboxItem) => Promise<void> {
  return async (item) => {
    const effect = item.payload as Effect | RecordPayload;
    if (effect.type !== 'notify' && effect.type !== 'request-approval') return;
    if (effect.type === 'notify' && INFORMATION_ONLY.has(effect.notice)) return;
    await recordUndelivered(deps.store, item.caseId, {
      effectId: item.effectId,
      what: effect.type === 'notify' ? noticeWhat(effect) : approvalWhat(effect),
      to: recipientText(effect.to),
      reason: 'gave-up',
      at: deps.now().toISOString(),
      ...(effect.type === 'request-approval' ? { approvalId: effect.approvalId } : {}),
    });
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
