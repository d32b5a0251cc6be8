/**
 * Every copy of an approval request's card, so that all of them can be edited once it is decided
 * or withdrawn: the cards sent to each approver, the reminders and escalations about it, and the
 * request as someone opened it on a card of theirs (the social worker's case card, say).
 *
 * Microsoft's pattern for up-to-date cards is to edit each copy with updateActivity, using the
 * activity id Teams returned when it was sent ("Update and delete messages sent from your bot",
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/update-and-delete-bot-messages;
 * "User Specific Views" for what refresh alone does,
 * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views).
 * Universal Actions' refresh only reaches the people in `refresh.userIds`, and only when they look
 * at the card; editing the copy changes it for everyone in the chat at once.
 *
 * Kept in the store's delivery state (deliveryKeys.cardCopies). The outbox delivers a case's
 * messages one at a time, so its writes here do not race each other; a copy opened by a click is
 * written from a turn, and is checked after writing.
 */
import { deliveryKeys } from '../ports/delivery-keys';
import type { DeliveryState } from '../ports/delivery-state';
import type { KeptCopy } from '../ports/delivery-values';
import type { Notice, Notifier } from '../ports/notifier';
import { RecipientUnreachableError } from '../ports/notifier';

export type { KeptCopy } from '../ports/delivery-values';

type Store = DeliveryState;

const copiesKey = deliveryKeys.cardCopies;

export async function copiesOf(store: Store, approvalId: string): Promise<KeptCopy[]> {
  const saved = await store.getConversation(copiesKey(approvalId));
  return Array.isArray(saved?.copies) ? saved.copies : [];
}

/**
 * The copies one person opened by a click that are kept, their newest; an older one is no longer
 * edited once the request is decided (a click on it, Refresh included, shows the request as it is).
 * Every message a request was opened from was kept, so one person opening it from a new message
 * again and again grew one stored value without end: each click rewrote it whole, and on Azure
 * Table Storage, past about a thousand, it no longer fitted its entity and every later open of
 * that request, by anyone, failed.
 */
export const OPENED_COPIES_KEPT_PER_PERSON = 10;

/** The copies with `copy` added, less its owner's oldest opened copies beyond OPENED_COPIES_KEPT_PER_PERSON (`dropped`). */
function withCopy(copies: readonly KeptCopy[], copy: KeptCopy): { kept: KeptCopy[]; dropped: KeptCopy[] } {
  if (!copy.to.startsWith('opened:')) return { kept: [...copies, copy], dropped: [] };
  const owner = copyOwner(copy);
  const theirs = copies.filter((c) => c.to.startsWith('opened:') && copyOwner(c) === owner);
  const dropped = theirs.slice(0, Math.max(0, theirs.length - OPENED_COPIES_KEPT_PER_PERSON + 1));
  return { kept: [...copies.filter((c) => !dropped.includes(c)), copy], dropped };
}

/** The note of which approval an opened copy's message shows (src/bot/opened-copies.ts). */
function showingKeyOf(copy: KeptCopy) {
  return deliveryKeys.showing(copy.to.slice('opened:'.length), copy.activityId);
}

/**
 * Opened copies no longer edited (done with, or dropped) need no note of what their message shows:
 * forgotten, unless the message has since moved on to another request's card, whose note it is.
 * Otherwise one note was kept for ever for every message a request was ever opened from.
 */
async function forgetShowing(store: Store, approvalId: string, copies: readonly KeptCopy[]): Promise<void> {
  for (const copy of copies) {
    if (!copy.to.startsWith('opened:')) continue;
    const key = showingKeyOf(copy);
    const showing = await store.getConversation(key);
    if (showing && showing.approvalId !== approvalId && showing.approvalId !== '') continue;
    await store.forgetConversation(key);
  }
}

