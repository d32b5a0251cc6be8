/**
 * The working lists in words: "my cases" (what waits for the person, then their open cases),
 * "team cases" (a manager's team or service, overdue first) and "my closed cases". A late decision
 * is counted in working days (bank holidays and the organisation's closure days left out), a late
 * visit or 16-week horizon in calendar days, as R-VISIT-1 and R-PLAN-5 count them.
 */
import type { WaitingDecision } from '../cases/case-service';
import type { EscalatedDecision } from '../cases/waiting-for';
import type { ManagerScope } from '../cases/manager-scope';
import type { CaseLine, CoveredCases, NeedingPeople, WaitingStep } from '../cases/working-list';
import { ApprovalStage, CalendarDate, CasePolicy, CaseDue, type CaseStage, dateText, decisionDueOn, ROLE_NAMES, STAGE_NAMES, STAGE_RULES, noWorkingDayLostYet, workingDaysOverdue } from '../protocol';
import { APPROVAL_TITLES, STAGE_TEXT, visitTitle } from './case-view';
import { moreText, pageOf, pastLastText, SHOWN } from './list-page';
import { escapeMarkdown } from './markdown-escape';

export interface ListContext {
  policy: CasePolicy;
  today: CalendarDate;
}

const WAITING_TEXT: Record<ApprovalStage | 'iro-view', string> = { ...APPROVAL_TITLES, 'iro-view': "IRO's view on the assessment" };

const STEP_TEXT: Record<Exclude<WaitingStep['what'], 'visit'>, string> = {
  'revise-assessment': 'revise the assessment and send it again (the case card says why it came back)',
  'not-viable-actions': 'record the actions after the not-viable decision (R-UNPL-8)',
  'end-care-episode': 'record the end of the care episode (R-SIGN-4)',
  'end-placement': 'record the end of the placement (R-PLACE-1)',
  'letter-words': "write the IRO's words for the child's letter (R-LETTER-1)",
  'withdrawal-request': "answer the social worker's request to withdraw the case: withdraw it or keep it open (R-SIGN-4)",
  letter: 'write the "Your time in our care" letter (R-LETTER-1)',
  'close-case': 'record the reunification review meeting, which closes the case (R-UNPL-10)',
};

const DUE_TEXT: Record<CaseDue['kind'], string> = { decision: 'decision', visit: 'visit (R-VISIT-1)', 'planned-horizon': '16-week horizon (R-PLAN-5)' };

/**
 * Late by working days (a decision), or by calendar days (a visit, the 16-week horizon), as their rules
 * count them; only "OVERDUE" on the weekend or bank holiday straight after a decision's day, when no working day is lost yet.
 */
export const overdueText = (days: number, calendarDays = false, noWorkingDayLost = false): string =>
  noWorkingDayLost ? '**OVERDUE**' : `**OVERDUE by ${days}${calendarDays ? '' : ' working'} day${days === 1 ? '' : 's'}**`;
const typeCase = (ref: string): string => `(type "case ${ref}")`;

/** ", due by Fri 6 Mar 2026" or ", **OVERDUE by 1 working day** (due by Fri 6 Mar 2026)"; nothing for the IRO's view, which has no deadline of its own in the protocol. */
export function decisionDueWords(w: Pick<WaitingDecision, 'what' | 'since'>, ctx: ListContext): string {
  if (w.what === 'iro-view') return '';
  const due = decisionDueOn(w.since, ctx.policy);
  const late = workingDaysOverdue(due, ctx.today, ctx.policy);
  return `, ${late > 0 ? `${overdueText(late, false, noWorkingDayLostYet('decision', due, ctx.today, ctx.policy))} (due by ${dateText(due)})` : `due by ${dateText(due)}`}`;
}

/** "- MOS-1042: Team manager's agreement, asked on Mon 2 Mar 2026, due by Fri 6 Mar 2026 (type …)". */
export function decisionLine(w: WaitingDecision, ctx: ListContext): string {
  return `- ${w.ref}: ${WAITING_TEXT[w.what]}, asked on ${dateText(w.since)}${decisionDueWords(w, ctx)} ${typeCase(w.ref)}`;
}

/** "- MOS-1042: Team manager's agreement, asked on Mon 2 Mar 2026, escalated to you on Mon 9 Mar 2026, **OVERDUE by 1 working day** (type …)". */
export function escalatedLine(w: EscalatedDecision, ctx: ListContext): string {
  const due = decisionDueOn(w.since, ctx.policy);
  const late = workingDaysOverdue(due, ctx.today, ctx.policy);
  return `- ${w.ref}: ${WAITING_TEXT[w.what]}, asked on ${dateText(w.since)}, escalated to you on ${dateText(w.escalatedOn)}, ${overdueText(late, false, noWorkingDayLostYet('decision', due, ctx.today, ctx.policy))} ${typeCase(w.ref)}`;
}

