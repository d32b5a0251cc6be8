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
import { mailRequestCard } from './mail-request-card';

export interface CardRendererDeps {
  policy: CasePolicy;
  today: () => CalendarDate;
  /** Entra object ids of who may decide this case's request at a stage: its own people (src/cases/case-approvers.ts). */
  approverIds: (stage: ApprovalStage, state: CaseState) => string[] | Promise<string[]>;
  /** Saved conversation references, where each approver's Teams user id (for refresh.userIds) is found. */
  conversations?: Pick<DeliveryState, 'getConversation'>;
  /** The organisation's time zone, for when a decision was made. */
  timeZone?: string;
  /**
   * Set when approval requests are also mailed (MAIL_SENDER_ID); the originator may be unset until
   * registered, and the link to the app's chat in Teams is there only when it is sure to work.
   */
  outlook?: { originatorId: string | undefined; teamsLink?: string | undefined };
}

export function createApprovalCardRenderer(deps: CardRendererDeps): CardRenderer {
  const requestData = async (effect: Parameters<CardRenderer['approvalCard']>[0], state: CaseState, refresh: boolean) => {
    const refreshIds = refresh ? await deciderTeamsIds(deps.conversations, state, effect.approvalId, await deps.approverIds(effect.stage, state)) : [];
    return approvalRequestData(state, effect.approvalId, refreshIds, { today: deps.today(), policy: deps.policy });
  };
  // The request is in the outbox with its case, so this only happens if the state was rewritten.
  const notFound = (state: CaseState): CardJson => refusalCard({ title: 'Request not found', message: `Case ${state.ref}: this request is no longer on the case. Open the case to see where it stands.`, rule: '', ruleText: '' });
  const approvalCard = async (effect: Parameters<CardRenderer['approvalCard']>[0], state: CaseState): Promise<CardJson> => {
    const data = await requestData(effect, state, true);
    return data ? approvalRequestCard(data) : notFound(state);
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
    // The request to read, with no buttons (src/bot/mail-request-card.ts); no refresh, so no Teams ids to look up.
    renderer.outlookApprovalCard = async (effect, state) => {
      const data = await requestData(effect, state, false);
      if (!data) return notFound(state);
      return mailRequestCard(approvalRequestCard(data), { originatorId: outlook.originatorId, teamsLink: outlook.teamsLink, buttonsText: data.buttonsText });
    };
  }
  return renderer;
}
