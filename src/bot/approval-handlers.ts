/**
 * `showApproval`, `refreshApproval` and `decide`: an approval request's card (the buttons only for
 * someone who may decide it; who decided what, once decided), and a decision given on it.
 */
import type { ActCommand } from '../cases/case-service';
import { type CaseState, DECISION_COMMENT_MAX } from '../protocol';
import { notShown, refusedAnswer } from './answer-cards';
import { type Click, type S20BotDeps, viewOf } from './bot-deps';
import { approvalRequestCard, type CardJson, type CardNotice, decisionStatusCard, NO_NOTICE } from './card-builder';
import { caseCardFor } from './case-card-for';
import { type ApprovalAnswer, approvalRequestData, decisionStatusData } from './case-view';
import type { InvokeData } from './invoke-verbs';
import { readOnlyRequest } from './read-only-request';
import { deciderTeamsIds } from './refresh-users';

/**
 * A refused comment longer than this is not put back in the box: the card would pass Teams' size
 * budget (src/bot/card-budget.ts). Twice what a comment may hold: one pasted a little too long.
 */
const COMMENT_ECHO_MAX = 2 * DECISION_COMMENT_MAX;

/** "Read in full" is the same card with one answer not shortened. */
export function showApproval(deps: S20BotDeps, click: Click, state: CaseState, data: InvokeData<'showApproval'>): Promise<CardJson> {
  return requestAsSeen(deps, click, state, data.approvalId, NO_NOTICE, data.full);
}

/** The request as this person may see it: someone who cannot decide it reads it without the buttons (they would only refuse them). */
async function requestAsSeen(deps: S20BotDeps, click: Click, state: CaseState, approvalId: string, notice: CardNotice, full?: ApprovalAnswer, typed = ''): Promise<CardJson> {
  const card = await approvalCard(deps, click, state, approvalId, notice, full, typed);
  const pending = state.approvals.find((a) => a.approvalId === approvalId && !a.decision && !a.cancelledAt);
  if (pending && !(await deps.service.mayTakeOn(click.actor, state))({ type: 'DecisionGiven', approvalId, outcome: 'approve', comment: null })) return readOnlyRequest(card, state.caseId, pending.stage, { deciders: deps.service.deciders(state, pending), toldOfDecision: click.actor.id === state.socialWorker.id });
  return card;
}

/** A refresh from someone who cannot decide shows the status: the buttons are for approvers. */
export async function refreshApproval(deps: S20BotDeps, click: Click, state: CaseState, data: InvokeData<'refreshApproval'>): Promise<CardJson> {
  const approval = state.approvals.find((a) => a.approvalId === data.approvalId);
  if (approval && !(await deps.service.mayTakeOn(click.actor, state))({ type: 'DecisionGiven', approvalId: data.approvalId, outcome: 'approve', comment: null })) {
    return decisionStatusCard(decisionStatusData(state, data.approvalId, viewOf(deps))!);
  }
  return approvalCard(deps, click, state, data.approvalId, NO_NOTICE);
}

/** A decision is one call to the service and one read of the case, need-to-know checked on it. */
export async function decide(deps: S20BotDeps, click: Click, data: InvokeData<'decide'>, unseen: ActCommand['unseen']): Promise<CardJson> {
  const comment = data.comment !== undefined && data.comment.trim() !== '' ? data.comment.trim() : null;
  const done = await deps.service.act({
    idempotencyKey: click.key,
    caseId: data.caseId,
    actor: click.actor,
    event: { type: 'DecisionGiven', approvalId: data.approvalId, outcome: data.outcome, comment },
    unseen,
  });
  if (!done.seen) return notShown(done);
  const { outcome, state: current } = done;
  if (outcome.ok) return decisionStatusCard(decisionStatusData(current, data.approvalId, viewOf(deps))!);
  // Someone else's request pressed (a forwarded or forged card): told why, on the request as they may see it.
  // The comment typed goes back in the box (a comment too long to keep, too), so nothing typed is lost.
  const typed = data.comment !== undefined && data.comment.length <= COMMENT_ECHO_MAX ? data.comment : '';
  return refusedAnswer(outcome, (notice) => requestAsSeen(deps, click, current, data.approvalId, notice, undefined, typed));
}

async function approvalCard(deps: S20BotDeps, click: Click, state: CaseState, approvalId: string, notice: CardNotice, full?: ApprovalAnswer, typed = ''): Promise<CardJson> {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  // The case card as this person sees it: only their own buttons, as everywhere else.
  if (!approval) return caseCardFor(deps, click.actor, state, { shown: true, message: 'That approval request does not belong to this case.', rule: '' });
  // A decided or withdrawn request shows who decided what and when, instead of the buttons.
  if (approval.decision || approval.cancelledAt) return decisionStatusCard(decisionStatusData(state, approvalId, viewOf(deps), notice)!);
  // refresh.userIds: the Teams user ids (29:…) of the approvers who may decide it, as far as the bot knows them.
  const refreshIds = await deciderTeamsIds(deps.conversations, state, approvalId, await deps.approverIds(approval.stage, state));
  return approvalRequestCard({ ...approvalRequestData(state, approvalId, refreshIds, viewOf(deps), notice, full)!, comment: typed });
}
