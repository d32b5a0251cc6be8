/**
 * What every event handler shares: the effects (notices, approval requests, deadlines, records),
 * the ruling for a case today, and what is still missing before a step. The machine itself,
 * `transition(state, event, now, policy)`, is in case-machine.ts; each event's handler is in the
 * file its declaration names (event-declarations.ts). Pure and deterministic: no clock, no I/O.
 */
import { addDays, CalendarDate, dateText, isAfter } from './calendar-date';
import { Actor, CaseRole, Person, ROLE_NAMES } from './case-people';
import type { CasePolicy, Now } from './case-policy';
import type { Effect, NoticeData, NoticeKind, Recipient } from './case-effects';
import { mailRenewalId, scheduleMailRenewal } from './mail-renewal';
import {
  Approval,
  ApprovalStage,
  CaseState,
  FRAMEWORK_EVIDENCE,
  FRAMEWORK_EVIDENCE_NAMES,
  SignOff,
  StepRecord,
  Visit,
} from './case-state';
import { refuse, Refusal } from './refusal';
import { listInWords } from './list-in-words';
import type { RuleId } from './rule-catalogue';
import { careDaysAndSignOff, InScopeRuling, ruleOn } from './ruling';
import type { Facts } from './facts';
import { addWorkingDays, isWorkingDay } from './working-days';

export type TransitionResult =
  | { ok: true; state: CaseState; effects: Effect[]; action: string }
  | { ok: false; refusal: Refusal };

// The approval stages' mapping and the stage groups live in their own files; re-exported for callers.
export { APPROVER_ROLE, STAGE_NAMES, STAGE_RULES } from './approval-stages';
import { APPROVER_ROLE, STAGE_RULES } from './approval-stages';
import { iroInformedRule } from './pathway-step-rules';
export { CHAIN_STAGES, RETURN_AGREED_STAGES } from './stage-groups';

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

/**
 * An IRO notice: to the case's IRO, and to the IRO channel (the IRO service's thread for the case).
 * With no IRO named, the IRO's copy goes to the IRO manager, who acts as its IRO meanwhile; the
 * channel's copy would tell them the same again, so it is not sent. The personal copy is the one
 * kept: it reaches them (and their deputy) whether or not an IRO channel is set up, a copy that does
 * not arrive is chased, and it is addressed to the person who acts.
 */
export function iroNotices(state: CaseState, notice: NoticeKind, rules: RuleId[], data: NoticeData, channelData: NoticeData = data): Effect[] {
  const personal = notify(notice, iroRecipient(state), rules, data);
  return state.iro ? [personal, notify(notice, { kind: 'iro-channel' }, rules, channelData)] : [personal];
}

export function socialWorkerRecipient(state: CaseState): Recipient {
  return { kind: 'person', id: state.socialWorker.id, name: state.socialWorker.name };
}

export function notify(notice: NoticeKind, to: Recipient, rules: RuleId[], data: NoticeData = {}): Effect {
  return { type: 'notify', notice, to, rules, data };
}

/** The ruling for this case as of today (facts on the case are validated when they enter). */
export function rulingFor(state: CaseState, today: CalendarDate, policy: CasePolicy): InScopeRuling {
  const ruling = ruleOn(factsOn(state, today), policy.ruling);
  if (!ruling.inScope) throw new Error(OUTSIDE_S20);
  return ruling;
}

const OUTSIDE_S20 = 'a case outside S20 cannot exist (R-SCOPE-2 is checked when it opens)';

/** The facts the ruling is made on today (as of the day the child goes home, if that is still to come). */
function factsOn(state: CaseState, today: CalendarDate): Facts {
  const asOf = state.facts.returnedHomeOn && isAfter(state.facts.returnedHomeOn, today) ? state.facts.returnedHomeOn : today;
  return { ...state.facts, asOf, pathway: state.pathway };
}

export function signOffFor(ruling: Pick<InScopeRuling, 'directorSignOff'>, policy: CasePolicy): SignOff {
  if (ruling.directorSignOff.required || policy.directorSignOff === 'protocol') return ruling.directorSignOff;
  return { required: true, rules: ['R-SIGN-6'] };
}

/**
 * Director sign-off as of today. While a child is not yet home the stay keeps growing, so day 20 may come
 * after the assessment: a sign-off not required then may be required now (R-SIGN-1, R-SIGN-2). It never relaxes.
 */
