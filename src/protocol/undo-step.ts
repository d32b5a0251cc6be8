/**
 * Undoing a recorded step (ticked by mistake), with a reason. A step the assessment rests on may be
 * undone before anyone relied on it; once the team manager agreed the assessment only the team
 * manager may undo it, and once the Head of Service agreed (or the not-viable route began) nobody
 * may: the decision stands on it (R-SIGN-4, R-UNPL-8). An undone prerequisite stops the chain: the
 * request waiting is withdrawn and the assessment goes back to the social worker.
 */
import { dateText } from './calendar-date';
import type { Effect } from './case-effects';
import type { CaseState, StepRecord } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import type { StepUndone, UndoableStep } from './lifecycle-events';
import { refuse, Refusal } from './refusal';
import type { RuleId } from './rule-catalogue';
import { APPROVER_ROLE, cancelApprovalDeadlines, cancelVisitDeadlines, dateOf, iroRecipient, notify, ok, personText, role, socialWorkerRecipient, stepBy, TransitionResult, visitDeadlines, visitTaskRecord } from './transition';
import { iroInformedRule } from './pathway-step-rules';
import { hasVisibleText } from './visible-text';

export interface UndoneStep extends StepRecord {
  step: UndoableStep;
  /** The visit's number, for a visit. */
  index?: number;
  reason: string;
  /** What was recorded, as it was (for the audit trail and the card). */
  was: string;
}

export const UNDOABLE_STEP_NAMES: Record<UndoableStep, string> = {
  childViews: "the child's views",
  immediateRisk: 'the immediate risk check',
  iroInformed: 'IRO informed',
  parentsConsulted: "the parents' views",
  visit: 'a visit',
  agenciesInformed: 'agencies told',
  letter: 'the "Your time in our care" letter',
  backInCare: 'that the child came back into care',
};

const STEP_RULE: Record<UndoableStep, RuleId> = {
  childViews: 'R-UNPL-1',
  immediateRisk: 'R-UNPL-2',
  iroInformed: 'R-UNPL-3',
  parentsConsulted: 'R-UNPL-4',
  visit: 'R-VISIT-1',
  agenciesInformed: 'R-PLACE-2',
  letter: 'R-LETTER-1',
  backInCare: 'R-VISIT-1',
};

/** The rule a step was taken under: a planned return takes the views (the IRO's included) under R-PLAN-6. */
function stepRule(state: CaseState, step: UndoableStep): RuleId {
  if (step === 'iroInformed') return iroInformedRule(state.pathway);
  return state.pathway === 'planned' && (step === 'childViews' || step === 'parentsConsulted') ? 'R-PLAN-6' : STEP_RULE[step];
}

const PREREQUISITES: readonly UndoableStep[] = ['childViews', 'immediateRisk', 'iroInformed', 'parentsConsulted'];

/** In a sentence ("relying on …"): the step as a thing that happened. */
const RELIED_ON_NAMES: Partial<Record<UndoableStep, string>> = { iroInformed: 'the IRO having been informed' };

function agreedOn(state: CaseState, stage: string): boolean {
  const round = state.assessment?.round;
  return state.approvals.some((a) => a.stage === stage && a.round === round && a.decision?.outcome === 'approve' && !a.cancelledAt);
}

/** Whether a decision now rests on the steps before the assessment, so nobody may undo them: the not-viable route, or the Head of Service's agreement (R-SIGN-4, R-UNPL-8). */
export function preparationStepsFixed(state: CaseState): boolean {
  return state.stage === 'not-viable' || Boolean(state.notViable) || ['head-of-service-agreed', 'awaiting-director', 'director-authorised', 'episode-ended'].includes(state.stage) || agreedOn(state, 'head-of-service');
}

/** Whether this actor may undo a step the assessment rests on, now; null when they may. */
function reliedOn(state: CaseState, event: StepUndone): Refusal | null {
  const name = RELIED_ON_NAMES[event.step] ?? UNDOABLE_STEP_NAMES[event.step];
  const rule = stepRule(state, event.step);
  if (state.stage === 'not-viable' || state.notViable) {
    return refuse('OUT_OF_ORDER', 'R-UNPL-8', `The not-viable decision rests on ${name}, so it cannot be undone now (${rule}).`);
  }
  const agreed = (stage: string) => agreedOn(state, stage);
  if (preparationStepsFixed(state)) {
    return refuse('OUT_OF_ORDER', 'R-SIGN-4', `The Head of Service agreed the return home relying on ${name}, so it cannot be undone now (${rule}).`);
  }
  if (agreed('team-manager') && event.actor.role !== 'team-manager') {
    return refuse('NOT_YOUR_ROLE', 'R-SIGN-4', `The team manager agreed the assessment relying on ${name}, so only the team manager can undo it now.`);
  }
  return null;
}

/**
 * Recorded by mistake (the wrong child, or the return home did not break down after all): the visits
 * that had stopped are due again, chased as before, and those told of the breakdown are told it is
 * undone (R-VISIT-1). Kept whole, the visits come back with their attempts and what was overdue.
 */
