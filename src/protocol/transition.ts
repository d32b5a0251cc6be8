/**
 * The case state machine: `transition(state, event, now, policy)` → the next state and the
 * effects to carry out, or a refusal naming the rule. Pure and deterministic: no clock, no I/O.
 */
import { addDays, CalendarDate, dateText, isAfter } from './calendar-date';
import { Actor, CaseRole, identitiesOf, Person, ROLE_NAMES } from './case-people';
import type { CasePolicy, Now } from './case-policy';
import type { DeadlineKind, Effect, NoticeData, NoticeKind, Recipient } from './case-effects';
import { mailRenewalId, renewRequestMail, scheduleMailRenewal } from './request-copy';
import type {
  AssessmentSubmitted,
  CaseEvent,
  DeadlineReached,
  DecisionGiven,
  ReviewMeetingHeld,
} from './case-events';
import {
  Approval,
  ApprovalStage,
  ASSESSMENT_FORM_NAMES,
  CaseStage,
  CaseState,
  FRAMEWORK_EVIDENCE,
  FRAMEWORK_EVIDENCE_NAMES,
  SignOff,
  StepRecord,
  Visit,
} from './case-state';
import { ESCALATES_TO } from './escalation';
import { iroViewStands } from './iro-view';
import { refuse, Refusal } from './refusal';
import type { RuleId } from './rule-catalogue';
import { InScopeRuling, ruleOn } from './ruling';
import { addWorkingDays, isWorkingDay } from './working-days';
import { returnRejected } from './final-no';
import { extraVisit, visitNotDone } from './visit-as-it-happened';
import { triggerAgeProblem } from './trigger-age';
import { riskViewAsked } from './risk-view';
import { declarationOf, isLifecycleEvent } from './event-declarations';
import type { LifecycleEvent } from './lifecycle-events';

export type TransitionResult =
  | { ok: true; state: CaseState; effects: Effect[]; action: string }
  | { ok: false; refusal: Refusal };

/** Stages in which the sign-off chain is under way (a pathway change withdraws it). */
export const CHAIN_STAGES: readonly CaseStage[] = ['awaiting-team-manager', 'awaiting-iro-view', 'awaiting-head-of-service', 'awaiting-director'];
/** Stages at which the return home has been agreed by the Head of Service or later. */
export const RETURN_AGREED_STAGES: readonly CaseStage[] = ['head-of-service-agreed', 'awaiting-director', 'director-authorised', 'episode-ended'];

/** Whose decision each approval is (the placement-end consent is the Head of Service's, R-PLACE-1). */
export const APPROVER_ROLE: Record<ApprovalStage, CaseRole> = {
  'team-manager': 'team-manager',
  'head-of-service': 'head-of-service',
  director: 'director',
  'placement-end': 'head-of-service',
};

export const STAGE_RULES: Record<ApprovalStage, RuleId[]> = {
  'team-manager': ['R-SIGN-4'],
  'head-of-service': ['R-SIGN-4', 'R-UNPL-7'],
  director: ['R-SIGN-4', 'R-UNPL-7'],
  'placement-end': ['R-PLACE-1'],
};

export const STAGE_NAMES: Record<ApprovalStage, string> = {
  'team-manager': "team manager's agreement",
  'head-of-service': "Head of Service's written agreement",
  director: "Director's authorisation",
  'placement-end': "Head of Service's consent to end the placement",
};

// ---------------------------------------------------------------------------------------------
// Small helpers

export function stepBy(actor: Actor, now: Now): StepRecord {
  const record: StepRecord = { at: now.at, on: now.today, by: { id: actor.id, name: actor.name } };
  if (actor.onBehalfOf) record.onBehalfOf = actor.onBehalfOf;
  return record;
}

export function role(roleName: CaseRole, includeDeputies = false): Recipient {
  return includeDeputies ? { kind: 'role', role: roleName, includeDeputies } : { kind: 'role', role: roleName };
}

export function iroRecipient(state: CaseState): Recipient {
  return state.iro ? { kind: 'person', id: state.iro.id, name: state.iro.name } : role('iro');
}

export function socialWorkerRecipient(state: CaseState): Recipient {
  return { kind: 'person', id: state.socialWorker.id, name: state.socialWorker.name };
}

export function notify(notice: NoticeKind, to: Recipient, rules: RuleId[], data: NoticeData = {}): Effect {
  return { type: 'notify', notice, to, rules, data };
}

/** The ruling for this case as of today (facts on the case are validated when they enter). */
export function rulingFor(state: CaseState, today: CalendarDate, policy: CasePolicy): InScopeRuling {
  const asOf = state.facts.returnedHomeOn && isAfter(state.facts.returnedHomeOn, today) ? state.facts.returnedHomeOn : today;
  const ruling = ruleOn({ ...state.facts, asOf, pathway: state.pathway }, policy.ruling);
  if (!ruling.inScope) throw new Error('a case outside S20 cannot exist (R-SCOPE-2 is checked when it opens)');
  return ruling;
}

export function signOffFor(ruling: InScopeRuling, policy: CasePolicy): SignOff {
  if (ruling.directorSignOff.required || policy.directorSignOff === 'protocol') return ruling.directorSignOff;
  return { required: true, rules: ['R-SIGN-6'] };
}

/**
 * Director sign-off as of today. While a child is not yet home the stay keeps growing, so day 20 may come
 * after the assessment: a sign-off not required then may be required now (R-SIGN-1, R-SIGN-2). It never relaxes.
 */
function signOffNow(state: CaseState, today: CalendarDate, policy: CasePolicy): SignOff {
  const current = signOffFor(rulingFor(state, today, policy), policy);
  if (!state.signOff) return current;
  return !state.signOff.required && current.required ? current : state.signOff;
}

/** Names for a single-line text column (SharePoint keeps at most 255 characters); a group is named as one. */
function namesColumn(holders: readonly { name: string; group?: true }[] | undefined): string | null {
  if (!holders || holders.length === 0) return null;
  const text = holders.map((h) => (h.group ? `${h.name} (group)` : h.name)).join(', ');
  return text.length <= 255 ? text : `${text.slice(0, 254)}…`;
}

/** The case's row in the cases list, as of this transition (also written when the case opens). */
export function caseRecord(state: CaseState, now: Now, policy: CasePolicy): Effect {
  const ruling = rulingFor(state, now.today, policy);
  // Before the assessment fixes it, the sign-off shown is the one the policy would require today.
  const signOff = state.signOff ?? signOffFor(ruling, policy);
  return {
    type: 'record',
    list: 'cases',
    key: `case:${state.caseId}`,
    fields: {
      CaseRef: state.ref,
      Pathway: state.pathway,
      Stage: state.stage,
      OpenedAt: state.openedAt,
      UpdatedAt: now.at,
      // Who holds each part now (kept current on a handover): names only, as text columns.
      SocialWorker: state.socialWorker.name,
      TeamManager: namesColumn(state.people?.teamManagers),
      HeadOfService: namesColumn(state.people?.headsOfService),
      Director: namesColumn(state.people?.director),
      Iro: state.iro?.name ?? null,
      DirectorSignOffRequired: signOff.required,
      DirectorSignOffRules: signOff.rules.join(', '),
      DaysInCare: ruling.daysInCare,
    },
  };
}

