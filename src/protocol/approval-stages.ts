/**
 * Each approval stage: whose decision it is, the rules it answers to, and its name. The one
 * mapping of approval stage to approver role; the protocol, src/cases and the cards read it here.
 */
import type { CaseRole } from './case-people';
import type { Approval, ApprovalStage } from './case-state';
import type { RuleId } from './rule-catalogue';

/** Whose decision each approval is (the placement-end consent is the Head of Service's, R-PLACE-1). */
export const APPROVER_ROLE: Record<ApprovalStage, CaseRole> = {
  'team-manager': 'team-manager',
  'head-of-service': 'head-of-service',
  director: 'director',
  'placement-end': 'head-of-service',
};

export const STAGE_RULES: Record<ApprovalStage, RuleId[]> = {
  'team-manager': ['R-SIGN-4'],
  'head-of-service': ['R-SIGN-4', 'R-UNPL-7'],
  director: ['R-SIGN-4', 'R-UNPL-7'],
  'placement-end': ['R-PLACE-1'],
};

/** Who decides, in words: "Head of Service (placement end)". */
export const APPROVER_NAMES: Record<ApprovalStage, string> = {
  'team-manager': 'team manager',
  'head-of-service': 'Head of Service',
  director: 'Director',
  'placement-end': 'Head of Service (placement end)',
};

/** The words with a capital, for a title or the start of a line. */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Head of Service's written agreement": what each approval is. */
export const STAGE_NAMES: Record<ApprovalStage, string> = {
  'team-manager': "team manager's agreement",
  'head-of-service': "Head of Service's written agreement",
  director: "Director's authorisation",
  'placement-end': "Head of Service's consent to end the placement",
};

/** Why a request was withdrawn undecided, in words; one kept with no reason was withdrawn by a move to the unplanned pathway. */
export function withdrawnWhy(approval: Pick<Approval, 'cancelledWhy'>): string {
  return approval.cancelledWhy ?? 'the case moved to the unplanned pathway';
}
