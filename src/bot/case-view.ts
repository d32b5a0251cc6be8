/**
 * What a case looks like on a card: the protocol as a checklist (done / next / overdue),
 * the ruling with its rule ids, and the actions for the next steps. Only the case reference
 * and role holders' names appear — never the child's name or date of birth.
 */
import {
  retrospectiveWords,
  continuingPlansText,
  personText,
  type Person,
  APPROVAL_STAGES,
  ApprovalStage,
  type Approval,
  sentenceCase,
  STAGE_NAMES,
  STAGE_RULES,
  ASSESSMENT_FORM_NAMES,
  availableSteps,
  type AvailableStep,
  type StepName,
  CasePolicy,
  CaseState,
  CalendarDate,
  CLOSURE_TEXT,
  dateOf,
  dateText,
  decideByText,
  datesAsText,
  FRAMEWORK_EVIDENCE,
  FRAMEWORK_EVIDENCE_NAMES,
  isAfter,
  iroInformedRule,
  iroViewOnEarlierVersion,
  listSteps,
  missingBeforeAssessment,
  missingBeforeClosure,
  RuleId,
  RULES,
  rulingFor,
  signOffFor,
  STEPDOWN_OPTION_NAMES,
  TRIGGER_NAMES,
  withdrawnWhy,
  cannotStayInCare,
  APPROVER_ROLE,
  decidersNamed,
  ROLE_NAMES,
} from '../protocol';
import { shownRef } from './shown-ref';
import { localDateText, localDateTimeText } from '../cases/org-time';
import { oneLine } from '../cases/one-line';
import type { ApprovalRequestData, CardNotice, CaseCardData, DecisionStatusData } from './card-builder';
import { NO_NOTICE } from './card-builder';
import type { StepId } from './case-steps';
import { changeActionsFor } from './change-actions';
import { chainSoFar, changesSinceLastVersion, homeText, riskCheckText } from './approval-context';
import { onCard, quoted } from './card-budget';
import { placementEndItem } from './placement-end-item';
import { attemptsOnCard, EVERY_VISIT_IS, visitRecorder, visitsNotListed, visitsOnCard } from './visits-on-card';
import { iroViewAttribution } from './iro-view-attribution';
import { REASON_TEXT, whatToDo, type UndeliveredMessage } from '../cases/undelivered-messages';
import { NO_DOCUMENTS, type CaseDocumentsCardData } from './case-documents-view';
import { STAGE_TEXT } from '../protocol/stage-text';

export { STAGE_TEXT };

/** "Head of Service's written agreement", as a title. */
export const APPROVAL_TITLES = Object.fromEntries(APPROVAL_STAGES.map((stage) => [stage, sentenceCase(STAGE_NAMES[stage])])) as Record<ApprovalStage, string>;

const OUTCOME_TEXT = { approve: 'Approved', 'request-changes': 'Changes requested', reject: 'Rejected' } as const;

const ruleLines = (ids: readonly RuleId[]) => ids.map((id) => ({ id, text: RULES[id].text }));

export function pathwayText(state: CaseState): string {
  return state.pathway === 'planned' ? 'Planned' : `Unplanned (${state.trigger ? TRIGGER_NAMES[state.trigger] : 'trigger not recorded'})`;
}

export function visitTitle(index: number): string {
  return index === 0 ? 'First home visit' : `Weekly check-in ${index}`;
}

type Item = CaseCardData['checklist'][number];
const doneItem = (title: string, detail: string): Item => ({ status: 'Done', color: 'Good', title, detail });
const nextItem = (title: string, detail: string): Item => ({ status: 'Next', color: 'Accent', title, detail });
const overdueItem = (title: string, detail: string): Item => ({ status: 'Overdue', color: 'Attention', title, detail });
const laterItem = (title: string, detail: string): Item => ({ status: 'Later', color: 'Default', title, detail });
/** A request taken back undecided: it will not be decided, so neither 'Later' nor 'Not done'. */
const withdrawnItem = (title: string, detail: string): Item => ({ status: 'Withdrawn', color: 'Default', title, detail });

/** Instants are stored in UTC; people read the organisation's date, which differs from UTC's near midnight in summer. */
const localDate = (at: string, timeZone: string): string => localDateText(new Date(at), timeZone);

/** Who recorded a step, and on whose behalf when a deputy did (as the audit trail says). */
const recordedBy = (record: { by: Person; onBehalfOf?: Person | undefined }): string => personText(record.by, record.onBehalfOf);

/**
 * "Done Wed 2 Dec 2026 (due Mon 30 Nov 2026)", "Due Wed 2 Dec 2026": a visit's line, with " — overdue" where asked,
 * who recorded it where asked, and each visit that did not count with who recorded it (R-VISIT-1), so the team
 * manager told of it finds it on the card and knows whom to ask.
 */
