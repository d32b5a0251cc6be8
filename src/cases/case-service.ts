/**
 * The case service: load a case, check who may act, apply one event through the protocol,
 * and save the new state with its audit entry, outbox effects and deadlines in one commit.
 * Every command carries an idempotency key: a repeat returns the first outcome.
 */
import { randomUUID } from 'node:crypto';
import { keepRefusal, type RefusalLogLine } from './refusal-log';
import { repeatOutcome, storedOutcome } from './command-repeat';
import {
  APPROVAL_STAGES,
  ApprovalStage,
  APPROVER_ROLE,
  CalendarDate,
  CaseEvent,
  CasePolicy,
  CaseRole,
  CaseStage,
  CaseState,
  describeFactsProblems,
  Effect,
  HandoverRole,
  Now,
  openCase as openProtocolCase,
  parseFacts,
  dateOfBirthProblem,
  Person,
  RuleId,
  SYSTEM_ACTOR,
  transition,
  UnplannedTrigger,
} from '../protocol';
import type { Actor } from '../protocol';
import type { CaseCommit, CaseSummary, DeadlineFiring, DeadlineInput, OutboxItemInput, StoredCase } from '../ports/case-store';
import type { CaseAuditLog } from '../ports/case-audit-log';
import type { CaseRepository } from '../ports/case-repository';
import type { DeadlineQueue } from '../ports/deadline-queue';
import type { Clock } from '../ports/clock';
import { documentOutboxItems, type CaseDocumentSettings } from '../documents/case-documents';
import { DIRECTORY_UNAVAILABLE_MESSAGE, type Authority } from './authority';
import { calendarDateIn, localTimeOn, nowIn } from './org-time';
import { iroChoices, peopleFacts, peopleForTeam } from './case-people';
import { Team, teamNamed } from './organisation';
import { DirectoryLookupError } from '../ports/directory';
import { mayViewCase, namedOn } from './need-to-know';
import { whoMayAct } from './who-may-act';
import { checkNewHolder, handoverChoices, mayHandOver } from './handover';
import { casePeopleOf } from './case-people';
import { serviceQueue, teamQueue } from './case-index';
import { mayTake, rolesOnCase } from './roles-on-case';
import { CaseLine, casesNeedingPeople, linesOf, NeedingPeople, namedCases, stepsWaitingFor, TeamCases, teamCases, WaitingStep, WorkingListDeps } from './working-list';
import { changedParts } from './audit-diff';

/** What a command returns: the same shape the first time and on every repeat of its key. */
export type CommandOutcome =
  | { ok: true; caseId: string; ref: string; version: number; stage: CaseStage; action: string }
  | { ok: false; code: string; rule: RuleId | null; message: string; caseId?: string };

export type EventInput = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'actor'> : never) : never;

export interface OpenCaseCommand {
  idempotencyKey: string;
  actor: Person;
  ref: string;
  /** The facts as entered (without asOf, which is today): validated here. */
  facts: unknown;
  trigger: UnplannedTrigger | null;
  /** The IRO chosen from the organisation's IROs, or null: "not known yet" (the IRO manager covers until one is named). */
  iro: Person | null;
  correlationId?: string;
}

export interface ApplyCommand {
  idempotencyKey: string;
  caseId: string;
  actor: Person;
  event: EventInput;
  correlationId?: string;
}

/** Hand a case's part to someone else (issue 11): the person is named by Entra object id and checked against the organisation file. */
export interface ReassignCommand {
  idempotencyKey: string;
  caseId: string;
  actor: Person;
  role: HandoverRole;
  personId: string;
  reason: string;
  correlationId?: string;
}

/** A card click's command: need-to-know is checked on the one read, and the case comes back with the outcome. */
export interface ActCommand extends ApplyCommand {
  /** How a refusal to show the case is kept (the card's verb, the activity id), as `view` keeps it. */
  unseen: { action: string; correlationId?: string };
  /** The case as this click already read it through `view` (already checked as visible to the person). */
  basis?: StoredCase<CaseState>;
}

/** The outcome and the case as it now stands; `seen: false` when there is no such case the person may see. */
export type ActResult = { seen: true; outcome: CommandOutcome; state: CaseState } | { seen: false };

/** What applying a command came to: a person's plain `apply` (and the scheduler's) may skip reading the case on a repeat. */
type Applied = { seen: true; outcome: CommandOutcome; state?: CaseState } | { seen: false };

/** A due deadline's event, as the scheduler raises it. */
export interface DeadlineCommand {
  idempotencyKey: string;
  caseId: string;
  event: Extract<EventInput, { type: 'DeadlineReached' }>;
  /** The due time the deadline was read with: it is marked fired only while still due then. */
  dueAt: string;
}

/** What became of one deadline: its command's outcome (it is now fired), or an error (it is left to come round again). */
export type DeadlineResult = { ok: true; outcome: CommandOutcome } | { ok: false; error: unknown };

