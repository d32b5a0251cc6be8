/**
 * The return home decision record (R-SIGN-4): one per assessment submitted, with the child's
 * facts, the ruling with its rule ids, the assessment, the views, every decision on that version
 * the visits (due, done, who recorded each), the visits that did not count, what was written of each visit,
 * and a return home that broke down. The version the Head of Service agreed says so at its top.
 */
import {
  retrospectiveWords,
  APPROVER_NAMES,
  ASSESSMENT_FORM_NAMES,
  sentenceCase,
  dateInWords,
  FRAMEWORK_EVIDENCE,
  FRAMEWORK_EVIDENCE_NAMES,
  STEPDOWN_OPTION_NAMES,
  TRIGGER_NAMES,
  UNDOABLE_STEP_NAMES,
  correctionInWords,
  withdrawnWhy,
  type Approval,
  type CaseState,
} from '../../protocol';
import { calendarDateIn } from '../../cases/org-time';
import type { CaseDocument, DocumentBlock } from '../document-model';
import { documentNamed } from '../document-kinds';
import { ageOn, childRows, dayOf, dayOfInstant, homeBefore, iroViewBy, personActing, yesNo, type DocumentContext } from './words';
import { caseFileRef } from '../case-file-ref';

const OUTCOME_WORDS = { approve: 'Agreed', 'request-changes': 'Changes requested', reject: 'Not agreed' } as const;

const STAGE_WORDS = (stage: Approval['stage']): string => sentenceCase(APPROVER_NAMES[stage]);

const EDGE_OF_CARE_WORDS = {
  framework: 'Edge of Care team, following the NSPCC reunification framework (R-PLAN-2)',
  'support-only': 'Edge of Care team, intensive support without the framework (R-PLAN-4)',
  consultation: 'Consultation with the Edge of Care team only',
} as const;

/** Who was told at the end of the care episode, or since and when (R-PLACE-2, R-VOICE-1): "not yet" is kept as such. */
function episodeEndBlocks(ended: NonNullable<CaseState['episodeEnded']>, ctx: DocumentContext): DocumentBlock[] {
  const told = (who: 'family' | 'agencies', informed: boolean | undefined): string => {
    const later = ended.toldLater?.[who];
    if (later) return `Yes: told on ${dateInWords(later.toldOn)} (recorded ${dayOf(later, ctx)} by ${personActing(later.by, later.onBehalfOf)})`;
    return informed === true ? 'Yes, when the care episode ended' : informed === false ? 'Not yet recorded' : 'Not asked';
  };
  return [{ type: 'heading', text: 'End of the care episode (R-PLACE-2, R-VOICE-1)' }, { type: 'facts', rows: [
    ['Recorded', `${dayOf(ended, ctx)} by ${personActing(ended.by, ended.onBehalfOf)}`],
    // Asked only when the Director authorised (R-PLACE-2); otherwise there was none to upload (R-SIGN-6).
    ["Director's agreement uploaded to the child's record", ended.directorAgreementUploaded ? 'Yes' : 'None to upload: the Director was not asked (R-SIGN-6)'],
    ['Agencies involved told (R-PLACE-2)', told('agencies', ended.agenciesInformed)],
    ['The child and the parents told of the decision (R-VOICE-1)', told('family', ended.familyInformed)],
  ] }];
}

/**
 * The return home broke down after the care episode ended (back-in-care.ts): when the child came back,
 * what happened, and the visits that were then no longer due, so the case file says why the visits
 * stopped and why the placement was not ended before the case closed (R-VISIT-1, R-UNPL-10).
 */