function visitText(v: CaseState['visits'][number], overdue = false, withRecorder = false): string {
  const line = v.doneOn ? `Done ${dateText(v.doneOn)} (due ${dateText(v.due)})` : `Due ${dateText(v.due)}${overdue ? ' — overdue' : ''}`;
  // Before the visits that did not count: at the end it would read as the last one's recorder.
  const by = withRecorder && v.recordedBy ? `, ${visitRecorder(v.recordedBy, v.onBehalfOf)}` : '';
  const attempts = attemptsOnCard(v);
  const earlier = attempts.earlier > 0 ? [`; not counted: ${attempts.earlier} earlier ${attempts.earlier === 1 ? 'attempt' : 'attempts'} (the case file lists each)`] : [];
  const notCounted = attempts.shown.map((a) => `; not counted: ${dateText(a.on)}, ${a.outcome === 'no-access' ? 'no access to the home' : 'the child was not seen'}, ${visitRecorder(a.by, a.onBehalfOf)}`);
  return `${line}${by}${[...earlier, ...notCounted].join('')}`;
}

const EDGE_OF_CARE_TEXT = { framework: 'Edge of Care, reunification framework', 'support-only': 'Edge of Care support, no framework', consultation: 'consultation only' } as const;

/** Whose decision a request waits for, by part and by name where the case names them: "waiting for the team manager (Taylor Manager or Morgan Manager)". */
function waitingFor(state: CaseState, approval: Approval): string {
  const names = decidersNamed(state, approval, 'or');
  return `waiting for the ${ROLE_NAMES[APPROVER_ROLE[approval.stage]]}${names ? ` (${names})` : ''}`;
}

