/**
 * The rule a preparation step is taken under depends on the pathway: an unplanned return follows
 * the flowchart's steps (R-UNPL-1..4); a planned return takes the child's, parents' and IRO's views
 * under R-PLAN-6. One place, so notices, refusals, the case card and the checklist cite the same.
 */
import type { Pathway } from './facts';
import type { RuleId } from './rule-catalogue';

/** Informing the IRO: R-UNPL-3 on an unplanned return, R-PLAN-6 (the IRO's views reflected in the plan) on a planned one. */
export function iroInformedRule(pathway: Pathway): RuleId {
  return pathway === 'planned' ? 'R-PLAN-6' : 'R-UNPL-3';
}
