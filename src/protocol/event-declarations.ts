/**
 * The protocol as a declared machine: one declaration per event (who may send it, in which stages,
 * under which rule, and its handler). transition.ts checks the role and the stage from here before
 * it calls the handler, src/cases asks here which roles to check the caller against, and the case
 * card asks here what can be done next (available-steps.ts). Handlers live in small files, one per
 * group of events; a missing declaration, or a handler for the wrong payload, fails the build.
 */
import type { CaseRole } from './case-people';
import type { CaseStage, CaseState } from './case-state';
import type { Pathway } from './facts';
import type { CaseEvent, CaseEventType } from './case-events';
import type { CasePolicy, Now } from './case-policy';
import type { Refusal } from './refusal';
import type { RuleId } from './rule-catalogue';
import type { TransitionResult } from './transition';
import type { PastDates } from './past-dates';
import { BEFORE_AGREEMENT, CHAIN_STAGES, LETTER_STAGES, OPEN_STAGES } from './stage-groups';
import { withdrawCase } from './withdraw-case';
import { declineWithdrawal, requestWithdrawal } from './withdrawal-request';
import { changeToPlanned } from './planned-instead';
import { reopenCase } from './reopen-case';
import { correctFacts, headOfServiceHasAgreed } from './correct-facts';
import { undoStep } from './undo-step';
import { riskViewGiven } from './risk-view';
import { riskViewNoLongerWanted } from './risk-view-waiting';
import { giveLetterContribution, requestLetterContribution } from './letter-contribution';
import { reassignCasePerson } from './case-person-reassigned';
import { requestCopyAsked } from './request-copy';
import { PREPARATION_EVENTS } from './preparation-steps';
import { UNPLANNED_INSTEAD_EVENTS } from './unplanned-instead';
import { ASSESSMENT_EVENTS } from './assessment-steps';
import { DECISION_EVENTS } from './decision-given';
import { SIGN_OFF_EVENTS } from './sign-off-steps';
import { PLACEMENT_EVENTS } from './placement-steps';
import { VISIT_EVENTS } from './visit-steps';
import { CLOSING_EVENTS } from './closing-steps';
import { DEADLINE_EVENTS } from './deadline-reached';
import { COVER_EVENTS } from './cover-started';
import { END_OF_CARE_TOLD_EVENTS } from './end-of-care-told';
import { BACK_IN_CARE_EVENTS } from './back-in-care';
import { closedOr } from './event-guards';
import { pathwayFixed } from './return-agreed';

/** Who may send an event on this case, and how a refusal words it. Roles are tried in order. */
export interface WhoMayAct {
  roles: readonly CaseRole[];
  /** "withdraw the case": for "Only the team manager can …". */
  what: string;
  rule: RuleId | null;
  /** The case card's words after "Only this case's …, or their deputy, can", when they differ from `what`. */
  whatOnCase?: string;
}

export interface EventDeclaration<E extends CaseEvent> {
  /** Who may send it (authority is checked in src/cases against these; the protocol checks again). */
  roles: readonly CaseRole[];
  /** The stages in which it is allowed. */
  stages: readonly CaseStage[];
  /** Fewer stages on one pathway (a planned return goes home once agreed); `notNow` words the refusal. */
  onPathway?: Partial<Record<Pathway, readonly CaseStage[]>>;
  /** The stages it may move the case to; absent, it leaves the stage as it is. The README's diagram is checked against these. */
  leadsTo?: readonly CaseStage[];
  /** The rule that governs it, if the protocol has one. */
  rule: RuleId | null;
  /** "withdraw the case": for "Only the team manager can …". */
  what: string;
  /** Why not, in this stage: one line naming the rule, or the whole refusal. */
  notNow(state: CaseState): string | Refusal;
  handle(state: CaseState, event: E, now: Now, policy: CasePolicy): TransitionResult;
  /** Named guard, when who may act depends on the case (whose decision a request is): overrides roles, what and rule. */
  who?(state: CaseState, event: E): WhoMayAct;
  /** The handler checks the role itself, after checks that come first (a request that is not open). */
  roleCheckedByHandler?: true;
  /** Raised by the reminder service only: the words for anyone else. */
  systemOnly?: string;
  /** Its dates of what has already happened: refused after today, and the form's date picker ends at today (past-dates.ts). */
  pastDates?: PastDates<E>;
  /**
   * The only parts of the state whose insides its handler changes (it may still set any top-level
   * field): the machine then copies just these for it and shares the rest with the state it was
   * given, which nobody changes. Absent, the handler gets a copy of the whole state. A sweep's
   * 20,000 deadlines each copied, then compared part by part (the audit diff), a whole state.
   */
  changesOnly?: readonly (keyof CaseState)[];
}

