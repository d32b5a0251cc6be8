/**
 * The end of the placement on the case's checklist (R-PLACE-1), in the tense its date needs: the
 * placement team records the end date carers were told, often a day still to come, and that is not
 * "ended" yet. Where the date recorded is not the one the Head of Service consented to (the move
 * happened later or sooner than planned), the consented date is shown beside it: the end is recorded
 * as it happens, not refused, as the rule asks for consent before the end, which was given.
 */
import type { CalendarDate, CaseState } from '../protocol';
import { dateText, isAfter } from '../protocol';

export function placementEndItem(state: CaseState, today: CalendarDate): { title: string; detail: string } | undefined {
  const { status, endDate, carersToldOn } = state.placement;
  if (status !== 'ended' || !endDate) return undefined;
  const coming = isAfter(endDate, today);
  const consent = [...state.approvals].reverse().find((a) => a.stage === 'placement-end' && a.decision?.outcome === 'approve');
  const consented = consent?.proposedEndDate && consent.proposedEndDate !== endDate ? ` (the Head of Service consented to ${dateText(consent.proposedEndDate)})` : '';
  return {
    title: `${coming ? 'Placement ends' : 'Placement ended'} (R-PLACE-1)`,
    detail: `${coming ? 'Ends' : 'Ended'} ${dateText(endDate)}${consented}; carers told ${dateText(carersToldOn ?? '')}`,
  };
}
