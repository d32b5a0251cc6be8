/**
 * Opening a case: the first state, or a refusal (R-SCOPE-2 for children on care orders).
 * Facts are validated by parseFacts (with asOf = today) before they get here.
 */
import type { CaseFacts, CaseState, UnplannedTrigger } from './case-state';
import type { Effect } from './case-effects';
import type { Actor, CasePeople, Person } from './case-people';
import type { CasePolicy, Now } from './case-policy';
import type { Facts } from './facts';
import { refuse, Refusal } from './refusal';
import { outOfScopeReason } from './ruling';
import { triggerAgeProblem } from './trigger-age';
import { caseRecord, rulingFor, signOffFor, startVisits } from './transition';
import { visitsAtOpening } from './visits-at-opening';
import { iroNotIndependent } from './iro-independence';
import { alreadyHomeNotPlanned } from './return-agreed';

export interface OpenCaseInput {
  caseId: string;
  ref: string;
  /** Validated facts as of today. */
  facts: Facts;
  trigger: UnplannedTrigger | null;
  actor: Actor;
  iro: Person | null;
  /** The case's managers from the organisation file (src/cases finds them), so its first record names them. */
  people?: CasePeople;
  /** The case file's own folder, where its reference's is another case's (src/cases decides). */
  documentsFolder?: string;
}

export type OpenCaseResult = { ok: true; state: CaseState; effects: Effect[]; action: string } | { ok: false; refusal: Refusal };

export function openCase(input: OpenCaseInput, now: Now, policy: CasePolicy): OpenCaseResult {
  const { facts } = input;
  if (facts.legalStatus !== 'S20') return { ok: false, refusal: refuse('OUT_OF_SCOPE', 'R-SCOPE-2', outOfScopeReason(facts.legalStatus)) };
  if (input.actor.role !== 'social-worker' && input.actor.role !== 'team-manager') {
    return { ok: false, refusal: refuse('NOT_YOUR_ROLE', null, 'Only a social worker or team manager can start a case.') };
  }
  if (facts.pathway === 'unplanned' && input.trigger === null) {
    return { ok: false, refusal: refuse('STEPS_OUTSTANDING', 'R-SCOPE-3', 'Say what started the unplanned return: consent withdrawn, a 16 or 17 year old leaving, or a return without agreement.') };
  }
  const tooYoung = facts.pathway === 'unplanned' ? triggerAgeProblem(input.trigger, facts.dateOfBirth, facts.returnedHomeOn, facts.asOf) : null;
  if (tooYoung) return { ok: false, refusal: tooYoung };
  if (facts.pathway === 'planned' && facts.returnedHomeOn) return { ok: false, refusal: alreadyHomeNotPlanned(facts.returnedHomeOn) };

  const caseFacts: CaseFacts = {
    legalStatus: facts.legalStatus,
    dateOfBirth: facts.dateOfBirth,
    accommodatedOn: facts.accommodatedOn,
    previousEpisodeEndedOn: facts.previousEpisodeEndedOn,
    lastAssessmentCompletedOn: facts.lastAssessmentCompletedOn,
    returnedHomeOn: null,
    reunificationStartedOn: null,
  };
  const socialWorker: Person = input.actor.onBehalfOf ?? { id: input.actor.id, name: input.actor.name };
  const notIndependent = input.iro ? iroNotIndependent(input.iro, socialWorker, input.people, 'Choose another IRO, or "Not known yet". Nothing was saved.') : null;
  if (notIndependent) return { ok: false, refusal: notIndependent };
  const state: CaseState = {
    caseId: input.caseId,
    ref: input.ref,
    ...(input.documentsFolder ? { documentsFolder: input.documentsFolder } : {}),
    pathway: facts.pathway,
    trigger: facts.pathway === 'unplanned' ? input.trigger : null,
    pathwayChanges: [],
    stage: 'preparing',
    facts: caseFacts,
    socialWorker,
    iro: input.iro,
    ...(input.people ? { people: input.people } : {}),
    steps: {},
    assessment: null,
    signOff: null,
    approvals: [],
    iroView: null,
    episodeEnded: null,
    visits: [],
    placement: { status: 'open', endDate: null, carersToldOn: null },
    letter: null,
    notViable: null,
    review: null,
    openedAt: now.at,
    updatedAt: now.at,
  };
  let effects: Effect[] = [];
  // A child already home: the return and its visits are recorded at once (R-SIGN-5, R-VISIT-1).
  if (facts.returnedHomeOn) {
    state.facts.returnedHomeOn = facts.returnedHomeOn;
    effects.push(...startVisits(state, now, policy));
  }
  const visits = visitsAtOpening(state, effects, now.today);
  effects = visits.effects;
  const ruling = rulingFor(state, now.today, policy);
  const rules = signOffFor(ruling, policy).rules;
  return {
    ok: true,
    state,
    effects: [
      ...effects,
      // The team managers are told of the visits too (R-VISIT-1): any already overdue are theirs to see to today.
      { type: 'notify', notice: 'case-opened', to: { kind: 'role', role: 'team-manager' }, rules: state.visits.length > 0 ? [...rules, 'R-VISIT-1'] : rules, data: { ref: input.ref, pathway: facts.pathway, ...visits.notice } },
      // The case's row exists from the start, like every later transition's (rules.md §5).
      caseRecord(state, now, policy),
    ],
    action: `Case opened on the ${facts.pathway} pathway`,
  };
}
