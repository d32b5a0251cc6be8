/**
 * A decision on an approval request (R-SIGN-4, R-UNPL-7, R-PLACE-1): whose it is follows the
 * request's stage (approval-stages.ts); nobody agrees their own assessment, and the Head of
 * Service's and the Director's decisions come from two people.
 */
import { dateText, isAfter } from './calendar-date';
import { identitiesOf } from './case-people';
import { decisionBarred } from './decision-barred';
import type { CasePolicy, Now } from './case-policy';
import type { Effect, NoticeData } from './case-effects';
import type { DecisionGiven } from './case-events';
import { DECIDED_WORDS, DECISION_COMMENT_MAX, type ApprovalStage, type CaseStage, type CaseState } from './case-state';
import { APPROVER_ROLE, STAGE_NAMES, STAGE_RULES } from './approval-stages';
import type { DeclarationsOf, WhoMayAct } from './event-declarations';
import { caseIsClosed } from './event-guards';
import { returnRejected } from './final-no';
import { iroViewStands } from './iro-view';
import { refuse } from './refusal';
import { OPEN_STAGES } from './stage-groups';
import { cancelApprovalDeadlines, dateOf, iroRecipient, notify, ok, personText, requireRole, role, signOffNow, socialWorkerRecipient, type TransitionResult } from './transition';
import { askForDecision, type ChainStage } from './ask-for-decision';
import { iroInformedRule } from './pathway-step-rules';
import { hasVisibleText } from './visible-text';
import { ESCALATES_TO } from './escalation';

/** The case's card words for "Only this case's …, or their deputy, can …" on each stage's request. */
const DECIDE_ON_CASE: Record<DecisionWhat, string> = {
  'placement-end': 'consent to end the placement',
  director: 'give this authorisation',
  agreement: 'give this agreement',
};
type DecisionWhat = 'placement-end' | 'director' | 'agreement';

/** Named guard: whose decision this request is; a request this case does not have is for any approver to be told so. */
export function whoDecides(state: CaseState, event: Pick<DecisionGiven, 'approvalId'>): WhoMayAct {
  const approval = state.approvals.find((a) => a.approvalId === event.approvalId);
  if (!approval) return { roles: ['team-manager', 'head-of-service', 'director'], what: 'decide on this request', rule: 'R-SIGN-4' };
  const stage = approval.stage;
  const onCase = DECIDE_ON_CASE[stage === 'placement-end' || stage === 'director' ? stage : 'agreement'];
  return { roles: [APPROVER_ROLE[stage]], what: `give the ${STAGE_NAMES[stage]}`, rule: STAGE_RULES[stage][0] ?? null, whatOnCase: onCase };
}

export const DECISION_EVENTS: DeclarationsOf<'DecisionGiven'> = {
  DecisionGiven: {
    roles: ['team-manager', 'head-of-service', 'director'],
    stages: OPEN_STAGES,
    leadsTo: ['revising', 'awaiting-iro-view', 'awaiting-head-of-service', 'awaiting-director', 'head-of-service-agreed', 'director-authorised', 'not-viable', 'closed'],
    rule: 'R-SIGN-4',
    what: 'decide on this request',
    notNow: caseIsClosed,
    who: whoDecides,
    // The request is checked before the role: an unknown, decided or withdrawn one is said so to anyone.
    roleCheckedByHandler: true,
    handle: (state, event, now, policy) => decisionGiven(state, event, now, policy),
  },
};

