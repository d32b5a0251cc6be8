/**
 * A request opened by someone who cannot decide it (the social worker who made it, a manager
 * further up the chain, a manager it was handed over from): the same card to read, without
 * Approve / Request changes / Reject, which would only refuse them, with a line naming whose
 * decision it is, and a way back to the case. Only the social worker is told of the decision
 * (src/protocol/decision-given.ts), so only they are promised it; anyone else is sent to the card.
 */
import type { ApprovalStage, CaseRole } from '../protocol';
import { APPROVER_ROLE, ROLE_NAMES } from '../protocol';
import type { CardJson } from './card-builder';

/** A part two or more people hold on the case (a team with two managers). */
const PLURAL: Record<CaseRole, string> = {
  'social-worker': 'social workers',
  'team-manager': 'team managers',
  'head-of-service': 'Heads of Service',
  director: 'Directors',
  iro: 'Independent Reviewing Officers',
  'placement-team': "Children's Placement Team",
};

export interface ReadBy {
  /** Who decides it, by name ("Ben Manager"), and how many they are. */
  deciders: { names: string; count: number };
  /** The reader is the case's social worker, who is told when it is decided. */
  toldOfDecision: boolean;
}

export function readOnlyRequest(card: CardJson, caseId: string, stage: ApprovalStage, reader: ReadBy): CardJson {
  const body = Array.isArray(card['body']) ? card['body'] : [];
  const role = APPROVER_ROLE[stage];
  const part = reader.deciders.count > 1 ? `${PLURAL[role]}, or their deputies` : `${ROLE_NAMES[role]}, or their deputy`;
  const whose = `This decision is for ${reader.deciders.names}, this case's ${part}`;
  const next = reader.toldOfDecision ? 'you can read the request here, and you will be told when it is decided.' : 'you can read the request here, but not decide it. The case card shows when it has been decided.';
  return {
    ...card,
    body: [...body, { type: 'TextBlock', text: `${whose}: ${next}`, wrap: true, isSubtle: true }],
    actions: [{ type: 'Action.Execute', title: 'Back to the case', verb: 'showCase', data: { caseId } }],
  };
}
