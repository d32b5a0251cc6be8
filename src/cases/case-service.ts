/**
 * The case service: what the Teams edge, the scheduler and the CLIs ask of cases. A thin front:
 * each use case lives in its own file, as a function of the service's context
 * (case-service-context.ts):
 *
 * - opening a case: open-case.ts
 * - a person's event on a case (a click, a typed command): act-on-case.ts, through the one path
 *   every event takes (apply-event.ts: one read, authority, the protocol, one commit, case-commit.ts)
 * - handing a case over: reassign-case.ts
 * - the reminder service's events: apply-deadlines.ts
 * - finding and showing a case, need-to-know, refusals to show it: case-lookup.ts
 * - the working lists: waiting-for.ts ("my cases" decisions) and working-list.ts
 *
 * Every command carries an idempotency key: a repeat returns the first outcome.
 */
import type { ApprovalStage, CaseRole, CaseState, CasePolicy, Now, Person } from '../protocol';
import { APPROVER_ROLE, holdersText, iroViewBarred, ownCaseWithdrawalBarred, riskViewBarred } from '../protocol';
import type { CaseSummary, StoredCase } from '../ports/case-store';
import type { ActCommand, ActResult, ApplyCommand, CommandOutcome, DeadlineCommand, DeadlineResult, EventInput, HandOverCommand, OpenCaseCommand, ReassignCommand } from './case-command';
import { asClick, outcomeOf } from './case-command';
import { serviceContext, type CaseServiceDeps, type ServiceContext } from './case-service-context';
import { holdsAnyRole, mayOpenCase, openCase, whyNotOpener } from './open-case';
import { actAsPerson } from './act-on-case';
import { reassignCase } from './reassign-case';
import { applyDeadlines, applySystem, type DeadlineSignals } from './apply-deadlines';
import { type ClickView, findByRef, mayView, viewByRef, viewForClick } from './case-lookup';
import { waitingFor, type WaitingForYou } from './waiting-for';
import { caseHolders, iroChoices, peopleFacts, withDirectorNow } from './case-people';
import { handoverChoices, mayHandOver } from './handover';
import { type NotOpen, stepNotOpen } from './step-not-open';
import { managerScope } from './manager-scope';
import { barredFrom, mayTake, rolesOnCase, seesUndelivered } from './roles-on-case';
import { placementEndsWaitingFor } from './placement-ends-waiting';
import { CaseLine, casesCovered, casesCoveredAsIro, CoveredCases, casesNeedingPeople, linesOf, NeedingPeople, namedCases, stepsWaitingFor, TeamCases, teamCases, WaitingStep, WorkingListDeps } from './working-list';

export type { ActCommand, ActResult, ApplyCommand, CommandOutcome, DeadlineCommand, DeadlineResult, EventInput, HandOverCommand, OpenCaseCommand, ReassignCommand } from './case-command';
export type { CaseServiceDeps } from './case-service-context';
export type { WaitingDecision, WaitingForYou } from './waiting-for';

export class CaseService {
  private readonly ctx: ServiceContext;

  constructor(deps: CaseServiceDeps) {
    this.ctx = serviceContext(deps);
  }

  now(): Now {
    return this.ctx.now();
  }

  get policy(): CasePolicy {
    return this.ctx.policy;
  }

  async get(caseId: string): Promise<StoredCase<CaseState> | undefined> {
    return this.ctx.store.get<CaseState>(caseId);
  }

  /** A case by its reference, typed in any case ("case mos-1042"). */
  getByRef(ref: string): Promise<StoredCase<CaseState> | undefined> {
    return findByRef(this.ctx.store, ref);
  }

  /** Whether this person may see this case (need-to-know, src/cases/need-to-know.ts). */
  mayView(person: Person, state: CaseState): Promise<boolean> {
    return mayView(this.ctx, person, state);
  }

  /** What this person may send on this case today, for their case card's buttons (src/cases/roles-on-case.ts). */
  async mayTakeOn(person: Person, state: CaseState): Promise<(event: EventInput) => boolean> {
    return (await this.onCaseCard(person, state)).mayTake;
  }

  /**
   * What this person's case card may have: the events they may send (mayTakeOn), and whether it lists
   * the case's messages that did not reach someone (src/cases/roles-on-case.ts says who), from one
   * look at the parts they hold.
   */
  async onCaseCard(person: Person, state: CaseState): Promise<{ mayTake: (event: EventInput) => boolean; seesUndelivered: boolean }> {
    const roles = await rolesOnCase(this.ctx.authority, person, state, this.now().today);
    return { mayTake: this.mayTakeWith(roles, person, state), seesUndelivered: seesUndelivered(roles) };
  }

