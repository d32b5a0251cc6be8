/**
 * Messages of a case that did not reach someone: an approval request to a Head of Service who
 * never opened a chat with the app, an IRO notice to a channel the app was never added to, a
 * reminder that Teams kept refusing. Without this they were only a log line, and a social worker
 * could wait days for a decision nobody had been asked for. Each is kept with the case (shown on
 * its card until it no longer matters) and the case's social worker is told.
 *
 * Kept in the store's key-value space (`undelivered:<caseId>`), beside the delivery receipts: the
 * outbox hands out one message of a case at a time, so there is one writer per case.
 */
import { deliveryKeys } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { UndeliveredMessage, UndeliveredReason } from '../ports/delivery-values';
import { APP_NAME } from '../protocol';

// Kept under the case's `undelivered` key, whose kind names this type.
export type { UndeliveredMessage, UndeliveredReason } from '../ports/delivery-values';

export const REASON_TEXT: Record<UndeliveredReason, string> = {
  'no-chat': `they have not opened a chat with ${APP_NAME} in Teams yet`,
  refused: `Teams refused it (${APP_NAME} may have been removed or blocked)`,
  'no-mail': 'no mail address is set up for them',
  'install-failed': `${APP_NAME} could not be added to their Teams for them`,
  'channel-not-set-up': `${APP_NAME} has not been added to the IRO team in Teams yet`,
  'gave-up': 'Teams did not accept it after repeated tries',
  'group-unresolved': 'the directory could not say who is in this group',
  'everyone-barred': 'everyone who could decide it is barred from deciding it in person (R-SIGN-4: it is their own case, or they gave the other agreement), so nobody was asked',
  'no-holder': 'nobody holds this role for this case (the organisation file names no one, or their group has no members), so it went to nobody',
};

/** How many are kept a case: the newest. More would only crowd the card. */
export const UNDELIVERED_KEPT = 20;

const undeliveredKey = deliveryKeys.undelivered;

type KeyValues = DeliveryState;

export async function undeliveredMessages(store: KeyValues, caseId: string): Promise<UndeliveredMessage[]> {
  const saved = await store.getConversation(undeliveredKey(caseId));
  return Array.isArray(saved?.items) ? saved.items : [];
}

/**
 * Adds one, once: the same message to the same recipient is kept once however often it is retried.
 * One of a `group` already kept (a reminder of a request that reached nobody) is counted on its entry.
 */
export async function recordUndelivered(store: KeyValues, caseId: string, message: UndeliveredMessage): Promise<void> {
  const items = await undeliveredMessages(store, caseId);
  if (items.some((m) => m.effectId === message.effectId && m.to === message.to)) return;
  const earlier = message.group ? items.find((m) => m.group === message.group) : undefined;
  const kept = earlier ? [...items.filter((m) => m !== earlier), counted(earlier, message)] : [...items, message];
  await store.saveConversation(undeliveredKey(caseId), { items: kept.slice(-UNDELIVERED_KEPT) });
}

/** The group's entry with one more message: it moves to the end (the newest), so it is the last to be dropped. */
function counted(earlier: UndeliveredMessage, message: UndeliveredMessage): UndeliveredMessage {
  const { approvalId, ...rest } = earlier;
  return {
    ...rest,
    // The latest message's key, so a retry of it is recognised above.
    effectId: message.effectId,
    at: message.at,
    firstAt: earlier.firstAt ?? earlier.at,
    count: (earlier.count ?? 1) + 1,
    latestWhat: message.what,
    // Shown only while that request waits, if every message of the entry was about it.
    ...(approvalId !== undefined && approvalId === message.approvalId ? { approvalId } : {}),
  };
}

/**
 * Forgets a message given up on (`gave-up`) once it has gone after all (replayed from the
 * dead-letter list): the card must not go on saying it never arrived.
 */
export async function forgetGivenUp(store: KeyValues, caseId: string, effectId: string): Promise<void> {
  const items = await undeliveredMessages(store, caseId);
  const kept = items.filter((m) => !(m.effectId === effectId && m.reason === 'gave-up'));
  if (kept.length !== items.length) await store.saveConversation(undeliveredKey(caseId), { items: kept });
}

/** The social worker's message about one that did not reach someone: the case reference and role names only. */
export function undeliveredNoticeText(ref: string, message: Pick<UndeliveredMessage, 'what' | 'to' | 'reason'>): string {
  return `Not delivered — case ${ref}: ${message.what} could not be sent to ${message.to}: ${REASON_TEXT[message.reason]}. ${whatToDo(message.reason)} This is also shown on the case card.`;
}

/** What the social worker can do about it. */
export function whatToDo(reason: UndeliveredReason): string {
  if (reason === 'channel-not-set-up') return `Please tell the IRO service another way today, and ask for ${APP_NAME} to be added to the IRO team.`;
  if (reason === 'everyone-barred') return 'Please ask a deputy or the manager above them to decide it, and tell them another way today; if nobody decides it in time, it is escalated as usual.';
  if (reason === 'no-holder') return 'Please tell whoever covers the role another way today, and ask your administrator to name someone for it in the organisation file.';
  if (reason === 'group-unresolved') return 'Please tell them another way today, and ask your administrator to check the group in the organisation file.';
  if (reason === 'install-failed') return `Please tell them another way today, and ask your IT administrator to add ${APP_NAME} to their Teams (its log says what to fix).`;
  if (reason === 'no-mail') return `They still get it in Teams if they have opened ${APP_NAME} there; otherwise tell them another way.`;
  return `Please tell them another way today, and ask them to open ${APP_NAME} in Teams and type "my cases".`;
}
