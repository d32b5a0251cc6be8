/**
 * Support staff's view of the store, without Teams:
 *   npm run --silent admin -- cases list [--json]
 *   npm run --silent admin -- cases show REF [--json]
 *   npm run --silent admin -- cases audit REF [--json]   (the audit trail, then refused attempts)
 *   npm run --silent admin -- cases documents REF --out DIR   (the case file's documents as .docx files)
 *   npm run --silent admin -- outbox status [--json]
 *   npm run --silent admin -- outbox replay [EFFECT_ID]
 *   npm run --silent admin -- refusals [--json]   (refused attempts that named no case there is)
 *   npm run --silent admin -- cases export REF --out FILE [--by NAME]   (subject access; audited)
 *   npm run --silent admin -- cases find --child NAME [--dob YYYY-MM-DD] [--by NAME]   (audited)
 *   npm run --silent admin -- cases needing-people [--json] [--by NAME]   (people the roles file no longer names; audited)
 *   npm run --silent admin -- cases move-team "OLD" "NEW" [--dry-run] [--by NAME]   (a renamed team's open cases; audited)
 *   npm run --silent admin -- backup --out FILE   (while the bot runs)
 *   npm run --silent admin -- restore FILE        (into an empty store only)
 * Exit 0 on success, 2 on bad usage or an unknown case, 1 on an unexpected failure (one line, no stack).
 * The child's date of birth is never printed.
 */
import { existsSync } from 'node:fs';
import { REASON_TEXT, undeliveredMessages } from '../cases/undelivered-messages';
import { documentSettingsFrom, openStore } from '../app';
import type { CaseDocumentSettings } from '../documents/case-documents';
import { ConfigError, loadConfig } from '../config';
import { checkDotEnvNames, loadDotEnv } from '../config/dot-env';
import { terminalCell, terminalLines } from './terminal-text';
import { instantText } from './instant-text';
import { documentsUsageProblem, DocumentsUsageError, writeCaseDocuments, type DocumentsCommandContext } from './admin-documents';
import type { CaseStage, CaseState, PlacementStatus } from '../protocol';
import { APPROVAL_TITLES, STAGE_TEXT, stageText, visitTitle } from '../bot/case-view';
import { shownRef } from '../bot/shown-ref';
import { withdrawnCasesThatHad } from './withdrawn-cases';
import { DECIDED_WORDS, personText, ROLE_NAMES } from '../protocol';
import { NO_MATCHING_CASE, type CaseStore } from '../ports/case-store';
import type { CaseSummary } from '../ports/case-repository';
import { teamQueue } from '../cases/case-index';
import { BackupUsageError, backupUsageProblem, restoreUsageProblem, runBackup, runRestore } from './backup-command';
import { byProblem, exportCase, exportUsageProblem, findCases, findUsageProblem, SubjectAccessUsageError } from './subject-access';
import { casesNeedingPeople } from './admin-needing-people';
import type { Organisation } from '../cases/organisation';
import { OrganisationError } from '../cases/organisation';
import { StoreFromNewerReleaseError } from '../adapters/case-store-errors';
import { readOrganisation } from '../cases/organisation-source';
import { moveTeam, moveTeamUsageProblem, MoveTeamUsageError } from './move-team';
import { findByRef } from '../cases/case-lookup';

const USAGE = 'Usage: npm run --silent admin -- cases list|show REF|audit REF [--json]  |  cases documents REF --out DIR  |  outbox status [--json]  |  outbox replay [EFFECT_ID]  |  refusals [--json]  |  cases export REF --out FILE [--by NAME]  |  cases find --child NAME [--dob YYYY-MM-DD] [--by NAME]  |  cases needing-people [--json] [--by NAME]  |  cases move-team "OLD TEAM" "NEW TEAM" [--dry-run] [--by NAME]  |  backup --out FILE  |  restore FILE';

class UsageError extends Error {}

/** In the cards' words, not the stored codes. */
const PLACEMENT_WORDS: Record<PlacementStatus, string> = { open: 'open', 'consent-requested': "ending: the Head of Service's consent asked", 'consent-given': "ending: the Head of Service consented", ended: 'ended' };