  private mayTakeWith(roles: readonly CaseRole[], person: Person, state: CaseState): (event: EventInput) => boolean {
    // Nobody is offered a decision the protocol will refuse them in person (R-SIGN-4: their own case, both HoS and Director).
    // Nor the view on an LPM or ICPC on the risk check of a case they are the social worker of (R-UNPL-2).
    return (event) =>
      mayTake(roles, event, state) &&
      !(event.type === 'DecisionGiven' && barredFrom(state, event.approvalId, person)) &&
      !(event.type === 'RiskViewGiven' && riskViewBarred(state, [person.id])) &&
      !(event.type === 'IroViewRecorded' && iroViewBarred(state, [person.id])) &&
      !((event.type === 'CaseWithdrawn' || event.type === 'WithdrawalDeclined') && ownCaseWithdrawalBarred(state, [person.id]));
  }

  /** The case as the protocol acts on it now (case-people.ts withDirectorNow): what its card shows, so its waiting request names the Director its facts and the authority check name. */
  asActedOn(state: CaseState): CaseState {
    return withDirectorNow(this.ctx.authority.organisation, state);
  }

  /** The case's people for its card. */
  peopleFacts(state: CaseState): { title: string; value: string }[] {
    return peopleFacts(this.ctx.authority.organisation, state);
  }

  /** Why a step a card offered is not open to this person now, in the words a refusal would use (src/cases/step-not-open.ts). */
  stepNotOpen(person: Person, state: CaseState, event: EventInput): Promise<NotOpen | undefined> {
    return stepNotOpen(this.ctx, person, state, event);
  }

  /** Who decides this request, by name as the case card shows them ("Ben Manager", `count` 1): never someone R-SIGN-4 bars from it (the social worker who is also a manager). */
  deciders(state: CaseState, approval: { approvalId: string; stage: ApprovalStage }): { names: string; count: number } {
    const holders = caseHolders(this.ctx.authority.organisation, state, APPROVER_ROLE[approval.stage]).filter((h) => h.group || !barredFrom(state, approval.approvalId, h));
    return { names: holdersText(holders), count: holders.length };
  }

  /** Whether this person may hand the case over (its managers): their case card offers it only then. */
  async mayHandOverCase(person: Person, state: CaseState): Promise<boolean> {
    try {
      return (await mayHandOver(this.ctx.authority, person, state, this.now().today)).ok;
    } catch {
      return false;
    }
  }

  /** The handover form's lists for this case as this person may use it: the parts they may hand over, and who could take one. */
  handoverChoices(state: CaseState, person: Person): ReturnType<typeof handoverChoices> {
    return handoverChoices(this.ctx.authority.organisation, state, person);
  }

  /** Whether this person may start a case: the start form is shown only then. */
  mayOpenCase(person: Person): Promise<boolean> {
    return mayOpenCase(this.ctx, person);
  }

  /** Why this person may not start a case today (a deputy outside their dates is told them), or undefined. */
  whyNotOpener(person: Person): ReturnType<typeof whyNotOpener> {
    return whyNotOpener(this.ctx, person);
  }

  /** Whether this person holds any role today: "my cases" tells someone who holds none that nothing will come to them. */
  holdsAnyRole(person: Person): Promise<boolean> {
    return holdsAnyRole(this.ctx, person);
  }

  /** The IROs a case this person opens may be opened with (the start form's list): never themself, who would be its social worker. */
  iroChoices(opener: Person): { title: string; value: string }[] {
    return iroChoices(this.ctx.authority.organisation).filter((c) => c.value !== opener.id);
  }

  async listFor(personId: string): Promise<CaseSummary[]> {
    return (await this.ctx.store.list({ participant: personId })).map((c) => ({ ...c, participants: c.participants.filter((p) => !p.includes(':')) }));
  }

  /** What waits for this person's decision (src/cases/waiting-for.ts). */
  waitingFor(person: Person): Promise<WaitingForYou> {
    return waitingFor(this.ctx, person);
  }

  /** What the working lists read (src/cases/working-list.ts), as of today. */
  private lists(): WorkingListDeps {
    return { store: this.ctx.store, authority: this.ctx.authority, policy: this.ctx.policy, today: this.now().today };
  }

