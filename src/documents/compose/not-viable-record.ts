/** The not-viable record (R-UNPL-8): the decision, who was told, which meetings were booked. */
import type { CaseState } from '../../protocol';
import { APPROVER_NAMES, CANNOT_STAY } from '../../protocol';
import type { CaseDocument } from '../document-model';
import { documentNamed } from '../document-kinds';
import { childRows, dayOf, dayOfInstant, personActing, yesNo, type DocumentContext } from './words';
import { caseFileRef } from '../case-file-ref';

export function notViableRecord(state: CaseState, ctx: DocumentContext): CaseDocument | null {
  const record = state.notViable;
  const actions = record?.actions;
  if (!record || !actions) return null;
  const assessment = state.assessment;
  return {
    ...documentNamed(caseFileRef(state), 'not-viable-record'),
    blocks: [
      { type: 'mark', text: decidedText(state, ctx) },
      { type: 'heading', text: 'The child' },
      { type: 'facts', rows: childRows(state) },
      ...(assessment ? [
        { type: 'heading' as const, text: 'Risks identified' },
        { type: 'paragraph' as const, text: assessment.riskAnalysis },
        { type: 'heading' as const, text: 'Safety plan' },
        { type: 'paragraph' as const, text: assessment.safetyPlan },
      ] : []),
      { type: 'heading', text: 'Who was told, and what was booked' },
      { type: 'facts', rows: [
        ['The child or young person, and the parents or carers, told of the decision', yesNo(actions.childAndParentsTold)],
        ['The IRO told', state.iro ? `Yes: ${state.iro.name}, with the not-viable notice` : 'No IRO named on the case'],
        ['Initial child protection conference booked', yesNo(actions.childProtectionConferenceBooked)],
        ['Legal planning meeting booked', yesNo(actions.legalPlanningMeetingBooked)],
        ['Recorded by', `${personActing(actions.by, actions.onBehalfOf)}, ${dayOf(actions, ctx)}`],
      ] },
      { type: 'heading', text: 'Notes' },
      { type: 'paragraph', text: actions.notes || 'None.' },
    ],
    fields: { DocumentKind: 'not-viable-record' },
  };
}

/** Who found the return not viable: the assessment, or an approver's final no (final-no.ts), named with their words. */
function decidedText(state: CaseState, ctx: DocumentContext): string {
  const record = state.notViable!;
  const approval = record.rejectedBy ? state.approvals.find((a) => a.approvalId === record.rejectedBy) : undefined;
  const rejection = approval?.decision;
  const stage = approval?.stage;
  if (!rejection || !stage) return `The assessment found a return home not viable on ${dayOfInstant(record.decidedAt, ctx)} (R-UNPL-8).`;
  const comment = rejection.comment ? ` ("${rejection.comment}")` : '';
  return `${personActing(rejection.by, rejection.onBehalfOf)} (${APPROVER_NAMES[stage]}) rejected the return home on ${dayOf(rejection, ctx)}${comment}, though the assessment found it viable; ${state.facts.returnedHomeOn ? 'the child was already home' : `the return was unplanned, so the child ${CANNOT_STAY}`}, so the not-viable route followed (R-UNPL-8).`;
}