export function stepLine(s: WaitingStep): string {
  const what = s.what === 'visit' ? `${visitTitle(s.visitIndex ?? 0).toLowerCase()} (R-VISIT-1)` : STEP_TEXT[s.what];
  const due = s.due ? (s.overdueBy > 0 ? `, ${overdueText(s.overdueBy, s.what === 'visit', s.noWorkingDayLostYet)} (due ${dateText(s.due)})` : `, due ${dateText(s.due)}`) : '';
  return `- ${s.ref}: ${what}${due} ${typeCase(s.ref)}`;
}

function nextText(line: CaseLine): string {
  if (!line.next) return 'nothing dated due';
  // A visit is the social worker's to do (R-VISIT-1): on anyone else's list it says whose it is.
  // A decision says whose it is too ("the team manager's agreement"): "decision" alone read as the reader's.
  const what = line.next.kind === 'visit' && !line.socialWorkersOwn ? "the social worker's visit (R-VISIT-1)" : line.next.kind === 'decision' && line.next.approval ? `the ${STAGE_NAMES[line.next.approval.stage]} (${STAGE_RULES[line.next.approval.stage][0]})` : DUE_TEXT[line.next.kind];
  const due = `next due ${dateText(line.next.due)}: ${what}`;
  return line.overdueBy > 0 ? `${overdueText(line.overdueBy, line.inCalendarDays, line.noWorkingDayLostYet)}: ${due}` : due;
}

/**
 * A case the IRO manager covers as its IRO, none being named. Once the care episode has ended the
 * IRO's part has ended with it (R-PLACE-2), so nobody need name one: saying the team manager names
 * one would send them to ask for a handover nobody needs.
 */
function coveringIroText(stage: CaseStage): string {
  if (stage === 'episode-ended') return ', no IRO named: the care episode has ended, and the IRO\'s part with it, so none needs naming; it is listed as yours until the case closes';
  return `, no IRO named yet: you act as its IRO until one is named (the case's team manager names one with "Hand the case over")`;
}

/** "- MOS-1042: unplanned, Waiting for the team manager's agreement, next due … (type …)". */
export function caseLine(line: CaseLine, withWorker = false, withTeam = false): string {
  // Display names are shown as typed, never as a link (L4), as notices and cards show them.
  const worker = withWorker ? `, social worker ${escapeMarkdown(line.socialWorker)}` : '';
  const iro = line.coveringIro ? coveringIroText(line.stage) : '';
  const team = withTeam && line.team ? ` (${escapeMarkdown(line.team)})` : '';
  return `- ${line.ref}${team}: ${line.pathway}, ${STAGE_TEXT[line.stage] ?? line.stage}${worker}${iro}, ${nextText(line)} ${typeCase(line.ref)}`;
}

/**
 * `mayStart`: whether they may start a case; nobody is told to type "new case" only to be refused.
 * `holdsRole`: false for someone the organisation file gives no role today, who is never sent a message about a case.
 * `oversees`: a manager with "team cases" to see (the Director is on every case card, so "not named" would be untrue).
 */
export function myCasesText(parts: { decisions: readonly WaitingDecision[]; escalated?: readonly EscalatedDecision[]; steps: readonly WaitingStep[]; open: readonly CaseLine[]; covered?: readonly CoveredCases[]; directoryUnavailable: boolean; needingPeople?: string; mayStart?: boolean; holdsRole?: boolean; oversees?: boolean }, ctx: ListContext): string {
  const out: string[] = [];
  out.push(...waitingSections(parts, ctx, 1));
  if (parts.needingPeople) out.push(parts.needingPeople);
  if (parts.open.length > 0) out.push(`Your cases:\n${yourCasesPage(parts.open, 1)}`);
  for (const c of parts.covered ?? []) out.push(coveredText(c));
  if (parts.directoryUnavailable) out.push('The decisions waiting for your roles could not all be checked just now (the directory did not answer). Please type "my cases" again in a minute.');
  if (out.length === 0) {
    if (parts.holdsRole === false) return 'You are not named on any open case, and nothing is waiting for your decision. You hold none of this service\'s roles today (social worker, team manager, Head of Service, Director, IRO or placement team), so no case will come to you here until you do: ask your administrator if you think you should. Closed cases are not listed here: type "my closed cases" to see them.';
    const next = parts.mayStart === false ? 'You will be sent a message here when a case needs you.' : 'Type "new case" to start one.';
    if (parts.oversees) return `Nothing is waiting for your decision, and no open case has a step for you. Type "team cases" to see the open cases you oversee. ${next} Closed cases are not listed here: type "my closed cases" to see them.`;
    // "Any case yet" was untrue of someone whose cases have all closed: those are listed elsewhere.
    return `You are not named on any open case, and nothing is waiting for your decision. ${next} Closed cases are not listed here: type "my closed cases" to see them.`;
  }
  if (parts.open.length > 0 || parts.covered?.length) out.push('Closed cases are not listed here: type "my closed cases" to see them.');
  return out.join('\n\n');
}