/** What an event does to a case, decided before anything is written. */
type Decision =
  | { kind: 'refused'; outcome: CommandOutcome; actor: Actor }
  /** A deadline that no longer applies: nothing to tell anyone, so nothing to commit or audit. */
  | { kind: 'unchanged'; outcome: CommandOutcome }
  | { kind: 'commit'; outcome: CommandOutcome; commit: CaseCommit<CaseState> };

export interface CaseServiceDeps {
  /** The case repository, with the refusal log and the deadlines a no-longer-applying reminder marks fired. */
  store: CaseRepository & CaseAuditLog & Pick<DeadlineQueue, 'markDeadlineFired'>;
  authority: Authority;
  clock: Clock;
  policy: CasePolicy;
  timeZone: string;
  /** Local hour at which calendar-day deadlines fall due (start of the working day). */
  deadlineHour?: number;
  newCaseId?: () => string;
  /** Each refusal kept (M7), for the log: codes and ids only. */
  onRefusal?: (line: RefusalLogLine) => void;
  /** Finds a social worker's team from their Entra manager when the organisation file does not name it (TEAM_FROM_ENTRA_MANAGER). */
  teamFromManager?: (personId: string) => Promise<string | undefined>;
  /** The case file: with it, each commit also sends the documents it made new or changed (src/documents). */
  documents?: CaseDocumentSettings;
}

export const CASE_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,39}$/;

const MAX_CONFLICT_RETRIES = 60;

const UNKNOWN_CASE: CommandOutcome = { ok: false, code: 'UNKNOWN_CASE', rule: null, message: 'There is no case with that id. Type "my cases" to see your cases.' };

/**
 * Refusals that are about who acted, not what was asked: each is kept in the case's refusal log
 * (who tried what, when, and why not), so a manager can see attempts to act without authority.
 */
export { AUDITED_REFUSALS } from './refusal-log';

/**
 * The queue a case is in while it waits for a role's decision: kept among the summary's
 * participants, so that "my cases" finds what waits for a manager through the store's own
 * participant index (on every store) without reading every case. Never an Entra object id.
 */
export const waitingQueue = (what: ApprovalStage | 'iro-view'): string => `awaiting:${what}`;

/** The people named on a case: its social worker, its IRO, and everyone who decided (or was decided for). */
export const peopleOf = namedOn;

export { serviceQueue, teamQueue };

/** What the store indexes a case under: its people (named managers too), its team and service, and the queues it waits in. */
export function participantsOf(state: CaseState): string[] {
  const ids = new Set<string>(peopleOf(state));
  if (state.people) {
    for (const h of [...state.people.teamManagers, ...state.people.headsOfService]) if (!h.group) ids.add(h.id);
    if (state.people.team) ids.add(teamQueue(state.people.team));
    if (state.people.service) ids.add(serviceQueue(state.people.service));
  }
  for (const approval of state.approvals) if (!approval.decision && !approval.cancelledAt) ids.add(waitingQueue(approval.stage));
  if (state.stage === 'awaiting-iro-view') ids.add(waitingQueue('iro-view'));
  return [...ids];
}

/** What waits for someone, and whether some of their roles could not be checked (the directory did not answer). */
export interface WaitingForYou {
  decisions: WaitingDecision[];
  directoryUnavailable: boolean;
}

/** A decision (or the IRO's view) waiting for someone, for "my cases". */
export interface WaitingDecision {
  caseId: string;
  ref: string;
  what: ApprovalStage | 'iro-view';
  /** The approval request, if it is one. */
  approvalId: string | null;
  /** The day it was asked for. */
  since: CalendarDate;
}

export class CaseService {
  private readonly newCaseId: () => string;
  private readonly deadlineHour: number;

  constructor(private readonly deps: CaseServiceDeps) {
    this.newCaseId = deps.newCaseId ?? (() => randomUUID());
    this.deadlineHour = deps.deadlineHour ?? 8;
  }

  now(): Now {
    return nowIn(this.deps.clock.now(), this.deps.timeZone);
  }

  get policy(): CasePolicy {
    return this.deps.policy;
  }

  async get(caseId: string): Promise<StoredCase<CaseState> | undefined> {
    return this.deps.store.get<CaseState>(caseId);
  }

