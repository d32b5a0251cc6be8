/**
 * A deputy's cover has started (the organisation file's dates) while a request already waits for
 * the person they cover: it went to that person before the cover began, so the deputy never had
 * it. The reminder service tells them, with a fresh copy of each such request to decide on that
 * person's behalf. Requests made once the cover had begun reached the deputy already, so are left out.
 * An IRO's deputy is told likewise of the IRO's view, asked of the IRO before the cover began.
 */
import type { CalendarDate } from './calendar-date';
import { isAfter } from './calendar-date';
import type { Actor, CaseRole, Person } from './case-people';
import type { Approval, CaseState } from './case-state';
import type { CasePolicy, Now } from './case-policy';
import type { DeclarationsOf } from './event-declarations';
import { decisionBarred } from './decision-barred';
import { refuse } from './refusal';
import { OPEN_STAGES } from './stage-groups';
import { ROLE_NAMES } from './case-people';
import { APPROVER_ROLE, dateOf, notify, ok, STAGE_NAMES, STAGE_RULES, type TransitionResult } from './transition';
import { iroInformedRule } from './pathway-step-rules';

/** From the reminder service: `deputy` covers `for` in `role` from `from` to `to`. */
export interface CoverStarted {
  type: 'CoverStarted';
  actor: Actor;
  deputy: Person;
  for: Person;
  role: CaseRole;
  from: CalendarDate;
  to: CalendarDate;
}

export const COVER_EVENTS: DeclarationsOf<'CoverStarted'> = {
  CoverStarted: {
    roles: [],
    systemOnly: 'A deputy is told of their cover by the reminder service only.',
    stages: OPEN_STAGES,
    rule: null,
    what: "tell a deputy what waits for the person they cover",
    notNow: () => 'This case is closed, so nothing waits for a decision on it.',
    handle: (state, event, now, policy) => coverStarted(state, event, now, policy),
  },
};

/**
 * The requests on this case for `role` that waited since before `from` and are still open, which
 * neither the deputy nor the person they cover is barred from deciding (R-SIGN-4): what a cover
 * starting tells the deputy of. The reminder service asks the same to find the cases.
 */
export function waitingBeforeCover(state: CaseState, cover: Pick<CoverStarted, 'deputy' | 'for' | 'role' | 'from'>): Approval[] {
  const identities = [cover.deputy.id, cover.for.id];
  return state.approvals.filter((a) => !a.decision && !a.cancelledAt && APPROVER_ROLE[a.stage] === cover.role && isAfter(cover.from, a.requestedOn) && !decisionBarred(state, a, identities));
}

/**
 * The day the IRO's view, still waiting on this case, was asked for (when the team manager agreed
 * the assessment), if that was before `from` and the cover is of the IRO; null otherwise. A case
 * from before decisions kept their day counts as asked before.
 */
export function iroViewWaitingBeforeCover(state: CaseState, cover: Pick<CoverStarted, 'role' | 'from'>): { since: CalendarDate | null } | null {
  if (cover.role !== 'iro' || state.stage !== 'awaiting-iro-view') return null;
  const agreed = [...state.approvals].reverse().find((a) => a.stage === 'team-manager' && a.decision?.outcome === 'approve')?.decision;
  const since = agreed ? dateOf(agreed) : null;
  return since === null || isAfter(cover.from, since) ? { since } : null;
}

/** Whether anything on this case waited for the covered person since before the cover began: what the reminder service looks for. */
export const waitedBeforeCover = (state: CaseState, cover: Pick<CoverStarted, 'deputy' | 'for' | 'role' | 'from'>): boolean =>
  waitingBeforeCover(state, cover).length > 0 || iroViewWaitingBeforeCover(state, cover) !== null;

function coverStarted(state: CaseState, event: CoverStarted, now: Now, policy: CasePolicy): TransitionResult {
  const waiting = waitingBeforeCover(state, event);
  const iroView = iroViewWaitingBeforeCover(state, event);
  if (waiting.length === 0 && !iroView) return { ok: false, refusal: refuse('OUT_OF_ORDER', null, `Nothing on case ${state.ref} waited for ${event.for.name} before ${event.deputy.name}'s cover began. Nothing was recorded.`) };
  const to = { kind: 'person' as const, id: event.deputy.id, name: event.deputy.name };
  const data = (a: (typeof waiting)[number]) => ({ ref: state.ref, approvalId: a.approvalId, stage: a.stage, requestedOn: a.requestedOn, why: 'cover', coveredName: event.for.name, coveredRole: ROLE_NAMES[event.role], coverFrom: event.from, coverTo: event.to });
  const effects = waiting.map((a) => notify('approval-request-copy', to, STAGE_RULES[a.stage], data(a)));
  const what = waiting.map((a) => `the request for the ${STAGE_NAMES[a.stage]}`);
  if (iroView) {
    effects.push(notify('iro-informed', to, ['R-SIGN-4', iroInformedRule(state.pathway)], { ref: state.ref, viewRequested: true, why: 'cover', ...(iroView.since ? { requestedOn: iroView.since } : {}), coveredName: event.for.name, coverFrom: event.from, coverTo: event.to }));
    what.push("the IRO's view");
  }
  return ok(
    state,
    effects,
    `${event.deputy.name}, whose cover of ${event.for.name} as ${ROLE_NAMES[event.role]} began on ${event.from}, was told of ${what.join(' and ')} waiting since before then`,
    now,
    policy,
  );
}
