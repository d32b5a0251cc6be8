/**
 * The cards the outbox worker (effect delivery) sends, from the case as it is now: the approval
 * request, its Outlook twin (the same 1.4 card with the actionable-message originator), and the
 * card on a notice.
 */
import type { CardRenderer } from '../cases/effect-delivery';
import { noticeText } from '../cases/notice-text';
import type { ApprovalStage, CasePolicy, CalendarDate, CaseState } from '../protocol';
import { dateOf, dateText, personText } from '../protocol';
import type { DeliveryState } from '../ports/delivery-state';
import { deciderTeamsIds } from './refresh-users';
import { approvalRequestCard, CardJson, decisionStatusCard, noticeCard, refusalCard } from './card-builder';
import { approvalRequestData, decisionStatusData } from './case-view';
import { noticeCardData } from './notice-card';
import { OUTLOOK_DECIDE_IN_TEAMS } from './outlook-words';

export interface CardRendererDeps {
  policy: CasePolicy;
  today: () => CalendarDate;
  /** Entra object ids of who may decide this case's request at a stage: its own people (src/cases/case-approvers.ts). */
  approverIds: (stage: ApprovalStage, state: CaseState) => string[] | Promise<string[]>;
  /** Saved conversation references, where each approver's Teams user id (for refresh.userIds) is found. */
  conversations?: Pick<DeliveryState, 'getConversation'>;
  /** The organisation's time zone, for when a decision was made. */
  timeZone?: string;
  /** Set when approval requests are also mailed (MAIL_SENDER_ID); the originator may be unset until registered. */
  outlook?: { originatorId: string | undefined };
}

export function createApprovalCardRenderer(deps: CardRendererDeps): CardRenderer {
  const approvalCard = async (effect: Parameters<CardRenderer['approvalCard']>[0], state: CaseState): Promise<CardJson> => {
    const refreshIds = await deciderTeamsIds(deps.conversations, state, effect.approvalId, await deps.approverIds(effect.stage, state));
    const data = approvalRequestData(state, effect.approvalId, refreshIds, { today: deps.today(), policy: deps.policy });
    // The request is in the outbox with its case, so this only happens if the state was rewritten.
    return data ? approvalRequestCard(data) : refusalCard({ title: 'Request not found', message: `Case ${state.ref}: this request is no longer on the case. Open the case to see where it stands.`, rule: '', ruleText: '' });
  };
  const renderer: CardRenderer = {
    approvalCard,
    noticeCard: (effect, state) => noticeCard(noticeCardData(effect, state, noticeText(effect))),
    decisionCard: (state, approvalId) => {
      const data = decisionStatusData(state, approvalId, { timeZone: deps.timeZone ?? 'Europe/London' });
      return data ? decisionStatusCard(data) : undefined;
    },
    // The request went to someone else: who, since when, and no buttons (the server refuses the old holder anyway).
    reassignedCard: (state, approvalId, handover) => {
      const data = decisionStatusData(state, approvalId, { timeZone: deps.timeZone ?? 'Europe/London' });
      if (!data) return undefined;
      const on = dateText(dateOf(handover));
      const card = decisionStatusCard({ ...data, headline: `Reassigned to ${handover.to.name} on ${on}`, color: 'Warning', outcomeText: `Not decided: ${handover.to.name} decides it now`, decidedBy: `Handed over by ${personText(handover.by, handover.onBehalfOf)}`, decidedAt: on, comment: '' });
      return { ...card, actions: [] };
    },
  };
  const outlook = deps.outlook;
  if (outlook) {
    renderer.outlookApprovalCard = async (effect, state) => {
      const card = await approvalCard(effect, state);
      // Outlook stops a mail's buttons after a month (renewed before then anyway: src/protocol/request-copy.ts);
      // the way to a fresh copy is said on the card itself, as that is what Outlook shows.
      const renewal = { type: 'TextBlock', wrap: true, isSubtle: true, size: 'Small', text: `Outlook stops the buttons in this message after a month. For a new copy, type **new copy ${state.ref}** to the Return home app in Teams.` };
      // Outlook renders Universal Actions from 1.4; the originator ties the mail to the registered provider.
      // The buttons here record nothing yet (src/bot/outlook-invoke.ts): said first, before a comment is typed into the mail.
      const inTeams = { type: 'TextBlock', wrap: true, weight: 'Bolder', color: 'Attention', text: OUTLOOK_DECIDE_IN_TEAMS };
      return { ...card, body: [inTeams, ...(Array.isArray(card['body']) ? (card['body'] as unknown[]) : []), renewal], version: '1.4', ...(outlook.originatorId ? { originator: outlook.originatorId } : {}) };
    };
  }
  return renderer;
}