export type Declarations = { [K in CaseEventType]: EventDeclaration<Extract<CaseEvent, { type: K }>> };
/** The declarations of one group of events, in the group's own file. */
export type DeclarationsOf<K extends CaseEventType> = Pick<Declarations, K>;

/** A reopened case goes back to revising (after a final no or from the chain), or to the stage it closed from. */
const REOPENS_TO: readonly CaseStage[] = OPEN_STAGES.filter((s) => !CHAIN_STAGES.includes(s));

// Handlers are called through arrows so this table never reads a handler module before it has loaded.
export const EVENT_DECLARATIONS: Declarations = {
  ...PREPARATION_EVENTS,
  ...UNPLANNED_INSTEAD_EVENTS,
  ...ASSESSMENT_EVENTS,
  ...DECISION_EVENTS,
  ...SIGN_OFF_EVENTS,
  ...END_OF_CARE_TOLD_EVENTS,
  ...BACK_IN_CARE_EVENTS,
  ...PLACEMENT_EVENTS,
  ...VISIT_EVENTS,
  ...CLOSING_EVENTS,
  ...DEADLINE_EVENTS,
  ...COVER_EVENTS,
  // Issue 12's lifecycle events (lifecycle-events.ts).
  CaseWithdrawn: {
    roles: ['team-manager'],
    stages: OPEN_STAGES,
    leadsTo: ['closed'],
    // The team manager agrees a case's assessment first (R-SIGN-4), so ending it without one is theirs.
    rule: 'R-SIGN-4',
    what: 'withdraw a case, as the first to agree its assessment. To ask them, press "Ask the team manager to withdraw" on the case card: they get a card to agree or decline',
    notNow: () => 'This case is already closed, so it cannot be withdrawn.',
    handle: (state, event, now, policy) => withdrawCase(state, event, now, policy),
  },
  WithdrawalRequested: {
    roles: ['social-worker'],
    stages: OPEN_STAGES,
    rule: 'R-SIGN-4',
    what: 'ask the team manager to withdraw a case (a team manager withdraws it with "Withdraw the case")',
    notNow: () => 'This case is already closed, so it cannot be withdrawn.',
    handle: (state, event, now, policy) => requestWithdrawal(state, event, now, policy),
  },
  WithdrawalDeclined: {
    roles: ['team-manager'],
    stages: OPEN_STAGES,
    rule: 'R-SIGN-4',
    what: 'decline a request to withdraw the case',
    notNow: () => 'This case is already closed.',
    handle: (state, event, now, policy) => declineWithdrawal(state, event, now, policy),
  },
  PathwayChangedToPlanned: {
    roles: ['social-worker', 'team-manager'],
    stages: BEFORE_AGREEMENT,
    leadsTo: ['preparing', 'revising'],
    rule: 'R-UNPL-4',
    what: 'move the case to the planned pathway',
    notNow: closedOr(pathwayFixed),
    handle: (state, event, now, policy) => changeToPlanned(state, event, now, policy),
  },
  CaseReopened: {
    roles: ['team-manager'],
    stages: ['closed'],
    leadsTo: REOPENS_TO,
    rule: 'R-UNPL-10',
    what: 'reopen a closed case',
    notNow: () => 'Only a closed case can be reopened; this one is open (R-UNPL-10).',
    handle: (state, event, now, policy) => reopenCase(state, event, now, policy),
  },
  FactsCorrected: {
    roles: ['social-worker', 'team-manager'],
    stages: OPEN_STAGES,
    leadsTo: ['closed', 'revising', 'awaiting-team-manager'],
    rule: null,
    what: 'correct the facts of the case',
    notNow: () => 'This case is closed: reopen it first to correct its facts.',
    handle: (state, event, now, policy) => correctFacts(state, event, now, policy),
    // Once the Head of Service has agreed, the team manager's alone: the social worker's card no longer offers it.
    who: (state) => (headOfServiceHasAgreed(state) ? { roles: ['team-manager'], what: 'correct the facts once the Head of Service has agreed the return home', rule: 'R-SIGN-4' } : { roles: ['social-worker', 'team-manager'], what: 'correct the facts of the case', rule: null }),
  },
  StepUndone: {
    roles: ['social-worker', 'team-manager'],
    stages: OPEN_STAGES,
    leadsTo: ['preparing', 'revising'],
    rule: null,
    what: 'undo a recorded step',
    notNow: () => 'This case is closed: reopen it first to undo a step.',
    handle: (state, event, now, policy) => undoStep(state, event, now, policy),
  },
  RiskViewGiven: {
    roles: ['team-manager', 'head-of-service'],
    stages: ['preparing', 'revising'],
    // A step of an unplanned return: not wanted once the case is a planned one (risk-view-waiting.ts).
    onPathway: { planned: [] },
    rule: 'R-UNPL-2',
    what: 'give the view on a Legal Planning Meeting or ICPC',
    // The view is the manager's the social worker consulted: the other part is not offered it, nor may give it.
    who: (state) => {
      const consulted = state.steps.immediateRisk?.consulted;
      return { roles: consulted ? [consulted] : ['team-manager', 'head-of-service'], what: 'give the view on a Legal Planning Meeting or ICPC the social worker asked of them', rule: 'R-UNPL-2' };
    },
    notNow: (state) => (state.pathway === 'planned' && state.stage !== 'closed'
      ? riskViewNoLongerWanted()
      : 'The assessment has gone for agreement on the risk check as it was, so the view on an LPM or ICPC can no longer change (R-UNPL-2).'),
    handle: (state, event, now, policy) => riskViewGiven(state, event, now, policy),
  },
  // The "Your time in our care" letter's contributions (issue 13), once the return is agreed.
  LetterContributionRequested: {
    roles: ['social-worker', 'team-manager'],
    stages: LETTER_STAGES,
    rule: 'R-LETTER-1',
    what: "ask the IRO for their words for the child's letter",
    notNow: () => 'The letter is written once the decisions about the return home have been made (R-LETTER-1).',
    handle: (state, event, now, policy) => requestLetterContribution(state, event, now, policy),
  },
  LetterContributionGiven: {
    roles: ['iro'],
    stages: LETTER_STAGES,
    rule: 'R-LETTER-1',
    what: "write the IRO's words for the child's letter",
    notNow: () => 'The letter is written once the decisions about the return home have been made (R-LETTER-1).',
    handle: (state, event, now, policy) => giveLetterContribution(state, event, now, policy),
  },
  // Handing a case over (issue 11). src/cases checks the caller (the case's managers, or the current
  // managers of its team or service in the organisation file) and the new person before it gets here.
  CasePersonReassigned: {
    roles: ['team-manager', 'head-of-service'],
    stages: OPEN_STAGES,
    rule: null,
    what: 'hand this case over to someone else',
    notNow: () => 'This case is closed, so it cannot be handed over. Reopen it first if it needs a new person.',
    handle: (state, event, now, policy) => reassignCasePerson(state, event, now, policy),
  },
  // Issue 14: "new copy REF" from an approver whose request mail has gone stale (Outlook's month).
  RequestCopyAsked: {
    roles: ['team-manager', 'head-of-service', 'director'],
    stages: OPEN_STAGES,
    rule: null,
    what: 'ask for a new copy of a request waiting for their decision',
    notNow: () => 'This case is closed, so nothing is waiting for a decision on it.',
    handle: (state, event, now, policy) => requestCopyAsked(state, event, now, policy),
  },
};

