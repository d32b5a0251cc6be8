/**
 * Subject access requests, for support staff:
 *   admin cases export REF --out FILE [--by NAME]   everything the bot holds about the child of one case
 *   admin cases find --child "NAME" [--dob YYYY-MM-DD] [--by NAME]   the cases that may be theirs
 * The bot does not keep a child's name as such (cases are named by the case-record id), so a
 * search by name looks in the free text typed about the child and family, and a search by date
 * of birth in the facts. Both are audited in each case they touch (who ran it: --by, or the
 * operating-system user; when), and in the organisation's SharePoint audit list.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { whyNotWritable } from './output-file';
import { recordAdminAction, type AdminActor } from '../cases/admin-audit';
import { personalFieldsMentioning } from '../cases/personal-data';
import { erasedMarkOf } from '../cases/retention';
import { undeliveredMessages } from '../cases/undelivered-messages';
import { withdrawnCasesThatHad } from './withdrawn-cases';
import { caseFileFolder } from '../documents/case-file-ref';
import { type DocumentsCommandContext, documentsKeptHere, type KeptDocumentLine } from './admin-documents';
import { DOCUMENT_LIBRARY } from '../adapters/graph/document-library-schema';
import type { CaseStore, OutboxItem } from '../ports/case-store';
import { isCalendarDate, type CaseState } from '../protocol';
import { findByRef } from '../cases/case-lookup';

export class SubjectAccessUsageError extends Error {}

/**
 * The value after `name`; '' when it is given with none, or with the next option straight after it:
 * "--by --out FILE" took "--out" for the name put in the audit trail, and "--out --by NAME" wrote a
 * file named "--by".
 */
function option(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  if (at < 0) return undefined;
  const value = argv[at + 1];
  return value === undefined || value.startsWith('--') ? '' : value;
}

/** Why `--by` cannot be recorded: given with no name. */
export function byProblem(argv: readonly string[]): string | undefined {
  return option(argv, '--by')?.trim() === '' ? '--by needs your name, as the audit trail records it: --by "YOUR NAME". Nothing was recorded.' : undefined;
}

/** Who ran the command, as the audit trail records it: `--by "YOUR NAME"` and the signed-in user. */
export function adminActorFrom(argv: readonly string[]): AdminActor {
  const user = userInfo().username;
  const by = option(argv, '--by')?.trim();
  const problem = byProblem(argv);
  if (problem) throw new SubjectAccessUsageError(problem);
  return { id: `admin:${user}`, name: by ? `${by} (admin command, signed in as ${user})` : `${user} (admin command)`, role: 'admin' };
}

async function outboxOf(store: CaseStore, caseId: string): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  for (const status of ['pending', 'delivered', 'dead'] as const) items.push(...(await store.listOutbox(status, 1_000_000)).filter((i) => i.caseId === caseId));
  return items.sort((a, b) => a.seq - b.seq);
}

/** Why `cases export` cannot run with these arguments, before any store is opened. */
export function exportUsageProblem(argv: readonly string[]): string | undefined {
  const ref = argv[2];
  const out = option(argv, '--out');
  if (!ref || ref.startsWith('--') || !out) return 'Usage: npm run --silent admin -- cases export REF --out FILE [--by "YOUR NAME"]';
  // Before the export is recorded: the trail must not say the child's data went to a file never written.
  return whyNotWritable(out) ?? byProblem(argv);
}

/**
 * What the export says of where the rest is: with Graph, the SharePoint lists and library, searched
 * separately; without it, the bot keeps those records and documents on this machine itself.
 */
function whereTheRestIs(state: CaseState, kept: KeptDocumentLine[] | undefined): string {
  const lead = "Everything the return-home bot holds in its own store about the child of this case, for a subject access request. The council's record is in its case-record system, which is searched separately.";
  if (kept === undefined) return `${lead} So are the SharePoint lists and documents: its documents are in the folder ${caseFileFolder(state)} of the "${DOCUMENT_LIBRARY.displayName}" library.`;
  return (
    `${lead} This bot runs without Microsoft Graph, so nothing of this case is in SharePoint: the rows it keeps for the lists (the case, its decisions, visit tasks and audit lines) are the records in "outbox" below, ` +
    `and its documents (listed in "documentsKeptHere") are kept on this machine: write them out as Word files with: ${documentsCommand(state)}`
  );
}

/** By the reference the case holds now, as the command finds it (a withdrawn case's own, not the one it gave up). */
const documentsCommand = (state: CaseState): string => `npm run --silent admin -- cases documents ${state.ref} --out DIR`;

