/**
 * `npm run --silent admin -- cases needing-people [--json] [--by "YOUR NAME"]`: the open cases that
 * name someone the organisation file (ROLES_FILE) no longer names, and which part needs a new
 * person. Each case listed gets an audit entry (who ran it, when), as the other admin commands that
 * look into cases do. Without the directory, someone the file may hold through an Entra group is
 * not counted as removed (src/cases/removed-people.ts).
 */
import { recordAdminAction } from '../cases/admin-audit';
import type { Organisation } from '../cases/organisation';
import { peopleGaps, type PeopleGap } from '../cases/removed-people';
import type { CaseStore } from '../ports/case-store';
import { ROLE_NAMES, type CaseState } from '../protocol';
import { adminActorFrom } from './subject-access';

const partText = (g: PeopleGap): string => `${g.role === 'iro' ? 'IRO' : ROLE_NAMES[g.role]} (${g.person.name}, ${g.person.id})`;

export async function casesNeedingPeople(store: CaseStore, org: Organisation, argv: readonly string[], now: () => Date = () => new Date()): Promise<string> {
  const found: { ref: string; caseId: string; team: string | null; gaps: PeopleGap[] }[] = [];
  for (const summary of await store.list({ limit: 10_000 })) {
    if (summary.stage === 'closed') continue;
    const stored = await store.get<CaseState>(summary.caseId);
    if (!stored) continue;
    const gaps = await peopleGaps(org, null, stored.state);
    if (gaps.length > 0) found.push({ ref: stored.state.ref, caseId: summary.caseId, team: stored.state.people?.team ?? null, gaps });
  }
  found.sort((a, b) => a.ref.localeCompare(b.ref));
  const actor = adminActorFrom(argv);
  const at = now().toISOString();
  // Recorded before anything is shown, as for subject access.
  for (const c of found) await recordAdminAction(store, c.caseId, actor, `Listed as needing a new ${c.gaps.map((g) => (g.role === 'iro' ? 'IRO' : ROLE_NAMES[g.role])).join(', ')} (admin cases needing-people)`, at);
  if (argv.includes('--json')) return JSON.stringify(found.map((c) => ({ ref: c.ref, team: c.team, needs: c.gaps.map((g) => ({ role: g.role, removed: g.person })) })), null, 2);
  if (found.length === 0) return 'No open case names anyone the organisation file no longer names.';
  return [
    `Open cases naming someone the organisation file no longer names (${found.length}). Messages for them also go to the next person up the line; reassign from the case card.`,
    ...found.map((c) => `  ${c.ref}${c.team ? ` (${c.team})` : ''}: needs a new ${c.gaps.map(partText).join('; ')}`),
  ].join('\n');
}
