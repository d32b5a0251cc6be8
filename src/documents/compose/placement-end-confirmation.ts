/**
 * Placement end confirmation to the Children's Placement Team (R-PLACE-1): the Head of Service's
 * consent and the specified end date, for the child's record.
 */
import { dateInWords, type CaseState } from '../../protocol';
import type { CaseDocument } from '../document-model';
import { documentNamed } from '../document-kinds';
import { calendarDayOf, dayOf, personActing, type DocumentContext } from './words';
import { caseFileRef } from '../case-file-ref';

export function placementEndConfirmation(state: CaseState, ctx: DocumentContext): CaseDocument | null {
  const consent = [...state.approvals].reverse().find((a) => a.stage === 'placement-end' && !a.cancelledAt && a.decision?.outcome === 'approve');
  const d = consent?.decision;
  if (!consent || !d) return null;
  const placement = state.placement;
  // The date consented to is the one "the Head of Service consents to" below; an end recorded on
  // another day (the move came sooner or later) is shown as recorded, not as consented to.
  const endDate = consent.proposedEndDate ?? placement.endDate ?? null;
  const recordedOtherDay = placement.endDate && placement.endDate !== endDate ? placement.endDate : null;
  // Consent given after the day asked for: that day had gone, so it is not the end date (R-PLACE-1).
  const consentedOn = calendarDayOf(d, ctx);
  const askedDayPassed = consent.proposedEndDate !== undefined && consent.proposedEndDate < consentedOn;
  return {
    ...documentNamed(caseFileRef(state), 'placement-end-confirmation'),
    blocks: [
      { type: 'paragraph', text: `To the Children's Placement Team, ${ctx.organisationName}.` },
      { type: 'facts', rows: [
        ['Case reference', caseFileRef(state)],
        ['Date of birth', dateInWords(state.facts.dateOfBirth)],
        ["Head of Service's consent", `${personActing(d.by, d.onBehalfOf)}, ${dayOf(d, ctx)}`],
        ['Specified end date', askedDayPassed ? (placement.endDate ? `${dateInWords(placement.endDate)}, as recorded` : 'To be agreed with the social worker') : endDate ? dateInWords(endDate) : 'To be set'],
        ...(askedDayPassed ? [['End date asked for', `${dateInWords(consent.proposedEndDate!)}: it had passed when the Head of Service consented, so the placement ends on a later day`] as [string, string]] : []),
        ...(recordedOtherDay && !askedDayPassed ? [['End date recorded', `${dateInWords(recordedOtherDay)} (not the date the Head of Service consented to)`] as [string, string]] : []),
        ['Carers or provider told on', placement.carersToldOn ? dateInWords(placement.carersToldOn) : 'Not yet'],
        // "Recorded", not "ended": the end is recorded ahead of a day still to come, and a document has no today.
        // By whoever recorded it: the social worker or team manager may, not only the placement team.
        ['End of the placement recorded', placement.status !== 'ended' ? 'Not yet' : placement.recordedBy ? `Yes, by ${personActing(placement.recordedBy.by, placement.recordedBy.onBehalfOf)}, ${dayOf(placement.recordedBy, ctx)}` : 'Yes'],
      ] },
      { type: 'paragraph', text: `The Head of Service consents to the placement ending ${askedDayPassed ? 'on the specified end date, on or after the day of their consent' : 'on the date above'}. The placement stays open until this confirmation is sent to the Children's Placement Team and recorded on the child's record in ${ctx.caseRecordSystemName}; the carers or provider are then told the specified end date (R-PLACE-1).` },
      ...(d.comment ? [{ type: 'paragraph' as const, text: `Comment: ${d.comment}` }] : []),
    ],
    fields: { DocumentKind: 'placement-end-confirmation', EndDate: placement.endDate ?? endDate ?? '' },
  };
}
