/**
 * A deadline the protocol set has come (raised by the reminder service only): visit reminders and
 * overdue visits (R-VISIT-1), approval reminders and escalations up the line, and the planned
 * pathway's 16-week horizon (R-PLAN-5). A deadline that no longer applies changes nothing.
 */
import type { CasePolicy, Now } from './case-policy';
import type { DeadlineKind, Effect } from './case-effects';
import type { DeadlineReached } from './case-events';
import { CASE_STAGES, type CaseState } from './case-state';
import { APPROVER_ROLE, STAGE_NAMES, STAGE_RULES } from './approval-stages';
import type { DeclarationsOf } from './event-declarations';
import { decidersNamed, ESCALATES_TO, escalationAgain, firstEscalationOn, nextEscalationOn } from './escalation';
import { decisionDueOn } from './case-due';
import { ROLE_NAMES } from './case-people';
import { renewRequestMail } from './request-copy';
import { addDays, isAfter, isOnOrAfter } from './calendar-date';
import { addWorkingDays } from './working-days';
import { notify, ok, role, rulingFor, socialWorkerRecipient, visitTaskRecord, type TransitionResult } from './transition';

export const DEADLINE_EVENTS: DeclarationsOf<'DeadlineReached'> = {
  DeadlineReached: {
    roles: [],
    systemOnly: 'Deadlines are raised by the reminder service only.',
    // On a closed case too: the handler says it no longer applies.
    stages: CASE_STAGES,
    rule: null,
    what: 'raise a deadline',
    notNow: () => 'A deadline always applies.',
    // A visit marked overdue, an approval's first escalation day; the rest is only read.
    changesOnly: ['visits', 'approvals'],
    handle: (state, event, now, policy) => deadlineReached(state, event, now, policy),
  },
};

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
      // Fired on or after the overdue notice's day (the bot catching up after downtime, or a visit
      // recorded late): the overdue notice, fired with it, says more, so the reminder is not sent.
      if (isOnOrAfter(now.today, addDays(visit.due, 1))) return none(`the visit due ${visit.due} is overdue: the overdue notice is sent instead`);
      return ok(state, [notify('visit-reminder', socialWorkerRecipient(state), ['R-VISIT-1'], { ...data, due: visit.due, kind: visit.kind })], `Reminder sent: visit due ${visit.due}`, now, policy);
    }
    visit.overdue = true;
    // A visit that did not count was recorded: the notice says so, rather than that nothing was recorded.
    const tried = visit.attempts?.at(-1);
    const overdueData = { ...data, due: visit.due, kind: visit.kind, ...(tried ? { triedOn: tried.on, triedOutcome: tried.outcome } : {}) };
    return ok(state, [
      notify('visit-overdue', socialWorkerRecipient(state), ['R-VISIT-1'], { ...overdueData, you: true }),
      notify('visit-overdue', role('team-manager'), ['R-VISIT-1'], overdueData),
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
    // Scheduled before closure days were added (EXTRA_NON_WORKING_DAYS) and now due on a day they
    // cover: moved to the day the working days give now, as the card and the reminder say, nobody told.
    const times = Math.max(1, Math.floor(Number(event.data['times'] ?? 1)) || 1);
    const dueNow = kind === 'approval-reminder' ? addWorkingDays(approval.requestedOn, policy.approvalReminderWorkingDays, policy.extraNonWorkingDays)
      : times === 1 ? firstEscalationOn(approval.requestedOn, policy) : addWorkingDays(now.today, 0, policy.extraNonWorkingDays);
    if (isAfter(dueNow, now.today)) {
      const moved: Effect = { type: 'schedule-deadline', deadlineId: event.deadlineId, kind, dueOn: dueNow, data: { ...event.data } };
      return ok(state, [moved], `The ${kind === 'approval-reminder' ? 'reminder' : 'escalation'} of the ${STAGE_NAMES[approval.stage]} moved to ${dueNow}: ${now.today} is not a working day, or too early, with the closure days now set`, now, policy);
    }
    if (kind === 'approval-reminder') {
      // Fired on or after the escalation's day (catching up after downtime): the escalation, fired
      // with it, tells the approver too, so the reminder is not sent.
      const escalationOn = addWorkingDays(approval.requestedOn, policy.approvalEscalationWorkingDays, policy.extraNonWorkingDays);
      if (isOnOrAfter(now.today, escalationOn)) return none(`the ${STAGE_NAMES[approval.stage]} is due for escalation: the escalation is sent instead`);
      // What happens next: the last day to decide, and who is told the day after (escalation.ts).
      const next = { dueBy: decisionDueOn(approval.requestedOn, policy), escalatedOn: escalationOn, escalatedTo: ROLE_NAMES[ESCALATES_TO[approval.stage]] };
      return ok(state, [notify('approval-reminder', role(approver), rules, { ...approvalData, ...next })], `Reminder sent: ${STAGE_NAMES[approval.stage]} awaited since ${approval.requestedOn}`, now, policy);
    }
    // Escalated again every so many working days while it waits (escalation.ts): each says which time, and when the next comes.
    // Kept so that those up the line, told to chase it, are told once it is decided (decision-given.ts).
    approval.escalatedOn ??= now.today;
    // Who decides it, by name, for those told to chase it (a barred approver included, who gets the chasing words).
    const deciders = decidersNamed(state, approval);
    const again = { times, nextOn: nextEscalationOn(now.today, policy), escalatedTo: ROLE_NAMES[ESCALATES_TO[approval.stage]], ...(times > 1 ? { firstEscalatedOn: firstEscalationOn(approval.requestedOn, policy) } : {}), ...(deciders ? { deciders } : {}) };
    // The approver is told it is theirs to decide; those up the line, to make sure it is decided.
    const effects: Effect[] = [notify('approval-escalation', role(approver, true), rules, { ...approvalData, ...again, you: true })];
    // Up the line (escalation.ts), never sideways to every holder of a role.
    effects.push(notify('approval-escalation', role(ESCALATES_TO[approval.stage]), rules, { ...approvalData, ...again }));
    effects.push(escalationAgain(event.deadlineId, { approvalId: approval.approvalId, stage: approval.stage, ref: state.ref }, times, now.today, policy));
    return ok(state, effects, `Escalated${times > 1 ? ` again (${ordinal(times)} time)` : ''}: ${STAGE_NAMES[approval.stage]} awaited since ${approval.requestedOn}`, now, policy);
  }
  // The planned pathway's 16-week horizon (R-PLAN-5).
  if (state.pathway !== 'planned' || state.facts.returnedHomeOn) return none('the child is home or the pathway changed');
  const horizon = rulingFor(state, now.today, policy).plannedReturnHorizon;
  const notice = kind === 'planned-horizon-nearing' ? 'planned-horizon-nearing' : 'planned-horizon-reached';
  // Its warning fired on or after the horizon itself (catching up after downtime): the notice that it is reached says more.
  if (notice === 'planned-horizon-nearing' && horizon && isOnOrAfter(now.today, horizon)) return none(`the 16-week horizon ${horizon} has been reached: that notice is sent instead`);
  return ok(state, [
    notify(notice, socialWorkerRecipient(state), ['R-PLAN-5'], { ...data, horizon, you: true }),
    notify(notice, role('team-manager'), ['R-PLAN-5'], { ...data, horizon }),
  ], `Planned return horizon ${kind === 'planned-horizon-nearing' ? 'nearing' : 'reached'} (${horizon ?? 'unknown'})`, now, policy);
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th'}`;
}