export function visitTaskRecord(state: CaseState, visit: Visit): Effect {
  return {
    type: 'record',
    list: 'tasks',
    key: `task:${state.caseId}:visit:${visit.index}`,
    fields: {
      CaseRef: state.ref,
      Kind: visit.kind,
      DueOn: visit.due,
      DoneOn: visit.doneOn,
      Status: visit.doneOn ? 'done' : visit.overdue ? 'overdue' : 'due',
    },
  };
}

function approvalDeadlineIds(approvalId: string): string[] {
  return [`${approvalId}:reminder`, `${approvalId}:escalation`, mailRenewalId(approvalId)];
}

/** Opens an approval request and its reminder and escalation deadlines (working days, bank holidays excluded). */
export function openApproval(state: CaseState, stage: ApprovalStage, now: Now, policy: CasePolicy, extra: Partial<Approval> = {}): { approval: Approval; effects: Effect[] } {
  const sameStage = state.approvals.filter((a) => a.stage === stage).length;
  const approvalId = `${state.caseId}:${stage}:${sameStage + 1}`;
  const approval: Approval = {
    approvalId,
    stage,
    round: stage === 'placement-end' ? 0 : (state.assessment?.round ?? 0),
    requestedAt: now.at,
    requestedOn: now.today,
    decision: null,
    cancelledAt: null,
    ...extra,
  };
  const [reminderId, escalationId] = approvalDeadlineIds(approvalId) as [string, string];
  const data = { approvalId, stage, ref: state.ref };
  return {
    approval,
    effects: [
      { type: 'request-approval', approvalId, stage, to: role(APPROVER_ROLE[stage]), rules: STAGE_RULES[stage] },
      { type: 'schedule-deadline', deadlineId: reminderId, kind: 'approval-reminder', dueOn: addWorkingDays(now.today, policy.approvalReminderWorkingDays, policy.extraNonWorkingDays), data },
      { type: 'schedule-deadline', deadlineId: escalationId, kind: 'approval-escalation', dueOn: addWorkingDays(now.today, policy.approvalEscalationWorkingDays, policy.extraNonWorkingDays), data },
      // Outlook stops a request mail's buttons after a month: a fresh copy before then (request-copy.ts).
      scheduleMailRenewal(state, approval, now),
    ],
  };
}

export function cancelApprovalDeadlines(approvalId: string): Effect[] {
  return approvalDeadlineIds(approvalId).map((deadlineId) => ({ type: 'cancel-deadline', deadlineId }));
}

function workingDayOnOrBefore(day: CalendarDate, extra: CalendarDate[]): CalendarDate {
  let d = day;
  while (!isWorkingDay(d, extra)) d = addDays(d, -1);
  return d;
}

export function visitDeadlines(state: CaseState, visit: Visit, today: CalendarDate, policy?: CasePolicy): Effect[] {
  // With VISIT_REMINDERS_ON_WORKING_DAYS, a reminder that would fall on a weekend or bank holiday comes the working day before.
  const dayBefore = policy?.visitRemindersOnWorkingDays ? workingDayOnOrBefore(addDays(visit.due, -1), policy.extraNonWorkingDays) : addDays(visit.due, -1);
  const reminderOn = isAfter(today, dayBefore) ? today : dayBefore;
  const data = { index: visit.index, due: visit.due, ref: state.ref };
  return [
    { type: 'schedule-deadline', deadlineId: `${state.caseId}:visit:${visit.index}:reminder`, kind: 'visit-reminder', dueOn: reminderOn, data },
    { type: 'schedule-deadline', deadlineId: `${state.caseId}:visit:${visit.index}:overdue`, kind: 'visit-overdue', dueOn: addDays(visit.due, 1), data },
  ];
}

export function cancelVisitDeadlines(state: CaseState, index: number): Effect[] {
  return [
    { type: 'cancel-deadline', deadlineId: `${state.caseId}:visit:${index}:reminder` },
    { type: 'cancel-deadline', deadlineId: `${state.caseId}:visit:${index}:overdue` },
  ];
}

export function horizonDeadlineIds(state: CaseState): [string, string] {
  return [`${state.caseId}:planned-horizon:nearing`, `${state.caseId}:planned-horizon:reached`];
}

/** Visits of R-VISIT-1 for a child who has gone home, and their deadlines. */
export function startVisits(state: CaseState, now: Now, policy: CasePolicy): Effect[] {
  const ruling = rulingFor(state, now.today, policy);
  state.visits = ruling.visits.map((v, index) => ({ index, kind: v.kind, due: v.due, doneOn: null, notes: null, recordedBy: null, overdue: false }));
  return state.visits.flatMap((visit) => [...visitDeadlines(state, visit, now.today, policy), visitTaskRecord(state, visit)]);
}

/** The organisation's date of a record; a record made before `on` was kept falls back to its UTC date. */
export function dateOf(record: { at: string; on?: CalendarDate }): CalendarDate {
  return record.on ?? record.at.slice(0, 10);
}

export function personText(person: Person, onBehalfOf?: Person): string {
  return onBehalfOf ? `${person.name} on behalf of ${onBehalfOf.name}` : person.name;
}

export function dateWithin(date: CalendarDate, from: CalendarDate, to: CalendarDate, field: string, rule: RuleId | null): Refusal | null {
  if (isAfter(from, date)) return refuse('INVALID_DATE', rule, `The ${field} (${dateText(date)}) is before ${dateText(from)}. Check the date and try again.`);
  if (isAfter(date, to)) return refuse('INVALID_DATE', rule, `The ${field} (${dateText(date)}) is in the future. Record it on or after the day it happens.`);
  return null;
}

export function requireRole(actor: Actor, allowed: readonly CaseRole[], what: string, rule: RuleId | null): Refusal | null {
  if (actor.role !== 'system' && allowed.includes(actor.role)) return null;
  const names = allowed.map((r) => ROLE_NAMES[r]);
  const who = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
  return refuse('NOT_YOUR_ROLE', rule, `Only the ${who} can ${what}.`);
}

export function ok(state: CaseState, effects: Effect[], action: string, now: Now, policy: CasePolicy): TransitionResult {
  state.updatedAt = now.at;
  return { ok: true, state, effects: [...effects, caseRecord(state, now, policy)], action };
}

// ---------------------------------------------------------------------------------------------
// What is still missing before a step may be taken