export interface WaitingParts {
  decisions: readonly WaitingDecision[];
  escalated?: readonly EscalatedDecision[];
  steps: readonly WaitingStep[];
}

/**
 * What waits for them, SHOWN of each kind at a time, oldest first: a manager with 340 requests
 * waiting was sent a message past Teams' 100 KB, which Teams refuses, so "my cases" showed nothing.
 */
function waitingSections(parts: WaitingParts, ctx: ListContext, page: number): string[] {
  const section = <T>(items: readonly T[], head: string, line: (item: T) => string, what: string): string[] => {
    const p = pageOf(items, page);
    if (p.shown.length === 0) return [];
    const which = page > 1 ? ` (${p.from + 1} to ${p.from + p.shown.length} of ${items.length})` : '';
    return [`${head}${which}:\n${p.shown.map(line).join('\n')}${moreText(p, page, what, 'after those shown', 'waiting')}`];
  };
  return [
    ...section(parts.decisions, 'Waiting for your decision', (w) => decisionLine(w, ctx), 'waiting for your decision'),
    ...section(parts.escalated ?? [], 'Escalated to you, to see that each is decided (open the case to see who decides it)', (w) => escalatedLine(w, ctx), 'escalated to you'),
    ...section(parts.steps, 'Steps and visits waiting for you', stepLine, 'steps and visits'),
  ];
}

/** "waiting 2": the next page of what waits for them (the first is at the top of "my cases"). */
export function waitingPageText(parts: WaitingParts, ctx: ListContext, page: number): string {
  const counts = [parts.decisions.length, parts.escalated?.length ?? 0, parts.steps.length];
  if (counts.every((n) => n === 0)) return 'Nothing is waiting for your decision, and no open case has a step for you. Type "my cases" for your open cases.';
  const sections = waitingSections(parts, ctx, page);
  if (sections.length > 0) return sections.join('\n\n');
  const head = `Waiting for you: ${counts[0]} for your decision, ${counts[1]} escalated to you, ${counts[2]} steps and visits.`;
  return `${head} ${pastLastText(Math.max(...counts.map((n) => Math.ceil(n / SHOWN))), 'waiting', ' (also at the top of "my cases")')}`;
}

/** One page of "Your cases" (an IRO may have 150 children), and how to see the next page. */
function yourCasesPage(open: readonly CaseLine[], page: number): string {
  const p = pageOf(open, page);
  return `${p.shown.map((l) => caseLine(l)).join('\n')}${moreText(p, page, 'open cases', 'not overdue before those shown', 'my cases')}`;
}

/** "my cases 2": the next page of "Your cases" alone (what waits for them is on the first page, "my cases"). */
export function myCasesPageText(open: readonly CaseLine[], page: number): string {
  const p = pageOf(open, page);
  const head = `Your open cases: ${open.length}.`;
  if (p.past) return `${head} ${pastLastText(p.pages, 'my cases', ', with what is waiting for you')}`;
  return `${head} Cases ${p.from + 1} to ${p.from + p.shown.length} (type "my cases" for what is waiting for you):\n${yourCasesPage(open, page)}`;
}

/** A deputy's cover: the open cases of the person they cover, which they act on for them until the cover ends ("covered cases 2" for the next page). */
function coveredText(c: CoveredCases, page = 1): string {
  const p = pageOf(c.lines, page);
  const head = `Cases of ${escapeMarkdown(c.for.name)}, whom you cover as ${ROLE_NAMES[c.role]} until ${dateText(c.to)}`;
  if (p.past) return `${head}: ${c.lines.length}. ${pastLastText(p.pages, 'covered cases')}`;
  const which = page > 1 ? ` (cases ${p.from + 1} to ${p.from + p.shown.length} of ${c.lines.length})` : '';
  return `${head}${which} (you act on their behalf until then: open a case to see what it needs):\n${p.shown.map((l) => caseLine(l)).join('\n')}${moreText(p, page, 'open cases', 'not overdue before those shown', 'covered cases')}`;
}

/** "covered cases 2": the page asked for of each cover a deputy holds (the first page is also in "my cases"). */
export function coveredCasesText(covered: readonly CoveredCases[], page: number): string {
  if (covered.length === 0) return 'You are not covering anyone today, so there are no cases of theirs to list. Type "my cases" for your own.';
  return covered.map((c) => coveredText(c, page)).join('\n\n');
}