/** Whether the event's declaration allows it in the case's stage, on the case's pathway. */
export function allowedInStage(state: CaseState, type: CaseEventType): boolean {
  const declared = EVENT_DECLARATIONS[type] as EventDeclaration<CaseEvent>;
  return declared.stages.includes(state.stage) && (declared.onPathway?.[state.pathway]?.includes(state.stage) ?? true);
}

/** Whether an event (from the edge, or stored) is one the protocol declares. */
export function isDeclaredEvent(event: { type: string }): event is CaseEvent {
  return Object.prototype.hasOwnProperty.call(EVENT_DECLARATIONS, event.type);
}

export function declarationOf<E extends CaseEvent>(event: E): EventDeclaration<E> {
  return EVENT_DECLARATIONS[event.type as E['type']] as unknown as EventDeclaration<E>;
}

/** An event as the edge sends it, before the actor is known. */
export type EventWithoutActor = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'actor'> : never) : never;

/** Who may send this event on this case: the declaration's roles, or its named guard's answer. */
export function whoMayAct(state: CaseState, event: EventWithoutActor | CaseEvent): WhoMayAct {
  const declared = EVENT_DECLARATIONS[event.type] as EventDeclaration<CaseEvent>;
  // A guard reads the payload only (an approval id), never the actor.
  return declared.who ? declared.who(state, event as CaseEvent) : { roles: declared.roles, what: declared.what, rule: declared.rule };
}