/** Steps the social worker must record before the assessment goes for agreement, each with its rule. */
/** The immediate risk check (R-UNPL-2) said a Legal Planning Meeting or an ICPC is needed. */
export function riskFlagged(state: CaseState): boolean {
  const risk = state.steps.immediateRisk;
  return Boolean(risk && (risk.legalPlanningMeetingNeeded || risk.childProtectionConferenceNeeded));
}

export function missingBeforeAssessment(state: CaseState): { step: string; rule: RuleId }[] {
  const missing: { step: string; rule: RuleId }[] = [];
  const s = state.steps;
  if (state.pathway === 'planned') {
    if (!s.reunification) missing.push({ step: 'record that reunification work has started', rule: 'R-PLAN-1' });
    if (s.reunification?.edgeOfCare === 'framework') {
      for (const evidence of FRAMEWORK_EVIDENCE) {
        if (!s.frameworkEvidence?.[evidence]) missing.push({ step: `upload the ${FRAMEWORK_EVIDENCE_NAMES[evidence]}`, rule: 'R-PLAN-3' });
      }
    }
    if (!s.childViews) missing.push({ step: "record the child's views", rule: 'R-PLAN-6' });
    if (!s.parentsConsulted) missing.push({ step: "record the parents' views", rule: 'R-PLAN-6' });
    if (!s.iroInformed) missing.push({ step: 'inform the IRO', rule: 'R-UNPL-3' });
  } else {
    if (!s.childViews) missing.push({ step: "record the child's views", rule: 'R-UNPL-1' });
    if (!s.immediateRisk) missing.push({ step: 'record the immediate risk check', rule: 'R-UNPL-2' });
    else if (s.immediateRisk.viewAwaited) missing.push({ step: `have the ${ROLE_NAMES[s.immediateRisk.consulted]} give their view on a Legal Planning Meeting or ICPC`, rule: 'R-UNPL-2' });
    if (!s.iroInformed) missing.push({ step: 'inform the IRO', rule: 'R-UNPL-3' });
    if (!s.parentsConsulted) missing.push({ step: 'record the consultation with the parents', rule: 'R-UNPL-4' });
  }
  return missing;
}

/** What must be done before the reunification review closes the case (R-UNPL-10). */
export function missingBeforeClosure(state: CaseState): { step: string; rule: RuleId }[] {
  const missing: { step: string; rule: RuleId }[] = [];
  if (state.stage === 'not-viable') {
    if (!state.notViable?.actions) missing.push({ step: 'record the actions taken after the not-viable decision', rule: 'R-UNPL-8' });
  } else if (state.stage !== 'episode-ended') {
    missing.push({ step: 'end the care episode after the sign-off chain', rule: 'R-SIGN-4' });
  }
  const home = state.facts.returnedHomeOn !== null;
  // A viable return ends with the child at home: without the return date no visits were ever due (R-VISIT-1).
  if (!home && state.stage === 'episode-ended') missing.push({ step: 'record the date the child went home', rule: 'R-VISIT-1' });
  if (home) {
    const open = state.visits.filter((v) => v.doneOn === null).length;
    if (open > 0) missing.push({ step: `record ${open} outstanding visit${open > 1 ? 's' : ''}`, rule: 'R-VISIT-1' });
    if (state.placement.status !== 'ended') missing.push({ step: 'end the placement with the Head of Service’s consent', rule: 'R-PLACE-1' });
  }
  if (state.stage === 'episode-ended' && !state.letter) missing.push({ step: 'write the "Your time in our care" letter', rule: 'R-LETTER-1' });
  return missing;
}

function listSteps(missing: { step: string; rule: RuleId }[]): string {
  return missing.map((m) => `${m.step} (${m.rule})`).join('; ');
}

// ---------------------------------------------------------------------------------------------
// The events

function assessmentSubmitted(state: CaseState, event: AssessmentSubmitted, now: Now, policy: CasePolicy): TransitionResult {
  if (state.stage !== 'preparing' && state.stage !== 'revising') {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', 'The assessment has already been sent for agreement. Wait for the decision, or for a request for changes.') };
  }
  const missing = missingBeforeAssessment(state);
  if (missing.length > 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', missing[0]!.rule, `Before the assessment can go for agreement, please ${listSteps(missing)}.`) };
  }
  const badDate = dateWithin(event.completedOn, state.facts.accommodatedOn, now.today, 'assessment date', 'R-UNPL-5');
  if (badDate) return { ok: false, refusal: badDate };
  const ruling = rulingFor(state, now.today, policy);
  if (event.form === 's20-return-home-assessment' && !ruling.assessment.shortFormAllowed) {
    return {
      ok: false,
      refusal: refuse('FORM_NOT_ALLOWED', 'R-ASSESS-1', `The child has been in care for more than three months (${ruling.daysInCare} days) and has no Child & Family assessment from the last 3 months, so the full Child & Family Reassessment is needed, not the S20 Return Home Assessment form.`),
    };
  }
  if (event.viable && event.stepdownPlan.length === 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-9', 'Add at least one item to the safety or stepdown plan, with what it is meant to achieve.') };
  }
  const round = (state.assessment?.round ?? 0) + 1;
  // The version sent back is kept, so approvers can see what changed since (issue 12).
  if (state.assessment) state.earlierAssessments = [...(state.earlierAssessments ?? []), state.assessment];
  state.assessment = {
    round,
    form: event.form,
    formRules: event.form === 's20-return-home-assessment' ? ruling.assessment.rules : ruling.assessment.shortFormAllowed ? ['R-ASSESS-4'] : ['R-ASSESS-1'],
    viable: event.viable,
    riskAnalysis: event.riskAnalysis,
    safetyPlan: event.safetyPlan,
    stepdownPlan: event.stepdownPlan,
    submittedAt: now.at,
    submittedBy: { id: event.actor.id, name: event.actor.name },
    ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}),
    completedOn: event.completedOn,
  };
  // The case's own assessment is not "a Child & Family assessment completed in the last 3 months"
  // (R-ASSESS-3) for its own revision: a revised version is ruled on the facts the first was, so the
  // form ruling shown on the card and cited to approvers stays the one that applied at submission.
  state.signOff = signOffFor(ruling, policy);
  const formName = ASSESSMENT_FORM_NAMES[event.form];
  if (!event.viable) {
    state.stage = 'not-viable';
    state.notViable = { decidedAt: now.at, actions: null };
    const data = { ref: state.ref };
    return ok(state, [
      notify('not-viable', iroRecipient(state), ['R-UNPL-8'], data),
      notify('not-viable', { kind: 'iro-channel' }, ['R-UNPL-8'], data),
      notify('not-viable', role('team-manager'), ['R-UNPL-8', 'R-UNPL-2'], data),
      notify('not-viable', socialWorkerRecipient(state), ['R-UNPL-8'], { ...data, you: true, lpmOrIcpcFlagged: riskFlagged(state) }),
    ], `Assessment (${formName}) recorded: return home not viable`, now, policy);
  }
  state.stage = 'awaiting-team-manager';
  const { approval, effects } = openApproval(state, 'team-manager', now, policy);
  state.approvals.push(approval);
  return ok(state, effects, `Assessment (${formName}) and plan sent to the team manager for agreement`, now, policy);
}