/** The same for everyone on the case: a "Next" that is one person's to do says whose, so nobody else takes it for theirs. */
function checklist(state: CaseState, ctx: ViewContext): Item[] {
  const { today, policy, timeZone } = ctx;
  const on = (at: string) => localDate(at, timeZone);
  const items: Item[] = [];
  const s = state.steps;
  const stepItem = (title: string, record: { at: string; by: Person; onBehalfOf?: Person | undefined } | undefined, rule: RuleId) =>
    record ? doneItem(`${title} (${rule})`, `${on(record.at)}, ${recordedBy(record)}`) : nextItem(`${title} (${rule})`, "The social worker's step, before the assessment goes for agreement");
  for (const change of state.pathwayChanges) {
    if (change.to === 'planned') items.push(doneItem('Moved to the planned pathway: the parents agreed a planned return (R-UNPL-4)', `${on(change.at)}, ${recordedBy(change)}`));
    else items.push(doneItem('Moved to the unplanned pathway (R-SCOPE-3)', `${on(change.at)}, ${recordedBy(change)}: ${change.trigger ? TRIGGER_NAMES[change.trigger] : 'reason not recorded'}`));
  }
  if (state.pathway === 'planned') {
    items.push(s.reunification ? doneItem('Reunification work started (R-PLAN-1)', `${dateText(s.reunification.startedOn)}, ${recordedBy(s.reunification)}: ${EDGE_OF_CARE_TEXT[s.reunification.edgeOfCare]}`) : nextItem('Reunification work started (R-PLAN-1)', "The social worker's first step"));
    if (s.reunification?.edgeOfCare === 'framework') {
      for (const evidence of FRAMEWORK_EVIDENCE) {
        const record = s.frameworkEvidence?.[evidence];
        const title = `Uploaded: ${FRAMEWORK_EVIDENCE_NAMES[evidence]} (R-PLAN-3)`;
        items.push(record ? doneItem(title, `${on(record.at)}, ${recordedBy(record)}${record.url ? `: ${record.url}` : ''}`) : nextItem(title, "The social worker's step: upload it to the child's record, then give its link, before the assessment"));
      }
    }
    // A closed case has no horizon left to meet.
    if (state.facts.reunificationStartedOn && !state.facts.returnedHomeOn && state.stage !== 'closed') {
      const horizon = rulingFor(state, today, policy).plannedReturnHorizon;
      if (horizon) items.push((isAfter(today, horizon) ? overdueItem : laterItem)('16-week horizon for the planned return (R-PLAN-5)', dateText(horizon)));
    }
  }
  items.push(stepItem("Child's views", s.childViews, state.pathway === 'planned' ? 'R-PLAN-6' : 'R-UNPL-1'));
  if (state.pathway === 'unplanned') {
    const risk = s.immediateRisk;
    if (risk?.viewAwaited) items.push(nextItem('Immediate risk check (R-UNPL-2)', `${on(risk.at)}, ${recordedBy(risk)}: waiting for the ${risk.consulted === 'head-of-service' ? 'Head of Service' : 'team manager'}'s view on an LPM or ICPC`));
    else if (risk) items.push(doneItem('Immediate risk check (R-UNPL-2)', `${on(risk.at)}, ${recordedBy(risk)}. ${riskCheckText(state)}`));
    else items.push(stepItem('Immediate risk check', risk, 'R-UNPL-2'));
  }
  items.push(stepItem('IRO informed', s.iroInformed, iroInformedRule(state.pathway)));
  items.push(stepItem("Parents' views", s.parentsConsulted, state.pathway === 'planned' ? 'R-PLAN-6' : 'R-UNPL-4'));
  const a = state.assessment;
  // A planned return's assessment is asked under R-PLAN-3, as its form says.
  const planned = state.pathway === 'planned';
  if (a && state.stage !== 'revising') items.push(doneItem(`Assessment and plan, ${a.viable ? 'viable' : 'not viable'} (${planned ? 'R-PLAN-3' : 'R-UNPL-5, R-UNPL-6'})`, `${on(a.submittedAt)}, ${personText(a.submittedBy, a.onBehalfOf)}: ${ASSESSMENT_FORM_NAMES[a.form]}`));
  else if (state.stage === 'revising' && missingBeforeAssessment(state).length === 0) items.push(nextItem(`Assessment and plan (${planned ? 'R-PLAN-3' : 'R-UNPL-5'})`, "Sent back for changes: the social worker's next step is to revise it and send it again"));
  else items.push(missingBeforeAssessment(state).length === 0 ? nextItem(`Assessment and plan (${planned ? 'R-PLAN-3' : 'R-UNPL-5'})`, "Ready: the social worker's next step is to submit it") : laterItem(`Assessment and plan (${planned ? 'R-PLAN-3' : 'R-UNPL-5'})`, 'After the steps above'));
  for (const approval of state.approvals) {
    if (approval.cancelledAt) {
      items.push(withdrawnItem(`${APPROVAL_TITLES[approval.stage]}`, `Request of ${dateText(approval.requestedOn)} withdrawn: ${withdrawnWhy(approval)}`));
      continue;
    }
    const title = `${APPROVAL_TITLES[approval.stage]} (${STAGE_RULES[approval.stage][0]})`;
    const d = approval.decision;
    if (d) {
      const by = personText(d.by, d.onBehalfOf);
      // Its start only: each send-back's comment (2,000 characters) in full took a case sent back ten times past Teams' 100 KB.
      const comment = d.outcome !== 'approve' && d.comment ? `: "${decisionCommentOnCard(d.comment)}` : '';
      const status = d.outcome === 'reject' ? { status: 'Rejected', color: 'Attention' } : d.outcome === 'request-changes' ? { status: 'Returned', color: 'Warning' } : {};
      items.push({ ...doneItem(title, `${OUTCOME_TEXT[d.outcome]} by ${by} on ${on(d.at)}${retrospectiveWords(approval)}${comment}`), ...status });
    } else items.push(nextItem(title, `Asked on ${dateText(approval.requestedOn)}: ${waitingFor(state, approval)}`));
  }
  if (state.stage === 'awaiting-iro-view') {
    const again = state.iroView && iroViewOnEarlierVersion(state) ? ` (the view of ${on(state.iroView.at)} was on the version sent back)` : '';
    items.push(nextItem("IRO's view (R-SIGN-4)", `Waiting for the IRO${state.iro ? `, ${state.iro.name}` : " (the IRO manager until one is named)"}. Needed before the Head of Service is asked${again}`));
  } else if (state.iroView) {
    const view = `${on(state.iroView.at)}, ${iroViewAttribution(state.iroView)}`;
    if (!iroViewOnEarlierVersion(state)) items.push(doneItem("IRO's view (R-SIGN-4)", view));
    else if (policy.iroViewOnRevision === 'reuse') items.push(doneItem("IRO's view (R-SIGN-4)", `${view}, on the version before it was sent back`));
    else items.push(laterItem("IRO's view (R-SIGN-4)", `${view}, was on the version sent back: asked again when the team manager agrees`));
  }
  if (state.notViable) {
    const actions = state.notViable.actions;
    items.push(actions ? doneItem('Actions after the not-viable decision (R-UNPL-8)', `${on(actions.at)}, ${recordedBy(actions)}`) : nextItem('Actions after the not-viable decision (R-UNPL-8)', "The social worker's next step: tell the child, parents or carers and the IRO; book an ICPC or LPM where needed"));
  }
  if (state.episodeEnded) items.push(doneItem('Care episode ended (R-PLACE-2)', `${on(state.episodeEnded.at)}, ${recordedBy(state.episodeEnded)}`), ...toldItems(state.episodeEnded, on));
  else if (state.stage === 'director-authorised' || state.stage === 'head-of-service-agreed') items.push(nextItem('End the care episode (R-PLACE-2)', "The sign-off chain is complete: the social worker's next step"));
  const visits = visitsItem(state, today);
  if (visits) items.push(visits);
  const placementEnd = placementEndItem(state, today);
  if (placementEnd) items.push(doneItem(placementEnd.title, placementEnd.detail));
  const asked = state.letterContributions;
  if (!state.letter && asked?.iroAskedAt) {
    const title = "The IRO's words for the letter (R-LETTER-1)";
    items.push(asked.iro ? doneItem(title, `${on(asked.iro.at)}, ${recordedBy(asked.iro)}: filled in when you record the letter`) : nextItem(title, `Asked ${on(asked.iroAskedAt)}: waiting for ${state.iro?.name ?? 'the IRO'}`));
  }
  if (state.letter) items.push(doneItem('"Your time in our care" letter (R-LETTER-1)', dateText(state.letter.writtenOn)));
  if (state.review) items.push(doneItem('Reunification review (R-UNPL-10)', `${dateText(state.review.heldOn)}: continuing with ${continuingPlansText(state.review.continueWith) || 'no further plan'}`));
  else if (state.stage === 'episode-ended' || state.stage === 'not-viable') {
    // The review is offered only once nothing is left: say what is, or the card is all Done with no way to close.
    const missing = missingBeforeClosure(state);
    items.push(missing.length === 0 ? nextItem('Reunification review and closure (R-UNPL-10)', "Ready: the social worker's next step, recording the review meeting, closes the case") : laterItem('Reunification review and closure (R-UNPL-10)', `Still to do first: ${listSteps(missing)}`));
  }
  // A closed case is chased no more: what was left undone is not "Next" (nor "Later", nor "Overdue").
  // A visit keeps its due date; "Ready to submit" and the like no longer apply. A withdrawn request stays as it was.
  const stillTrue = (detail: string): boolean => detail.startsWith('Due ') || detail.startsWith(VISITS_COUNT_START);
  const settled = new Set(['Done', 'Rejected', 'Returned', 'Withdrawn']);
  if (state.stage === 'closed') return items.map((item) => (settled.has(item.status) ? item : { ...item, status: 'Not done', color: 'Default', detail: stillTrue(item.detail) ? item.detail : 'Not done before the case closed' }));
  return items;
}