function backInCareBlocks(back: NonNullable<CaseState['backInCare']>, ctx: DocumentContext): DocumentBlock[] {
  const stopped = back.visitsNoLongerDue.map((v) => `${v.index === 0 ? 'First visit' : `Weekly check-in ${v.index}`} (due ${dateInWords(v.due)})`);
  return [{ type: 'heading', text: 'The return home broke down (R-VISIT-1, R-UNPL-10)' }, { type: 'facts', rows: [
    ['The child came back into care', dateInWords(back.on)],
    ['What happened', back.notes || 'Not given'],
    ['Visits no longer due (R-VISIT-1)', stopped.length > 0 ? stopped.join('; ') : 'None: every visit due had been done'],
    ['The placement', 'Not ended for this case: the child may be back in it. The reunification review closes the case (R-UNPL-10); a new case is started if a return home is planned again.'],
    // Its `on` is the day the child came back, not the day it was recorded: the day comes from `at`.
    ['Recorded', `${dayOfInstant(back.at, ctx)} by ${personActing(back.by, back.onBehalfOf)}`],
  ] }];
}

function approvalsOfRound(state: CaseState, round: number): Approval[] {
  return state.approvals.filter((a) => a.round === round && a.stage !== 'placement-end' && !a.cancelledAt);
}

/** A case ended without a decision on the version: the words for how. */
const ENDED_UNDECIDED: Partial<Record<NonNullable<CaseState['closure']>['reason'], string>> = {
  withdrawn: 'the case was withdrawn',
  'out-of-scope': 'the case was closed because the child is on a court order (R-SCOPE-2)',
};

/** The mark at the top: agreed by the Head of Service, sent back, withdrawn undecided, or still going round. */
function markOf(state: CaseState, round: number, approvals: Approval[], ctx: DocumentContext): string {
  const hos = approvals.find((a) => a.stage === 'head-of-service' && a.decision?.outcome === 'approve');
  if (hos?.decision) return `The version the Head of Service agreed: ${personActing(hos.decision.by, hos.decision.onBehalfOf)} agreed it in writing on ${dayOf(hos.decision, ctx)} (R-SIGN-4).`;
  const sentBack = approvals.find((a) => a.decision && a.decision.outcome !== 'approve');
  if (sentBack?.decision) return `This version was not agreed: ${OUTCOME_WORDS[sentBack.decision.outcome].toLowerCase()} by the ${STAGE_WORDS(sentBack.stage).toLowerCase()} on ${dayOf(sentBack.decision, ctx)}.`;
  if (!state.assessment?.viable) return 'The assessment found a return home not viable (R-UNPL-8).';
  // Once no decision can come (the case withdrawn, its requests taken back), "the decisions so far" would say one still may.
  const ended = state.closure ? ENDED_UNDECIDED[state.closure.reason] : undefined;
  if (state.closure && ended) return `This version was not agreed: ${ended} on ${dayOf(state.closure, ctx)} by ${personActing(state.closure.by, state.closure.onBehalfOf)}.`;
  const withdrawn = state.approvals.filter((a) => a.round === round && a.stage !== 'placement-end' && a.cancelledAt).at(-1);
  if (withdrawn?.cancelledAt && !approvals.some((a) => !a.decision)) {
    return `This version was not agreed: it was withdrawn on ${dayOfInstant(withdrawn.cancelledAt, ctx)} because ${withdrawnWhy(withdrawn)}.`;
  }
  return 'Not yet agreed by the Head of Service: the decisions so far are listed below.';
}

/**
 * What the social worker wrote of each visit, the ones that did not count too, in the order they
 * happened: the visits are the safety record after the return home (R-VISIT-1), and the notes are
 * what was found. Under the tables, since notes run long.
 */