interface Output {
  out(text: string): void;
}

/**
 * A case's stage in the list, in the cards' words; a closed one only as closed, since the list's
 * summaries do not say why (`cases show` does).
 */
function listedStage(stage: string): string {
  return stage === 'closed' ? 'Closed' : (STAGE_TEXT[stage as CaseStage] ?? stage);
}

function withoutDateOfBirth(state: CaseState): unknown {
  const { dateOfBirth: _omitted, ...facts } = state.facts;
  return { ...state, facts };
}

function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  // A cell may hold what someone typed or forged (a refusal's NAMED): one line, no escape sequences.
  rows = rows.map((r) => r.map(terminalCell));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The team a case is filed under (its summary's `team:` index entry): a name, never child data. */
function teamsOf(summary: CaseSummary): string {
  return summary.participants.filter((p) => p.startsWith(TEAM_ENTRY)).map((p) => p.slice(TEAM_ENTRY.length)).join(', ');
}
const TEAM_ENTRY = teamQueue('');

/**
 * The TEAM column: a team the organisation file no longer names is marked, since its open cases
 * cannot be listed or opened by any team manager (src/cases/teams-no-longer-named.ts). A file that
 * cannot be read marks nothing: the list is still shown.
 */
function listedTeam(organisation: (() => Organisation) | undefined): (summary: CaseSummary) => string {
  let named: Set<string> | undefined;
  try {
    named = organisation ? new Set(organisation().teams.map((t) => t.name)) : undefined;
  } catch {
    named = undefined;
  }
  return (summary) => {
    const team = teamsOf(summary);
    return named && team !== '' && !named.has(team) ? `${team} (not in the organisation file)` : team;
  };
}

const NAME_THE_REF = `Name the case reference. ${USAGE}`;

async function caseByRef(store: CaseStore, ref: string | undefined) {
  if (!ref) throw new UsageError(NAME_THE_REF);
  // In any case, and pasted with an invisible character or a look-alike dash, as "case REF" in Teams reads it.
  const found = await findByRef(store, ref);
  if (found) return found;
  // Withdrawn cases give their reference up: found by the one they had, or each named with the one they have now.
  const withdrawn = await withdrawnCasesThatHad(store, ref);
  if (withdrawn.length === 1) return withdrawn[0]!;
  if (withdrawn.length > 1) throw new UsageError(`No case has reference ${ref} now. ${withdrawn.length} withdrawn cases had it; name one by the reference it has now: ${withdrawn.map((c) => c.state.ref).join(', ')}.`);
  throw new UsageError(`No case with reference ${ref}.`);
}

/** Each command by its first words: the group, and the command within it (none for refusals, backup, restore). */
const COMMANDS: Readonly<Record<string, readonly string[] | null>> = {
  cases: ['list', 'show', 'audit', 'documents', 'export', 'find', 'needing-people', 'move-team'],
  outbox: ['status', 'replay'],
  refusals: null,
  backup: null,
  restore: null,
};

/** The group and command named, without --json and --out's value. */
function namedCommand(argv: readonly string[]): { group: string | undefined; command: string | undefined; arg: string | undefined } {
  const outAt = argv.indexOf('--out');
  const [group, command, arg] = argv.filter((a, i) => a !== '--json' && i !== outAt && !(outAt >= 0 && i === outAt + 1));
  return { group, command, arg };
}

/** Why the command line names no command (the words for a UsageError), or undefined for a known one: checked before any store is opened. */
function usageProblem(argv: readonly string[]): string | undefined {
  const { group, command } = namedCommand(argv);
  const commands = group !== undefined && Object.hasOwn(COMMANDS, group) ? COMMANDS[group] : undefined;
  if (commands === null || (commands !== undefined && command !== undefined && commands.includes(command))) return undefined;
  // A known group with nothing after it ('admin cases') is a request for the usage, not a wrong command.
  return group && !(commands !== undefined && !command) ? `Unknown command "${[group, command].filter(Boolean).join(' ')}". ${USAGE}` : USAGE;
}

/**
 * Why a known command cannot run with the arguments given (no reference, no file, --by with no name),
 * or undefined: checked before any store is opened, so a slip needs no store, does not make or
 * upgrade one, and does not hold it while the bot runs. The commands check the same again.
 */
function argumentProblem(argv: readonly string[]): string | undefined {
  const { group, command, arg } = namedCommand(argv);
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  if (group === 'backup') return backupUsageProblem(out);
  if (group === 'restore') return restoreUsageProblem(argv[1]);
  if (group !== 'cases') return undefined;
  if (command === 'export') return exportUsageProblem(argv);
  if (command === 'find') return findUsageProblem(argv);
  if (command === 'needing-people') return byProblem(argv);
  if (command === 'move-team') return moveTeamUsageProblem(argv);
  if ((command === 'show' || command === 'audit' || command === 'documents') && !arg) return NAME_THE_REF;
  return command === 'documents' ? documentsUsageProblem(out) : undefined;
}

/** `caseFile`: the organisation's words for the case file, so a command that changes a case sends its changed documents too. */
export async function runAdmin(argv: readonly string[], store: CaseStore, io: Output, documents?: DocumentsCommandContext, organisation?: () => Organisation, caseFile?: CaseDocumentSettings): Promise<number> {
  if (argv[0] === 'cases' && argv[1] === 'needing-people') {
    if (!organisation) throw new UsageError('The needing-people command needs the organisation file (ROLES_FILE).');
    io.out(await casesNeedingPeople(store, organisation(), argv));
    return 0;
  }
  if (argv[0] === 'cases' && argv[1] === 'move-team') {
    if (!organisation) throw new UsageError('The move-team command needs the organisation file (ROLES_FILE).');
    io.out(await moveTeam(store, organisation(), argv, new Date().toISOString(), caseFile));
    return 0;
  }
  if (argv[0] === 'backup' || argv[0] === 'restore') {
    const outAt = argv.indexOf('--out');
    const file = argv[0] === 'backup' ? (outAt >= 0 ? argv[outAt + 1] : undefined) : argv[1];
    io.out(argv[0] === 'backup' ? await runBackup(store, file, documents) : await runRestore(store, file, documents));
    return 0;
  }
  if (argv[0] === 'cases' && (argv[1] === 'export' || argv[1] === 'find')) {
    if (argv[1] === 'export' && !documents) throw new UsageError('The export command needs the bot\'s configuration.');
    io.out(argv[1] === 'export' ? await exportCase(store, argv, documents!) : await findCases(store, argv));
    return 0;
  }
  // In the organisation's time with its zone named, as the cards and documents show times (instant-text.ts).
  const when = (iso: string, to?: 'minutes' | 'seconds'): string => instantText(iso, to, documents?.organisation?.timeZone);
  const json = argv.includes('--json');
  const outAt = argv.indexOf('--out');
  const outDir = outAt >= 0 ? argv[outAt + 1] : undefined;
  const { group, command, arg } = namedCommand(argv);
  if (group === 'cases' && command === 'documents') {
    const found = await caseByRef(store, arg);
    if (!documents) throw new UsageError('The documents command needs the bot\'s configuration.');
    try {
      return writeCaseDocuments(found.state, outDir, documents, (text) => io.out(text));
    } catch (error) {
      if (error instanceof DocumentsUsageError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (group === 'cases' && command === 'list') {
    const cases = await store.list({ limit: 10_000 });
    const teamOf = listedTeam(organisation);
    if (json) io.out(JSON.stringify(cases.map((c) => ({ ...c, team: teamsOf(c) })), null, 2));
    else if (cases.length === 0) io.out('No cases yet.');
    else io.out(table([['REF', 'PATHWAY', 'STAGE', 'OPENED', 'UPDATED', 'TEAM'], ...cases.map((c) => [c.ref, c.pathway, listedStage(c.stage), when(c.openedAt), when(c.updatedAt), teamOf(c)])]));
    return 0;
  }
  if (group === 'cases' && command === 'show') {
    const found = await caseByRef(store, arg);
    const s = found.state;
    const undelivered = await undeliveredMessages(store, found.summary.caseId);
    if (json) {
      io.out(JSON.stringify({ version: found.version, summary: found.summary, state: withoutDateOfBirth(s), undelivered }, null, 2));
      return 0;
    }
    const lines = [
      `Case ${shownRef(s)} — ${s.pathway} pathway, stage: ${stageText(s)} (version ${found.version})`,
      `Social worker: ${s.socialWorker.name}${s.iro ? `; IRO: ${s.iro.name}` : ''}`,
      `Accommodated on ${s.facts.accommodatedOn}; ${s.facts.returnedHomeOn ? `home since ${s.facts.returnedHomeOn}` : 'not yet home'}`,
      `Director sign-off: ${s.signOff ? `${s.signOff.required ? 'required' : 'not required'} (${s.signOff.rules.join(', ') || 'no rule applies'})` : 'decided when the assessment is submitted'}`,
      'Approvals:',
      ...(s.approvals.length === 0 ? ['  none yet'] : s.approvals.map((a) => `  ${APPROVAL_TITLES[a.stage]} (asked ${a.requestedOn}): ${a.decision ? `${DECIDED_WORDS[a.decision.outcome]} by ${personText(a.decision.by, a.decision.onBehalfOf)} at ${when(a.decision.at)}` : a.cancelledAt ? 'withdrawn' : 'waiting'}`)),
      'Visits (R-VISIT-1):',
      ...(s.visits.length === 0 ? ['  none (the child is not home)'] : s.visits.map((v) => `  ${visitTitle(v.index)} due ${v.due}: ${v.doneOn ? `done ${v.doneOn}` : v.overdue ? 'OVERDUE' : 'to do'}`)),
      `Placement: ${PLACEMENT_WORDS[s.placement.status]}${s.placement.endDate ? ` (ends ${s.placement.endDate})` : ''}; letter: ${s.letter ? `written ${s.letter.writtenOn}` : 'not yet'}`,
      'Messages that did not reach someone:',
      ...(undelivered.length === 0 ? ['  none'] : undelivered.map((m) => `  ${when(m.firstAt ?? m.at)}: ${m.what} to ${m.to}: ${REASON_TEXT[m.reason]} (effect ${m.effectId})${(m.count ?? 1) > 1 ? `; ${m.count! - 1} later, the latest at ${when(m.at)}: ${m.latestWhat ?? m.what}` : ''}`)),
    ];
    io.out(lines.join('\n'));
    return 0;
  }
  if (group === 'cases' && command === 'audit') {
    const found = await caseByRef(store, arg);
    const entries = await store.audit(found.summary.caseId);
    const refusals = await store.refusals(found.summary.caseId);
    if (json) io.out(JSON.stringify({ audit: entries, refusals }, null, 2));
    else {
      io.out(table([
        ['SEQ', 'WHEN', 'WHO', 'ROLE', 'WHAT'],
        ...entries.map((e) => [
          String(e.seq),
          when(e.at, 'seconds'),
          e.onBehalfOfName ? `${e.actorName} on behalf of ${e.onBehalfOfName}` : e.actorName,
          e.role in ROLE_NAMES ? ROLE_NAMES[e.role as keyof typeof ROLE_NAMES] : e.role,
          e.action,
        ]),
      ]));
      // Refused attempts changed nothing, so they have no place in the numbered trail: listed after it.
      if (refusals.length === 0) io.out('\nRefused attempts: none.');
      else {
        io.out(`\nRefused attempts (${refusals.length}): nothing was changed by these.`);
        io.out(table([
          ['WHEN', 'WHO', 'ID', 'TRIED', 'REFUSED', 'RULE'],
          ...refusals.map((r) => [when(r.at, 'seconds'), r.actorName, r.actorId, r.action, r.code, r.rule ?? '']),
        ]));
        // A decision given after someone else's decided nothing, but what its approver wrote is theirs to read in full.
        for (const r of refusals.filter((x) => x.comment)) io.out(`Comment of ${terminalCell(r.actorName)}, refused at ${when(r.at, 'seconds')}: ${terminalCell(r.comment!)}`);
      }
    }
    return 0;
  }
  if (group === 'outbox' && command === 'status') {
    const counts = await store.outboxCounts();
    const dead = await store.listOutbox('dead', 50);
    if (json) io.out(JSON.stringify({ ...counts, deadItems: dead.map((d) => ({ effectId: d.effectId, kind: d.kind, attempts: d.attempts, lastError: d.lastError })) }, null, 2));
    else {
      io.out(`Outbox: ${counts.pending} pending, ${counts.delivered} delivered, ${counts.dead} dead${counts.oldestPendingAt ? `; oldest pending since ${when(counts.oldestPendingAt)}` : ''}.`);
      for (const d of dead) io.out(`  dead: ${d.effectId} (${d.kind}, ${d.attempts} attempts): ${d.lastError ?? ''}`);
      if (dead.length > 0) io.out('Fix the cause, then run: npm run --silent admin -- outbox replay');
    }
    return 0;
  }
  if (group === 'refusals') {
    // The store's refusal log: refusals that named no case there is (M7).
    const refusals = await store.refusals(NO_MATCHING_CASE);
    if (json) io.out(JSON.stringify(refusals, null, 2));
    else if (refusals.length === 0) io.out('Refused attempts naming no case: none.');
    else {
      io.out(`Refused attempts naming no case (${refusals.length}): nothing was changed by these.`);
      io.out(table([['WHEN', 'WHO', 'ID', 'TRIED', 'REFUSED', 'NAMED'], ...refusals.map((r) => [when(r.at, 'seconds'), r.actorName, r.actorId, r.action, r.code, r.named ?? ''])]));
    }
    return 0;
  }
  if (group === 'outbox' && command === 'replay') {
    const count = await store.replayDead(arg);
    io.out(count === 0 ? 'Nothing to replay: no dead items' + (arg ? ` with id ${arg}` : '') + '.' : `${count} item${count > 1 ? 's' : ''} put back for delivery. The running bot delivers them within a few seconds.`);
    return 0;
  }
  throw new UsageError(usageProblem(argv) ?? USAGE);
}

async function main(): Promise<number> {
  // Asked for, the usage is an answer (exit 0, on standard output), not "Unknown command" (exit 2); no store is opened for it.
  if (process.argv.length === 3 && ['help', '--help', '-h'].includes(process.argv[2]!)) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Nothing asked: the usage, wherever it is run (not that there is no case store here).
  if (process.argv.length === 2) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // A mistyped command, or one missing what it needs, opens nothing: opening an Azure store makes its tables, and a SQLite one is upgraded.
  const problem = usageProblem(process.argv.slice(2)) ?? argumentProblem(process.argv.slice(2));
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  let store: CaseStore | null = null;
  try {
    // The bot's own settings, .env included (src/server.ts): otherwise DATA_DIR or STORE set there was
    // not seen, and a backup, list or restore used a new empty store in ./data instead of the bot's.
    checkDotEnvNames(loadDotEnv());
    const config = loadConfig();
    const restoring = process.argv[2] === 'restore';
    // Opening a store makes it: run in the wrong folder, "cases list" said "No cases yet." of a new,
    // empty store, as if every case had gone. Only a restore goes into a store not there yet.
    if (config.store.kind === 'sqlite' && !restoring && !existsSync(config.localFiles.cases)) {
      throw new UsageError(`There is no case store at ${config.localFiles.cases}, so nothing was read or changed. The bot makes it when it first starts: run the admin command in the folder the bot runs in (where its .env sets DATA_DIR), or set DATA_DIR to the bot's data folder.`);
    }
    store = openStore(config, { restoring });
    return await runAdmin(process.argv.slice(2), store, { out: (t) => process.stdout.write(`${terminalLines(t)}
`) }, config, () => readOrganisation(config.rolesFile), documentSettingsFrom(config));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof BackupUsageError || error instanceof SubjectAccessUsageError || error instanceof MoveTeamUsageError || error instanceof OrganisationError || error instanceof StoreFromNewerReleaseError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`The admin command failed: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