const VISITS_COUNT_START = 'Visits done: ';

/**
 * The visits in one checklist line (R-VISIT-1): how many are done and when the next is due. Each is
 * listed once, under "Visits after the return home", with who recorded it: twice, a busy reader
 * read the same dates twice, and the card grew by a line for every visit.
 */
function visitsItem(state: CaseState, today: CalendarDate): Item | null {
  const back = state.backInCare;
  if (back) {
    const stopped = back.visitsNoLongerDue.length;
    const stoppedText = stopped > 0 ? `; the ${stopped === 1 ? 'visit' : `${stopped} visits`} still due then (from ${dateText(back.visitsNoLongerDue[0]!.due)}) ${stopped === 1 ? 'is' : 'are'} no longer due` : '';
    return doneItem('Visits after the return home (R-VISIT-1)', `${VISITS_COUNT_START}${state.visits.length} of ${state.visits.length + stopped}. The child came back into care on ${dateText(back.on)}: the return home broke down${stoppedText}. Recorded by ${recordedBy(back)}.`);
  }
  if (state.visits.length === 0) return null;
  const done = state.visits.filter((v) => v.doneOn).length;
  const next = state.visits.find((v) => !v.doneOn);
  // A closed case is chased no more (checklist's end): its visits left undone are not "overdue".
  const late = state.stage !== 'closed' && state.visits.some((v) => !v.doneOn && (v.overdue || isAfter(today, v.due)));
  const count = `${VISITS_COUNT_START}${done} of ${state.visits.length}`;
  const title = 'Visits after the return home (R-VISIT-1)';
  if (!next) return doneItem(title, `${count}. Each is listed below, with who recorded it.`);
  return (late ? overdueItem : nextItem)(title, `${count}; next due ${dateText(next.due)}${late ? ' — overdue' : ''}. Each is listed below.`);
}

/** Those the end of the care episode said were not told yet: still to record, or told since (R-VOICE-1, R-PLACE-2). */
function toldItems(ended: NonNullable<CaseState['episodeEnded']>, on: (at: string) => string): Item[] {
  const items: Item[] = [];
  for (const [told, title, informed] of [['family', 'Child and parents told of the decision (R-VOICE-1)', ended.familyInformed], ['agencies', 'Agencies told the care episode has ended (R-PLACE-2)', ended.agenciesInformed]] as const) {
    const later = ended.toldLater?.[told];
    if (later) items.push(doneItem(title, `Told on ${dateText(later.toldOn)}; recorded ${on(later.at)}, ${recordedBy(later)}`));
    else if (informed === false) items.push(nextItem(title, "Not yet recorded: the social worker's next step, before the case can close"));
  }
  return items;
}

type CardAction = CaseCardData['actions'][number];
const step = (title: string, id: StepId, index = ''): CardAction => ({ title, verb: 'openStep', step: id, approvalId: '', index });

