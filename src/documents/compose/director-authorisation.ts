/**
 * The Director's authorisation (R-SIGN-4, R-PLACE-2): one page to upload to the child's record,
 * naming the Director or the deputy who acted for them, retrospective when the child was already
 * home (R-SIGN-5).
 */
import { dateInWords, isRetrospective, withdrawnWhy, type CaseState } from '../../protocol';
import { withdrawnApproval } from './head-of-service-agreement';
import type { CaseDocument } from '../document-model';
import { documentNamed } from '../document-kinds';
import { correctedSinceMarks, dayOf, dayOfInstant, personActing, yesNo, type DocumentContext } from './words';
import { caseFileRef } from '../case-file-ref';

export function directorAuthorisation(state: CaseState, ctx: DocumentContext): CaseDocument | null {
  const round = state.assessment?.round;
  const live = state.approvals.find((a) => a.stage === 'director' && a.round === round && !a.cancelledAt && a.decision?.outcome === 'approve');
  // An authorisation a correction withdrew keeps its file: a new version says it no longer stands.
  const withdrawn = live ? undefined : withdrawnApproval(state, 'director');
  const approval = live ?? withdrawn;
  const d = approval?.decision;
  if (!approval || !d || round === undefined) return null;
  const found = d.retrospective ? undefined : approval.foundRetrospective;
  const who = `${personActing(d.by, d.onBehalfOf)}, ${ctx.directorTitle}`;
  return {
    ...documentNamed(caseFileRef(state), 'director-authorisation', round),
    blocks: [
      ...(withdrawn?.cancelledAt ? [{ type: 'mark' as const, text: `This authorisation was withdrawn on ${dayOfInstant(withdrawn.cancelledAt, ctx)} because ${withdrawnWhy(withdrawn)}: it no longer stands, and is not to be uploaded to the child's record (R-PLACE-2).` }] : []),
      ...(live ? correctedSinceMarks(state, d.at, 'authorisation', 'R-SIGN-4', ctx) : []),
      ...(d.retrospective ? [{ type: 'mark' as const, text: `Retrospective authorisation (R-SIGN-5): the child went home on ${state.facts.returnedHomeOn ? dateInWords(state.facts.returnedHomeOn) : 'an earlier date'}, before this agreement.` }] : []),
      ...(found ? [{ type: 'mark' as const, text: `Retrospective authorisation (R-SIGN-5): the child went home on ${dateInWords(found.homeOn)}, before this agreement; that return was recorded on ${dayOf(found, ctx)} by ${personActing(found.by, found.onBehalfOf)}, after the authorisation was given.` }] : []),
      { type: 'facts', rows: [
        ['Case reference', caseFileRef(state)],
        ['Date of birth', dateInWords(state.facts.dateOfBirth)],
        ['Accommodated on', dateInWords(state.facts.accommodatedOn)],
        ['Authorised by', who],
        ['Authorised on', dayOf(d, ctx)],
        ['Retrospective', yesNo(isRetrospective(approval))],
        ['Why the Director signs', state.signOff?.rules.length ? state.signOff.rules.join(', ') : 'Asked for although not required (R-SIGN-6)'],
      ] },
      { type: 'paragraph', text: `I authorise the end of this child's section 20 care episode and their return home, as agreed in writing by the Head of Service on the return home assessment (version ${round}).` },
      ...(d.comment ? [{ type: 'paragraph' as const, text: `Comment: ${d.comment}` }] : []),
      { type: 'paragraph', text: `To be uploaded to the child's record in ${ctx.caseRecordSystemName} before the care episode is ended there (R-PLACE-2).` },
    ],
    fields: { DocumentKind: 'director-authorisation', AssessmentVersion: round, Retrospective: isRetrospective(approval) },
  };
}
