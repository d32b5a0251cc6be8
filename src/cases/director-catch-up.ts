/**
 * The Director the organisation file names now, on every open case at once. A case's Director is
 * always the file's (case-people.ts), but its kept people, and so its row in the SharePoint Cases
 * list the records manager reads, followed only at the case's next change, which for a case
 * waiting weeks did not come. The running scheduler calls this each tick: nothing is read while
 * the Director is the one last caught up; at start, the open case changed longest ago shows whether
 * the file changed while the bot was stopped, or a catch-up was stopped part-way. Several instances may race: a case already caught
 * up is left as it is (read again on a version conflict).
 */
import { caseRecord, SYSTEM_ACTOR, type CasePolicy, type CaseState } from '../protocol';
import type { CaseStore } from '../ports/case-store';
import type { Clock } from '../ports/clock';
import type { CaseDocumentSettings } from '../documents/case-documents';
import type { Organisation } from './organisation';
import { holderList, withDirectorNow } from './case-people';
import { commitPeopleChange } from './people-change';
import { calendarDateIn } from './org-time';

export interface DirectorCatchUpDeps {
  store: CaseStore;
  authority: { readonly organisation: Organisation };
  clock: Clock;
  policy: CasePolicy;
  timeZone: string;
  documents?: CaseDocumentSettings;
}

export class DirectorCatchUp {
  /** The Director (as kept on a case) every open case names, once caught up. */
  private caughtUp: string | undefined;

  constructor(private readonly deps: DirectorCatchUpDeps) {}

  /** How many open cases now name the file's Director that did not. */
  async catchUp(): Promise<number> {
    const { store, clock, policy, timeZone, documents } = this.deps;
    const org = this.deps.authority.organisation;
    const director = holderList(org.director);
    const wanted = JSON.stringify(director);
    if (wanted === this.caughtUp) return 0;
    const open = (await store.list({ limit: 1_000_000 })).filter((s) => s.stage !== 'closed');
    if (this.caughtUp === undefined) {
      // Every change made under the file as it is (a person's, the reminders', a catch-up's) puts its
      // Director on the case, so the case changed longest ago tells: if it names them, every later one
      // does. Not the latest: a catch-up stopped part-way, or a click before it, leaves the latest
      // naming them while cases not reached yet still name the Director who left. One opened before
      // cases kept their people tells nothing, so then every open case is looked at.
      const oldest = open.reduce<(typeof open)[number] | undefined>((a, b) => (a === undefined || b.updatedAt < a.updatedAt ? b : a), undefined);
      const kept = oldest ? (await store.get<CaseState>(oldest.caseId))?.state.people?.director : undefined;
      if (oldest === undefined || JSON.stringify(kept) === wanted) {
        this.caughtUp = wanted;
        return 0;
      }
    }
    const at = clock.now();
    const now = { at: at.toISOString(), today: calendarDateIn(at, timeZone) };
    const names = director.map((d) => d.name).join(' and ') || 'nobody';
    let changed = 0;
    for (const summary of open) {
      const result = await commitPeopleChange(store, summary.caseId, {
        change: (state) => {
          if (state.stage === 'closed') return null;
          const next = withDirectorNow(org, state);
          return next === state ? null : next;
        },
        actor: SYSTEM_ACTOR,
        action: `The organisation file names ${names} as Director now: the case's Director, and its row in the Cases list, follow`,
        at: now.at,
        // The row needs the case to be S20, as every case's is while it is open.
        records: (state) => (state.facts.legalStatus === 'S20' ? [caseRecord(state, now, policy)] : []),
      }, documents);
      if (result === 'changed') changed += 1;
    }
    this.caughtUp = wanted;
    return changed;
  }
}
