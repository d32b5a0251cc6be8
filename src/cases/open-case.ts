/**
 * Opening a case (the start form): the reference and the facts checked, the opener's role and
 * team found in the organisation file (or from their Entra manager), the IRO chosen from the
 * organisation's IROs, and the new case saved in one commit.
 */
import { CASE_ROLES, describeFactsProblems, dateOfBirthProblem, openCase as openProtocolCase, parseFacts, withdrawnRefStart, type CaseState, type Person } from '../protocol';
import { DirectoryLookupError } from '../ports/directory';
import { peopleForTeam } from './case-people';
import { type Team, teamNamed } from './organisation';
import type { ServiceContext } from './case-service-context';
import type { CommandOutcome, OpenCaseCommand } from './case-command';
import { repeatOutcome } from './command-repeat';
import { buildCommit } from './case-commit';
import { recorded } from './recorded-in-turn';
import { findByRef } from './case-lookup';
import { typedRef } from './typed-ref';
import { refHoldsDateOfBirth } from './ref-date-of-birth';
import { sameFolderKey } from '../ports/case-repository';
import { caseFileFolder, ownCaseFileFolder } from '../documents/case-file-ref';
import { fileSafeRef } from '../documents/document-kinds';

export const CASE_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9/_-]{0,39}$/;

/** Who may open a case: a social worker or team manager (or their active deputy). */
const OPENERS = ['social-worker', 'team-manager'] as const;

/**
 * Whether this person may start a case, asked before the start form is shown. A directory that does
 * not answer just now is not a no: the form is shown and its submit checks again.
 */
export async function mayOpenCase(ctx: ServiceContext, person: Person): Promise<boolean> {
  return (await whyNotOpener(ctx, person)) === undefined;
}

/**
 * Why this person may not start a case today, or undefined if they may (or the directory could not
 * say, when the start form's submit checks again). A deputy covering a team manager outside their
 * dates may not, and is told their dates rather than offered a form to fill in only to be refused.
 */
export async function whyNotOpener(ctx: ServiceContext, person: Person): Promise<{ code: 'NOT_YOUR_ROLE' | 'DEPUTY_OUT_OF_DATES'; message: string } | undefined> {
  const role = await ctx.authority.check(person, OPENERS, ctx.now().today);
  return role.ok || (role.code !== 'NOT_YOUR_ROLE' && role.code !== 'DEPUTY_OUT_OF_DATES') ? undefined : { code: role.code, message: role.message };
}

/**
 * Whether this person holds any of the service's roles today (a deputy while covering, or with cover
 * still to come, whose start is told them): else no case can come to them. A deputy whose every
 * cover has ended holds none: nothing will be sent to them for it.
 */
export async function holdsAnyRole(ctx: ServiceContext, person: Person): Promise<boolean> {
  const today = ctx.now().today;
  const role = await ctx.authority.check(person, CASE_ROLES, today);
  if (role.ok) return true;
  if (role.code === 'DEPUTY_OUT_OF_DATES') return ctx.authority.organisation.deputies.some((d) => d.deputy.id === person.id && d.to >= today);
  return role.code !== 'NOT_YOUR_ROLE';
}

/** The start form shown again atop this: it says the case was not started, as its other refusals do. */
const NOT_STARTED_DIRECTORY = 'Not started: your role could not be checked with the directory just now, so nothing was saved. Please try again in a moment.';

