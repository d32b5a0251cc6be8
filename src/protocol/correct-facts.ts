/**
 * Correcting the facts of a case (a date typed wrong, the wrong legal status), with a reason. The
 * ruling is worked out again on the same day with the old and the new facts, so only the correction
 * can change it. When it changes what the approvers were shown (Director sign-off, the assessment
 * form), the decisions given on the old facts are withdrawn and the chain is asked again from the
 * team manager, the approvers told why; when it does not, their decisions stand. A correction to an
 * Interim Care Order or Care Order ends the case (R-SCOPE-2). After the Head of Service agreed,
 * only the team manager may correct.
 */
import { noteRetrospective } from './retrospective-found';
import { type CalendarDate, dateText, datesAsText } from './calendar-date';
import type { Effect, NoticeData } from './case-effects';
import { closeCase } from './case-closure';
import type { Approval, CaseFacts, CaseState, SignOff, StepRecord } from './case-state';
import { TRIGGER_NAMES } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import { describeFactsProblems, parseFacts } from './facts';
import { dateOfBirthProblem } from './child-age';
import { lastAssessmentProblem } from './assessment-date';
import type { FactChanges, FactsCorrected } from './lifecycle-events';
import { refuse } from './refusal';
import { triggerAgeProblem } from './trigger-age';
import type { RuleId } from './rule-catalogue';
import { formRulesFor, InScopeRuling, outOfScopeReason, ruleOn } from './ruling';
import {
  APPROVER_ROLE,
  cancelApprovalDeadlines,
  cancelVisitDeadlines,
  iroRecipient,
  notify,
  ok,
  personText,
  RETURN_AGREED_STAGES,
  role,
  signOffFor,
  socialWorkerRecipient,
  stepBy,
  TransitionResult,
  visitDeadlines,
  visitTaskRecord,
} from './transition';
import { askForDecision } from './ask-for-decision';
import { STAGE_NAMES } from './approval-stages';
import { dateOf } from './transition';
import { hasVisibleText } from './visible-text';

export interface FactCorrection extends StepRecord {
  reason: string;
  /** The fields corrected, as before and after (the date of birth only as "corrected": it is never copied). */
  before: Record<string, string | null>;
  after: Record<string, string | null>;
  /** What the correction changed in the ruling, in words; empty when nothing the approvers saw changed. */
  rulingChanged: string[];
  /** The approvals withdrawn because of it. */
  withdrawn: string[];
}

const FIELD_NAMES: Record<keyof FactChanges, string> = {
  dateOfBirth: 'date of birth',
  accommodatedOn: 'date accommodated',
  previousEpisodeEndedOn: 'end of the previous episode of care',
  lastAssessmentCompletedOn: 'last assessment date',
  legalStatus: 'legal status',
  returnedHomeOn: 'return date',
  trigger: 'reason for the unplanned return',
};

/** The facts' own problems in the form's words: "date accommodated (Mon 5 Jan 2026)", never "accommodatedOn (2026-01-05)" or "asOf". The start form shows them so too. */
export function factsProblemInWords(problems: string): string {
  const names: Record<string, string> = { ...FIELD_NAMES, asOf: 'today', reunificationStartedOn: 'start of reunification work' };
  return datesAsText(problems.replace(/\b(asOf|[a-z]+(?:[A-Z][a-z]+)+)\b/g, (name) => names[name] ?? name));
}

/** What the approvers were shown that the facts decide: Director sign-off, and the assessment form's rules. */
export interface RulingShown {
  signOff: SignOff;
  /** The rules that allow the submitted form; null if none is submitted; [] if it is no longer allowed. */
  formRules: RuleId[] | null;
}


function rulingOn(facts: CaseFacts, state: CaseState, now: Now, policy: CasePolicy): InScopeRuling {
  const ruling = ruleOn({ ...facts, asOf: now.today, pathway: state.pathway }, policy.ruling);
  if (!ruling.inScope) throw new Error('checked in scope before');
  return ruling;
}

