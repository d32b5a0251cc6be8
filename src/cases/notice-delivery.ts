/**
 * Delivers a notice (what is due, what was decided, a reminder or an escalation) to the people or
 * channel it is for, once each, with a card where there is one; a reminder or an escalation goes
 * by mail too. Then the copies of a request's card that the notice's news changes are edited.
 */
import type { CaseState, NoticeKind, Recipient } from '../protocol';
import { APPROVER_ROLE, ownCaseWithdrawalBarred, riskViewBarred } from '../protocol';
import type { OutboxItem } from '../ports/case-store';
import { asksToDecide, barredFromDeciding } from './barred-recipients';
import { updateClosedCopies, updateReassignedCopies } from './card-copy-updates';
import { IRO_CHANNEL } from './delivery-addressees';
import type { ApprovalEffect, CardRenderer, EffectDelivererDeps, NotifyEffect } from './effect-delivery';
import type { MessageSending } from './message-sending';
import { isInformationOnly, noticeText, noticeWhat } from './notice-text';
import { calendarDateIn } from './org-time';
import { route } from './routing';
import { toldAsAnotherPart } from './told-once';
import { meantForSomeoneElse } from './for-them-alone';
import { forgetGivenUp } from './undelivered-messages';
import { tellDeciderGone, withoutGoneDeciders } from './decider-gone';

/** Notices about a waiting approval that also go by mail (with the request's actionable card). */
const MAILED_NOTICES: ReadonlySet<NoticeKind> = new Set(['approval-reminder', 'approval-escalation', 'approval-request-copy']);

/** The Outlook card of an approval still waiting for a decision, if mail is configured. */
async function mailedRequest(cards: CardRenderer | undefined, state: CaseState, approvalId: string): Promise<unknown> {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  if (!approval || approval.decision || approval.cancelledAt || !cards?.outlookApprovalCard) return undefined;
  const effect: ApprovalEffect = { type: 'request-approval', approvalId, stage: approval.stage, to: { kind: 'role', role: APPROVER_ROLE[approval.stage] }, rules: [] };
  return cards.outlookApprovalCard(effect, state, 0);
}

