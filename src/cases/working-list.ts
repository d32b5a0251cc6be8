/**
 * A person's working lists, read from the store: their open cases (or, on request, their closed
 * ones) with each case's next due date; the steps and visits waiting for them on their own cases;
 * and, for managers, the open cases of the teams or services they oversee, overdue first.
 * Words are chosen at the edge (src/bot/working-list-text.ts); here everything is data.
 */
import { CaseDue, CalendarDate, CaseRole, CLOSURE_TEXT, dateOf, CasePolicy, CaseStage, CaseState, missingBeforeClosure, nextDueOn, pendingWithdrawalRequest, Person, daysOverdue, LATE_IN_CALENDAR_DAYS, noWorkingDayLostYet } from '../protocol';
import type { CaseStore, CaseSummary } from '../ports/case-store';
import type { Authority } from './authority';
import { everySummary } from './every-summary';
import { managerScope, ManagerScope, type NoScopeCode } from './manager-scope';
import { casePeopleOf } from './case-people';
import { mayViewCase } from './need-to-know';
import { serviceQueue, teamQueue, waitingQueue } from './case-index';
import type { Holders } from './organisation';
import { PeopleGap, peopleGaps } from './removed-people';
import { DirectoryLookupError } from '../ports/directory';

export interface WorkingListDeps {
  store: Pick<CaseStore, 'list' | 'get'>;
  authority: Authority;
  policy: CasePolicy;
  today: CalendarDate;
}

/** One case on a list. */
export interface CaseLine {
  caseId: string;
  ref: string;
  pathway: string;
  stage: CaseStage;
  socialWorker: string;
  team: string | null;
  next: CaseDue | undefined;
  /** Days the next due date is past (0: not overdue): working days, or calendar days where `inCalendarDays`. */
  overdueBy: number;
  /** The next due date is counted in calendar days (a visit, R-VISIT-1; the 16-week horizon, R-PLAN-5). */
  inCalendarDays?: true;
  /** Overdue, but only non-working days since (protocol's noWorkingDayLostYet). */
  noWorkingDayLostYet?: true;
  /** A closed case: how and when it closed, and the reference it had (a withdrawn case gives its own up). */
  closed?: { text: string; on: CalendarDate; ref: string };
  /** No IRO named yet, and this person (the IRO manager, or their deputy) acts as its IRO meanwhile. */
  coveringIro?: true;
  /** This person is the case's social worker, whose the visits are (R-VISIT-1): anyone else's list says whose they are. */
  socialWorkersOwn?: true;
}

/** A step or visit on the person's own case that waits for them. */
export interface WaitingStep {
  caseId: string;
  ref: string;
  what: 'visit' | 'revise-assessment' | 'not-viable-actions' | 'end-care-episode' | 'end-placement' | 'letter-words' | 'withdrawal-request' | 'letter' | 'close-case';
  visitIndex?: number;
  due: CalendarDate | null;
  /** Days past `due`: calendar days for a visit (R-VISIT-1), else working days. */
  overdueBy: number;
  /** Overdue, but only non-working days since (protocol's noWorkingDayLostYet). */
  noWorkingDayLostYet?: true;
}

export { LIST_LIMIT } from './every-summary';

/** Every case summary of a participant, or the store's every case (a council with over 500 read "Open cases in every team: 500, none overdue"). */
function summaries(deps: WorkingListDeps, participant?: string): Promise<CaseSummary[]> {
  return everySummary(deps.store, participant);
}

export function lineOf(state: CaseState, policy: CasePolicy, today: CalendarDate): CaseLine {
  const next = nextDueOn(state, policy, today);
  return {
    caseId: state.caseId,
    ref: state.ref,
    pathway: state.pathway,
    stage: state.stage,
    socialWorker: state.socialWorker.name,
    team: state.people?.team ?? null,
    next,
    overdueBy: next ? daysOverdue(next.kind, next.due, today, policy) : 0,
    ...(next && LATE_IN_CALENDAR_DAYS[next.kind] ? { inCalendarDays: true as const } : {}),
    ...(next && noWorkingDayLostYet(next.kind, next.due, today, policy) ? { noWorkingDayLostYet: true as const } : {}),
    ...(state.closure ? { closed: { text: CLOSURE_TEXT[state.closure.reason], on: dateOf(state.closure), ref: state.closure.ref ?? state.ref } } : {}),
  };
}