function decisionGiven(state: CaseState, event: DecisionGiven, now: Now, policy: CasePolicy): TransitionResult {
  const approval = state.approvals.find((a) => a.approvalId === event.approvalId);
  if (!approval) return { ok: false, refusal: refuse('UNKNOWN_APPROVAL', null, 'That approval request does not belong to this case. Open the case and use the request shown there.') };
  if (approval.decision) {
    const d = approval.decision;
    const yours = d.by.id === event.actor.id;
    // What they wrote decided nothing, but is kept with the case's refused attempts (src/cases/refusal-log.ts), and said so.
    const comment = hasVisibleText(event.comment) ? ` Your comment was not added to that decision; it is kept with the case's record of refused attempts.${yours ? '' : ` If it changes anything, tell ${d.by.name} directly.`}` : '';
    return {
      ok: false,
      // The same person again (a double tap, a second copy of the card): told it was theirs, not someone else's.
      refusal: refuse('ALREADY_DECIDED', null, `This was already decided by ${personText(yours ? { ...d.by, name: `${d.by.name} (you)` } : d.by, d.onBehalfOf)} on ${dateText(dateOf(d))}: ${DECIDED_WORDS[d.outcome]}.${comment} Nothing more is needed from you.`),
    };
  }
  // Withdrawn for a reason kept with it (a correction, a step undone, the planned pathway): that reason, not another.
  if (approval.cancelledAt && approval.cancelledWhy) {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', null, `This request was withdrawn: ${approval.cancelledWhy}. Nothing more is needed from you.`) };
  }
  if (approval.cancelledAt) {
    return { ok: false, refusal: refuse('OUT_OF_ORDER', 'R-SCOPE-3', 'This request was withdrawn because the case moved to the unplanned pathway. Nothing more is needed from you.') };
  }
  const who = whoDecides(state, event);
  const wrongRole = requireRole(event.actor, who.roles, who.what, who.rule);
  if (wrongRole) return { ok: false, refusal: wrongRole };
  const barred = decisionBarred(state, approval, identitiesOf(event.actor));
  if (barred) return { ok: false, refusal: barred };
  // A comment nobody could read (only spaces or invisible characters) is no comment.
  const comment = hasVisibleText(event.comment) ? event.comment!.trim() : null;
  if (event.outcome !== 'approve' && !comment) {
    return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, 'Please add a comment saying what needs to change or why, then send your decision again.') };
  }
  if (comment && comment.length > DECISION_COMMENT_MAX) {
    const max = DECISION_COMMENT_MAX.toLocaleString('en-GB');
    return { ok: false, refusal: refuse('COMMENT_REQUIRED', null, `Your comment is ${comment.length.toLocaleString('en-GB')} characters long, and a comment can be at most ${max}: shorten it, then send your decision again.`) };
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
  const decidedText = `${STAGE_NAMES[approval.stage]}: ${DECIDED_WORDS[event.outcome]} by ${personText(event.actor, event.actor.onBehalfOf)}`;
  // Those up the line who were told to chase it are told, once, that it is decided (not who decided it alone).
  if (approval.escalatedOn) {
    const chased = { ref: state.ref, stage: approval.stage, outcome: event.outcome, decidedBy: data['decidedBy']!, decidedById: event.actor.id, decidedOn: now.today, escalatedOn: approval.escalatedOn };
    effects.push(notify('escalation-decided', role(ESCALATES_TO[approval.stage]), STAGE_RULES[approval.stage], chased));
  }

  if (approval.stage === 'placement-end') {
    if (event.outcome === 'approve') {
      state.placement.status = 'consent-given';
      effects.push(
        // A consent given after the day asked for: that day has gone, and the placement does not end before the consent.
        notify('placement-end-confirmed', role('placement-team'), ['R-PLACE-1'], { ...data, proposedEndDate: approval.proposedEndDate ?? null, ...(approval.proposedEndDate && isAfter(now.today, approval.proposedEndDate) ? { consentedOn: now.today } : {}) }),
        notify('decision-made', socialWorkerRecipient(state), ['R-PLACE-1'], { ...data, next: 'placement-team' }),
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

  const next = afterAgreement(state, approval.stage, now, policy);
  // The social worker is told what comes next, and whether it is theirs: "Open the case to see" sent every one of them to look.
  const nextFor: NoticeData = { ...data, next: 'ask' in next ? next.ask : next.waitIn === 'awaiting-iro-view' ? 'iro-view' : 'episode' };
  effects.push(notify('decision-made', socialWorkerRecipient(state), STAGE_RULES[approval.stage], nextFor));
  if ('ask' in next) effects.push(...askForDecision(state, next.ask, now, policy));
  else state.stage = next.waitIn;
  if (state.stage === 'awaiting-iro-view') {
    // After a revision, the IRO is told their earlier view was on the version sent back.
    const data: NoticeData = { ref: state.ref, viewRequested: true };
    if (state.iroView) data['earlierViewOn'] = dateOf(state.iroView);
    effects.push(notify('iro-informed', iroRecipient(state), ['R-SIGN-4', iroInformedRule(state.pathway)], data));
  }
  return ok(state, effects, decidedText, now, policy);
}

/**
 * What an agreement leads to (R-SIGN-4): the next approver to ask, or the stage the case waits in
 * without one. The team manager's agreement goes to the Head of Service once the IRO's view
 * stands (otherwise the IRO's view is asked for); the Head of Service's to the Director when the
 * sign-off, worked out now, needs them.
 */
function afterAgreement(state: CaseState, agreed: Exclude<ApprovalStage, 'placement-end'>, now: Now, policy: CasePolicy): { ask: ChainStage } | { waitIn: CaseStage } {
  if (agreed === 'team-manager') return iroViewStands(state, policy) ? { ask: 'head-of-service' } : { waitIn: 'awaiting-iro-view' };
  if (agreed === 'director') return { waitIn: 'director-authorised' };
  state.signOff = signOffNow(state, now.today, policy);
  return state.signOff.required ? { ask: 'director' } : { waitIn: 'head-of-service-agreed' };
}