/** A button's words for each step the protocol offers (src/protocol/available-steps.ts). */
const STEP_TITLES: Record<Exclude<StepName, 'approval' | 'frameworkEvidence' | 'riskView' | 'visit'>, string> = {
  reunification: 'Record the start of reunification work',
  childViews: "Record the child's views",
  immediateRisk: 'Record the immediate risk check',
  parentsConsulted: "Record the parents' views",
  assessment: 'Submit the assessment',
  iroInformed: 'Inform the IRO',
  iroView: "Record the IRO's view",
  directorRequest: "Ask for the Director's authorisation",
  episodeEnded: 'Record the end of the care episode',
  familyTold: 'Record that the child and parents were told',
  agenciesTold: 'Record that the agencies were told',
  notViableActions: 'Record the not-viable actions',
  returnedHome: 'Record the return home',
  placementEndRequest: 'Ask to end the placement',
  placementEnded: 'Record the end of the placement',
  letterContributionRequest: 'Ask the IRO for words for the letter',
  letterContribution: "Write for the child's letter (IRO)",
  letter: 'Record the letter',
  review: 'Record the review and close',
  pathwayChange: 'Move to the unplanned pathway',
};

/** A next step as its case card button (step-offered.ts asks the same of a form). */
export function actionFor(next: AvailableStep): CardAction {
  switch (next.step) {
    case 'approval':
      return { title: `Open the request: ${APPROVAL_TITLES[next.approvalStage ?? 'team-manager']}`, verb: 'showApproval', step: '', approvalId: next.approvalId ?? '', index: '' };
    case 'frameworkEvidence':
      return step(`Record framework evidence (${next.evidenceUploaded ?? 0} of ${FRAMEWORK_EVIDENCE.length} uploaded)`, 'frameworkEvidence');
    case 'riskView':
      return step(`Give the view on an LPM or ICPC (${next.consulted === 'head-of-service' ? 'Head of Service' : 'team manager'})`, 'riskView');
    case 'visit':
      return step(`Record the ${visitTitle(next.index ?? 0).toLowerCase()}`, 'visit', String(next.index ?? 0));
    default:
      return step(STEP_TITLES[next.step], next.step);
  }
}

/** The next steps' actions, as the protocol offers them (at most five: Teams shows a few actions well). */
function actionsFor(state: CaseState, policy: CasePolicy, today: CalendarDate, keep: (action: CardAction) => boolean): CardAction[] {
  const steps = availableSteps(state, policy, today);
  // The viewer's own buttons are chosen before the cut to five, so nobody loses one of theirs to
  // someone else's.
  const actions = steps.filter((s) => s.step !== 'pathwayChange').map(actionFor).filter(keep);
  // The way out of a planned return stays on the card while the pathway can still change.
  const changeStep = steps.find((s) => s.step === 'pathwayChange');
  const change = changeStep ? [actionFor(changeStep)].filter(keep)[0] : undefined;
  return change ? [...actions.slice(0, 4), change] : actions.slice(0, 5);
}

const keepAll = (): boolean => true;

export interface ViewContext {
  today: CalendarDate;
  policy: CasePolicy;
  /** The organisation's time zone (ORG_TIME_ZONE): recorded instants are shown in its local date and time. */
  timeZone: string;
  /** The case's messages that did not reach someone (src/cases/undelivered-messages.ts). */
  undelivered?: readonly UndeliveredMessage[];
  /** The case file's part of the card (src/bot/case-documents-view.ts). */
  documents?: CaseDocumentsCardData;
  /** Which buttons the person looking may have (src/bot/viewer-actions.ts); all when not given. */
  keep?: (action: CardAction) => boolean;
}

/**
 * The ones still worth acting on: an approval request stops mattering once the approval is
 * decided or withdrawn; a notice stays (it may have been the only word someone had).
 */
function undeliveredStillMatters(state: CaseState, messages: readonly UndeliveredMessage[]): UndeliveredMessage[] {
  return messages.filter((m) => {
    if (!m.approvalId) return true;
    const approval = state.approvals.find((a) => a.approvalId === m.approvalId);
    return approval !== undefined && approval.decision === null && approval.cancelledAt === null;
  });
}

/** One entry: a message that reached nobody counts the later ones for the same request or role. */
function undeliveredLine(m: UndeliveredMessage, timeZone: string): string {
  const at = (iso: string): string => localDateTimeText(new Date(iso), timeZone);
  const first = `${at(m.firstAt ?? m.at)}: ${m.what} did not reach ${m.to} — ${REASON_TEXT[m.reason]}.`;
  const later = (m.count ?? 1) - 1;
  if (later < 1) return first;
  return `${first} ${later === 1 ? '1 later message' : `${later} later messages`} for them went to nobody too, the latest ${at(m.at)}: ${m.latestWhat ?? m.what}.`;
}

