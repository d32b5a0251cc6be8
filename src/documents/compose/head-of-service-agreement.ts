/**
 * The Head of Service's written agreement (R-SIGN-4): the words for the case notes. The same words,
 * less the date of birth, are shown in the chat to copy into the case-record system.
 */
import { ASSESSMENT_FORM_NAMES, dateInWords, withdrawnWhy, type Approval, type CaseState } from '../../protocol';
import type { CaseDocument } from '../document-model';
import { documentNamed } from '../document-kinds';
import { calendarDayOf, correctedSinceMarks, dayOf, homeBefore, dayOfInstant, personActing, type DocumentContext } from './words';
import { caseFileRef } from '../case-file-ref';

/** The Head of Service's agreement on the current assessment, if given. */
export function headOfServiceAgreementOf(state: CaseState): Approval | undefined {
  const round = state.assessment?.round;
  return state.approvals.find((a) => a.stage === 'head-of-service' && a.round === round && !a.cancelledAt && a.decision?.outcome === 'approve');
}

/** The case-note text: no date of birth and no child's name, so it may also be shown in a 1:1 chat. */
/** The approval of this stage on the current assessment that was given and then withdrawn (a correction that changed the ruling). */
export function withdrawnApproval(state: CaseState, stage: Approval['stage']): Approval | undefined {
  const round = state.assessment?.round;
  return state.approvals.filter((a) => a.stage === stage && a.round === round && a.cancelledAt && a.decision?.outcome === 'approve').at(-1);
}

export function headOfServiceAgreementText(state: CaseState, ctx: DocumentContext, approval = headOfServiceAgreementOf(state)): string | null {
  const assessment = state.assessment;
  if (!approval?.decision || !assessment) return null;
  const d = approval.decision;
  const director = state.signOff?.required
    ? `The authorisation of the ${ctx.directorTitle} is required (${state.signOff.rules.join(', ')}) and is asked for next.`
    : `The authorisation of the ${ctx.directorTitle} is not required by the protocol (R-SIGN-6).`;
  return [
    `Head of Service's written agreement (R-SIGN-4), case ${caseFileRef(state)}.`,
    `On ${dayOf(d, ctx)}, ${personActing(d.by, d.onBehalfOf)}, Head of Service, ${ctx.organisationName}, agreed the return home from section 20 accommodation as set out in the ${ASSESSMENT_FORM_NAMES[assessment.form]} (version ${assessment.round}) submitted by ${personActing(assessment.submittedBy, assessment.onBehalfOf)} on ${dayOfInstant(assessment.submittedAt, ctx)}, with its risk analysis, safety plan and stepdown plan, having read the team manager's agreement and the IRO's view.`,
    // Only a return before the agreement makes it retrospective: a planned return recorded later is not "before this agreement".
    state.facts.returnedHomeOn && homeBefore(state, calendarDayOf(d, ctx)) ? `The child went home on ${dateInWords(state.facts.returnedHomeOn)}, before this agreement (R-SIGN-5).` : '',
    director,
    d.comment ? `Comment: ${d.comment}` : '',
  ].filter(Boolean).join('\n');
}

export function headOfServiceAgreement(state: CaseState, ctx: DocumentContext): CaseDocument | null {
  // An agreement a correction withdrew keeps its file: a new version says it no longer stands.
  const withdrawn = headOfServiceAgreementOf(state) ? undefined : withdrawnApproval(state, 'head-of-service');
  const text = headOfServiceAgreementText(state, ctx, withdrawn);
  if (!text || !state.assessment) return null;
  const round = state.assessment.round;
  const given = withdrawn ? undefined : headOfServiceAgreementOf(state)?.decision;
  return {
    ...documentNamed(caseFileRef(state), 'head-of-service-agreement', round),
    blocks: [
      ...(withdrawn?.cancelledAt ? [{ type: 'mark' as const, text: `This agreement was withdrawn on ${dayOfInstant(withdrawn.cancelledAt, ctx)} because ${withdrawnWhy(withdrawn)}: it no longer stands, and is not to be copied into the case notes (R-SIGN-4).` }] : []),
      ...(given ? correctedSinceMarks(state, given.at, 'agreement', 'R-SIGN-4', ctx) : []),
      { type: 'facts', rows: [['Case reference', caseFileRef(state)], ['Date of birth', dateInWords(state.facts.dateOfBirth)], ['Assessment version', String(round)]] },
      { type: 'heading', text: `For the case notes in ${ctx.caseRecordSystemName}` },
      ...text.split('\n').map((line) => ({ type: 'paragraph' as const, text: line })),
    ],
    fields: { DocumentKind: 'head-of-service-agreement', AssessmentVersion: round },
  };
}
