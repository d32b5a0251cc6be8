/**
 * admin cases move-team "OLD" "NEW" [--dry-run] [--by NAME]: a team renamed in the organisation
 * file left its open cases under the old name, where no team manager can list or open them
 * (src/cases/teams-no-longer-named.ts). This files them under the new name and its service, each
 * case's audit trail (and the SharePoint audit list) saying who moved it, when, and from where to
 * where. The case's named people stay as they are. Names and references only: no child data.
 */
import type { CaseState } from '../protocol';
import type { CaseStore } from '../ports/case-store';
import type { CaseDocumentSettings } from '../documents/case-documents';
import { serviceOfTeam, teamNamed, type Organisation } from '../cases/organisation';
import { teamQueue } from '../cases/case-index';
import { commitPeopleChange } from '../cases/people-change';
import { adminActorFrom, byProblem } from './subject-access';

export const MOVE_TEAM_USAGE = 'Usage: npm run --silent admin -- cases move-team "OLD TEAM" "NEW TEAM" [--dry-run] [--by "YOUR NAME"]   (moves a renamed team\'s open cases; try --dry-run first)';

export class MoveTeamUsageError extends Error {}

/** The two team names, without the options (--by takes the word after it). */
function teamNames(argv: readonly string[]): string[] {
  const names: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--by') i++;
    else if (word !== '--dry-run') names.push(word);
  }
  return names;
}

/** Why the command cannot run with these arguments, before any store is opened. */
export function moveTeamUsageProblem(argv: readonly string[]): string | undefined {
  const unknown = argv.slice(2).find((word, i, words) => word.startsWith('--') && word !== '--dry-run' && word !== '--by' && words[i - 1] !== '--by');
  if (unknown !== undefined) return `Unknown option ${unknown}: nothing was changed. ${MOVE_TEAM_USAGE}`;
  const names = teamNames(argv);
  if (names.length !== 2 || names.some((n) => n.trim() === '')) return `Name the team the cases are filed under now, then the team's new name as the organisation file (ROLES_FILE) gives it, each in quotes. Nothing was changed. ${MOVE_TEAM_USAGE}`;
  if (names[0] === names[1]) return `The old and new team names are the same ("${names[0]}"): nothing to move, and nothing was changed.`;
  return byProblem(argv);
}

export async function moveTeam(store: CaseStore, organisation: Organisation, argv: readonly string[], at: string, documents?: CaseDocumentSettings): Promise<string> {
  const problem = moveTeamUsageProblem(argv);
  if (problem) throw new MoveTeamUsageError(problem);
  const [from, to] = teamNames(argv) as [string, string];
  const dryRun = argv.includes('--dry-run');
  if (!teamNamed(organisation, to)) {
    throw new MoveTeamUsageError(`The organisation file (ROLES_FILE) names no team "${to}" (its teams: ${organisation.teams.map((t) => `"${t.name}"`).join(', ') || 'none'}). Add it there first, or check the spelling and capitals. Nothing was changed.`);
  }
  if (teamNamed(organisation, from)) {
    throw new MoveTeamUsageError(`The organisation file still names team "${from}", so its cases are not lost to it: this command moves the open cases of a team the file no longer names (renamed). Nothing was changed. To give a case to another team's manager, hand the case over in Teams.`);
  }
  const service = serviceOfTeam(organisation, to)?.name ?? null;
  // Only the cases filed under the old team, through the store's participant index.
  const open = (await store.list({ participant: teamQueue(from), limit: 1_000_000 })).filter((c) => c.stage !== 'closed');
  const refs = open.map((c) => c.ref).sort();
  const where = `team "${to}"${service ? ` (service "${service}")` : ''}`;
  if (open.length === 0) return `No open case is filed under team "${from}", so nothing was moved. (Names are matched exactly, capitals too: 'admin cases list' shows each case's team.)`;
  const count = `${open.length} open case${open.length === 1 ? '' : 's'}`;
  if (dryRun) return `Dry run: nothing was changed. ${count} filed under team "${from}" would move to ${where}: ${refs.join(', ')}. Run the same command without --dry-run to move them.`;
  const actor = adminActorFrom(argv);
  const action = `Moved from team "${from}" to ${where}, the name the organisation file gives it now (admin cases move-team)`;
  const moved: string[] = [];
  const tooLarge: string[] = [];
  for (const summary of open) {
    const result = await commitPeopleChange(store, summary.caseId, {
      change: (state: CaseState) => (state.stage === 'closed' || state.people?.team !== from ? null : { ...state, people: { ...state.people, team: to, service } }),
      actor,
      action,
      at,
    }, documents);
    if (result === 'changed') moved.push(summary.ref);
    if (result === 'too-large') tooLarge.push(summary.ref);
  }
  const left = refs.filter((r) => !moved.includes(r) && !tooLarge.includes(r));
  return [
    `Moved ${moved.length} open case${moved.length === 1 ? '' : 's'} from team "${from}" to ${where}: ${moved.sort().join(', ') || 'none'}.`,
    ...(left.length > 0 ? [`Not moved, because each closed or changed team while this ran: ${left.join(', ')}.`] : []),
    ...(tooLarge.length > 0 ? [`Not moved, because the record of the move would not fit in each case's audit trail: ${tooLarge.join(', ')}. Nothing was changed on them; report this to whoever supports the bot.`] : []),
    `Each case's audit trail records the move, by ${actor.name}. The new team's managers can now list and open them ('team cases'); each case's named people (its team manager, Head of Service) stay as they are: hand a part over in Teams if it should change.`,
  ].join('\n');
}