export function createNoticeDelivery(deps: EffectDelivererDeps, sending: MessageSending, now: () => Date): (item: OutboxItem, effect: NotifyEffect, stillWorking?: () => Promise<void>) => Promise<void> {
  const { recipients, reportNobodyReached, reportUndelivered, sendOnce, mailOnce, contextOf } = sending;
  return async (item, given, stillWorking) => {
    // The card is built from the case as it is now; a case that is gone still gets its words.
    const stored = await deps.store.get<CaseState>(item.caseId);
    // An escalation names whom to chase: not those who have gone from the organisation file (decider-gone.ts).
    const effect = stored ? withoutGoneDeciders(deps.authority.organisation, stored.state, given) : given;
    const text = noticeText(effect);
    const card = stored && deps.cards?.noticeCard ? deps.cards.noticeCard(effect, stored.state) : undefined;
    const about = typeof effect.data['approvalId'] === 'string' ? effect.data['approvalId'] : undefined;
    // A reminder or escalation that did not arrive stops mattering, like its request, once the request is decided.
    const context = isInformationOnly(effect.notice) ? undefined : contextOf(item, stored?.state, noticeWhat(effect), about);
    // A reminder or an escalation is mailed too, with the request as a fresh actionable card:
    // Outlook refuses actions on a mail older than a month, so each one is also a new copy.
    const mailCard = about && MAILED_NOTICES.has(effect.notice) && stored ? await mailedRequest(deps.cards, stored.state, about) : undefined;
    let retry: { error: unknown } | undefined;
    const found = await recipients(effect.to, stored?.state, item.effectId, context);
    let sent = 0;
    // Those who hold two parts of the case and have this notice as the other one (told-once.ts): reached, not sent it again.
    let toldOtherwise = 0;
    const alsoTold = new Map<string, Promise<Set<string>>>();
    const holdersOf = (other: Recipient): Promise<Set<string>> => {
      const key = JSON.stringify(other);
      if (!alsoTold.has(key)) alsoTold.set(key, route(deps.authority, deps.directory ?? null, stored?.state, other, calendarDateIn(now(), deps.timeZone)).then((r) => new Set(r.people.map((p) => p.id))));
      return alsoTold.get(key)!;
    };
    // An escalation worded for the approver ("waiting for your decision") reaches someone barred from deciding it in the words for those who chase it.
    const chase = effect.notice === 'approval-escalation' && effect.data['you'] === true ? { ...effect, data: { ...effect.data, you: false } } : undefined;
    for (const to of found.people) {
      // A group of a thousand takes about 25 s at Teams' pace: the item's lease is kept while it goes.
      await stillWorking?.();
      if (meantForSomeoneElse(effect.notice, effect.to, to.key)) continue;
      // The view on an LPM or ICPC is not asked of the case's own social worker, though they are a team manager too (R-UNPL-2).
      if (effect.notice === 'risk-view-needed' && stored && riskViewBarred(stored.state, [to.key])) continue;
      // Nor asked, as its team manager, to withdraw the case they asked to withdraw as its social worker (R-SIGN-4).
      if (effect.notice === 'withdrawal-requested' && stored && ownCaseWithdrawalBarred(stored.state, [to.key])) continue;
      // Someone up the line who decided, or withdrew, the escalated request themselves (holding both parts) knows it.
      // So does one who handed it over, or who now holds it (told so as its new holder).
      if (
        (effect.notice === 'escalation-decided' && effect.data['decidedById'] === to.key) ||
        (effect.notice === 'escalation-withdrawn' && effect.data['withdrawnById'] === to.key) ||
        (effect.notice === 'escalation-handed-over' && (effect.data['movedById'] === to.key || effect.data['movedToId'] === to.key))
      ) {
        toldOtherwise++;
        continue;
      }
      // One sent it only up the line from someone who has gone cannot decide it either: they chase it (or hand the part over).
      const barred = barredFromDeciding(stored?.state, about, to.key) || (about !== undefined && to.upTheLine !== undefined);
      // Asked to decide what they cannot, they are told instead, once a request, whom it waits for and what to do.
      if (to.upTheLine && about && stored && asksToDecide(effect.notice)) {
        await tellDeciderGone(sending, deps.cards, to, stored.state, about, context);
        toldOtherwise++;
        continue;
      }
      if (barred && asksToDecide(effect.notice)) continue;
      // A team manager who opened the case as its social worker is not told, as its team manager, that they will be asked to agree it (R-SIGN-4);
      // nor sent, as its team manager, a visit overdue they are sent as its social worker.
      const other = toldAsAnotherPart(effect.notice, effect.to, effect.data, stored?.state, to.key);
      if (other && (await holdersOf(other)).has(to.key)) {
        toldOtherwise++;
        continue;
      }
      sent++;
      const [words, shown] = barred && chase ? [noticeText(chase), stored && deps.cards?.noticeCard ? deps.cards.noticeCard(chase, stored.state) : undefined] : [text, card];
      // An escalation reaches someone barred from the decision to chase it, without the request to decide.
      const mailed = mailCard !== undefined && to.key !== IRO_CHANNEL && !barred;
      const teamsKey = `${item.effectId}:${to.key}`;
      // A channel notice goes in the case's own thread (one per case). Mailed too, a Teams miss is chased only if the mail missed as well (as for the request).
      const teamsMiss = await sendOnce(teamsKey, to, words, shown, context, !mailed, about, to.key === IRO_CHANNEL ? item.caseId : undefined);
      if (!mailed) continue;
      const mail = await mailOnce(item, to, text, mailCard, context);
      if (mail.retry !== undefined) retry ??= { error: mail.retry };
      if (teamsMiss && mail.miss) await reportUndelivered(teamsKey, to, teamsMiss, context);
    }
    await reportNobodyReached(item.effectId, effect.to, found.people.length, sent + toldOtherwise, found.unresolvedGroups, context, about);
    if (retry) throw retry.error;
    // A decision or a withdrawal: every copy of the request's card now says so.
    if (stored) await updateClosedCopies(deps, now, stored.state);
    // A handover: the copies of those the requests were taken from say so.
    if (stored && effect.notice === 'case-taken-over') await updateReassignedCopies(deps, now, stored.state);
    // It may have been given up on before and replayed (which starts its count of attempts again).
    await forgetGivenUp(deps.store, item.caseId, item.effectId);
  };
}