  /** A case by its reference, typed in any case ("case mos-1042"): references are kept as written, usually in capitals. */
  async getByRef(ref: string): Promise<StoredCase<CaseState> | undefined> {
    for (const spelling of new Set([ref, ref.toUpperCase(), ref.toLowerCase()])) {
      const found = await this.deps.store.getByRef<CaseState>(spelling);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Who may see a case: the people named on it (its social worker, named IRO, anyone who decided)
   * the managers who may be asked to decide (team managers, Heads of Service, the Director,
   * the Children's Placement Team, and their active deputies), and the IRO service, which must be
   * told of every ending (R-UNPL-3). Nobody else, whatever they know.
   */
  async mayView(person: Person, state: CaseState): Promise<boolean> {
    return mayViewCase(this.deps.authority, person, state, this.now().today);
  }

  /** What this person may send on this case today, for their case card's buttons (src/cases/roles-on-case.ts). */
  async mayTakeOn(person: Person, state: CaseState): Promise<(event: EventInput) => boolean> {
    const roles = await rolesOnCase(this.deps.authority, person, state, this.now().today);
    return (event) => mayTake(roles, event, state);
  }

  /** The case's people for its card. */
  peopleFacts(state: CaseState): { title: string; value: string }[] {
    return peopleFacts(this.deps.authority.organisation, state);
  }

  /** Whether this person may hand the case over (its managers): their case card offers it only then. */
  async mayHandOverCase(person: Person, state: CaseState): Promise<boolean> {
    try {
      return (await mayHandOver(this.deps.authority, person, state, this.now().today)).ok;
    } catch {
      return false;
    }
  }

  /** The handover form's lists for this case: the parts, and who could take one. */
  handoverChoices(state: CaseState): ReturnType<typeof handoverChoices> {
    return handoverChoices(this.deps.authority.organisation, state);
  }

  /** The IROs a case may be opened with (the start form's list). */
  iroChoices(): { title: string; value: string }[] {
    return iroChoices(this.deps.authority.organisation);
  }

  async listFor(personId: string): Promise<CaseSummary[]> {
    return (await this.deps.store.list({ participant: personId })).map((c) => ({ ...c, participants: c.participants.filter((p) => !p.includes(':')) }));
  }

  /**
   * What waits for this person's decision: the open requests at stages whose role they hold
   * (named, by Entra group, or as a deputy today), and the IRO's view for an IRO — leaving out
   * their own cases (R-SIGN-4: nobody agrees their own assessment) and a Director's decision on
   * a case whose Head of Service decision was theirs. Oldest first.
   */
  async waitingFor(person: Person): Promise<WaitingForYou> {
    const today = this.now().today;
    const found: WaitingDecision[] = [];
    let directoryUnavailable = false;
    const queues: { what: ApprovalStage | 'iro-view'; role: CaseRole }[] = [
      ...APPROVAL_STAGES.map((stage) => ({ what: stage, role: APPROVER_ROLE[stage] })),
      { what: 'iro-view', role: 'iro' },
    ];
    for (const { what, role } of queues) {
      const check = await this.deps.authority.check(person, [role], today);
      if (!check.ok) {
        // Said to the person rather than shown as "nothing waiting": they would be left guessing.
        if (check.code === 'DIRECTORY_UNAVAILABLE') directoryUnavailable = true;
        continue;
      }
      for (const summary of await this.deps.store.list({ participant: waitingQueue(what), limit: 200 })) {
        const stored = await this.deps.store.get<CaseState>(summary.caseId);
        if (!stored) continue;
        const state = stored.state;
        if (state.socialWorker.id === person.id) continue;
        // Only the case's own holder of the role (or their deputy) is waited for.
        if (!(await this.deps.authority.holdsOnCase(person, role, today, state))) continue;
        if (what === 'iro-view') {
          if (state.stage !== 'awaiting-iro-view') continue;
          // The IRO's view is asked for when the team manager agrees.
          const agreed = [...state.approvals].reverse().find((a) => a.stage === 'team-manager' && a.decision?.outcome === 'approve');
          found.push({ caseId: state.caseId, ref: state.ref, what, approvalId: null, since: agreed?.decision ? (agreed.decision.on ?? calendarDateIn(new Date(agreed.decision.at), this.deps.timeZone)) : today });
          continue;
        }
        const hosDecider = state.approvals.find((a) => a.stage === 'head-of-service' && a.decision?.outcome === 'approve')?.decision;
        for (const approval of state.approvals) {
          if (approval.stage !== what || approval.decision || approval.cancelledAt) continue;
          if (what === 'director' && hosDecider && (hosDecider.by.id === person.id || hosDecider.onBehalfOf?.id === person.id)) continue;
          found.push({ caseId: state.caseId, ref: state.ref, what, approvalId: approval.approvalId, since: approval.requestedOn });
        }
      }
    }
    const decisions = found.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.ref.localeCompare(b.ref)));
    return { decisions, directoryUnavailable };
  }

  /** What the working lists read (src/cases/working-list.ts), as of today. */
  private lists(): WorkingListDeps {
    return { store: this.deps.store, authority: this.deps.authority, policy: this.deps.policy, today: this.now().today };
  }

  /** "my cases": the steps and visits waiting for them on their own cases, and their open cases with each one's next due date. */
  async myOpenCases(person: Person): Promise<{ steps: WaitingStep[]; open: CaseLine[] }> {
    const lists = this.lists();
    const states = await namedCases(lists, person.id, 'open');
    return { steps: stepsWaitingFor(person, states, lists), open: linesOf(states, lists) };
  }

  /** The open cases this manager should find new people for (the organisation file no longer names someone on them). */
  async casesNeedingPeople(person: Person): Promise<NeedingPeople[]> {
    return casesNeedingPeople(this.lists(), person);
  }

  /** "my closed cases". */
  async myClosedCases(person: Person): Promise<CaseLine[]> {
    const lists = this.lists();
    return linesOf(await namedCases(lists, person.id, 'closed'), lists);
  }

  /** "team cases": the open cases of the teams or services this manager oversees, overdue first. */
  async teamCases(person: Person): Promise<TeamCases> {
    return teamCases(this.lists(), person);
  }

  async listAll(limit = 200): Promise<CaseSummary[]> {
    return this.deps.store.list({ limit });
  }

  async openCase(cmd: OpenCaseCommand): Promise<CommandOutcome> {
    const repeat = await this.deps.store.findCommand(cmd.idempotencyKey);
    if (repeat) return repeatOutcome(repeat.outcome, { actorId: cmd.actor.id });
    const now = this.now();
    const ref = cmd.ref.trim();
    if (!CASE_REF_PATTERN.test(ref)) {
      return { ok: false, code: 'INVALID_REF', rule: null, message: 'The case reference must be the case-record id: letters, digits, "-", "/" or "_", up to 40 characters, and never the child’s name.' };
    }
    const rawFacts = typeof cmd.facts === 'object' && cmd.facts !== null ? { ...(cmd.facts as Record<string, unknown>), asOf: now.today } : cmd.facts;
    const parsed = parseFacts(rawFacts);
    if (!parsed.ok) return { ok: false, code: 'INVALID_FACTS', rule: null, message: describeFactsProblems(parsed.problems) };
    const implausible = dateOfBirthProblem(parsed.facts.dateOfBirth, parsed.facts.accommodatedOn);
    if (implausible) return { ok: false, code: 'INVALID_FACTS', rule: null, message: `${implausible} Nothing was saved.` };
    const role = await this.deps.authority.check(cmd.actor, ['social-worker', 'team-manager'], now.today);
    if (!role.ok) return { ok: false, code: role.code, rule: null, message: role.message };
    const org = this.deps.authority.organisation;
    const opener = role.actor.onBehalfOf ?? role.actor;
    // The file wins; the Entra manager (a setting) only places someone the file puts in no team.
    let team: Team | undefined;
    try {
      team = (await this.deps.authority.teamOf(opener.id)) ?? (this.deps.teamFromManager ? teamNamed(org, (await this.deps.teamFromManager(opener.id)) ?? '') : undefined);
    } catch (error) {
      if (error instanceof DirectoryLookupError && error.retryable) return { ok: false, code: 'DIRECTORY_UNAVAILABLE', rule: null, message: DIRECTORY_UNAVAILABLE_MESSAGE };
      throw error;
    }
    if (!team) return { ok: false, code: 'NO_TEAM', rule: null, message: 'Not started: you are not in a team in the organisation file, so the case would have no team manager. Ask your administrator to add you to your team.' };
    let iro: Person | null = null;
    if (cmd.iro) {
      const known = org.iroService.iros.users.find((u) => u.id === cmd.iro!.id);
      if (!known) return { ok: false, code: 'UNKNOWN_IRO', rule: null, message: 'Not started: choose the IRO from the list, or "not known yet".' };
      iro = { id: known.id, name: known.name };
    }
    const caseId = this.newCaseId();
    const opened = openProtocolCase({ caseId, ref, facts: parsed.facts, trigger: cmd.trigger, actor: role.actor, iro, people: peopleForTeam(org, team) }, now, this.deps.policy);
    if (!opened.ok) return { ok: false, ...opened.refusal };
    const outcome: CommandOutcome = { ok: true, caseId, ref, version: 1, stage: opened.state.stage, action: opened.action };
    const commit = this.buildCommit(null, opened.state, opened.effects, opened.action, role.actor, now, cmd, outcome, []);
    const result = await this.deps.store.commit(commit);
    if (result.ok) return outcome;
    if (result.code === 'DUPLICATE_COMMAND') return repeatOutcome(result.outcome, { actorId: cmd.actor.id });
    if (result.code === 'DUPLICATE_REF') return { ok: false, code: 'DUPLICATE_REF', rule: null, message: await this.duplicateRefMessage(ref), caseId: result.existingCaseId };
    throw new Error(`unexpected version conflict creating case ${caseId}`);
  }

  /**
   * A reference names one case for good (it is how the audit trail and SharePoint find it). When
   * the case it names is closed, the child may be going home again from a later episode of care:
   * say so, and offer the next free numbered reference, rather than a dead end.
   */
  private async duplicateRefMessage(ref: string): Promise<string> {
    const existing = await this.deps.store.getByRef<CaseState>(ref);
    if (existing?.state.stage !== 'closed') return `A case with reference ${ref} is already open. Type "case ${ref}" to see it.`;
    const base = ref.replace(/\/\d{1,3}$/, '');
    for (let n = 2; n <= 99; n++) {
      const candidate = `${base}/${n}`;
      if (candidate.length > 40) break;
      if (!(await this.deps.store.getByRef(candidate))) {
        return `Case ${ref} is closed. For a later return home of the same child, start a new case with a numbered reference such as ${candidate}.`;
      }
    }
    return `Case ${ref} is closed. For a later return home of the same child, start a new case with a numbered reference.`;
  }

  /** Applies one event from a person. Authority is checked here, from their Entra object id. */
  async apply(cmd: ApplyCommand): Promise<CommandOutcome> {
    const done = await this.applyAsPerson(cmd);
    return done.seen ? done.outcome : UNKNOWN_CASE;
  }

  /**
   * A card click that changes a case, in one call and one read of it: the person's view of the case
   * (need-to-know, as `view` checks it), their authority, the event and the commit, returning the
   * case as it now stands for the card. A case they may not see, or none, is `seen: false`, kept in
   * the refusal log as `view` keeps it. `basis` is the case as this click already read it (through
   * `view`): the first attempt starts from it instead of reading it again.
   */
  async act(cmd: ActCommand): Promise<ActResult> {
    const done = await this.applyAsPerson(cmd);
    // A click's command always reads the case (a repeat too), so the state is there when seen.
    return done.seen ? { seen: true, outcome: done.outcome, state: done.state! } : done;
  }

  /**
   * The case for a card click that only shows it: one read, need-to-know checked. A case the person
   * may not see, or none, is undefined, and kept in that case's refusal log or the store's (M7).
   */
  async view(person: Person, caseId: string, action: string, correlationId?: string): Promise<StoredCase<CaseState> | undefined> {
    const stored = await this.deps.store.get<CaseState>(caseId);
    if (stored && (await this.mayView(person, stored.state))) return stored;
    await this.keepUnseen(person, caseId, stored, action, correlationId);
    return undefined;
  }

  private async applyAsPerson(cmd: ActCommand | ApplyCommand): Promise<Applied> {
    if ((cmd.event as { type: string }).type === 'DeadlineReached') {
      const refused: CommandOutcome = { ok: false, code: 'NOT_YOUR_ROLE', rule: null, message: 'Deadlines are raised by the reminder service only.' };
      if (!('unseen' in cmd)) return { seen: true, outcome: refused };
      const stored = await this.view(cmd.actor, cmd.caseId, cmd.unseen.action, cmd.unseen.correlationId);
      return stored ? { seen: true, outcome: refused, state: stored.state } : { seen: false };
    }
    if (cmd.event.type === 'CasePersonReassigned') {
      // Only the person's id is taken from the input: who they are, and the case's people, come from the organisation.
      const { event } = cmd;
      return this.reassignApplied({ idempotencyKey: cmd.idempotencyKey, caseId: cmd.caseId, actor: cmd.actor, role: event.role, personId: event.to.id, reason: event.reason, ...(cmd.correlationId ? { correlationId: cmd.correlationId } : {}) });
    }
    return this.applyWith(cmd, async (state, now) => {
      // Only the case's own people (and their active deputies) act on it.
      const who = whoMayAct(cmd.event, state);
      const check = await this.deps.authority.checkOnCase(cmd.actor, who.roles, now.today, state, who.what);
      if (!check.ok) return { ok: false, outcome: { ok: false, code: check.code, rule: check.code === 'DIRECTORY_UNAVAILABLE' ? null : who.rule, message: check.message, caseId: state.caseId } };
      return { ok: true, actor: check.actor };
    });
  }

  /**
   * Hands a case's social worker, team manager, IRO or Head of Service to someone else (issue 11).
   * Who may (mayHandOver) and whether the new person holds that part in the organisation file
   * (checkNewHolder) are decided here; a refusal records nothing on the case.
   */
  async reassign(cmd: ReassignCommand): Promise<CommandOutcome> {
    const done = await this.reassignApplied(cmd);
    return done.seen ? done.outcome : UNKNOWN_CASE;
  }

  private async reassignApplied(cmd: ReassignCommand): Promise<Applied> {
    // Replaced by the event the server completes once it has read the case (an unknown case keeps it only for the refusal log).
    const placeholder: EventInput = { type: 'CasePersonReassigned', role: cmd.role, to: { id: cmd.personId, name: '' }, reason: cmd.reason, people: { team: null, service: null, teamManagers: [], headsOfService: [], director: [], iroManager: [] } };
    return this.applyWith({ ...cmd, event: placeholder }, async (state, now) => {
      const check = await mayHandOver(this.deps.authority, cmd.actor, state, now.today);
      if (!check.ok) return { ok: false, outcome: { ok: false, code: check.code, rule: null, message: check.message, caseId: state.caseId } };
      const org = this.deps.authority.organisation;
      const chosen = checkNewHolder(org, state, cmd.role, cmd.personId);
      if (!chosen.ok) return { ok: false, outcome: { ok: false, code: 'NOT_A_HOLDER', rule: null, message: chosen.message, caseId: state.caseId } };
      return { ok: true, actor: check.actor, event: { type: 'CasePersonReassigned', role: cmd.role, to: chosen.person, reason: cmd.reason, people: casePeopleOf(org, state) } };
    });
  }

  /** Applies an event raised by the reminder service (the scheduler). */
  async applySystem(cmd: Omit<ApplyCommand, 'actor'>, firedDeadlines: string[] = []): Promise<CommandOutcome> {
    const done = await this.applyWith({ ...cmd, actor: SYSTEM_ACTOR }, async () => ({ ok: true, actor: SYSTEM_ACTOR }), firedDeadlines);
    return done.seen ? done.outcome : UNKNOWN_CASE;
  }

  /** Someone named a case they may not see (stored) or one there is not: kept as refuseUnseen keeps it. */
  private async keepUnseen(person: Person, caseId: string, stored: StoredCase<CaseState> | undefined, action: string, correlationId?: string): Promise<void> {
    const base = { person, action, rule: null, at: this.now().at, ...(correlationId ? { correlationId } : {}) };
    if (stored) await keepRefusal(this.deps, { ...base, caseId: stored.state.caseId, code: 'CASE_NOT_VISIBLE' });
    else await keepRefusal(this.deps, { ...base, caseId: null, named: caseId.slice(0, 100), code: 'UNKNOWN_CASE' });
  }

  /**
   * The one path every event takes: the command key (a repeat returns its first outcome), one read
   * of the case (or the caller's `basis`), need-to-know when the command asks for it, authority,
   * the protocol, one commit; a version conflict reads the case again and decides again. Returns
   * the outcome with the case as it now stands (the committed state, not read back).
   */
  private async applyWith(
    cmd: ApplyCommand | ActCommand,
    /** Who is acting; with `event`, the event as the server completed it from the organisation (a handover). */
    resolveActor: (state: CaseState, now: Now) => Promise<{ ok: true; actor: Actor; event?: EventInput } | { ok: false; outcome: CommandOutcome }>,
    firedDeadlines: string[] = [],
  ): Promise<Applied> {
    const unseen = 'unseen' in cmd ? cmd.unseen : undefined;
    let basis = 'basis' in cmd ? cmd.basis : undefined;
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const repeat = await this.deps.store.findCommand(cmd.idempotencyKey);
      // A repeat needs no case, unless a click must show it.
      if (repeat && !unseen) return { seen: true, outcome: repeatOutcome(repeat.outcome, { actorId: cmd.actor.id, caseId: cmd.caseId }) };
      const fromBasis = basis !== undefined && !repeat;
      const stored = fromBasis ? basis : await this.deps.store.get<CaseState>(cmd.caseId);
      basis = undefined;
      if (unseen && !(stored && (fromBasis || (await this.mayView(cmd.actor, stored.state))))) {
        await this.keepUnseen(cmd.actor, cmd.caseId, stored, unseen.action, unseen.correlationId);
        return { seen: false };
      }
      if (repeat) return { seen: true, outcome: repeatOutcome(repeat.outcome, { actorId: cmd.actor.id, caseId: cmd.caseId }), ...(stored ? { state: stored.state } : {}) };
      if (!stored) {
        if (cmd.actor.id !== SYSTEM_ACTOR.id) await keepRefusal(this.deps, { caseId: null, named: cmd.caseId, person: cmd.actor, action: (cmd.event as { type: string }).type, code: 'UNKNOWN_CASE', rule: null, at: this.now().at, ...(cmd.correlationId ? { correlationId: cmd.correlationId } : {}) });
        return { seen: false };
      }
      const now = this.now();
      const who = await resolveActor(stored.state, now);
      if (!who.ok) {
        await this.auditRefusal(cmd, cmd.actor, who.outcome, now);
        return { seen: true, outcome: who.outcome, state: stored.state };
      }
      const decision = this.decide(stored, who.event ? { ...cmd, event: who.event } : cmd, who.actor, now, firedDeadlines);
      if (decision.kind === 'refused') {
        await this.auditRefusal(cmd, decision.actor, decision.outcome, now);
        return { seen: true, outcome: decision.outcome, state: stored.state };
      }
      if (decision.kind === 'unchanged') {
        for (const id of firedDeadlines) await this.deps.store.markDeadlineFired(id, now.at);
        return { seen: true, outcome: decision.outcome, state: stored.state };
      }
      const saved = await this.deps.store.commit(decision.commit);
      if (saved.ok) return { seen: true, outcome: decision.outcome, state: decision.commit.state };
      if (saved.code === 'DUPLICATE_COMMAND') {
        const now = await this.deps.store.get<CaseState>(cmd.caseId);
        return { seen: true, outcome: repeatOutcome(saved.outcome, { actorId: cmd.actor.id, caseId: cmd.caseId }), state: now?.state ?? stored.state };
      }
      // VERSION_CONFLICT: someone else changed the case; read it again and re-decide.
    }
    throw new Error(`case ${cmd.caseId} stayed contended after ${MAX_CONFLICT_RETRIES} attempts`);
  }