export function rulingShown(facts: CaseFacts, state: CaseState, now: Now, policy: CasePolicy): RulingShown {
  const ruling = rulingOn(facts, state, now, policy);
  return { signOff: signOffFor(ruling, policy), formRules: state.assessment ? formRulesFor(state.assessment.form, ruling) : null };
}

function differences(before: RulingShown, after: RulingShown): string[] {
  const changed: string[] = [];
  const b = before.signOff;
  const a = after.signOff;
  if (b.required !== a.required) changed.push(a.required ? `Director sign-off is now needed: ${a.rules.join(', ')}` : 'Director sign-off is no longer needed (R-SIGN-6)');
  else if (b.rules.join() !== a.rules.join()) changed.push(`Director sign-off now rests on ${a.rules.join(', ')}`);
  if (before.formRules && after.formRules && before.formRules.join() !== after.formRules.join()) {
    changed.push(after.formRules.length === 0 ? 'the S20 Return Home Assessment form is no longer allowed: the full Child & Family Reassessment is needed (R-ASSESS-1)' : `the assessment form is now allowed by ${after.formRules.join(', ')}`);
  }
  return changed;
}

function shown(field: keyof FactChanges, value: unknown): string | null {
  if (field === 'dateOfBirth') return 'corrected';
  if (value === null || value === undefined) return null;
  return String(value);
}

function valueText(field: keyof FactChanges, value: string | null, day: (date: CalendarDate) => string): string {
  if (value === null) return 'none';
  if (field === 'trigger') return TRIGGER_NAMES[value as keyof typeof TRIGGER_NAMES] ?? value;
  if (field === 'legalStatus') return value;
  return day(value);
}

/**
 * A correction's changes in words, "date accommodated Mon 5 Jan 2026 → Tue 20 Jan 2026; date of birth
 * corrected" (the date of birth is never copied), dates as `day` writes them (the case file's own way).
 */
export function correctionInWords(correction: Pick<FactCorrection, 'before' | 'after'>, day: (date: CalendarDate) => string = dateText): string {
  return (Object.keys(correction.after) as (keyof FactChanges)[])
    .map((f) => (f === 'dateOfBirth' ? 'date of birth corrected' : `${FIELD_NAMES[f]} ${valueText(f, correction.before[f] ?? null, day)} → ${valueText(f, correction.after[f] ?? null, day)}`))
    .join('; ');
}

/** Whether the Head of Service has agreed the version going round: a correction is then the team manager's alone (R-SIGN-4). */
export function headOfServiceHasAgreed(state: CaseState): boolean {
  const round = state.assessment?.round;
  return RETURN_AGREED_STAGES.includes(state.stage) || state.approvals.some((a) => a.stage === 'head-of-service' && a.round === round && a.decision?.outcome === 'approve' && !a.cancelledAt);
}