/** Overdue first (most overdue first), then by next due date, then the cases with none, by reference. */
export function overdueFirst(a: CaseLine, b: CaseLine): number {
  if (a.overdueBy !== b.overdueBy) return b.overdueBy - a.overdueBy;
  const ad = a.next?.due ?? '9999-12-31';
  const bd = b.next?.due ?? '9999-12-31';
  if (ad !== bd) return ad < bd ? -1 : 1;
  return a.ref.localeCompare(b.ref);
}

async function statesOf(deps: WorkingListDeps, summaries: readonly CaseSummary[]): Promise<CaseState[]> {
  const states: CaseState[] = [];
  for (const summary of summaries) {
    const stored = await deps.store.get<CaseState>(summary.caseId);
    if (stored) states.push(stored.state);
  }
  return states;
}

/**
 * The cases a person is named on, open or closed, as states: only those they may still open (need
 * to know, as "case REF"), so a manager taken out of the organisation file is not listed the
 * cases that still name them, each of which would then answer that there is no such case.
 */
export async function namedCases(deps: WorkingListDeps, person: Person, which: 'open' | 'closed'): Promise<CaseState[]> {
  const named = (await summaries(deps, person.id)).filter((s) => (which === 'closed') === (s.stage === 'closed'));
  return filterAsync(await statesOf(deps, named), (s) => mayViewCase(deps.authority, person, s, deps.today));
}

export function linesOf(states: readonly CaseState[], deps: Pick<WorkingListDeps, 'policy' | 'today'>): CaseLine[] {
  return states.map((s) => lineOf(s, deps.policy, deps.today)).sort(overdueFirst);
}

