/**
 * What a transition asks the world to do, as data (the XState / Temporal shape): src/cases
 * saves these in the outbox in the same transaction as the new state, and workers deliver them.
 */
import type { CalendarDate } from './calendar-date';
import type { CaseRole } from './case-people';
import type { ApprovalStage } from './case-state';
import type { RuleId } from './rule-catalogue';

export type Recipient =
  | { kind: 'role'; role: CaseRole; includeDeputies?: boolean }
  | { kind: 'person'; id: string; name: string }
  /** The IRO service's Teams channel: case reference and role names only. */
  | { kind: 'iro-channel' };

export const NOTICE_KINDS = [
  'case-opened',
  'iro-informed',
  'child-went-home',
  'decision-made',
  'changes-requested',
  'not-viable',
  'visit-reminder',
  'visit-overdue',
  'approval-reminder',
  'approval-escalation',
  'escalation-decided',
  'escalation-withdrawn',
  'escalation-handed-over',
  // Sent by src/cases, not the machine: a request whose decider has gone, to the next person up the line.
  'decider-gone',
  'planned-horizon-nearing',
  'planned-horizon-reached',
  'placement-end-confirmed',
  'placement-end-recorded',
  'care-episode-ended',
  'end-of-care-told',
  'child-back-in-care',
  'authorisation-found-retrospective',
  'pathway-changed',
  'case-closed',
  // Issue 12 (src/cases/lifecycle-notice-text.ts holds their words).
  'return-rejected',
  'case-withdrawn',
  'case-reopened',
  'facts-corrected',
  'step-undone',
  'visit-not-done',
  'risk-view-needed',
  'withdrawal-requested',
  'withdrawal-declined',
  // Issue 13: the letter's contributions (src/cases/letter-notice-text.ts holds their words).
  'letter-contribution-asked',
  'letter-contribution-given',
  'letter-recorded',
  // Issue 11: a case handed over (src/cases/handover-notice-text.ts holds their words).
  'case-handed-over',
  'case-taken-over',
  'case-part-handed-over',
  // Issue 14: a fresh copy of a waiting request (every 28 days while it waits, or asked for; request-copy.ts).
  'approval-request-copy',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type NoticeData = Record<string, string | number | boolean | null>;

export const DEADLINE_KINDS = [
  'visit-reminder',
  'visit-overdue',
  'approval-reminder',
  'approval-escalation',
  'approval-mail-renewal',
  'planned-horizon-nearing',
  'planned-horizon-reached',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export type Effect =
  | { type: 'notify'; notice: NoticeKind; to: Recipient; rules: RuleId[]; data: NoticeData }
  | { type: 'request-approval'; approvalId: string; stage: ApprovalStage; to: Recipient; rules: RuleId[] }
  | { type: 'record'; list: 'cases' | 'decisions' | 'tasks'; key: string; fields: NoticeData }
  | { type: 'schedule-deadline'; deadlineId: string; kind: DeadlineKind; dueOn: CalendarDate; data: NoticeData }
  | { type: 'cancel-deadline'; deadlineId: string };