  /** "my cases": the steps and visits waiting for them on their own cases, and their open cases with each one's next due date. */
  async myOpenCases(person: Person): Promise<{ steps: WaitingStep[]; open: CaseLine[]; covered: CoveredCases[] }> {
    const lists = this.lists();
    const states = await namedCases(lists, person, 'open');
    const steps = [...stepsWaitingFor(person, states, lists), ...(await placementEndsWaitingFor(lists, person))];
    // The IRO manager acts as the IRO of a case with none named: theirs to list, though it does not name them.
    const covered = await casesCoveredAsIro(lists, person);
    const covering = new Set(covered.map((s) => s.caseId));
    const all = [...states.filter((s) => !covering.has(s.caseId)), ...covered];
    const own = new Set(states.filter((s) => s.socialWorker.id === person.id).map((s) => s.caseId));
    const marked = (line: CaseLine): CaseLine => ({ ...line, ...(covering.has(line.caseId) ? { coveringIro: true as const } : {}), ...(own.has(line.caseId) ? { socialWorkersOwn: true as const } : {}) });
    // A deputy in cover: the cases of the person they cover, where that part is theirs to act on meanwhile.
    const coverOf = await casesCovered(lists, person, new Set(all.map((s) => s.caseId)));
    return { steps, open: linesOf(all, lists).map(marked), covered: coverOf };
  }

  /** The open cases this manager should find new people for (the organisation file no longer names someone on them). */
  async casesNeedingPeople(person: Person): Promise<NeedingPeople[]> {
    return casesNeedingPeople(this.lists(), person);
  }

  /** "my closed cases". */
  async myClosedCases(person: Person): Promise<CaseLine[]> {
    const lists = this.lists();
    return linesOf(await namedCases(lists, person, 'closed'), lists);
  }

  /** Whether this person has "team cases" to see: a team manager, Head of Service or the Director, or their active deputy. */
  async oversees(person: Person): Promise<boolean> {
    return (await managerScope(this.ctx.authority, person, this.now().today)).ok;
  }

  /** "team cases": the open cases of the teams or services this manager oversees, overdue first. */
  async teamCases(person: Person): Promise<TeamCases> {
    return teamCases(this.lists(), person);
  }

  async listAll(limit = 200): Promise<CaseSummary[]> {
    return this.ctx.store.list({ limit });
  }

  /** Opens a case from the start form (src/cases/open-case.ts). */
  openCase(cmd: OpenCaseCommand): Promise<CommandOutcome> {
    return openCase(this.ctx, cmd);
  }

  /** Applies one event from a person. Authority is checked here, from their Entra object id. */
  async apply(cmd: ApplyCommand): Promise<CommandOutcome> {
    return outcomeOf(await actAsPerson(this.ctx, cmd));
  }

  /**
   * A card click that changes a case, in one call and one read of it: the person's view of the case
   * (need-to-know, as `view` checks it), their authority, the event and the commit, returning the
   * case as it now stands for the card. A case they may not see, or none, is `seen: false`, kept in
   * the refusal log as `view` keeps it. `basis` is the case as this click already read it (through
   * `view`): the first attempt starts from it instead of reading it again.
   */
  async act(cmd: ActCommand): Promise<ActResult> {
    return asClick(await actAsPerson(this.ctx, cmd));
  }

  /**
   * The case for a card click that only shows it: one read, need-to-know checked. A case the person
   * may not see, or none, is not shown, and kept in that case's refusal log or the store's (M7); a
   * deputy whose cover of the case ended or is still to start is told so (src/cases/out-of-cover.ts), nobody else anything.
   */
  viewForClick(person: Person, caseId: string, action: string, correlationId?: string): Promise<ClickView> {
    return viewForClick(this.ctx, person, caseId, action, correlationId);
  }

  /**
   * The case a person names by reference ("case REF", typed in any case): one lookup, need-to-know
   * checked. A case they may not see, or none, is not shown, and kept as `viewForClick` keeps it; they are
   * told the same either way, so nothing says whether the case exists.
   */
  viewByRef(person: Person, ref: string, action: string, correlationId?: string): Promise<ClickView> {
    return viewByRef(this.ctx, person, ref, action, correlationId);
  }

  /** A handover submitted from its form, as `act` is a click: one read (or the form's `basis`), the case returned. */
  async handOver(cmd: HandOverCommand): Promise<ActResult> {
    return asClick(await reassignCase(this.ctx, cmd));
  }

  /** Hands a case's part to someone else (src/cases/reassign-case.ts); a refusal records nothing on the case. */
  async reassign(cmd: ReassignCommand): Promise<CommandOutcome> {
    return outcomeOf(await reassignCase(this.ctx, cmd));
  }

  /** Applies an event raised by the reminder service (the scheduler). */
  applySystem(cmd: Omit<ApplyCommand, 'actor'>, firedDeadlines: string[] = []): Promise<CommandOutcome> {
    return applySystem(this.ctx, cmd, firedDeadlines);
  }

  /** The due deadlines of a sweep, in one batch (src/cases/apply-deadlines.ts). */
  applyDeadlines(cmds: readonly DeadlineCommand[], signals?: DeadlineSignals): Promise<DeadlineResult[]> {
    return applyDeadlines(this.ctx, cmds, signals);
  }
}
