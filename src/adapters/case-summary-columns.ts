/** Shared by every CaseStore adapter: a case's summary as both stores keep it beside the state (participants as JSON text). */
import type { CaseSummary } from '../ports/case-store';

export type CaseSummaryColumns = Omit<CaseSummary, 'participants'> & { participants: string };

export function caseSummaryColumns(summary: CaseSummary): CaseSummaryColumns {
  return {
    caseId: summary.caseId,
    ref: summary.ref,
    pathway: summary.pathway,
    stage: summary.stage,
    participants: JSON.stringify(summary.participants),
    openedAt: summary.openedAt,
    updatedAt: summary.updatedAt,
  };
}