export async function openCase(ctx: ServiceContext, cmd: OpenCaseCommand): Promise<CommandOutcome> {
  const repeat = await ctx.store.findCommand(cmd.idempotencyKey);
  if (repeat) return recorded(repeatOutcome(repeat.outcome, { actorId: cmd.actor.id }));
  const now = ctx.now();
  const ref = typedRef(cmd.ref);
  if (!CASE_REF_PATTERN.test(ref)) {
    return { ok: false, code: 'INVALID_REF', rule: null, message: 'The case reference must be the case-record id: letters, digits, "-", "/" or "_", up to 40 characters, and never the child’s name.' };
  }
  const rawFacts = typeof cmd.facts === 'object' && cmd.facts !== null ? { ...(cmd.facts as Record<string, unknown>), asOf: now.today } : cmd.facts;
  const parsed = parseFacts(rawFacts);
  if (!parsed.ok) return { ok: false, code: 'INVALID_FACTS', rule: null, message: describeFactsProblems(parsed.problems) };
  const implausible = dateOfBirthProblem(parsed.facts.dateOfBirth, parsed.facts.accommodatedOn);
  if (implausible) return { ok: false, code: 'INVALID_FACTS', rule: null, message: `${implausible} Nothing was saved.` };
  if (refHoldsDateOfBirth(ref, parsed.facts.dateOfBirth)) {
    return { ok: false, code: 'INVALID_REF', rule: null, message: 'The case reference holds the child’s date of birth, and the reference is shown in Teams channels, messages and SharePoint, where the date of birth must not be. Use the case-record id without it. Nothing was saved.' };
  }
  const role = await ctx.authority.check(cmd.actor, OPENERS, now.today);
  if (!role.ok) return { ok: false, code: role.code, rule: null, message: role.code === 'DIRECTORY_UNAVAILABLE' ? NOT_STARTED_DIRECTORY : role.message };
  const org = ctx.authority.organisation;
  const opener = role.actor.onBehalfOf ?? role.actor;
  // The file wins; the Entra manager (a setting) only places someone the file puts in no team.
  let team: Team | undefined;
  try {
    team = (await ctx.authority.teamOf(opener.id)) ?? (ctx.teamFromManager ? teamNamed(org, (await ctx.teamFromManager(opener.id)) ?? '') : undefined);
  } catch (error) {
    if (error instanceof DirectoryLookupError && error.retryable) return { ok: false, code: 'DIRECTORY_UNAVAILABLE', rule: null, message: NOT_STARTED_DIRECTORY };
    throw error;
  }
  if (!team) return { ok: false, code: 'NO_TEAM', rule: null, message: 'Not started: you are not in a team in the organisation file, so the case would have no team manager. Ask your administrator to add you to your team.' };
  let iro: Person | null = null;
  if (cmd.iro) {
    const known = org.iroService.iros.users.find((u) => u.id === cmd.iro!.id);
    if (!known) return { ok: false, code: 'UNKNOWN_IRO', rule: null, message: 'Not started: choose the IRO from the list, or "not known yet".' };
    iro = { id: known.id, name: known.name };
  }
  const refused = await sameCaseOrFolder(ctx, ref);
  if (refused) return refused;
  const caseId = ctx.newCaseId();
  const documentsFolder = await folderOfItsOwn(ctx, ref, caseId);
  const opened = openProtocolCase({ caseId, ref, facts: parsed.facts, trigger: cmd.trigger, actor: role.actor, iro, people: peopleForTeam(org, team), ...(documentsFolder ? { documentsFolder } : {}) }, now, ctx.policy);
  if (!opened.ok) return { ok: false, ...opened.refusal };
  const outcome: CommandOutcome = { ok: true, caseId, ref, version: 1, stage: opened.state.stage, action: opened.action };
  const commit = buildCommit(ctx, { stored: null, state: opened.state, effects: opened.effects, action: opened.action, actor: role.actor, now, cmd, outcome, firedDeadlines: [] });
  const result = await ctx.store.commit(commit);
  if (result.ok) return recorded(outcome);
  if (result.code === 'DUPLICATE_COMMAND') return recorded(repeatOutcome(result.outcome, { actorId: cmd.actor.id }));
  if (result.code === 'DUPLICATE_REF') return { ok: false, code: 'DUPLICATE_REF', rule: null, message: await duplicateRefMessage(ctx, ref), caseId: result.existingCaseId };
  throw new Error(`unexpected version conflict creating case ${caseId}`);
}