  /** The protocol's answer to one event on the stored case, and the commit that would save it. */
  private decide(stored: StoredCase<CaseState>, cmd: ApplyCommand, actor: Actor, now: Now, firedDeadlines: string[]): Decision {
    const event = { ...cmd.event, actor } as CaseEvent;
    const result = transition(stored.state, event, now, this.deps.policy);
    if (!result.ok) return { kind: 'refused', actor, outcome: { ok: false, ...result.refusal, caseId: stored.state.caseId } };
    if (event.type === 'DeadlineReached' && result.effects.length === 0) {
      // A deadline that no longer applies: nothing to tell anyone, so no audit noise.
      return { kind: 'unchanged', outcome: { ok: true, caseId: stored.state.caseId, ref: stored.state.ref, version: stored.version, stage: stored.state.stage, action: result.action } };
    }
    const outcome: CommandOutcome = { ok: true, caseId: stored.state.caseId, ref: stored.state.ref, version: stored.version + 1, stage: result.state.stage, action: result.action };
    return { kind: 'commit', outcome, commit: this.buildCommit(stored, result.state, result.effects, result.action, actor, now, cmd, outcome, firedDeadlines) };
  }

  /**
   * Applies the events of many due deadlines from the scheduler, each as applySystem would, and
   * marks every deadline fired: in the commit of the event it caused, or on its own when its event
   * was refused, no longer applies, or its case is gone (so it never comes round again). Everything
   * goes to the store in one commitBatch, which SQLite writes in one transaction (one fsync for the
   * batch instead of one per deadline); a case with several deadlines gets one commit per
   * deadline, each on the state the one before left. All of them happen at the same instant.
   *
   * A commit the store refused (someone acted on the case meanwhile, or the command was already
   * committed) is applied again on its own, with the later deadlines of its case; a batch the store
   * failed is applied again one deadline at a time (command keys make what was already written a
   * repeat). Returns one result per command, in order: an error is that deadline's alone, and
   * leaves it unfired to come round again.
   */
  async applyDeadlines(cmds: readonly DeadlineCommand[]): Promise<DeadlineResult[]> {
    const results: Array<DeadlineResult | undefined> = new Array<DeadlineResult | undefined>(cmds.length);
    const now = this.now();
    const firings: DeadlineFiring[] = [];
    const commits: CaseCommit<CaseState>[] = [];
    /** For each commit, the command it saves. */
    const committing: number[] = [];
    const fire = (i: number): void => {
      const cmd = cmds[i]!;
      firings.push({ deadlineId: cmd.event.deadlineId, dueAt: cmd.dueAt, at: now.at });
    };
    const byCase = new Map<string, number[]>();
    cmds.forEach((cmd, i) => {
      const list = byCase.get(cmd.caseId);
      if (list) list.push(i);
      else byCase.set(cmd.caseId, [i]);
    });
    for (const [caseId, indexes] of byCase) {
      let current: StoredCase<CaseState> | undefined;
      try {
        current = await this.deps.store.get<CaseState>(caseId);
      } catch (error) {
        for (const i of indexes) results[i] = { ok: false, error };
        continue;
      }
      for (const i of indexes) {
        const cmd = cmds[i]!;
        if (!current) {
          results[i] = { ok: true, outcome: UNKNOWN_CASE };
          fire(i);
          continue;
        }
        try {
          const decision = this.decide(current, { ...cmd, actor: SYSTEM_ACTOR }, SYSTEM_ACTOR, now, [cmd.event.deadlineId]);
          results[i] = { ok: true, outcome: decision.outcome };
          if (decision.kind !== 'commit') {
            fire(i);
            continue;
          }
          commits.push(decision.commit);
          committing.push(i);
          const { commit } = decision;
          current = { summary: commit.summary, version: commit.expectedVersion + 1, state: commit.state };
        } catch (error) {
          // This deadline alone; the case's next deadlines are decided on the state before it.
          results[i] = { ok: false, error };
        }
      }
    }
    if (firings.length === 0 && commits.length === 0) return results as DeadlineResult[];

    let saved: Awaited<ReturnType<CaseRepository['commitBatch']>>;
    try {
      saved = await this.deps.store.commitBatch({ firings, commits });
    } catch {
      // One of them broke the batch (SQLite wrote none of it): each again on its own.
      for (let i = 0; i < cmds.length; i++) if (results[i]?.ok) results[i] = await this.applyDeadlineAlone(cmds[i]!);
      return results as DeadlineResult[];
    }
    // From the first refused commit of a case on, its deadlines were decided on a state the store
    // does not hold: each is applied again on its own, in order.
    const redoFrom = new Map<string, number>();
    saved.forEach((result, j) => {
      const i = committing[j]!;
      const caseId = cmds[i]!.caseId;
      if (!result.ok && !redoFrom.has(caseId)) redoFrom.set(caseId, i);
    });
    for (let i = 0; i < cmds.length; i++) {
      const from = redoFrom.get(cmds[i]!.caseId);
      if (from !== undefined && i >= from && results[i]?.ok) results[i] = await this.applyDeadlineAlone(cmds[i]!);
    }
    return results as DeadlineResult[];
  }