function undeliveredData(state: CaseState, ctx: ViewContext): CaseCardData['undelivered'] {
  const items = undeliveredStillMatters(state, ctx.undelivered ?? []).map((m) => ({
    text: undeliveredLine(m, ctx.timeZone),
    advice: whatToDo(m.reason),
  }));
  return { shown: items.length > 0, items };
}

/** Said after a decision's comment shortened on the case card's checklist. */
export const COMMENT_SHORTENED = ' (shortened here: the decision record in the case file has the whole comment)';

const COMMENT_CHARACTERS_ON_CARD = 300;

/** A decision's comment on the checklist, closing quote included: its first 300 characters, and where the rest is. */
function decisionCommentOnCard(comment: string): string {
  const whole = oneLine(comment).length <= COMMENT_CHARACTERS_ON_CARD;
  return `${quoted(comment, COMMENT_CHARACTERS_ON_CARD)}"${whole ? '' : COMMENT_SHORTENED}`;
}

/** The stage in words; a closed case says how it closed. */
export function stageText(state: CaseState): string {
  if (state.stage !== 'closed' || !state.closure) return STAGE_TEXT[state.stage];
  const c = state.closure;
  return c.reason === 'review' ? STAGE_TEXT.closed : `${CLOSURE_TEXT[c.reason]}${c.why ? ` ("${oneLine(c.why)}")` : ''}`;
}

/** False once the return home will not happen: not viable, rejected, withdrawn or out of scope. */
export function returnGoingAhead(state: CaseState): boolean {
  if (state.stage === 'not-viable') return false;
  if (state.stage !== 'closed') return true;
  const c = state.closure;
  // A case closed before closures were kept: it went ahead unless it was not viable.
  if (!c) return state.notViable === null;
  return c.reason === 'review' && c.fromStage !== 'not-viable';
}

/** The latest request for changes, while the social worker revises: who asked, when, and their words. */
export function lastSentBack(state: CaseState): { by: string; on: string; comment: string; stage: ApprovalStage; rejected: boolean } | null {
  if (state.stage !== 'revising') return null;
  const sent = [...state.approvals].reverse().find((x) => x.stage !== 'placement-end' && x.decision && x.decision.outcome !== 'approve');
  if (!sent?.decision) return null;
  const d = sent.decision;
  // A rejection is revised only once the team manager has reopened the case: it was a final no, not a request for changes.
  return { by: personText(d.by, d.onBehalfOf), on: dateText(dateOf(d)), comment: oneLine(d.comment ?? ''), stage: sent.stage, rejected: d.outcome === 'reject' };
}

function returnedData(state: CaseState, _timeZone: string): CaseCardData['returned'] {
  const sent = lastSentBack(state);
  if (!sent) return { shown: false, message: '' };
  const how = sent.rejected ? `rejected by ${sent.by} on ${sent.on}: "${sent.comment}", and the case reopened` : `sent back for changes by ${sent.by} on ${sent.on}: "${sent.comment}"`;
  return { shown: true, message: `${APPROVAL_TITLES[sent.stage]}: ${how} — revise the assessment and submit it again: the form opens with what you sent.` };
}

export function caseCardData(state: CaseState, ctx: ViewContext, notice: CardNotice = NO_NOTICE, done = ''): CaseCardData {
  const ruling = rulingFor(state, ctx.today, ctx.policy);
  const signOff = state.signOff ?? signOffFor(ruling, ctx.policy);
  const goingAhead = returnGoingAhead(state);
  const signOffHeadline = !goingAhead
    ? 'Director sign-off is not needed: the return home is not going ahead.'
    : signOff.required
      ? signOff.rules.includes('R-SIGN-6') && signOff.rules.length === 1
        ? 'Director sign-off is needed by local policy on every viable return.'
        : 'Director sign-off is needed.'
      : 'Director sign-off is not required; it may still be asked for.';
  const signOffRules: RuleId[] = !goingAhead ? [] : signOff.required ? signOff.rules : ['R-SIGN-6'];
  // Once submitted, the form ruling is the one that applied then: the same words the approvers were given.
  const a = state.assessment;
  const assessmentHeadline = a
    ? `The ${ASSESSMENT_FORM_NAMES[a.form]} was used (version ${a.round}, submitted ${dateText(dateOf({ at: a.submittedAt }))}), as allowed by ${a.formRules.join(', ')}.`
    : ruling.assessment.shortFormAllowed
      ? 'Either the Child & Family Reassessment or the shorter S20 Return Home Assessment form may be used.'
      : 'The full Child & Family Reassessment is needed (the short S20 form is not allowed).';
  const assessmentRules = a ? a.formRules : ruling.assessment.rules;
  const listed = visitsOnCard(state.visits);
  const notListed = visitsNotListed(listed);
  const visits = [
    ...(notListed ? [{ title: 'Not listed here', value: `${notListed}. ${EVERY_VISIT_IS}` }] : []),
    ...listed.shown.map((v) => ({
      title: visitTitle(v.index),
      value: visitText(v, state.stage !== 'closed' && (v.overdue || isAfter(ctx.today, v.due)), true),
    })),
  ];
  return {
    caseId: state.caseId,
    ref: shownRef(state),
    pathwayText: pathwayText(state),
    stageText: stageText(state),
    daysInCare: String(ruling.daysInCare),
    socialWorker: state.socialWorker.name,
    notice,
    // The action is kept in the audit trail with ISO dates; people read them as words.
    done: { shown: done !== '', message: datesAsText(done) },
    signOff: { headline: signOffHeadline, rules: ruleLines(signOffRules) },
    assessment: { headline: assessmentHeadline, rules: ruleLines(assessmentRules) },
    returned: returnedData(state, ctx.timeZone),
    checklist: checklist(state, ctx),
    hasVisits: visits.length > 0,
    visits,
    undelivered: undeliveredData(state, ctx),
    documents: ctx.documents ?? NO_DOCUMENTS,
    ...((all) => ({ requestActions: all.filter((a) => a.verb === 'showApproval'), actions: all.filter((a) => a.verb !== 'showApproval') }))(actionsFor(state, ctx.policy, ctx.today, ctx.keep ?? keepAll)),
    // Teams shows at most five actions in a set: the rest go in a second row.
    ...((all) => ({ hasChangeActions: all.length > 0, changeActions: all.slice(0, 5), hasMoreChangeActions: all.length > 5, moreChangeActions: all.slice(5) }))(changeActionsFor(state, ctx.policy, ctx.today).filter(ctx.keep ?? keepAll)),
  };
}

