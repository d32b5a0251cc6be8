/**
 * The events by which real cases change (issue 12), as data. Each has one declaration in
 * event-declarations.ts (who may send it, in which stages, under which rule) and its handler in a
 * small file of its own, rather than another branch of transition.ts's switch.
 */
import type { CalendarDate } from './calendar-date';
import type { Actor } from './case-people';
import type { UnplannedTrigger } from './case-state';
import type { LegalStatus } from './facts';
import type { LetterContributionGiven, LetterContributionRequested } from './letter-contribution';
import type { CasePersonReassigned } from './case-person-reassigned';
import type { RequestCopyAsked } from './request-copy';
import type { CoverStarted } from './cover-started';

export const WITHDRAWAL_REASONS = ['opened-in-error', 'duplicate', 'staying-in-care'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];
export const WITHDRAWAL_REASON_NAMES: Record<WithdrawalReason, string> = {
  'opened-in-error': 'opened in error',
  duplicate: 'a duplicate of another case',
  'staying-in-care': 'the child is staying in care (the parents have agreed again)',
};

/** The team manager withdraws the case: it closes with the reason, and its reference is free again. */
export interface CaseWithdrawn { type: 'CaseWithdrawn'; actor: Actor; reason: WithdrawalReason; details: string }

/** The social worker asks the team manager to withdraw the case (R-SIGN-4: the ending is theirs). */
export interface WithdrawalRequested { type: 'WithdrawalRequested'; actor: Actor; reason: WithdrawalReason; details: string }

/** The team manager declines a social worker's request to withdraw, with the reason: the case stays open. */
export interface WithdrawalDeclined { type: 'WithdrawalDeclined'; actor: Actor; reason: string }

/** R-UNPL-4: the parents agreed a planned return instead; the same case moves to the planned pathway. */
export interface PathwayChangedToPlanned { type: 'PathwayChangedToPlanned'; actor: Actor; reason: string }

/** The case's team manager reopens a closed case when the return breaks down early. */
export interface CaseReopened { type: 'CaseReopened'; actor: Actor; reason: string }

/** The facts that can be corrected, each optional: only those given change. */
export interface FactChanges {
  dateOfBirth?: CalendarDate;
  accommodatedOn?: CalendarDate;
  previousEpisodeEndedOn?: CalendarDate | null;
  lastAssessmentCompletedOn?: CalendarDate | null;
  legalStatus?: LegalStatus;
  returnedHomeOn?: CalendarDate;
  trigger?: UnplannedTrigger;
}

export interface FactsCorrected { type: 'FactsCorrected'; actor: Actor; changes: FactChanges; reason: string }

export const UNDOABLE_STEPS = ['childViews', 'immediateRisk', 'iroInformed', 'parentsConsulted', 'visit', 'agenciesInformed', 'letter', 'backInCare'] as const;
export type UndoableStep = (typeof UNDOABLE_STEPS)[number];

/** A recorded step taken back, with the reason (`index`: which visit). */
export interface StepUndone { type: 'StepUndone'; actor: Actor; step: UndoableStep; index: number; reason: string }

/** R-UNPL-2: the team manager or Head of Service consulted gives their own view on an LPM or ICPC. */
export interface RiskViewGiven { type: 'RiskViewGiven'; actor: Actor; legalPlanningMeetingNeeded: boolean; childProtectionConferenceNeeded: boolean; view: string }

export type LifecycleEvent = CaseWithdrawn | WithdrawalRequested | WithdrawalDeclined | PathwayChangedToPlanned | CaseReopened | FactsCorrected | StepUndone | RiskViewGiven | LetterContributionRequested | LetterContributionGiven | CasePersonReassigned | RequestCopyAsked | CoverStarted;
export type LifecycleEventType = LifecycleEvent['type'];