/** What waits for this person on the cases they are the social worker (or named IRO) of. */
export function stepsWaitingFor(person: Person, states: readonly CaseState[], deps: Pick<WorkingListDeps, 'policy' | 'today'>): WaitingStep[] {
  const steps: WaitingStep[] = [];
  const add = (state: CaseState, what: WaitingStep['what'], due: CalendarDate | null = null, visitIndex?: number): void => {
    const kind = what === 'visit' ? 'visit' : 'decision';
    const noneLost = due !== null && noWorkingDayLostYet(kind, due, deps.today, deps.policy);
    steps.push({ caseId: state.caseId, ref: state.ref, what, due, overdueBy: due ? daysOverdue(kind, due, deps.today, deps.policy) : 0, ...(visitIndex !== undefined ? { visitIndex } : {}), ...(noneLost ? { noWorkingDayLostYet: true as const } : {}) });
  };
  for (const state of states) {
    if (state.stage === 'closed') continue;
    if (state.iro?.id === person.id && state.letterContributions?.iroAskedAt && !state.letterContributions.iro && !state.letter) add(state, 'letter-words');
    // A social worker's request to withdraw waits for the case's team managers to answer it (R-SIGN-4).
    if (state.socialWorker.id !== person.id && pendingWithdrawalRequest(state) && state.people?.teamManagers.some((h) => h.id === person.id)) add(state, 'withdrawal-request');
    if (state.socialWorker.id !== person.id) continue;
    if (state.stage === 'revising') add(state, 'revise-assessment');
    if (state.stage === 'not-viable' && !state.notViable?.actions) add(state, 'not-viable-actions');
    if (state.stage === 'head-of-service-agreed' || state.stage === 'director-authorised') add(state, 'end-care-episode');
    if (state.placement.status === 'consent-given') add(state, 'end-placement');
    const visit = state.visits.find((v) => !v.doneOn);
    if (visit) add(state, 'visit', visit.due, visit.index);
    // The end of the case is theirs too: the letter once the episode has ended, and the review once nothing else is left.
    if (state.stage === 'episode-ended' && !state.letter) add(state, 'letter');
    if ((state.stage === 'episode-ended' || state.stage === 'not-viable') && missingBeforeClosure(state).length === 0) add(state, 'close-case');
  }
  return steps.sort((a, b) => b.overdueBy - a.overdueBy || (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.ref.localeCompare(b.ref));
}

/** The open cases of someone this person covers as their deputy today, on which they hold that part for them. */
export interface CoveredCases {
  for: Person;
  role: CaseRole;
  to: CalendarDate;
  lines: CaseLine[];
}

/**
 * For each cover of this person running today (the organisation file's deputies), the open cases
 * of the person they cover on which the deputy holds the covered part (as "case REF" lets them act),
 * less those in `own` (already listed as theirs): a deputy would otherwise read that no open case
 * has a step for them until a request or an escalation reached them.
 */
export async function casesCovered(deps: WorkingListDeps, person: Person, own: ReadonlySet<string>): Promise<CoveredCases[]> {
  const found: CoveredCases[] = [];
  const listed = new Set(own);
  for (const cover of deps.authority.organisation.deputies) {
    if (cover.deputy.id !== person.id || cover.from > deps.today || deps.today > cover.to) continue;
    const theirCases = [...(await summaries(deps, cover.for.id)), ...(await heldThroughGroups(deps, cover))];
    const unique = [...new Map(theirCases.map((s) => [s.caseId, s])).values()];
    const states = await statesOf(deps, unique.filter((s) => s.stage !== 'closed' && !listed.has(s.caseId)));
    const theirs = await filterAsync(states, (s) => deps.authority.holdsOnCase(person, cover.role, deps.today, s));
    for (const s of theirs) listed.add(s.caseId);
    if (theirs.length > 0) found.push({ for: { id: cover.for.id, name: cover.for.name }, role: cover.role, to: cover.to, lines: linesOf(theirs, deps) });
  }
  return found;
}

/**
 * The cases of the teams (or services) where the person covered holds the part only through an
 * Entra group: a case records the group, not its members, so it is not indexed under them, and
 * their deputy would read no case of theirs at all. Read from the team's or service's queue.
 */
async function heldThroughGroups(deps: WorkingListDeps, cover: { role: CaseRole; for: Person }): Promise<CaseSummary[]> {
  const org = deps.authority.organisation;
  const through = async (holders: Holders): Promise<boolean> => !holders.users.some((u) => u.id === cover.for.id) && holders.groups.length > 0 && (await deps.authority.isAmong(cover.for.id, holders).catch(() => false));
  const queues: string[] = [];
  if (cover.role === 'team-manager') for (const team of org.teams) if (await through(team.managers)) queues.push(teamQueue(team.name));
  if (cover.role === 'head-of-service') for (const service of org.services) if (await through(service.headsOfService)) queues.push(serviceQueue(service.name));
  const found: CaseSummary[] = [];
  for (const queue of queues) found.push(...(await summaries(deps, queue)));
  return found;
}

/**
 * The open cases with no IRO named that this person covers meanwhile as the IRO manager (or their
 * deputy): read from the case index's queue, only for someone who holds the IRO part at all.
 */
export async function casesCoveredAsIro(deps: WorkingListDeps, person: Person): Promise<CaseState[]> {
  if (!(await deps.authority.check(person, ['iro'], deps.today).catch(() => ({ ok: false }))).ok) return [];
  const states = await statesOf(deps, (await summaries(deps, waitingQueue('iro-named'))).filter((s) => s.stage !== 'closed'));
  const covered: CaseState[] = [];
  for (const state of states) if (!state.iro && (await deps.authority.holdsOnCase(person, 'iro', deps.today, state))) covered.push(state);
  return covered;
}

export type TeamCases = { ok: true; scope: ManagerScope; lines: CaseLine[] } | { ok: false; code: NoScopeCode };

/** The open cases a manager oversees, overdue first. */
export async function teamCases(deps: WorkingListDeps, person: Person): Promise<TeamCases> {
  const found = await managerScope(deps.authority, person, deps.today);
  if (!found.ok) return found;
  let seen: CaseState[];
  try {
    seen = await casesSeenInScope(deps, person, found.scope);
  } catch (error) {
    if (error instanceof DirectoryLookupError && error.retryable) return { ok: false, code: 'DIRECTORY_UNAVAILABLE' };
    throw error;
  }
  return { ok: true, scope: found.scope, lines: linesOf(found.scope.all ? seen : [...seen, ...(await managedElsewhere(deps, person, seen))], deps) };
}

/**
 * The open cases of other teams this person is named on as the case's team manager or Head of
 * Service (one handed to them from another team): theirs to oversee though outside their teams.
 */
async function managedElsewhere(deps: WorkingListDeps, person: Person, listed: readonly CaseState[]): Promise<CaseState[]> {
  const have = new Set(listed.map((s) => s.caseId));
  const manages = (s: CaseState): boolean => [...(s.people?.teamManagers ?? []), ...(s.people?.headsOfService ?? [])].some((h) => !h.group && h.id === person.id);
  return (await namedCases(deps, person, 'open')).filter((s) => !have.has(s.caseId) && manages(s));
}

/**
 * The open cases in a manager's scope that they may open. Need-to-know decides, as for "case REF": a
 * team the file has since moved to another service stays with the Head of Service the case names
 * until it is handed over, so the new service's Head of Service is not shown it.
 */
async function casesSeenInScope(deps: WorkingListDeps, person: Person, scope: ManagerScope): Promise<CaseState[]> {
  const inScope = await casesInScope(deps, scope);
  return scope.all ? inScope : filterAsync(inScope, (s) => mayViewCase(deps.authority, person, s, deps.today));
}

/** The open cases in a manager's scope, as states (each read once). */
export async function casesInScope(deps: WorkingListDeps, scope: ManagerScope): Promise<CaseState[]> {
  const found = new Map<string, CaseSummary>();
  if (scope.all) {
    for (const s of await summaries(deps)) found.set(s.caseId, s);
  } else {
    for (const team of scope.teams) for (const s of await summaries(deps, teamQueue(team))) found.set(s.caseId, s);
    // A case stays with the service it names until handed over, though the file has since moved its team.
    for (const service of scope.services) for (const s of await summaries(deps, serviceQueue(service))) found.set(s.caseId, s);
  }
  const open = [...found.values()].filter((s) => s.stage !== 'closed');
  const states = await statesOf(deps, open);
  // The index is a hint: the case's own team decides (a case handed to another team leaves the list).
  const org = deps.authority.organisation;
  return scope.all
    ? states
    : states.filter((s) => {
        const { team, service } = casePeopleOf(org, s);
        return (team !== null && scope.teams.includes(team)) || (service !== null && scope.services.includes(service));
      });
}

/** An open case with people the organisation file no longer names. */
export interface NeedingPeople {
  caseId: string;
  ref: string;
  gaps: PeopleGap[];
}

/**
 * The cases this person should find new people for: a manager's (their team's, service's, or for
 * the Director every) open cases naming someone the file no longer names, and for the IRO manager
 * every open case whose IRO is gone. Empty for everyone else.
 */
export async function casesNeedingPeople(deps: WorkingListDeps, person: Person): Promise<NeedingPeople[]> {
  const org = deps.authority.organisation;
  const inGroups = (id: string, holders: Holders): Promise<boolean> => deps.authority.isAmong(id, holders);
  const found = new Map<string, NeedingPeople>();
  const scope = await managerScope(deps.authority, person, deps.today);
  let iroManager = false;
  try {
    iroManager = await deps.authority.isAmong(person.id, org.iroService.manager);
  } catch (error) {
    if (!(error instanceof DirectoryLookupError)) throw error;
  }
  const states = scope.ok ? await casesSeenInScope(deps, person, scope.scope).catch((error: unknown) => (error instanceof DirectoryLookupError ? [] : Promise.reject(error))) : [];
  const extra = iroManager && !(scope.ok && scope.scope.all) ? await casesInScope(deps, { all: true, teams: [], services: [] }) : [];
  for (const state of [...states, ...extra]) {
    if (found.has(state.caseId)) continue;
    const inScope = states.includes(state);
    const gaps = (await peopleGaps(org, inGroups, state)).filter((g) => inScope || g.role === 'iro');
    if (gaps.length > 0) found.set(state.caseId, { caseId: state.caseId, ref: state.ref, gaps });
  }
  return [...found.values()].sort((a, b) => a.ref.localeCompare(b.ref));
}

async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const kept = await Promise.all(items.map(keep));
  return items.filter((_, i) => kept[i]);
}
