/**
 * Named groups of stages, the one place the event declarations and the card take them from.
 * Kept apart from transition.ts so declarations can read them while the handler modules load.
 */
import { CASE_STAGES, type CaseStage } from './case-state';

/** Every stage but closed. */
export const OPEN_STAGES: readonly CaseStage[] = CASE_STAGES.filter((s) => s !== 'closed');
/** Before the assessment goes for agreement, or after changes are requested. */
export const PREPARING_STAGES: readonly CaseStage[] = ['preparing', 'revising'];
/** Stages in which the sign-off chain is under way (a pathway change withdraws it). */
export const CHAIN_STAGES: readonly CaseStage[] = ['awaiting-team-manager', 'awaiting-iro-view', 'awaiting-head-of-service', 'awaiting-director'];
/** Stages at which the return home has been agreed by the Head of Service or later. */
export const RETURN_AGREED_STAGES: readonly CaseStage[] = ['head-of-service-agreed', 'awaiting-director', 'director-authorised', 'episode-ended'];
/**
 * Before the Head of Service's agreement to the return home (R-SIGN-4): the pathway may still change
 * (R-SCOPE-3, R-UNPL-4). Once they have agreed, the return is agreed whichever way the child then goes
 * home, and the Director's authorisation, if it still waits, is retrospective for a child gone home (R-SIGN-5).
 */
export const BEFORE_AGREEMENT: readonly CaseStage[] = [...PREPARING_STAGES, 'awaiting-team-manager', 'awaiting-iro-view', 'awaiting-head-of-service'];
/** Once the decisions about the return home have been made (R-LETTER-1). */
export const LETTER_STAGES: readonly CaseStage[] = ['head-of-service-agreed', 'director-authorised', 'episode-ended'];