/** The team or service names come from the organisation file: shown as written, like people's names. */
function scopeText(scope: ManagerScope): string {
  if (scope.all) return 'every team';
  return (scope.services.length > 0 ? scope.services : scope.teams).map(escapeMarkdown).join(', ');
}

/** "team cases 2": the page asked for, past the first SHOWN cases (a Director's council has hundreds). */
export function teamCasesText(scope: ManagerScope, lines: readonly CaseLine[], page = 1): string {
  if (lines.length === 0) return `There are no open cases in ${scopeText(scope)}. Type "my cases" for anything waiting for you, or "my closed cases" for the closed ones you were part of.`;
  // A case of another team handed to them as its manager: listed with its team, and the heading says so.
  const elsewhere = (l: CaseLine): boolean => !scope.all && l.team !== null && !scope.teams.includes(l.team);
  const others = lines.some(elsewhere) ? ', and of other teams whose cases name you as their manager' : '';
  const overdue = lines.filter((l) => l.overdueBy > 0).length;
  const head = `Open cases in ${scopeText(scope)}${others}: ${lines.length}${overdue > 0 ? `, ${overdue} overdue (listed first)` : ', none overdue'}.`;
  const p = pageOf(lines, page);
  if (p.past) return `${head} ${pastLastText(p.pages, 'team cases')}`;
  const which = page > 1 ? `\nCases ${p.from + 1} to ${p.from + p.shown.length}:` : '';
  return `${head}${which}\n${p.shown.map((l) => caseLine(l, true, elsewhere(l))).join('\n')}${moreText(p, page, 'cases', 'not overdue before those shown', 'team cases')}`;
}

/** "new case" from someone who is not a social worker or team manager (nor their deputy). */
export const NOT_AN_OPENER_TEXT = 'Cases are started by social workers and team managers. You are not set up as one for this service, so there is no start form for you; nothing was recorded. Ask your administrator if you think you should be, or type "my cases" for the cases you are part of.';

export const NOT_A_MANAGER_TEXT = '"team cases" lists the open cases of a team or service, for its team managers, Heads of Service and the Director. You are not set up as one, so there is nothing to show. Type "my cases" for your own cases.';

/** "my closed cases 2": the page asked for, SHOWN at a time (a social worker's closed cases build up over the years). */
export function closedCasesText(lines: readonly CaseLine[], page = 1): string {
  if (lines.length === 0) return 'You have no closed cases. Type "my cases" for your open ones.';
  const line = (l: CaseLine): string => `- ${l.ref}: ${l.pathway}, ${l.closed ? `${l.closed.text} on ${dateText(l.closed.on)}${l.closed.ref !== l.ref ? ` (it was ${l.closed.ref})` : ''}` : STAGE_TEXT[l.stage]} ${typeCase(l.ref)}`;
  const p = pageOf([...lines].sort((a, b) => ((a.closed?.on ?? '') < (b.closed?.on ?? '') ? 1 : -1)), page);
  if (p.past) return `Your closed cases: ${lines.length}. ${pastLastText(p.pages, 'my closed cases')}`;
  const which = page > 1 ? ` (cases ${p.from + 1} to ${p.from + p.shown.length} of ${lines.length})` : '';
  return `Your closed cases, most recently closed first${which}:\n${p.shown.map(line).join('\n')}${moreText(p, page, 'closed cases', 'closed before those shown', 'my closed cases')}`;
}

/** "Cases needing a new person: - MOS-1042: needs a new social worker (Ada Worker is no longer in the organisation file)"; "needing people 2" for the next page. */
export function needingPeopleText(cases: readonly NeedingPeople[], page = 1): string | undefined {
  if (cases.length === 0) return undefined;
  const line = (c: NeedingPeople): string => `- ${c.ref}: ${c.gaps.map((g) => `needs a new ${g.role === 'iro' ? 'IRO' : ROLE_NAMES[g.role]} (${escapeMarkdown(g.person.name)} is no longer in the organisation file)`).join('; ')} ${typeCase(c.ref)}`;
  const p = pageOf(cases, page);
  if (p.past) return `Cases needing a new person: ${cases.length}. ${pastLastText(p.pages, 'needing people')}`;
  const which = page > 1 ? ` (cases ${p.from + 1} to ${p.from + p.shown.length} of ${cases.length})` : '';
  return `Cases needing a new person${which} (messages for them also go to the next person up the line meanwhile):\n${p.shown.map(line).join('\n')}${moreText(p, page, 'cases', 'after those shown, by reference', 'needing people')}`;
}
