/**
 * Who an overdue decision is escalated to: up the line, never sideways to every holder. The
 * approver themselves (with their deputies) is told too. An overdue Director decision goes to the
 * Director's deputy (with the Director) and back to the case's Head of Service, who raised it.
 */
import type { CaseRole } from './case-people';
import type { ApprovalStage } from './case-state';

export const ESCALATES_TO: Record<ApprovalStage, CaseRole> = {
  'team-manager': 'head-of-service',
  'head-of-service': 'director',
  'placement-end': 'director',
  director: 'head-of-service',
};