function decisionGiven(state: CaseState, event: DecisionGiven, now: Now, policy: CasePolicy): TransitionResult {
  const approval = state.approvals.find((a) => a.approvalId === event.approvalId);
  if (!approval) return { ok: false, refusal: refuse('UNKNOWN_APPROVAL', null, 'That approval request does not belong to this case. Open the case and use the request shown there.') };
  if (approval.decision) {
    const d = approval.decision;
    return {
      ok: false,
      refusal: refuse('ALREADY_DECIDED', null, `This was already decided by ${personText(d.by, d.onBehalfOf)} on ${dateText(dateOf(d))}: ${d.outcome.replace('-', ' ')}. Nothing more is needed from you.`),
    };
  }
  if (approval.cancelledAt) {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SCOPE-3', 'This request was withdrawn because the case moved to the unplanned pathway. Nothing more is needed from you.') };
  }
  const wrongRole = requireRole(event.actor, [APPROVER_ROLE[approval.stage]], `give the ${STAGE_NAMES[approval.stage]}`, STAGE_RULES[approval.stage][0] ?? null);
  if (wrongRole) return { ok: false, refusal: wrongRole };
  const actorIds = identitiesOf(event.actor);
  const caseWorkers = [state.socialWorker.id, state.assessment?.submittedBy.id, state.assessment?.onBehalfOf?.id].filter((x): x is string => Boolean(x));
  if (actorIds.some((id) => caseWorkers.includes(id))) {
    return { ok: false, refusal: refuse('SELF_APPROVAL', 'R-SIGN-4', 'You are the social worker on this case (or submitted its assessment), so you cannot approve it. Another manager holding the role must decide.') };
  }
  if (approval.stage === 'director') {
    const hos = state.approvals.filter((a) => a.stage === 'head-of-service' && a.decision?.outcome === 'approve').at(-1)?.decision;
    if (hos && identitiesOf({ id: hos.by.id, onBehalfOf: hos.onBehalfOf }).some((id) => actorIds.includes(id))) {
      return { ok: false, refusal: refuse('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', 'You gave the Head of Service agreement on this case, so the Director’s authorisation must come from someone else.') };
    }
  }
  if (approval.stage === 'head-of-service') {
    const director = state.approvals.filter((a) => a.stage === 'director' && a.decision).at(-1)?.decision;
    if (director && identitiesOf({ id: director.by.id, onBehalfOf: director.onBehalfOf }).some((id) => actorIds.includes(id))) {
      return { ok: false, refusal: refuse('SAME_PERSON_HOS_AND_DIRECTOR', 'R-SIGN-4', 'You decided on this case as Director, so the Head of Service agreement must come from someone else.') };
    }
  }
  const comment = event.comment?.trim() ? event.comment.trim() : null;
  if (event.outcome !== 'approve' && !comment) {
    return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Please add a comment saying what needs to change or why, then send your decision again.') };
  }
  // Retrospective describes an agreement (R-SIGN-5): a Director's refusal or request for changes is not one.
  const retrospective = approval.stage === 'director' && event.outcome === 'approve' && state.facts.returnedHomeOn !== null;
  approval.decision = {
    outcome: event.outcome,
    comment,
    by: { id: event.actor.id, name: event.actor.name },
    ...(event.actor.onBehalfOf ? { onBehalfOf: event.actor.onBehalfOf } : {}),
    at: now.at,
    on: now.today,
    retrospective,
  };
  const effects: Effect[] = [
    ...cancelApprovalDeadlines(approval.approvalId),
    {
      type: 'record',
      list: 'decisions',
      key: `decision:${approval.approvalId}`,
      fields: {
        CaseRef: state.ref,
        Stage: approval.stage,
        Outcome: event.outcome,
        DecidedBy: event.actor.name,
        DecidedById: event.actor.id,
        OnBehalfOf: event.actor.onBehalfOf?.name ?? null,
        Comment: comment,
        DecidedAt: now.at,
        Retrospective: retrospective,
      },
    },
  ];
  const data: NoticeData = { ref: state.ref, stage: approval.stage, outcome: event.outcome, decidedBy: personText(event.actor, event.actor.onBehalfOf), comment };
  const decidedText = `${STAGE_NAMES[approval.stage]}: ${event.outcome.replace('-', ' ')} by ${personText(event.actor, event.actor.onBehalfOf)}`;

  if (approval.stage === 'placement-end') {
    if (event.outcome === 'approve') {
      state.placement.status = 'consent-given';
      effects.push(
        notify('placement-end-confirmed', role('placement-team'), ['R-PLACE-1'], { ...data, proposedEndDate: approval.proposedEndDate ?? null }),
        notify('decision-made', socialWorkerRecipient(state), ['R-PLACE-1'], data),
      );
    } else {
      state.placement.status = 'open';
      effects.push(notify('changes-requested', socialWorkerRecipient(state), ['R-PLACE-1'], data));
    }
    return ok(state, effects, decidedText, now, policy);
  }

  if (event.outcome === 'reject') return returnRejected(state, approval, event.actor, comment ?? '', effects, data, decidedText, now, policy);
  if (event.outcome !== 'approve') {
    state.stage = 'revising';
    effects.push(notify('changes-requested', socialWorkerRecipient(state), STAGE_RULES[approval.stage], data));
    return ok(state, effects, decidedText, now, policy);
  }

  effects.push(notify('decision-made', socialWorkerRecipient(state), STAGE_RULES[approval.stage], data));
  if (approval.stage === 'team-manager') {
    if (iroViewStands(state, policy)) {
      state.stage = 'awaiting-head-of-service';
      const next = openApproval(state, 'head-of-service', now, policy);
      state.approvals.push(next.approval);
      effects.push(...next.effects);
    } else {
      state.stage = 'awaiting-iro-view';
      // After a revision, the IRO is told their earlier view was on the version sent back.
      const data: NoticeData = { ref: state.ref, viewRequested: true };
      if (state.iroView) data['earlierViewOn'] = dateOf(state.iroView);
      effects.push(notify('iro-informed', iroRecipient(state), ['R-SIGN-4', 'R-UNPL-3'], data));
    }
  } else if (approval.stage === 'head-of-service') {
    state.signOff = signOffNow(state, now.today, policy);
    if (state.signOff.required) {
      state.stage = 'awaiting-director';
      const next = openApproval(state, 'director', now, policy);
      state.approvals.push(next.approval);
      effects.push(...next.effects);
    } else {
      state.stage = 'head-of-service-agreed';
    }
  } else {
    state.stage = 'director-authorised';
  }
  return ok(state, effects, decidedText, now, policy);
}