/** The request shows calendar dates only, so it needs no time zone. */
/** The answers an approval card may shorten, and their headings (for "Read in full"). */
export const APPROVAL_ANSWERS = { riskAnalysis: 'Risks', safetyPlan: 'Safety plan', stepdown: 'Stepdown plan', iroView: "The IRO's view", childViews: "The child's views", parentsViews: "The parents' views" } as const;
export type ApprovalAnswer = keyof typeof APPROVAL_ANSWERS;

/** A consent still to give for an end date already gone: the placement does not end before the consent (R-PLACE-1). */
function endDayGone(approval: Approval, today: CalendarDate): string {
  if (approval.decision || approval.cancelledAt || !approval.proposedEndDate || !isAfter(today, approval.proposedEndDate)) return '';
  return ' That date has passed: if you consent, the placement ends on a day the social worker agrees with the placement team, on or after the day of your consent, never before it.';
}

export function approvalRequestData(state: CaseState, approvalId: string, approverIds: string[], ctx: Pick<ViewContext, 'today' | 'policy'>, notice: CardNotice = NO_NOTICE, full?: ApprovalAnswer): ApprovalRequestData | undefined {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  if (!approval) return undefined;
  const ruling = rulingFor(state, ctx.today, ctx.policy);
  const signOff = state.signOff ?? signOffFor(ruling, ctx.policy);
  const a = state.assessment;
  const none = 'Not recorded.';
  // Long answers are shortened to keep the card under Teams' size limit (src/bot/card-budget.ts).
  const shortened = new Set<ApprovalAnswer>();
  const answer = (part: ApprovalAnswer, text: string): string => {
    const shown = onCard(text, full === part);
    if (shown.shortened) shortened.add(part);
    return shown.text;
  };
  const plan = a?.stepdownPlan ?? [];
  const samePurpose = new Set(plan.map((item) => item.purpose)).size <= 1;
  return {
    caseId: state.caseId,
    approvalId,
    // Teams user ids (29:…) for refresh.userIds; Teams refreshes the card for at most 60 users (src/bot/refresh-users.ts).
    approverIds: approverIds.slice(0, 60),
    notice,
    stageTitle: APPROVAL_TITLES[approval.stage],
    // The social worker may ask the Director where no sign-off is required (R-SIGN-6): not "needed" then.
    headline: approval.stage === 'director' && !signOff.required ? `${APPROVAL_TITLES.director} asked (optional, R-SIGN-6)` : `${APPROVAL_TITLES[approval.stage]} needed`,
    ref: shownRef(state),
    rulesText: approval.stage === 'placement-end' ? `Asked under R-PLACE-1 to end the placement on ${approval.proposedEndDate ? dateText(approval.proposedEndDate) : '(date not given)'}.${endDayGone(approval, ctx.today)}` : `Asked under ${STAGE_RULES[approval.stage].join(' and ')}.`,
    pathwayText: pathwayText(state),
    daysInCare: String(ruling.daysInCare),
    socialWorker: state.socialWorker.name,
    requestedOn: dateText(approval.requestedOn),
    decideBy: approval.decision || approval.cancelledAt ? '' : decideByText(approval, ctx.today, ctx.policy),
    signOffText: !returnGoingAhead(state) ? 'Not needed: the return home is not going ahead.' : signOff.required ? `Needed (${signOff.rules.join(', ')})` : 'Not required (R-SIGN-6)',
    formText: a ? `${ASSESSMENT_FORM_NAMES[a.form]}, allowed by ${a.formRules.join(', ')}: ${a.formRules.map((r) => RULES[r].text).join(' ')}` : 'No assessment submitted.',
    riskAnalysis: answer('riskAnalysis', a?.riskAnalysis || none),
    safetyPlan: answer('safetyPlan', a?.safetyPlan || none),
    // One purpose for the whole plan (as the form asks it) is shown once, not under every option.
    stepdown: plan.map((item) => ({ option: STEPDOWN_OPTION_NAMES[item.option], purpose: samePurpose ? '' : `: ${answer('stepdown', item.purpose || '(purpose not given)')}` })),
    stepdownPurpose: samePurpose && plan.length > 0 ? answer('stepdown', plan[0]!.purpose || '(purpose not given)') : '',
    iroView: state.iroView
      ? `${answer('iroView', state.iroView.view)}${state.iroView.reviewBroughtForward ? ' (review brought forward)' : ''} — ${iroViewAttribution(state.iroView)} on ${dateText(dateOf(state.iroView))}${iroViewOnEarlierVersion(state) ? ', on the version before it was sent back (R-SIGN-4)' : ''}`
      : returnGoingAhead(state) ? 'Not given yet.' : 'Not asked: the return home is not going ahead.',
    childViews: answer('childViews', state.steps.childViews?.views ?? none),
    parentsViews: answer('parentsViews', state.steps.parentsConsulted?.views ?? none),
    comment: '',
    more: Object.fromEntries(Object.keys(APPROVAL_ANSWERS).map((part) => [part, shortened.has(part as ApprovalAnswer)])) as Record<ApprovalAnswer, boolean>,
    ...approverContext(state, approval),
  };
}