export function signOffNow(state: CaseState, today: CalendarDate, policy: CasePolicy): SignOff {
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
  // Only what the record shows of the ruling (rulingFor's days in care and sign-off), not the whole of it.
  if (state.facts.legalStatus !== 'S20') throw new Error(OUTSIDE_S20);
  const ruling = careDaysAndSignOff(factsOn(state, now.today));
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

/** `ended`: the visit's record was undone (undo-step.ts), or it is no longer due because the child came back into care (back-in-care.ts). */
export function visitTaskRecord(state: CaseState, visit: Visit, ended?: 'undone' | 'no longer due'): Effect {
  return {
    type: 'record',
    list: 'tasks',
    key: `task:${state.caseId}:visit:${visit.index}`,
    fields: {
      CaseRef: state.ref,
      Kind: visit.kind,
      DueOn: visit.due,
      DoneOn: ended ? null : visit.doneOn,
      Status: ended ?? (visit.doneOn ? 'done' : visit.overdue ? 'overdue' : 'due'),
      // Who recorded the visit (for a deputy, with whose authority), as the case card and the audit trail say.
      RecordedBy: ended || !visit.doneOn ? null : (visit.recordedBy?.name ?? null),
      OnBehalfOf: ended || !visit.doneOn ? null : (visit.onBehalfOf?.name ?? null),
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
      // A request still waiting gets a fresh copy every 28 days (request-copy.ts).
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

export type DateFrom = 'accommodated' | 'home';
const DATE_FROM_WORDS: Readonly<Record<DateFrom, string>> = { accommodated: 'the day the child was accommodated', home: 'the day the child went home' };

/**
 * `since` names the day `from` is ("the child went home"), so a refusal says why that day matters.
 * A date after today is refused before, by the event's declared `pastDates` (past-dates.ts).
 */
export function dateNotBefore(date: CalendarDate, from: CalendarDate, field: string, rule: RuleId | null, since: DateFrom = 'accommodated'): Refusal | null {
  if (isAfter(from, date)) return refuse('INVALID_DATE', rule, `The ${field} (${dateText(date)}) is before ${DATE_FROM_WORDS[since]} (${dateText(from)}). Check the date and try again.`);
  return null;
}

export function requireRole(actor: Actor, allowed: readonly CaseRole[], what: string, rule: RuleId | null): Refusal | null {
  if (actor.role !== 'system' && allowed.includes(actor.role)) return null;
  const names = allowed.map((r) => ROLE_NAMES[r]);
  return refuse('NOT_YOUR_ROLE', rule, `Only the ${listInWords(names, 'or')} can ${what}.`);
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
    if (!s.iroInformed) missing.push({ step: 'inform the IRO', rule: iroInformedRule(state.pathway) });
  } else {
    if (!s.childViews) missing.push({ step: "record the child's views", rule: 'R-UNPL-1' });
    if (!s.immediateRisk) missing.push({ step: 'record the immediate risk check', rule: 'R-UNPL-2' });
    else if (s.immediateRisk.viewAwaited) missing.push({ step: `have the ${ROLE_NAMES[s.immediateRisk.consulted]} give their view on a Legal Planning Meeting or ICPC`, rule: 'R-UNPL-2' });
    if (!s.iroInformed) missing.push({ step: 'inform the IRO', rule: iroInformedRule(state.pathway) });
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
    // A child back in care may be back in that placement: it is not ended for a return that broke down (back-in-care.ts).
    if (state.placement.status !== 'ended' && !state.backInCare) missing.push({ step: 'end the placement with the Head of Service’s consent', rule: 'R-PLACE-1' });
  }
  // Told at the end, or recorded since (end-of-care-told.ts); an end recorded before the family was asked about is not held up.
  if (state.stage === 'episode-ended' && state.episodeEnded?.familyInformed === false) missing.push({ step: 'record that the child and the parents were told of the decision', rule: 'R-VOICE-1' });
  if (state.stage === 'episode-ended' && state.episodeEnded?.agenciesInformed === false) missing.push({ step: 'record that the agencies involved were told the care episode has ended', rule: 'R-PLACE-2' });
  if (state.stage === 'episode-ended' && !state.letter) missing.push({ step: 'write the "Your time in our care" letter', rule: 'R-LETTER-1' });
  return missing;
}

export function listSteps(missing: { step: string; rule: RuleId }[]): string {
  return missing.map((m) => `${m.step} (${m.rule})`).join('; ');
}