function visitNotes(state: CaseState): DocumentBlock[] {
  const written = visitsEver(state).flatMap((v) => [
    ...(v.attempts ?? []).map((a) => ({ on: a.on, notes: a.notes, what: `${visitName(v)}, ${dateInWords(a.on)}, ${a.outcome === 'no-access' ? 'no access to the home' : 'the child not seen'} (recorded by ${personActing(a.by, a.onBehalfOf)})` })),
    ...(v.doneOn && v.recordedBy ? [{ on: v.doneOn, notes: v.notes ?? '', what: `${visitName(v)}, ${dateInWords(v.doneOn)}, the child seen (recorded by ${personActing(v.recordedBy, v.onBehalfOf)})` }] : []),
  ]).filter((n) => n.notes.trim() !== '');
  if (written.length === 0) return [];
  // Stable: two on one day stay in the order recorded.
  written.sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : 0));
  return [{ type: 'heading', text: 'Visit notes (R-VISIT-1)' }, ...written.map((n): DocumentBlock => ({ type: 'paragraph', text: `${n.what}: ${n.notes}` }))];
}

/** The visits, with those no longer due once the child came back into care: their attempts are part of the safety record too (R-VISIT-1). */
function visitsEver(state: CaseState): CaseState['visits'] {
  return [...state.visits, ...(state.backInCare?.visitsNoLongerDue ?? [])].sort((a, b) => a.index - b.index);
}

/** "First visit", "Weekly check-in 2", "Extra visit 6": numbered as the case card numbers them. */
function visitName(v: CaseState['visits'][number]): string {
  if (v.extra) return `Extra visit ${v.index + 1}`;
  return v.kind === 'first-visit' ? 'First visit' : `Weekly check-in ${v.index}`;
}

/**
 * What was set right or set aside on the case, in the order it happened: each correction of the facts
 * (before → after), step undone (as it was recorded) and move between pathways, with when, by whom
 * (on whose behalf) and why; otherwise the record shows only the facts as they now stand.
 */
function changesOfCourse(state: CaseState, ctx: DocumentContext): DocumentBlock[] {
  const rows: { at: string; row: string[] }[] = [
    ...(state.corrections ?? []).map((c) => ({ at: c.at, row: [dayOf(c, ctx), personActing(c.by, c.onBehalfOf), `Facts corrected: ${correctionInWords(c, dateInWords)}`, c.reason] })),
    ...(state.undone ?? []).map((u) => ({ at: u.at, row: [dayOf(u, ctx), personActing(u.by, u.onBehalfOf), `Undone: ${UNDOABLE_STEP_NAMES[u.step]} (${u.was})`, u.reason] })),
    ...state.pathwayChanges.map((p) => ({
      at: p.at,
      row: [dayOfInstant(p.at, ctx), personActing(p.by, p.onBehalfOf), p.to === 'planned' ? 'Moved to the planned pathway: the parents agreed a planned return (R-UNPL-4)' : 'Moved to the unplanned pathway (R-SCOPE-3)', p.to === 'unplanned' && p.trigger ? sentenceCase(TRIGGER_NAMES[p.trigger]) : (p.reason ?? '')],
    })),
  ];
  if (rows.length === 0) return [];
  rows.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return [{ type: 'heading', text: 'Corrections, steps undone and moves between pathways' }, { type: 'table', header: ['When', 'By', 'What', 'Why'], rows: rows.map((r) => r.row) }];
}