/** What a final no leads to for this child (final-no.ts decides the same). */
function finalNoText(state: CaseState): string {
  const cannotStay = cannotStayInCare(state);
  return cannotStay ? `. ${cannotStay}, so the not-viable route of R-UNPL-8 follows` : ': the child stays accommodated';
}

function approverContext(state: CaseState, approval: CaseState['approvals'][number]) {
  const chain = chainSoFar(state, approval.approvalId);
  const changes = approval.stage === 'placement-end' ? [] : changesSinceLastVersion(state);
  const placement = approval.stage === 'placement-end';
  return {
    homeText: homeText(state, approval.stage === 'director'),
    riskText: riskCheckText(state),
    hasChain: chain.length > 0,
    chain,
    hasChanges: changes.length > 0,
    changes,
    buttonsText: placement
      ? 'Request changes or Reject keeps the placement open and tells the social worker why (R-PLACE-1).'
      : `Request changes sends the assessment back to the social worker to revise. Reject ends this return-home request${finalNoText(state)}.`,
    requestChangesTitle: placement ? 'Request changes' : 'Request changes (back to the social worker)',
    rejectTitle: placement ? 'Reject' : 'Reject (end this return home)',
  };
}

export function decisionStatusData(state: CaseState, approvalId: string, ctx: Pick<ViewContext, 'timeZone'>, notice: CardNotice = NO_NOTICE): DecisionStatusData | undefined {
  const approval = state.approvals.find((a) => a.approvalId === approvalId);
  if (!approval) return undefined;
  const d = approval.decision;
  const base = { caseId: state.caseId, notice, stageTitle: APPROVAL_TITLES[approval.stage], ref: shownRef(state), stageText: stageText(state) };
  if (!d) {
    const withdrawn = approval.cancelledAt !== null;
    // Nobody decided it, so no 'By' or 'Comment' (empty facts are left off the card); a withdrawn one says when.
    const withdrawnAt = approval.cancelledAt ? localDateTimeText(new Date(approval.cancelledAt), ctx.timeZone) : '';
    return { ...base, headline: withdrawn ? `Withdrawn: ${withdrawnWhy(approval)}` : 'Waiting for a decision', color: 'Default', outcomeText: withdrawn ? `Withdrawn on ${withdrawnAt}, not decided` : 'Not decided yet', decidedBy: '', decidedAt: '', comment: '' };
  }
  const by = personText(d.by, d.onBehalfOf);
  return {
    ...base,
    headline: `${OUTCOME_TEXT[d.outcome]} by ${by}`,
    color: d.outcome === 'approve' ? 'Good' : 'Warning',
    outcomeText: `${OUTCOME_TEXT[d.outcome]}${retrospectiveWords(approval)}`,
    decidedBy: by,
    decidedAt: localDateTimeText(new Date(d.at), ctx.timeZone),
    comment: d.comment ?? '(none)',
  };
}