/**
 * "mos-1042" names the case MOS-1042 ("case REF" finds it in any case): one child's return, one case.
 * MOS-7000/2 beside MOS-7000-2: one folder of case documents in SharePoint, whichever child each is.
 * The same reference as held is left to the commit, which refuses it as a duplicate.
 */
async function sameCaseOrFolder(ctx: ServiceContext, ref: string): Promise<Extract<CommandOutcome, { ok: false }> | undefined> {
  const sameRef = await findByRef(ctx.store, ref);
  if (sameRef) return sameRef.state.ref === ref ? undefined : { ok: false, code: 'DUPLICATE_REF', rule: null, message: await duplicateRefMessage(ctx, sameRef.state.ref), caseId: sameRef.state.caseId };
  // Any ref left sharing the folder differs in "/" and "-" (findByRef finds one differing only in capitals).
  const [spelling] = await ctx.store.refsSharingFolder(ref);
  const other = spelling === undefined ? undefined : await ctx.store.getByRef<CaseState>(spelling);
  if (!other) return undefined;
  // Capitals are named where neither the reference in capitals nor in small letters is the other's.
  const dashed = (r: string): string => r.replace(/\//g, '-');
  const differ = [ref, ref.toUpperCase(), ref.toLowerCase()].some((r) => dashed(r) === dashed(other.state.ref)) ? '"/" and "-"' : 'capitals and in "/" and "-"';
  const why = `${ref} and ${other.state.ref} differ only in ${differ}, which the case documents' folder in SharePoint does not tell apart, so a case cannot be started with ${ref}.`;
  return { ok: false, code: 'DUPLICATE_REF', rule: null, message: `${why} ${await duplicateRefMessage(ctx, other.state.ref)}`, caseId: other.state.caseId };
}

/**
 * The case file's folder, set once here for the case's whole life: its reference's (people browse
 * the library by it), unless a withdrawn case that gave the reference up keeps its documents there
 * (they stay where they were made); then one of its own beside it, "MOS-1042 (5e6f7a8b)", so its
 * documents never become new versions of the withdrawn case's files. Only a withdrawal frees a
 * reference, so only withdrawn cases can have left a folder behind.
 */
async function folderOfItsOwn(ctx: ServiceContext, ref: string, caseId: string): Promise<string | undefined> {
  // Held now, the commit refuses the reference, unless its case is withdrawn meanwhile: its folder is that case's.
  if (await ctx.store.getByRef(ref)) return ownCaseFileFolder(ref, caseId);
  const folder = sameFolderKey(fileSafeRef(ref));
  for (const held of await ctx.store.refsStartingWith(withdrawnRefStart(ref))) {
    const other = await ctx.store.getByRef<CaseState>(held);
    if (other && sameFolderKey(caseFileFolder(other.state)) === folder) return ownCaseFileFolder(ref, caseId);
  }
  return undefined;
}

/**
 * A reference names one case for good (it is how the audit trail and SharePoint find it). When
 * the case it names is closed, the child may be going home again from a later episode of care:
 * say so, and offer the next free numbered reference, rather than a dead end.
 */
async function duplicateRefMessage(ctx: ServiceContext, ref: string): Promise<string> {
  const existing = await ctx.store.getByRef<CaseState>(ref);
  if (existing?.state.stage !== 'closed') return `A case with reference ${ref} is already open. Type "case ${ref}" to see it.`;
  const base = ref.replace(/\/\d{1,3}$/, '');
  for (let n = 2; n <= 99; n++) {
    const candidate = `${base}/${n}`;
    if (candidate.length > 40) break;
    if (!(await ctx.store.getByRef(candidate))) {
      return `Case ${ref} is closed. For a later return home of the same child, start a new case with a numbered reference such as ${candidate}.`;
    }
  }
  return `Case ${ref} is closed. For a later return home of the same child, start a new case with a numbered reference.`;
}