  /** One deadline's event on its own (the path a batch falls back to); the deadline ends fired unless this fails. */
  private async applyDeadlineAlone(cmd: DeadlineCommand): Promise<DeadlineResult> {
    try {
      const outcome = await this.applySystem({ idempotencyKey: cmd.idempotencyKey, caseId: cmd.caseId, event: cmd.event }, [cmd.event.deadlineId]);
      // A refused event, an unknown case or a repeat of a command already committed left it unfired.
      await this.deps.store.commitBatch({ firings: [{ deadlineId: cmd.event.deadlineId, dueAt: cmd.dueAt, at: this.deps.clock.now().toISOString() }], commits: [] });
      return { ok: true, outcome };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** Keeps a refused authority check in the case's refusal log; the case itself is not touched. */
  private async auditRefusal(cmd: ApplyCommand, person: Person, outcome: CommandOutcome, now: Now): Promise<void> {
    if (outcome.ok || person.id === SYSTEM_ACTOR.id) return;
    await keepRefusal(this.deps, { caseId: cmd.caseId, person, action: (cmd.event as { type: string }).type, code: outcome.code, rule: outcome.rule, at: now.at, ...(cmd.correlationId ? { correlationId: cmd.correlationId } : {}) });
  }

  /**
   * Someone named a case they may not see, or one there is not (by id from a card, or by
   * reference): kept in that case's refusal log, or the store's, and logged (M7). They are told
   * the same either way, so nothing says whether the case exists.
   */
  async refuseUnseen(person: Person, named: { caseId?: string; ref?: string }, action: string, correlationId?: string): Promise<void> {
    const stored = named.caseId !== undefined ? await this.deps.store.get<CaseState>(named.caseId) : named.ref !== undefined ? await this.deps.store.getByRef<CaseState>(named.ref) : undefined;
    const base = { person, action, rule: null, at: this.now().at, ...(correlationId ? { correlationId } : {}) };
    if (stored) await keepRefusal(this.deps, { ...base, caseId: stored.state.caseId, code: 'CASE_NOT_VISIBLE' });
    else await keepRefusal(this.deps, { ...base, caseId: null, named: named.caseId ?? named.ref ?? '', code: 'UNKNOWN_CASE' });
  }

  private buildCommit(
    stored: StoredCase<CaseState> | null,
    state: CaseState,
    effects: Effect[],
    action: string,
    actor: Actor,
    now: Now,
    cmd: { idempotencyKey: string; correlationId?: string },
    outcome: CommandOutcome,
    firedDeadlines: string[],
  ): CaseCommit<CaseState> {
    const version = (stored?.version ?? 0) + 1;
    const correlationId = cmd.correlationId ?? randomUUID();
    const outbox: OutboxItemInput[] = [];
    const schedule: DeadlineInput[] = [];
    const cancel: string[] = [];
    effects.forEach((effect, index) => {
      if (effect.type === 'schedule-deadline') {
        schedule.push({ deadlineId: effect.deadlineId, kind: effect.kind, dueAt: localTimeOn(effect.dueOn, this.deadlineHour, this.deps.timeZone).toISOString(), payload: effect });
      } else if (effect.type === 'cancel-deadline') {
        cancel.push(effect.deadlineId);
      } else {
        outbox.push({ effectId: `${state.caseId}:v${version}:${index}`, kind: effect.type, payload: effect });
      }
    });
    if (this.deps.documents) outbox.push(...documentOutboxItems(stored?.state ?? null, state, version, this.deps.documents));
    const onBehalfOf = actor.onBehalfOf ?? null;
    // The organisation's audit list gets every entry too (append-only, keyed by case and version).
    outbox.push({
      effectId: `${state.caseId}:v${version}:audit`,
      kind: 'record',
      payload: {
        type: 'record',
        list: 'audit',
        key: `audit:${state.caseId}:${version}`,
        fields: {
          CaseRef: state.ref,
          Seq: version,
          At: now.at,
          Actor: actor.name,
          ActorId: actor.id,
          OnBehalfOf: onBehalfOf?.name ?? null,
          Role: actor.role,
          // A single line of text in SharePoint (255 characters at most); the store's audit trail keeps it whole.
          Action: action.length <= 255 ? action : `${action.slice(0, 254)}…`,
          Summary: `${state.stage}`,
        },
      },
    });
    const diff = changedParts(stored?.state ?? null, state);
    return {
      summary: {
        caseId: state.caseId,
        ref: state.ref,
        pathway: state.pathway,
        stage: state.stage,
        participants: participantsOf(state),
        openedAt: state.openedAt,
        updatedAt: now.at,
      },
      expectedVersion: stored?.version ?? 0,
      state,
      audit: {
        at: now.at,
        actorId: actor.id,
        actorName: actor.name,
        onBehalfOfId: onBehalfOf?.id ?? null,
        onBehalfOfName: onBehalfOf?.name ?? null,
        role: actor.role,
        action,
        before: diff.before,
        after: diff.after,
        correlationId,
      },
      outbox,
      deadlines: { schedule, cancel, fired: firedDeadlines },
      command: { key: cmd.idempotencyKey, outcome: storedOutcome(outcome, actor.id) },
    };
  }
}