export function decisionRecord(state: CaseState, ctx: DocumentContext): CaseDocument | null {
  const assessment = state.assessment;
  if (!assessment) return null;
  const round = assessment.round;
  const approvals = approvalsOfRound(state, round);
  const submittedOn = dayOfInstant(assessment.submittedAt, ctx);
  const blocks: DocumentBlock[] = [{ type: 'mark', text: markOf(state, round, approvals, ctx) }];

  blocks.push({ type: 'heading', text: 'The child' }, { type: 'facts', rows: [
    ...childRows(state),
    ['Age when the assessment was submitted', `${ageOn(state, calendarDateIn(new Date(assessment.submittedAt), ctx.timeZone))}`],
    ['Pathway', state.pathway === 'planned' ? 'Planned return home' : `Unplanned return home${state.trigger ? `: ${TRIGGER_NAMES[state.trigger]}` : ''}`],
  ] });

  blocks.push({ type: 'heading', text: 'The ruling' }, { type: 'facts', rows: [
    // A version found not viable goes to no approver, the Director included (R-UNPL-8), as the case card says.
    ['Director sign-off', !assessment.viable ? 'Not needed: the return home was found not viable (R-UNPL-8)' : state.signOff ? `${state.signOff.required ? 'Required' : 'Not required'} (${state.signOff.rules.length > 0 ? state.signOff.rules.join(', ') : 'R-SIGN-6'})` : 'Not ruled'],
    ['Assessment form', `${ASSESSMENT_FORM_NAMES[assessment.form]}${assessment.formRules.length > 0 ? ` (${assessment.formRules.join(', ')})` : ''}`],
    // As on the day this version was submitted: a return home recorded later does not make it so.
    ['Already home when assessed', homeBefore(state, calendarDateIn(new Date(assessment.submittedAt), ctx.timeZone)) ? (assessment.viable ? 'Yes: any Director agreement is retrospective (R-SIGN-5)' : 'Yes') : 'No'],
  ] });

  blocks.push({ type: 'heading', text: `The assessment (version ${round})` }, { type: 'facts', rows: [
    ['Submitted', `${submittedOn} by ${personActing(assessment.submittedBy, assessment.onBehalfOf)}`],
    ['Outcome', assessment.viable ? 'Return home viable' : 'Return home not viable (R-UNPL-8)'],
  ] });
  blocks.push({ type: 'heading', text: 'Risk analysis' }, { type: 'paragraph', text: assessment.riskAnalysis });
  blocks.push({ type: 'heading', text: 'Safety plan' }, { type: 'paragraph', text: assessment.safetyPlan });
  blocks.push({ type: 'heading', text: 'Stepdown plan (R-UNPL-9)' });
  blocks.push(assessment.stepdownPlan.length > 0
    ? { type: 'table', header: ['Option', 'What it is meant to achieve'], rows: assessment.stepdownPlan.map((s) => [STEPDOWN_OPTION_NAMES[s.option], s.purpose]) }
    : { type: 'paragraph', text: 'No stepdown option recorded.' });

  blocks.push({ type: 'heading', text: 'Views (R-VOICE-1)' });
  const views: Array<[string, string]> = [];
  const s = state.steps;
  const recorded = (step: NonNullable<typeof s.childViews>): string => `recorded ${dayOf(step, ctx)} by ${personActing(step.by, step.onBehalfOf)}`;
  views.push(["The child's views", s.childViews ? `${s.childViews.views} (${recorded(s.childViews)})` : 'Not recorded']);
  views.push(["The parents' views", s.parentsConsulted ? `${s.parentsConsulted.views} (${recorded(s.parentsConsulted)}; planned return agreed: ${yesNo(s.parentsConsulted.plannedReturnAgreed)})` : 'Not recorded']);
  views.push(["The IRO's view", state.iroView ? `${state.iroView.view} (${iroViewBy(state, state.iroView)}, ${dayOf(state.iroView, ctx)}; review brought forward: ${yesNo(state.iroView.reviewBroughtForward)})` : 'Not yet given']);
  blocks.push({ type: 'facts', rows: views });

  if (s.reunification) {
    blocks.push({ type: 'heading', text: 'Reunification work (R-PLAN-1..3)' }, { type: 'facts', rows: [
      ['Started', dateInWords(s.reunification.startedOn)],
      ['Edge of Care', EDGE_OF_CARE_WORDS[s.reunification.edgeOfCare]],
    ] });
    if (s.reunification.edgeOfCare === 'framework') {
      blocks.push({ type: 'table', header: ['NSPCC framework evidence (R-PLAN-3)', 'Recorded', 'Where it is'], rows: FRAMEWORK_EVIDENCE.map((e) => {
        const step = s.frameworkEvidence?.[e];
        return [FRAMEWORK_EVIDENCE_NAMES[e], step ? `${dayOf(step, ctx)}` : 'Not yet', step?.url ?? (step ? 'No link recorded' : '')];
      }) });
    }
  }

  blocks.push({ type: 'heading', text: 'Decisions on this version (R-SIGN-4)' });
  // Decided ones only: a request waiting is not a decision, and would make a new version of the record each time one is sent.
  const dated: { at: string; row: string[] }[] = approvals.flatMap((a) => a.decision
    ? [{ at: a.decision.at, row: [STAGE_WORDS(a.stage), OUTCOME_WORDS[a.decision.outcome] + retrospectiveWords(a), personActing(a.decision.by, a.decision.onBehalfOf), dayOf(a.decision, ctx), a.decision.comment ?? ''] }]
    : []);
  if (state.iroView) dated.push({ at: state.iroView.at, row: ["IRO's view", 'Given', iroViewBy(state, state.iroView), dayOf(state.iroView, ctx), ''] });
  // In the order they happened (the IRO's view before the Head of Service's agreement, R-SIGN-4), not the IRO's last.
  const rows = dated.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0)).map((d) => d.row);
  // A version found not viable is not put to the approvers (R-UNPL-8): "No decision yet" would say one is coming.
  const noDecision = assessment.viable ? 'No decision yet.' : 'None: a return home found not viable is not put to the approvers; the not-viable actions follow (R-UNPL-8).';
  blocks.push(rows.length > 0 ? { type: 'table', header: ['Who', 'Decision', 'By', 'When', 'Comment'], rows } : { type: 'paragraph', text: noDecision });

  if (state.episodeEnded && round === state.assessment?.round) blocks.push(...episodeEndBlocks(state.episodeEnded, ctx));
  blocks.push(...changesOfCourse(state, ctx));

  // Each visit as planned and as done: when, and who recorded it (on whose behalf, where a deputy did).
  blocks.push({ type: 'heading', text: 'Visits (R-VISIT-1)' });
  const noVisits = assessment.viable ? 'Visits are due 3, 7, 14, 21 and 28 days after the child goes home (R-VISIT-1); the dates follow the return home.' : 'None: the return home was found not viable (R-UNPL-8).';
  blocks.push(state.visits.length > 0
    ? { type: 'table', header: ['Visit', 'Due', 'Done (the child seen)', 'Recorded by'], rows: state.visits.map((v) => [
      visitName(v),
      v.extra ? 'An extra visit, beyond the minimum' : dateInWords(v.due),
      v.doneOn ? dateInWords(v.doneOn) : state.stage === 'closed' ? 'Not recorded before the case closed' : v.overdue ? 'Not yet: overdue' : 'Not yet',
      v.recordedBy ? personActing(v.recordedBy, v.onBehalfOf) : '',
    ]) }
    : { type: 'paragraph', text: noVisits });
  // A visit at which the child was not seen, or there was no access, is part of the safety record though it does not count.
  const notCounted = visitsEver(state).flatMap((v) => (v.attempts ?? []).map((a) => [
    `${visitName(v)}, due ${dateInWords(v.due)}`,
    dateInWords(a.on),
    a.outcome === 'no-access' ? 'No access to the home' : 'The child was not seen',
    personActing(a.by, a.onBehalfOf),
  ]));
  if (notCounted.length > 0) {
    blocks.push({ type: 'heading', text: 'Visits that did not count (R-VISIT-1)' }, { type: 'table', header: ['Visit', 'Date', 'Outcome', 'Recorded by'], rows: notCounted });
  }
  blocks.push(...visitNotes(state));
  if (state.backInCare && round === state.assessment?.round) blocks.push(...backInCareBlocks(state.backInCare, ctx));

  const agreed = approvals.some((a) => a.stage === 'head-of-service' && a.decision?.outcome === 'approve');
  return {
    ...documentNamed(caseFileRef(state), 'decision-record', round),
    blocks,
    fields: { DocumentKind: 'decision-record', AssessmentVersion: round, AgreedByHeadOfService: agreed },
  };
}