function reviewMeetingHeld(state: CaseState, event: ReviewMeetingHeld, now: Now, policy: CasePolicy): TransitionResult {
  const wrongRole = requireRole(event.actor, ['social-worker', 'team-manager'], 'record the reunification review meeting', 'R-UNPL-10');
  if (wrongRole) return { ok: false, refusal: wrongRole };
  const missing = missingBeforeClosure(state);
  if (missing.length > 0) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', missing[0]!.rule, `The case cannot close yet. Still to do: ${listSteps(missing)}.`) };
  }
  const badDate = dateWithin(event.heldOn, state.facts.accommodatedOn, now.today, 'review meeting date', 'R-UNPL-10');
  if (badDate) return { ok: false, refusal: badDate };
  state.review = { ...stepBy(event.actor, now), heldOn: event.heldOn, continueWith: event.continueWith, notes: event.notes };
  state.closure = { ...stepBy(event.actor, now), reason: 'review', why: event.notes, fromStage: state.stage };
  state.stage = 'closed';
  const continuing = event.continueWith.length > 0 ? event.continueWith.join(', ') : 'no further plan';
  const data = { ref: state.ref, continueWith: continuing };
  return ok(state, [
    notify('case-closed', socialWorkerRecipient(state), ['R-UNPL-10'], data),
    notify('case-closed', role('team-manager'), ['R-UNPL-10'], data),
    notify('case-closed', { kind: 'iro-channel' }, ['R-UNPL-10'], data),
  ], `Reunification review held on ${event.heldOn}; continuing with ${continuing}; case closed`, now, policy);
}

function deadlineReached(state: CaseState, event: DeadlineReached, now: Now, policy: CasePolicy): TransitionResult {
  const kind: DeadlineKind = event.kind;
  const data = { ...event.data, ref: state.ref };
  const none = (why: string): TransitionResult => ({ ok: true, state, effects: [], action: `Deadline ${kind} no longer applies: ${why}` });
  if (state.stage === 'closed') return none('the case is closed');
  if (kind === 'visit-reminder' || kind === 'visit-overdue') {
    const visit = state.visits.find((v) => v.index === Number(event.data['index']));
    if (!visit) return none('no such visit');
    if (visit.doneOn) return none('the visit was recorded');
    if (kind === 'visit-reminder') {
      return ok(state, [notify('visit-reminder', socialWorkerRecipient(state), ['R-VISIT-1'], { ...data, due: visit.due, kind: visit.kind })], `Reminder sent: visit due ${visit.due}`, now, policy);
    }
    visit.overdue = true;
    return ok(state, [
      notify('visit-overdue', socialWorkerRecipient(state), ['R-VISIT-1'], { ...data, due: visit.due, kind: visit.kind }),
      notify('visit-overdue', role('team-manager'), ['R-VISIT-1'], { ...data, due: visit.due, kind: visit.kind }),
      visitTaskRecord(state, visit),
    ], `Visit due ${visit.due} is overdue`, now, policy);
  }
  if (kind === 'approval-mail-renewal') return renewRequestMail(state, event.data['approvalId'], now, policy) ?? none('the approval was decided or withdrawn');
  if (kind === 'approval-reminder' || kind === 'approval-escalation') {
    const approval = state.approvals.find((a) => a.approvalId === event.data['approvalId']);
    if (!approval) return none('no such approval');
    if (approval.decision || approval.cancelledAt) return none('the approval was decided or withdrawn');
    const approver = APPROVER_ROLE[approval.stage];
    const rules = STAGE_RULES[approval.stage];
    const approvalData = { ...data, approvalId: approval.approvalId, stage: approval.stage, requestedOn: approval.requestedOn };
    if (kind === 'approval-reminder') {
      return ok(state, [notify('approval-reminder', role(approver), rules, approvalData)], `Reminder sent: ${STAGE_NAMES[approval.stage]} awaited since ${approval.requestedOn}`, now, policy);
    }
    const effects: Effect[] = [notify('approval-escalation', role(approver, true), rules, approvalData)];
    // Up the line (escalation.ts), never sideways to every holder of a role.
    effects.push(notify('approval-escalation', role(ESCALATES_TO[approval.stage]), rules, approvalData));
    return ok(state, effects, `Escalated: ${STAGE_NAMES[approval.stage]} awaited since ${approval.requestedOn}`, now, policy);
  }
  // The planned pathway's 16-week horizon (R-PLAN-5).
  if (state.pathway !== 'planned' || state.facts.returnedHomeOn) return none('the child is home or the pathway changed');
  const horizon = rulingFor(state, now.today, policy).plannedReturnHorizon;
  const notice = kind === 'planned-horizon-nearing' ? 'planned-horizon-nearing' : 'planned-horizon-reached';
  return ok(state, [
    notify(notice, socialWorkerRecipient(state), ['R-PLAN-5'], { ...data, horizon }),
    notify(notice, role('team-manager'), ['R-PLAN-5'], { ...data, horizon }),
  ], `Planned return horizon ${kind === 'planned-horizon-nearing' ? 'nearing' : 'reached'} (${horizon ?? 'unknown'})`, now, policy);
}

/** A declared event (event-declarations.ts): its role and stage are checked here, then its handler runs on a copy. */
function declaredTransition<E extends LifecycleEvent>(current: CaseState, event: E, now: Now, policy: CasePolicy): TransitionResult {
  const declared = declarationOf(event);
  const wrongRole = requireRole(event.actor, declared.roles, declared.what, declared.rule);
  if (wrongRole) return { ok: false, refusal: wrongRole };
  if (!declared.stages.includes(current.stage)) {
    return { ok: false, refusal: refuse(current.stage === 'closed' ? 'CASE_CLOSED' : 'OUT_OF_ORDER', declared.rule, declared.notNow(current)) };
  }
  return declared.handle(structuredClone(current), event, now, policy);
}

