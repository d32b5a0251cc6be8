/** The organisation's settings that shape a case (defaults are the protocol text). */
import type { CalendarDate } from './calendar-date';
import { DEFAULT_RULING_POLICY, RulingPolicy } from './ruling';

export interface CasePolicy {
  /** R-SIGN-6: "protocol" = Director sign-off only where R-SIGN-1..3 apply; "always" = on every viable return. */
  directorSignOff: 'protocol' | 'always';
  ruling: RulingPolicy;
  /** An approval undecided this many working days after the request → reminder to the approver. */
  approvalReminderWorkingDays: number;
  /** … and this many → escalation to the team manager and the role's deputies. */
  approvalEscalationWorkingDays: number;
  /** Non-working days beyond England and Wales bank holidays (e.g. an office closure). */
  extraNonWorkingDays: CalendarDate[];
  /** Days before the R-PLAN-5 horizon to warn that it is near. */
  plannedHorizonWarningDays: number;
  /**
   * R-SIGN-4, after an assessment was sent back and revised: "ask-again" = the IRO gives their
   * view again on the revised form; "reuse" = their earlier view goes with it (see iro-view.ts).
   */
  iroViewOnRevision: 'ask-again' | 'reuse';
  /** Days after a case closes during which its team manager may reopen it (REOPEN_WITHIN_DAYS). */
  reopenWithinDays: number;
  /** Visit reminders fall on working days (VISIT_REMINDERS_ON_WORKING_DAYS): a reminder due on a weekend or bank holiday comes the working day before. */
  visitRemindersOnWorkingDays: boolean;
}

export const DEFAULT_CASE_POLICY: CasePolicy = {
  directorSignOff: 'protocol',
  ruling: DEFAULT_RULING_POLICY,
  approvalReminderWorkingDays: 2,
  approvalEscalationWorkingDays: 5,
  extraNonWorkingDays: [],
  plannedHorizonWarningDays: 14,
  iroViewOnRevision: 'ask-again',
  reopenWithinDays: 28,
  visitRemindersOnWorkingDays: false,
};

/** The moment an event happens: the instant (for records) and the organisation's calendar date (for rules). */
export interface Now {
  at: string;
  today: CalendarDate;
}