/** Keeps one more copy (once: the same activity is kept once). */
export async function keepCopy(store: Store, approvalId: string, copy: KeptCopy): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const copies = await copiesOf(store, approvalId);
    if (copies.some((c) => c.activityId === copy.activityId && c.to === copy.to)) return;
    const { kept, dropped } = withCopy(copies, copy);
    await store.saveConversation(copiesKey(approvalId), { copies: kept });
    // Another writer may have saved its list at the same moment: check ours is there.
    if ((await copiesOf(store, approvalId)).some((c) => c.activityId === copy.activityId && c.to === copy.to)) {
      await forgetShowing(store, approvalId, dropped);
      return;
    }
  }
}

/**
 * A request handed back to someone who had it (A to B, then back to A): the card they were sent,
 * edited to "Reassigned to …", is made the live request again in place, rather than a second card
 * posted beside it (which left them two, one saying the other person decides it). Whether they had
 * one to revive; a chat that is gone (403/404) counts as none, so the card is sent afresh.
 */
export async function reviveCopies(store: Store, notifier: Notifier, approvalId: string, owner: string, notice: Omit<Notice, 'to'>): Promise<boolean> {
  if (!notifier.update) return false;
  const copies = await copiesOf(store, approvalId);
  // Only cards edited away from the request ("Reassigned to …"): a live one is this request's own
  // card, sent on an earlier try of the same delivery (its mail failing), so the delivery goes on.
  const theirs = copies.filter((c) => c.to === owner && c.updatedAt !== undefined);
  if (theirs.length === 0) return false;
  try {
    for (const copy of theirs) await notifier.update(copy, notice);
  } catch (error) {
    if (error instanceof RecipientUnreachableError) return false;
    throw error;
  }
  // Live again: edited once more when the request is decided, withdrawn or moved.
  for (const copy of theirs) delete copy.updatedAt;
  await store.saveConversation(copiesKey(approvalId), { copies });
  return true;
}

/**
 * Edits every copy not yet edited to show `notice` (the decision's status card). A copy whose
 * chat is gone (blocked, removed: 403/404) is skipped for good; other failures are thrown so the
 * outbox tries again, and the copies already edited are not edited twice.
 */
export async function updateCopies(store: Store, notifier: Notifier, approvalId: string, notice: Omit<Notice, 'to'>, now: () => Date, only: (copy: KeptCopy) => boolean = () => true): Promise<number> {
  if (!notifier.update) return 0;
  const copies = await copiesOf(store, approvalId);
  let updated = 0;
  // Opened copies done with here: their notes are forgotten once the list saying so is saved.
  const done: KeptCopy[] = [];
  for (const copy of copies) {
    if (copy.updatedAt || !only(copy)) continue;
    if (copy.to.startsWith('opened:')) {
      // The person may since have moved that message on to another card: leave that one alone.
      const showing = await store.getConversation(showingKeyOf(copy));
      if (showing?.approvalId !== approvalId) {
        copy.updatedAt = now().toISOString();
        done.push(copy);
        continue;
      }
    }
    try {
      await notifier.update(copy, notice);
      updated += 1;
    } catch (error) {
      if (!(error instanceof RecipientUnreachableError)) {
        await store.saveConversation(copiesKey(approvalId), { copies });
        await forgetShowing(store, approvalId, done);
        throw error;
      }
    }
    copy.updatedAt = now().toISOString();
    if (copy.to.startsWith('opened:')) done.push(copy);
  }
  if (copies.length > 0) await store.saveConversation(copiesKey(approvalId), { copies });
  await forgetShowing(store, approvalId, done);
  return updated;
}

/**
 * Whose copy this is, by Entra object id: the recipient it was sent to (by Teams or by mail), or,
 * for a copy opened by a click, the person who clicked (the conversation reference's user).
 */
export function copyOwner(copy: KeptCopy): string | undefined {
  if (copy.to.startsWith('opened:')) {
    const user = (copy.conversation as { user?: { id?: string; aadObjectId?: string } } | undefined)?.user;
    return user?.aadObjectId ?? user?.id;
  }
  return copy.to.startsWith('outlook:') ? copy.to.slice('outlook:'.length) : copy.to;
}