/** The state machine. The input state is never modified; a refused event changes nothing. */
export function transition(current: CaseState, event: CaseEvent, now: Now, policy: CasePolicy): TransitionResult {
  if (isLifecycleEvent(event)) return declaredTransition(current, event, now, policy);
  if (current.stage === 'closed' && event.type !== 'DeadlineReached') {
    return { ok: false, refusal: refuse('CASE_CLOSED', 'R-UNPL-10', 'This case is closed after its reunification review. Start a new case if the child comes back into care.') };
  }
  const state: CaseState = structuredClone(current);
  const actor = event.actor;
  const sw = ['social-worker', 'team-manager'] as const;
  const preparing = state.stage === 'preparing' || state.stage === 'revising';
  const notPreparing = (what: string): TransitionResult => ({
    ok: false,
    refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', `You can ${what} only before the assessment goes for agreement, or after changes are requested.`),
  });

  switch (event.type) {
    case 'ChildViewsRecorded': {
      const r = requireRole(actor, sw, "record the child's views", 'R-UNPL-1');
      if (r) return { ok: false, refusal: r };
      if (!preparing) return notPreparing("record the child's views");
      state.steps.childViews = { ...stepBy(actor, now), views: event.views };
      return ok(state, [], "Child's views recorded", now, policy);
    }
    case 'ImmediateRiskConsidered': {
      const r = requireRole(actor, sw, 'record the immediate risk check', 'R-UNPL-2');
      if (r) return { ok: false, refusal: r };
      if (!preparing) return notPreparing('record the immediate risk check');
      // Without the answers, the view on an LPM or ICPC is asked of the manager consulted, on a card to them.
      if (event.legalPlanningMeetingNeeded === undefined || event.childProtectionConferenceNeeded === undefined) return riskViewAsked(state, event, now, policy);
      state.steps.immediateRisk = {
        ...stepBy(actor, now),
        summary: event.summary,
        consulted: event.consulted,
        legalPlanningMeetingNeeded: event.legalPlanningMeetingNeeded,
        childProtectionConferenceNeeded: event.childProtectionConferenceNeeded,
      };
      const needs = [event.legalPlanningMeetingNeeded ? 'a Legal Planning Meeting' : null, event.childProtectionConferenceNeeded ? 'an Initial Child Protection Conference' : null].filter(Boolean);
      return ok(state, [], `Immediate risk considered with the ${ROLE_NAMES[event.consulted]}${needs.length ? `: ${needs.join(' and ')} needed` : ': no LPM or ICPC needed'}`, now, policy);
    }
    case 'IroInformed': {
      const r = requireRole(actor, sw, 'inform the IRO', 'R-UNPL-3');
      if (r) return { ok: false, refusal: r };
      if (state.steps.iroInformed) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-UNPL-3', `The IRO was already informed on ${dateText(dateOf(state.steps.iroInformed))}.`) };
      state.steps.iroInformed = stepBy(actor, now);
      const data = { ref: state.ref, pathway: state.pathway };
      return ok(state, [
        notify('iro-informed', iroRecipient(state), ['R-UNPL-3'], data),
        notify('iro-informed', { kind: 'iro-channel' }, ['R-UNPL-3'], data),
      ], 'IRO informed', now, policy);
    }
    case 'ParentsConsulted': {
      const r = requireRole(actor, sw, "record the parents' views", 'R-UNPL-4');
      if (r) return { ok: false, refusal: r };
      if (!preparing) return notPreparing("record the parents' views");
      state.steps.parentsConsulted = { ...stepBy(actor, now), views: event.views, plannedReturnAgreed: event.plannedReturnAgreed };
      return ok(state, [], `Parents consulted${event.plannedReturnAgreed ? ': a planned return was agreed' : ''}`, now, policy);
    }
    case 'ReunificationStarted': {
      const r = requireRole(actor, sw, 'record the start of reunification work', 'R-PLAN-1');
      if (r) return { ok: false, refusal: r };
      if (state.pathway !== 'planned') return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLAN-1', 'Reunification work belongs to the planned pathway; this case is on the unplanned pathway.') };
      if (state.steps.reunification) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLAN-5', `Reunification work was already recorded as starting on ${dateText(state.steps.reunification.startedOn)}.`) };
      const badDate = dateWithin(event.startedOn, state.facts.accommodatedOn, now.today, 'start date', 'R-PLAN-5');
      if (badDate) return { ok: false, refusal: badDate };
      if (event.edgeOfCare !== 'consultation' && !rulingFor(state, now.today, policy).edgeOfCareEligible) {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLAN-2', 'Edge of Care works with children aged 8 to 17; for this child it can offer consultation only.') };
      }
      state.steps.reunification = { ...stepBy(actor, now), startedOn: event.startedOn, edgeOfCare: event.edgeOfCare };
      state.facts.reunificationStartedOn = event.startedOn;
      const horizon = rulingFor(state, now.today, policy).plannedReturnHorizon!;
      const [nearingId, reachedId] = horizonDeadlineIds(state);
      const data = { ref: state.ref, horizon };
      return ok(state, [
        { type: 'schedule-deadline', deadlineId: nearingId, kind: 'planned-horizon-nearing', dueOn: addDays(horizon, -policy.plannedHorizonWarningDays), data },
        { type: 'schedule-deadline', deadlineId: reachedId, kind: 'planned-horizon-reached', dueOn: horizon, data },
      ], `Reunification work started on ${event.startedOn}; the 16-week horizon is ${horizon}`, now, policy);
    }
    case 'FrameworkEvidenceUploaded': {
      const r = requireRole(actor, sw, 'record framework evidence', 'R-PLAN-3');
      if (r) return { ok: false, refusal: r };
      if (state.steps.reunification?.edgeOfCare !== 'framework') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLAN-3', 'Framework evidence is recorded only when reunification work follows the NSPCC framework.') };
      }
      if (state.steps.frameworkEvidence?.[event.evidence]) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLAN-3', `The ${FRAMEWORK_EVIDENCE_NAMES[event.evidence]} is already recorded.`) };
      state.steps.frameworkEvidence = { ...state.steps.frameworkEvidence, [event.evidence]: { ...stepBy(actor, now), ...(event.url ? { url: event.url } : {}) } };
      return ok(state, [], `Uploaded: ${FRAMEWORK_EVIDENCE_NAMES[event.evidence]}`, now, policy);
    }
    case 'ChildReturnedHome': {
      const r = requireRole(actor, sw, 'record the return home', 'R-VISIT-1');
      if (r) return { ok: false, refusal: r };
      if (state.facts.returnedHomeOn) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-VISIT-1', `The child's return home is already recorded (${dateText(state.facts.returnedHomeOn)}).`) };
      const badDate = dateWithin(event.on, state.facts.accommodatedOn, now.today, 'return date', 'R-VISIT-1');
      if (badDate) return { ok: false, refusal: badDate };
      state.facts.returnedHomeOn = event.on;
      const effects = startVisits(state, now, policy);
      if (state.steps.reunification) effects.push(...horizonDeadlineIds(state).map((deadlineId): Effect => ({ type: 'cancel-deadline', deadlineId })));
      return ok(state, effects, `Child returned home on ${event.on}; visits due from ${state.visits[0]?.due ?? '-'}`, now, policy);
    }
    case 'PathwayChangedToUnplanned': {
      const r = requireRole(actor, sw, 'change the pathway', 'R-SCOPE-3');
      if (r) return { ok: false, refusal: r };
      if (state.pathway === 'unplanned') return { ok: false, refusal: refuse('ALREADY_DONE', 'R-SCOPE-3', 'This case is already on the unplanned pathway.') };
      if (!preparing && !CHAIN_STAGES.includes(state.stage)) {
        const why = state.stage === 'not-viable' ? 'The return home was assessed as not viable' : 'The return home has already been agreed';
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SCOPE-3', `${why}, so the pathway can no longer change.`) };
      }
      const tooYoung = triggerAgeProblem(event.trigger, state.facts.dateOfBirth, now.today);
      if (tooYoung) return { ok: false, refusal: tooYoung };
      const effects: Effect[] = [];
      for (const approval of state.approvals) {
        if (!approval.decision && !approval.cancelledAt && approval.stage !== 'placement-end') {
          approval.cancelledAt = now.at;
          effects.push(...cancelApprovalDeadlines(approval.approvalId));
        }
      }
      effects.push(...horizonDeadlineIds(state).map((deadlineId): Effect => ({ type: 'cancel-deadline', deadlineId })));
      state.pathwayChanges.push({ from: 'planned', to: 'unplanned', trigger: event.trigger, at: now.at, by: { id: actor.id, name: actor.name } });
      state.pathway = 'unplanned';
      state.trigger = event.trigger;
      state.stage = 'preparing';
      const data = { ref: state.ref, trigger: event.trigger };
      effects.push(
        notify('pathway-changed', iroRecipient(state), ['R-SCOPE-3', 'R-UNPL-3'], data),
        notify('pathway-changed', role('team-manager'), ['R-SCOPE-3'], data),
      );
      return ok(state, effects, 'Moved from the planned to the unplanned pathway', now, policy);
    }
    case 'AssessmentSubmitted': {
      const r = requireRole(actor, sw, 'submit the assessment', 'R-UNPL-5');
      if (r) return { ok: false, refusal: r };
      return assessmentSubmitted(state, event, now, policy);
    }
    case 'IroViewRecorded': {
      const r = requireRole(actor, ['iro', 'social-worker'], "record the IRO's view", 'R-SIGN-4');
      if (r) return { ok: false, refusal: r };
      // The view is the IRO's own: the social worker may only write down one the IRO gave them orally, named as such.
      const givenOrally = actor.role === 'social-worker';
      if (givenOrally && event.givenOrally !== true) {
        return { ok: false, refusal: refuse('NOT_YOUR_ROLE', 'R-SIGN-4', "Only the IRO, or their deputy, can give the IRO's view. If the IRO gave it to you by phone or in person, tick 'The IRO gave me this view orally' and record it for them.") };
      }
      if (!state.steps.iroInformed) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-3', 'Inform the IRO first; then their view can be recorded.') };
      if (!preparing && state.stage !== 'awaiting-team-manager' && state.stage !== 'awaiting-iro-view') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', "The IRO's view has already gone to the Head of Service with the assessment.") };
      }
      state.iroView = { ...stepBy(actor, now), view: event.view, reviewBroughtForward: event.reviewBroughtForward, ...(givenOrally ? { givenOrally: true } : {}) };
      const effects: Effect[] = [];
      let action = "IRO's view recorded";
      if (state.stage === 'awaiting-iro-view') {
        state.stage = 'awaiting-head-of-service';
        const next = openApproval(state, 'head-of-service', now, policy);
        state.approvals.push(next.approval);
        effects.push(...next.effects);
        action += '; sent to the Head of Service for written agreement';
      }
      return ok(state, effects, action, now, policy);
    }
    case 'DecisionGiven':
      return decisionGiven(state, event, now, policy);
    case 'DirectorAuthorisationRequested': {
      const r = requireRole(actor, sw, "ask for the Director's authorisation", 'R-SIGN-6');
      if (r) return { ok: false, refusal: r };
      if (state.stage !== 'head-of-service-agreed') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', "The Director's authorisation can be asked for only after the Head of Service has agreed.") };
      }
      state.signOff = signOffNow(state, now.today, policy);
      state.stage = 'awaiting-director';
      const next = openApproval(state, 'director', now, policy);
      state.approvals.push(next.approval);
      return ok(state, next.effects, `Sent to the Director for authorisation${state.signOff.required ? '' : ' (optional for this case)'}`, now, policy);
    }
    case 'CareEpisodeEnded': {
      const r = requireRole(actor, sw, 'record the end of the care episode', 'R-SIGN-4');
      if (r) return { ok: false, refusal: r };
      if (state.stage !== 'director-authorised' && state.stage !== 'head-of-service-agreed') {
        const waitingFor = state.signOff?.required || state.stage === 'awaiting-director' ? 'the Director has authorised it' : 'the Head of Service has agreed in writing';
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SIGN-4', `The care episode cannot be ended before ${waitingFor}.`) };
      }
      if (state.stage === 'head-of-service-agreed') {
        const signOff = signOffNow(state, now.today, policy);
        if (signOff.required) {
          const days = rulingFor(state, now.today, policy).daysInCare;
          return { ok: false, refusal: refuse('OUT_OF_ORDER', signOff.rules[0] ?? 'R-SIGN-4', `The child has now been in care for ${days} days, so the Director must authorise the end of the care episode (${signOff.rules.join(', ')}). Ask for the Director's authorisation first.`) };
        }
      }
      if (state.stage === 'director-authorised' && !event.directorAgreementUploaded) {
        return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-PLACE-2', "Upload the Director's agreement to the child's record first, then record the end of the care episode.") };
      }
      state.episodeEnded = { ...stepBy(actor, now), directorAgreementUploaded: event.directorAgreementUploaded, agenciesInformed: event.agenciesInformed };
      state.stage = 'episode-ended';
      const data = { ref: state.ref, agenciesInformed: event.agenciesInformed };
      return ok(state, [
        notify('care-episode-ended', iroRecipient(state), ['R-SIGN-4', 'R-PLACE-2'], data),
        notify('care-episode-ended', { kind: 'iro-channel' }, ['R-SIGN-4', 'R-PLACE-2'], { ref: state.ref }),
        notify('care-episode-ended', role('team-manager'), ['R-PLACE-2'], data),
      ], 'Care episode ended; the IRO role ends', now, policy);
    }
    case 'NotViableActionsRecorded': {
      const r = requireRole(actor, sw, 'record the not-viable actions', 'R-UNPL-8');
      if (r) return { ok: false, refusal: r };
      if (state.stage !== 'not-viable' || !state.notViable) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-UNPL-8', 'These actions follow a not-viable decision, and this case has none.') };
      if (state.notViable.actions) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-UNPL-8', 'The actions after the not-viable decision are already recorded.') };
      if (!event.childAndParentsTold) return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-8', 'Tell the child and the parents or carers of the decision first, then record the actions.') };
      // The immediate risk check's answers count (R-UNPL-2): what it said is needed must be booked.
      const risk = state.steps.immediateRisk;
      const unbooked = [
        risk?.legalPlanningMeetingNeeded && !event.legalPlanningMeetingBooked ? 'a Legal Planning Meeting' : null,
        risk?.childProtectionConferenceNeeded && !event.childProtectionConferenceBooked ? 'an Initial Child Protection Conference' : null,
      ].filter(Boolean);
      if (unbooked.length > 0) {
        return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-UNPL-8', `The immediate risk check (R-UNPL-2) said ${unbooked.join(' and ')} ${unbooked.length > 1 ? 'are' : 'is'} needed. Book ${unbooked.length > 1 ? 'them' : 'it'} first, then record the actions.`) };
      }
      state.notViable.actions = {
        ...stepBy(actor, now),
        childAndParentsTold: event.childAndParentsTold,
        childProtectionConferenceBooked: event.childProtectionConferenceBooked,
        legalPlanningMeetingBooked: event.legalPlanningMeetingBooked,
        notes: event.notes,
      };
      return ok(state, [], 'Not-viable actions recorded', now, policy);
    }
    case 'PlacementEndRequested': {
      const r = requireRole(actor, sw, 'ask to end the placement', 'R-PLACE-1');
      if (r) return { ok: false, refusal: r };
      if (state.placement.status !== 'open') return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLACE-1', `The placement is already ${state.placement.status.replace('-', ' ')}.`) };
      if (!state.facts.returnedHomeOn && !RETURN_AGREED_STAGES.includes(state.stage)) {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLACE-1', 'The placement can be ended only once the child has gone home or the Head of Service has agreed the return.') };
      }
      if (isAfter(state.facts.accommodatedOn, event.proposedEndDate)) return { ok: false, refusal: refuse('INVALID_DATE', 'R-PLACE-1', 'The proposed end date is before the child came into care.') };
      state.placement.status = 'consent-requested';
      const next = openApproval(state, 'placement-end', now, policy, { proposedEndDate: event.proposedEndDate });
      state.approvals.push(next.approval);
      return ok(state, next.effects, `Head of Service asked to consent to ending the placement on ${event.proposedEndDate}`, now, policy);
    }
    case 'PlacementEnded': {
      const r = requireRole(actor, ['social-worker', 'team-manager', 'placement-team'], 'record the end of the placement', 'R-PLACE-1');
      if (r) return { ok: false, refusal: r };
      if (state.placement.status === 'ended') return { ok: false, refusal: refuse('ALREADY_DONE', 'R-PLACE-1', `The placement already ended${state.placement.endDate ? ` on ${dateText(state.placement.endDate)}` : ''}.`) };
      if (state.placement.status !== 'consent-given') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-PLACE-1', "The placement stays open until the Head of Service's written consent has been sent to the Children's Placement Team.") };
      }
      if (isAfter(state.facts.accommodatedOn, event.endDate) || isAfter(event.carersToldOn, now.today)) {
        return { ok: false, refusal: refuse('INVALID_DATE', 'R-PLACE-1', 'Check the dates: the end date must be after the child came into care, and the day carers were told cannot be in the future.') };
      }
      state.placement = { status: 'ended', endDate: event.endDate, carersToldOn: event.carersToldOn };
      return ok(state, [], `Placement ends on ${event.endDate}; carers told on ${event.carersToldOn}`, now, policy);
    }
    case 'VisitRecorded': {
      const r = requireRole(actor, sw, 'record a visit', 'R-VISIT-1');
      if (r) return { ok: false, refusal: r };
      if (!state.facts.returnedHomeOn) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', 'Record the return home first; the visits follow from its date.') };
      // The next number after the last is an extra visit, recorded as it happens (more than the minimum five).
      const extra = event.index === state.visits.length && state.visits.length > 0;
      const found = state.visits.find((v) => v.index === event.index);
      if (!found && !extra) return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', `There is no visit number ${event.index + 1} on this case: it has ${state.visits.length}.`) };
      if (found?.doneOn) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-VISIT-1', `That visit was already recorded on ${dateText(found.doneOn)}.`) };
      const badDate = dateWithin(event.on, state.facts.returnedHomeOn, now.today, 'visit date', 'R-VISIT-1');
      if (badDate) return { ok: false, refusal: badDate };
      if (extra && event.outcome && event.outcome !== 'seen') return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-VISIT-1', 'An extra visit is recorded once the child was seen; record an attempt against the visit that is due.') };
      const visit = found ?? extraVisit(state, event.on);
      if (event.outcome && event.outcome !== 'seen') return visitNotDone(state, visit, event, now, policy);
      visit.doneOn = event.on;
      visit.notes = event.notes;
      visit.recordedBy = { id: actor.id, name: actor.name };
      const late = isAfter(event.on, visit.due);
      if (extra) return ok(state, [visitTaskRecord(state, visit)], `Extra visit recorded on ${event.on} (visit ${visit.index + 1}, beyond the minimum of R-VISIT-1)`, now, policy);
      return ok(state, [...cancelVisitDeadlines(state, visit.index), visitTaskRecord(state, visit)], `Visit recorded on ${event.on} (due ${visit.due}${late ? ', late' : ''})`, now, policy);
    }
    case 'LetterWritten': {
      const r = requireRole(actor, sw, 'record the letter', 'R-LETTER-1');
      if (r) return { ok: false, refusal: r };
      if (state.letter) return { ok: false, refusal: refuse('ALREADY_DONE', 'R-LETTER-1', `The letter was already recorded on ${dateText(state.letter.writtenOn)}.`) };
      if (!RETURN_AGREED_STAGES.includes(state.stage) || state.stage === 'awaiting-director') {
        return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-LETTER-1', 'Write the "Your time in our care" letter once the decisions about the return home have been made.') };
      }
      const badDate = dateWithin(event.writtenOn, state.facts.accommodatedOn, now.today, 'letter date', 'R-LETTER-1');
      if (badDate) return { ok: false, refusal: badDate };
      state.letter = {
        ...stepBy(actor, now),
        writtenOn: event.writtenOn,
        ...(event.text?.trim() ? { text: event.text } : {}),
        ...(event.contributions ? { contributions: event.contributions } : {}),
      };
      return ok(state, [], `"Your time in our care" letter written on ${event.writtenOn}`, now, policy);
    }
    case 'ReviewMeetingHeld':
      return reviewMeetingHeld(state, event, now, policy);
    case 'DeadlineReached':
      if (actor.role !== 'system') return { ok: false, refusal: refuse('NOT_YOUR_ROLE', null, 'Deadlines are raised by the reminder service only.') };
      return deadlineReached(state, event, now, policy);
    default: {
      // Events are validated at the edge; an unknown one at run time is refused, never undefined.
      const unknown: never = event;
      return { ok: false, refusal: refuse('OUT_OF_ORDER', null, `That action (${String((unknown as { type?: unknown }).type)}) is not part of the protocol.`) };
    }
  }
}