export function correctFacts(state: CaseState, event: FactsCorrected, now: Now, policy: CasePolicy): TransitionResult {
  const reason = event.reason.trim();
  if (!hasVisibleText(reason)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Say in a few words why the facts are corrected, then send the correction again. Nothing was recorded.') };
  const fields = (Object.keys(event.changes) as (keyof FactChanges)[]).filter((f) => {
    const now_ = f === 'trigger' ? state.trigger : state.facts[f];
    return event.changes[f] !== undefined && event.changes[f] !== now_;
  });
  if (fields.length === 0) return { ok: false, refusal: refuse('ALREADY_DONE', null, 'Nothing to correct: the values given are those already recorded.') };
  const round = state.assessment?.round;
  if (headOfServiceHasAgreed(state) && event.actor.role !== 'team-manager') {
    return { ok: false, refusal: refuse('NOT_YOUR_ROLE', 'R-SIGN-4', 'The Head of Service has agreed the return home, so a correction now needs the team manager: ask them to make it.') };
  }
  if (fields.includes('trigger') && state.pathway !== 'unplanned') return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SCOPE-3', 'Only an unplanned return has a reason for being unplanned; this case is on the planned pathway.') };
  if (fields.includes('returnedHomeOn') && !state.facts.returnedHomeOn) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', 'No return date is recorded yet: use "Record the return home" for it.') };
  // A visit recorded as done was at home: the child cannot have gone home after it.
  const seenBefore = event.changes.returnedHomeOn ? state.visits.find((v) => v.doneOn && v.doneOn < event.changes.returnedHomeOn!) : undefined;
  if (seenBefore?.doneOn && event.changes.returnedHomeOn) {
    const visit = seenBefore.index === 0 ? 'The first home visit' : `Weekly check-in ${seenBefore.index}`;
    return { ok: false, refusal: refuse('INVALID_DATE', 'R-VISIT-1', `${visit} is recorded as done on ${dateText(seenBefore.doneOn)}, before that return date (${dateText(event.changes.returnedHomeOn)}): check the date, or undo the visit first. Nothing was recorded.`) };
  }

  const { trigger, ...factChanges } = event.changes;
  const facts: CaseFacts = { ...state.facts, ...factChanges } as CaseFacts;
  const parsed = parseFacts({ ...facts, asOf: now.today, pathway: state.pathway });
  if (!parsed.ok) return { ok: false, refusal: refuse('INVALID_DATE', null, `The corrected facts do not fit together: ${factsProblemInWords(describeFactsProblems(parsed.problems).replace(/^Invalid facts: /, ''))}. Nothing was recorded.`) };
  const implausible = dateOfBirthProblem(facts.dateOfBirth, facts.accommodatedOn);
  if (implausible) return { ok: false, refusal: refuse('INVALID_DATE', null, `${implausible} Nothing was recorded.`) };
  const ahead = lastAssessmentProblem(facts.lastAssessmentCompletedOn, now.today);
  if (ahead) return { ok: false, refusal: refuse('INVALID_DATE', 'R-ASSESS-3', `${ahead} Nothing was recorded.`) };

  const before: Record<string, string | null> = {};
  const after: Record<string, string | null> = {};
  for (const f of fields) {
    before[f] = shown(f, f === 'trigger' ? state.trigger : state.facts[f]);
    after[f] = shown(f, event.changes[f]);
  }
  const by = personText(event.actor, event.actor.onBehalfOf);
  const fieldWords = fields.map((f) => FIELD_NAMES[f]).join(', ');
  const changeWords = correctionInWords({ before, after });
  const record = (rulingChanged: string[], withdrawn: string[]): FactCorrection => ({ ...stepBy(event.actor, now), reason, before, after, rulingChanged, withdrawn });
  const effects: Effect[] = [];

  if (facts.legalStatus !== 'S20') {
    const why = outOfScopeReason(facts.legalStatus);
    // The case closes as it stood: its facts keep the S20 they were ruled on (no ruling exists outside
    // S20); the correction and the closure keep the court order.
    state.facts = { ...facts, legalStatus: 'S20' };
    // The placement team, asked to tell the carers an end date, must not end the placement on this case's strength.
    const consentedEnd = state.placement.status === 'consent-given' ? [...state.approvals].reverse().find((a) => a.stage === 'placement-end' && a.decision?.outcome === 'approve')?.proposedEndDate : undefined;
    const closing = closeCase(state, 'out-of-scope', why, event.actor, now, 'the child is on a court order, outside this protocol (R-SCOPE-2)');
    state.corrections = [...(state.corrections ?? []), record([`the child is on ${facts.legalStatus === 'ICO' ? 'an Interim Care Order' : 'a Care Order'}: outside this protocol (R-SCOPE-2)`], closing.withdrawn.map((a) => a.approvalId))];
    effects.push(...closing.effects);
    const data: NoticeData = { ref: state.ref, by, fields: fieldWords, reason, changed: why, outOfScope: true };
    effects.push(notify('facts-corrected', socialWorkerRecipient(state), ['R-SCOPE-2'], data), notify('facts-corrected', role('team-manager'), ['R-SCOPE-2'], { ...data, socialWorkerTold: true }), notify('facts-corrected', iroRecipient(state), ['R-SCOPE-2'], data));
    // Whose requests the closing withdrew are told (the team managers are above), and the placement team of an end that no longer stands.
    for (const r of new Set(closing.withdrawn.map((a) => APPROVER_ROLE[a.stage]).filter((r) => r !== 'team-manager'))) effects.push(notify('facts-corrected', role(r), ['R-SCOPE-2'], { ...data, waiting: true }));
    if (consentedEnd) effects.push(notify('facts-corrected', role('placement-team'), ['R-SCOPE-2', 'R-PLACE-1'], { ...data, placementEndDate: consentedEnd }));
    return ok(state, effects, `Facts corrected (${changeWords}) because "${reason}": ${why}`, now, policy);
  }

  // Asked again only when what it rests on changes: an unrelated correction never re-opens the reason given.
  const ageAtStake = fields.some((f) => f === 'trigger' || f === 'dateOfBirth' || f === 'returnedHomeOn');
  const tooYoung = state.pathway === 'unplanned' && ageAtStake ? triggerAgeProblem(trigger ?? state.trigger, facts.dateOfBirth, facts.returnedHomeOn, now.today) : null;
  if (tooYoung) return { ok: false, refusal: tooYoung };

  const was = rulingShown(state.facts, state, now, policy);
  const will = rulingShown(facts, state, now, policy);
  const rulingChanged = differences(was, will);
  const chainUnderWay = state.assessment !== null && !['preparing', 'revising', 'not-viable'].includes(state.stage);
  if (rulingChanged.length > 0 && chainUnderWay && state.stage === 'episode-ended') {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', `The care episode has ended on the earlier facts, and this correction would change what the protocol required (${rulingChanged.join('; ')}). Record the correction on the child's record and talk to the team manager.`) };
  }

  state.facts = facts;
  if (trigger !== undefined) state.trigger = trigger;
  const withdrawn: Approval[] = [];
  let next = '';
  if (rulingChanged.length > 0 && state.assessment) {
    state.signOff = will.signOff;
    state.assessment.formRules = will.formRules && will.formRules.length > 0 ? will.formRules : state.assessment.formRules;
  }
  if (rulingChanged.length > 0 && chainUnderWay) {
    // Exactly the decisions given on the old facts in this round, and the request still waiting.
    const why = `the facts were corrected (${fieldWords}) and ${rulingChanged.join('; ')}`;
    for (const approval of state.approvals) {
      if (approval.stage === 'placement-end' || approval.round !== round || approval.cancelledAt) continue;
      if (approval.decision && approval.decision.outcome !== 'approve') continue;
      approval.cancelledAt = now.at;
      approval.cancelledWhy = why;
      if (!approval.decision) effects.push(...cancelApprovalDeadlines(approval.approvalId));
      // The Decisions list holds the decision as given (one row each): a row of its own says it no longer stands.
      else effects.push(decisionWithdrawnRow(state.ref, approval, approval.decision, event, now, `${why}, because "${reason}"`));
      withdrawn.push(approval);
    }
    const formGone = will.formRules !== null && will.formRules.length === 0;
    if (formGone) {
      state.stage = 'revising';
      next = '; the assessment goes back to the social worker to use the full form';
    } else {
      effects.push(...askForDecision(state, 'team-manager', now, policy));
      next = "; the team manager's agreement is asked again";
    }
    // The social worker gets their own copy below: a team manager who is the case's social worker is told once, in its words (src/cases/told-once.ts).
    const data: NoticeData = { ref: state.ref, by, fields: fieldWords, reason, changed: rulingChanged.join('; '), socialWorkerTold: true };
    // Only a team manager who had agreed has a decision withdrawn; one still to decide has their request sent again.
    const tmHadAgreed = withdrawn.some((a) => a.stage === 'team-manager' && a.decision);
    if (!formGone) effects.push(notify('facts-corrected', role('team-manager'), ['R-SIGN-4'], { ...data, reasked: true, ...(tmHadAgreed ? {} : { undecided: true }) }));
    // Every approver whose decision, or whose request still waiting, was withdrawn is told (the team manager asked again is told above).
    const askedAgain = formGone ? undefined : 'team-manager';
    const decided = new Set(withdrawn.filter((a) => a.decision && a.stage !== askedAgain).map((a) => a.stage));
    for (const stage of decided) effects.push(notify('facts-corrected', role(APPROVER_ROLE[stage]), ['R-SIGN-4'], { ...data, withdrawn: true }));
    for (const stage of new Set(withdrawn.filter((a) => !a.decision && a.stage !== askedAgain && !decided.has(a.stage)).map((a) => a.stage))) {
      effects.push(notify('facts-corrected', role(APPROVER_ROLE[stage]), ['R-SIGN-4'], { ...data, withdrawn: true, waiting: true }));
    }
    effects.push(notify('facts-corrected', socialWorkerRecipient(state), ['R-SIGN-4'], { ...data, withdrawn: true, socialWorker: true, ...(formGone ? { revise: true } : {}) }));
  } else {
    // The social worker is told of a correction someone else (the team manager) made to their case; the team managers once a decision was given.
    const data: NoticeData = { ref: state.ref, by, fields: fieldWords, reason, changed: rulingChanged.join('; ') };
    const bySomeoneElse = event.actor.id !== state.socialWorker.id && event.actor.onBehalfOf?.id !== state.socialWorker.id;
    if (state.approvals.some((a) => a.decision && a.stage !== 'placement-end')) effects.push(notify('facts-corrected', role('team-manager'), [], bySomeoneElse ? { ...data, socialWorkerTold: true } : data));
    if (bySomeoneElse) effects.push(notify('facts-corrected', socialWorkerRecipient(state), [], data));
  }

  if (fields.includes('returnedHomeOn') && state.facts.returnedHomeOn) {
    const due = rulingOn(state.facts, state, now, policy).visits;
    for (const visit of state.visits) {
      const dueNow = due[visit.index]?.due;
      if (visit.doneOn || !dueNow || dueNow === visit.due) continue;
      visit.due = dueNow;
      visit.overdue = false;
      effects.push(...cancelVisitDeadlines(state, visit.index), ...visitDeadlines(state, visit, now.today, policy), visitTaskRecord(state, visit));
    }
  }
  const retrospective = fields.includes('returnedHomeOn') ? noteRetrospective(state, event.actor, now) : { words: '', effects: [] };
  effects.push(...retrospective.effects);
  state.corrections = [...(state.corrections ?? []), record(rulingChanged, withdrawn.map((a) => a.approvalId))];
  const what = rulingChanged.length > 0 ? `: ${rulingChanged.join('; ')}` : '; what the protocol requires is unchanged';
  const stand = rulingChanged.length > 0 && withdrawn.length > 0 ? `; ${withdrawn.length} decision${withdrawn.length > 1 ? 's' : ''} or request${withdrawn.length > 1 ? 's' : ''} withdrawn` : '';
  return ok(state, effects, `Facts corrected (${changeWords}) because "${reason}"${what}${stand}${retrospective.words}${next}`, now, policy);
}

/** The Decisions list's row for a decision withdrawn: who withdrew it (on whose behalf), when, and which decision and why in the comment. */
function decisionWithdrawnRow(ref: string, approval: Approval, decision: NonNullable<Approval['decision']>, event: FactsCorrected, now: Now, why: string): Effect {
  const given = `The ${STAGE_NAMES[approval.stage]} given by ${personText(decision.by, decision.onBehalfOf)} on ${dateText(dateOf(decision))}`;
  return {
    type: 'record',
    list: 'decisions',
    key: `decision-withdrawn:${approval.approvalId}`,
    fields: {
      CaseRef: ref,
      Stage: approval.stage,
      Outcome: 'withdrawn',
      DecidedBy: event.actor.name,
      DecidedById: event.actor.id,
      OnBehalfOf: event.actor.onBehalfOf?.name ?? null,
      Comment: `${given} was withdrawn: ${why}`,
      DecidedAt: now.at,
      Retrospective: false,
    },
  };
}