function undoBackInCare(state: CaseState, back: NonNullable<CaseState['backInCare']>, event: StepUndone, reason: string, now: Now, policy: CasePolicy): Effect[] {
  state.visits = [...state.visits, ...back.visitsNoLongerDue].sort((a, b) => a.index - b.index);
  const data = { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), step: UNDOABLE_STEP_NAMES.backInCare, reason, visitsDueAgain: back.visitsNoLongerDue.length };
  const told = [
    ...(event.actor.role === 'team-manager' ? [] : [role('team-manager')]),
    iroRecipient(state),
    ...(event.actor.id !== state.socialWorker.id && event.actor.onBehalfOf?.id !== state.socialWorker.id ? [socialWorkerRecipient(state)] : []),
  ];
  return [
    ...back.visitsNoLongerDue.flatMap((v) => [...visitDeadlines(state, v, now.today, policy), visitTaskRecord(state, v)]),
    ...told.map((to) => notify('step-undone', to, ['R-VISIT-1'], data)),
  ];
}

export function undoStep(state: CaseState, event: StepUndone, now: Now, policy: CasePolicy): TransitionResult {
  const reason = event.reason.trim();
  if (!hasVisibleText(reason)) return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Say in a few words why the step is undone, then undo it again. Nothing was recorded.') };
  // A step the bot does not know (forged or stale data) is refused, never read as the letter.
  if (!Object.hasOwn(UNDOABLE_STEP_NAMES, event.step)) return { ok: false, refusal: refuse('OUT_OF_ORDER', null, 'That is not a step that can be undone: choose one of the steps listed. Nothing was recorded.') };
  const name = UNDOABLE_STEP_NAMES[event.step];
  const notRecorded = (): TransitionResult => ({ ok: false, refusal: refuse('OUT_OF_ORDER', stepRule(state, event.step), `There is nothing to undo: ${name} is not recorded on this case.`) });
  const effects: Effect[] = [];
  let was: string;
  if (PREREQUISITES.includes(event.step)) {
    const step = event.step as 'childViews' | 'immediateRisk' | 'iroInformed' | 'parentsConsulted';
    const record = state.steps[step];
    if (!record) return notRecorded();
    const relied = reliedOn(state, event);
    if (relied) return { ok: false, refusal: relied };
    was = `recorded ${dateText(dateOf(record))} by ${personText(record.by, record.onBehalfOf)}`;
    delete state.steps[step];
    // The assessment can no longer stand without it: what waits is withdrawn, and it goes back.
    for (const approval of state.approvals) {
      if (approval.decision || approval.cancelledAt || approval.stage === 'placement-end') continue;
      approval.cancelledAt = now.at;
      approval.cancelledWhy = `the record of ${name} was undone, so the assessment went back to the social worker`;
      effects.push(...cancelApprovalDeadlines(approval.approvalId));
      effects.push(notify('step-undone', role(APPROVER_ROLE[approval.stage]), [], { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), step: name, reason }));
    }
    const wentBack = state.stage !== 'preparing' && state.stage !== 'revising';
    if (wentBack) state.stage = state.assessment ? 'revising' : 'preparing';
    // The social worker records it again: told when someone else (the team manager) undid it.
    if (event.actor.id !== state.socialWorker.id && event.actor.onBehalfOf?.id !== state.socialWorker.id) {
      effects.push(notify('step-undone', socialWorkerRecipient(state), [stepRule(state, event.step)], { ref: state.ref, by: personText(event.actor, event.actor.onBehalfOf), step: name, reason, yours: true, ...(wentBack ? { wentBack: true } : {}) }));
    }
  } else if (event.step === 'visit') {
    const visit = state.visits.find((v) => v.index === event.index);
    if (!visit?.doneOn) return notRecorded();
    was = `visit ${event.index + 1} recorded as done on ${dateText(visit.doneOn)}`;
    if (visit.extra) {
      // An extra visit was never due: undone, it goes, rather than becoming a visit to chase (and one the case
      // could not close without). Later extra visits keep their numbers, so only the last one goes.
      if (visit.index !== state.visits.length - 1) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', `Undo the later extra visit (visit ${state.visits.length}) first: extra visits are undone from the last.`) };
      state.visits.pop();
      // Its SharePoint task row says it was undone (an extra visit's row would otherwise stay 'done').
      effects.push(visitTaskRecord(state, visit, 'undone'));
    } else {
      visit.doneOn = null;
      visit.notes = null;
      visit.recordedBy = null;
      delete visit.onBehalfOf;
      effects.push(...cancelVisitDeadlines(state, visit.index), ...visitDeadlines(state, visit, now.today, policy), visitTaskRecord(state, visit));
    }
  } else if (event.step === 'agenciesInformed') {
    if (!state.episodeEnded?.agenciesInformed) return notRecorded();
    was = 'agencies recorded as told';
    state.episodeEnded.agenciesInformed = false;
    if (state.episodeEnded.toldLater?.agencies) delete state.episodeEnded.toldLater.agencies;
  } else if (event.step === 'backInCare') {
    if (!state.backInCare) return notRecorded();
    was = `the child recorded as back in care on ${dateText(state.backInCare.on)}`;
    effects.push(...undoBackInCare(state, state.backInCare, event, reason, now, policy));
    delete state.backInCare;
  } else {
    if (!state.letter) return notRecorded();
    was = `letter recorded as written on ${dateText(state.letter.writtenOn)}`;
    state.letter = null;
  }
  state.undone = [...(state.undone ?? []), { ...stepBy(event.actor, now), step: event.step, ...(event.step === 'visit' ? { index: event.index } : {}), reason, was }];
  const back = state.stage === 'revising' && PREREQUISITES.includes(event.step) ? '; the assessment is back with the social worker' : '';
  return ok(state, effects, `Undone: ${name} (${was}), because "${reason}"${back}`, now, policy);
}