export async function exportCase(store: CaseStore, argv: readonly string[], where: DocumentsCommandContext, now: () => Date = () => new Date()): Promise<string> {
  const problem = exportUsageProblem(argv);
  if (problem) throw new SubjectAccessUsageError(problem);
  const ref = argv[2]!;
  const out = option(argv, '--out')!;
  const file = resolve(out);
  // Read as it looks, pasted with an invisible character or a look-alike dash too (typed-ref.ts).
  const found = await findByRef(store, ref);
  if (!found) throw new SubjectAccessUsageError(await notFoundWords(store, ref));
  const actor = adminActorFrom(argv);
  const at = now().toISOString();
  // Recorded first: if the audit entry cannot be written, nothing is disclosed.
  await recordAdminAction(store, found.summary.caseId, actor, 'Subject access: everything the bot holds about the child exported (admin cases export)', at);
  const caseId = found.summary.caseId;
  const current = (await store.get<CaseState>(caseId))!;
  const erased = erasedMarkOf(current.state);
  const kept = documentsKeptHere(current.state, where);
  const document = {
    about: whereTheRestIs(current.state, kept),
    exportedAt: at,
    exportedBy: actor.name,
    personalDataErased: erased,
    case: { summary: current.summary, version: current.version, state: current.state },
    audit: await store.audit(caseId),
    refusedAttempts: await store.refusals(caseId),
    deadlines: await store.deadlines(caseId),
    outbox: await outboxOf(store, caseId),
    undeliveredMessages: await undeliveredMessages(store, caseId),
    ...(kept ? { documentsKeptHere: kept } : {}),
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  const documents =
    kept === undefined
      ? ` Its documents are in the SharePoint library "${DOCUMENT_LIBRARY.displayName}", in the folder ${caseFileFolder(current.state)}.`
      : kept.length === 0
        ? ' The bot keeps no documents of this case on this machine.'
        : ` Its ${kept.length === 1 ? 'document is' : `${kept.length} documents are`} kept on this machine, not in SharePoint (Graph is not configured): write ${kept.length === 1 ? 'it' : 'them'} out with: ${documentsCommand(current.state)}`;
  return `Written to ${out}: case ${found.state.ref}, ${document.audit.length} audit entries, ${document.outbox.length} messages and records, ${document.deadlines.length} deadlines${erased ? `; its personal data was erased on ${erased.at.slice(0, 10)} under the retention policy` : ''}. It holds the child's date of birth and what was written about the family: keep it as securely as the case file. This export is in the case's audit trail.${documents}`;
}

/** Why `cases find` cannot run with these arguments, before any store is opened. */
export function findUsageProblem(argv: readonly string[]): string | undefined {
  const name = option(argv, '--child')?.trim();
  const dob = option(argv, '--dob')?.trim();
  if ((name === undefined || name === '') && dob === undefined) return 'Usage: npm run --silent admin -- cases find --child "NAME" [--dob YYYY-MM-DD] [--by "YOUR NAME"]';
  if (name !== undefined && name.length < 3) return 'Give at least three letters of the child\'s name.';
  if (dob !== undefined && !isCalendarDate(dob)) return `--dob must be a date written YYYY-MM-DD (got "${dob}").`;
  return byProblem(argv);
}

export async function findCases(store: CaseStore, argv: readonly string[], now: () => Date = () => new Date()): Promise<string> {
  const problem = findUsageProblem(argv);
  if (problem) throw new SubjectAccessUsageError(problem);
  const name = option(argv, '--child')?.trim();
  const dob = option(argv, '--dob')?.trim();
  const actor = adminActorFrom(argv);
  const at = now().toISOString();
  const summaries = await store.list({ limit: 1_000_000 });
  const found: { ref: string; stage: string; caseId: string; why: string[] }[] = [];
  for (const summary of summaries) {
    const stored = await store.get<CaseState>(summary.caseId);
    if (!stored) continue;
    const why: string[] = [];
    if (dob !== undefined && stored.state.facts.dateOfBirth === dob) why.push('date of birth');
    if (name) why.push(...personalFieldsMentioning(stored.state, name).map((path) => `the name in ${path}`));
    if (why.length > 0) found.push({ ref: summary.ref, stage: summary.stage, caseId: summary.caseId, why });
  }
  found.sort((a, b) => a.ref.localeCompare(b.ref));
  for (const f of found) await recordAdminAction(store, f.caseId, actor, 'Subject access: found by a search for a child (admin cases find)', at);
  const searched = `Searched ${summaries.length} case${summaries.length === 1 ? '' : 's'} for ${[name ? 'the name' : '', dob ? 'the date of birth' : ''].filter(Boolean).join(' and ')}`;
  if (found.length === 0) return `${searched}: none found. The bot keeps no child's name as such, only what was typed about the child; cases whose personal data was erased under the retention policy cannot be found this way.`;
  return [
    `${searched}: ${found.length} found. Each case records that it was found by this search. Export one with: npm run --silent admin -- cases export REF --out FILE`,
    ...found.map((f) => `  ${f.ref} (${f.stage}): matched on ${f.why.join('; ')}`),
  ].join('\n');
}

/** A withdrawn case gave its reference up: named by the one it has now, to export it by (nothing is exported on a guess). */
async function notFoundWords(store: CaseStore, ref: string): Promise<string> {
  const withdrawn = await withdrawnCasesThatHad(store, ref);
  if (withdrawn.length === 0) return `No case with reference ${ref}.`;
  const had = withdrawn.length === 1 ? 'A withdrawn case had it' : `${withdrawn.length} withdrawn cases had it`;
  return `No case has reference ${ref} now. ${had}; export it by the reference it has now: ${withdrawn.map((c) => c.state.ref).join(', ')}. Nothing was exported.`;
}
