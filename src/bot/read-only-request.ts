/**
 * A request opened by someone who cannot decide it (the social worker who made it, a manager
 * further up the chain): the same card to read, without Approve / Request changes / Reject, which
 * would only refuse them, and with a line saying whose decision it is and a way back to the case.
 */
import type { ApprovalStage } from '../protocol';
import { APPROVER_NAMES } from '../protocol';
import type { CardJson } from './card-builder';

export function readOnlyRequest(card: CardJson, caseId: string, stage: ApprovalStage): CardJson {
  const body = Array.isArray(card['body']) ? card['body'] : [];
  return {
    ...card,
    body: [...body, { type: 'TextBlock', text: `This decision is for the ${APPROVER_NAMES[stage]}: you can read the request here, and you will be told when it is decided.`, wrap: true, isSubtle: true }],
    actions: [{ type: 'Action.Execute', title: 'Back to the case', verb: 'showCase', data: { caseId } }],
  };
}
