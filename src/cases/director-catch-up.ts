/**
 * The Director the organisation file names now, on every open case at once. A case's Director is
 * always the file's (case-people.ts), but its kept people, and so its row in the SharePoint Cases
 * list the records manager reads, followed only at the case's next change, which for a case
 * waiting weeks did not come. The running scheduler calls this each tick: nothing is read while
 * the Director is the one last caught up. At start, one read of what the last catch-up kept beside
 * the cases tells: finished with the Director the file names now, nothing more is read; the file
 * changed while the bot was stopped, or a catch-up stopped part-way, every open case is looked at;
 * a store from before that record is told by its open case changed longest ago. Several instances
 * may race: a case already caught up is left as it is (read again on a version conflict).
 */
import { caseRecord, SYSTEM_ACTOR, type CasePolicy, type CaseState } from '../protocol';
import type { CaseStore, CaseSummary } from '../ports/case-store';
import { deliveryKeys, type DeliveryValue, type DirectorOnOpenCasesKey } from '../ports/delivery-keys';
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
    const record = deliveryKeys.directorOnOpenCases();
    const last = this.caughtUp === undefined ? await store.getConversation(record) : undefined;
    // The last catch-up finished with this Director, and every change since named them: one read.
    if (last?.finished && last.director === wanted) {
      this.caughtUp = wanted;
      return 0;
    }
    const open = this.caughtUp === undefined ? await this.openCasesToCatchUp(wanted, last) : await this.openCases();
    if (open === 'caught-up') {
      await store.saveConversation(record, { director: wanted, at: clock.now().toISOString(), finished: true });
      this.caughtUp = wanted;
      return 0;
    }
    // Kept unfinished first: a catch-up stopped part-way is finished at the next start, whatever the file names then.
    await store.saveConversation(record, { director: wanted, at: clock.now().toISOString(), finished: false });
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
    await store.saveConversation(record, { director: wanted, at: clock.now().toISOString(), finished: true });
    this.caughtUp = wanted;
    return changed;
  }

  private async openCases(): Promise<CaseSummary[]> {
    return (await this.deps.store.list({ limit: 1_000_000 })).filter((s) => s.stage !== 'closed');
  }

  /** At start, unless the last catch-up finished with this Director: every open case to look at, or 'caught-up' when none needs it. */
  private async openCasesToCatchUp(wanted: string, last: DeliveryValue<DirectorOnOpenCasesKey> | undefined): Promise<CaseSummary[] | 'caught-up'> {
    const open = await this.openCases();
    // The file changed since, or a catch-up stopped part-way (the cases it reached name its Director): every open case.
    if (last) return open;
    // A store from before the record. Every change made under the file as it is (a person's, the
    // reminders', a catch-up's) puts its Director on the case, so the case changed longest ago tells:
    // if it names them, every later one does. One opened before cases kept their people tells
    // nothing, so then every open case is looked at.
    const oldest = open.reduce<CaseSummary | undefined>((a, b) => (a === undefined || b.updatedAt < a.updatedAt ? b : a), undefined);
    const kept = oldest ? (await this.deps.store.get<CaseState>(oldest.caseId))?.state.people?.director : undefined;
    return oldest === undefined || JSON.stringify(kept) === wanted ? 'caught-up' : open;
  }
}
