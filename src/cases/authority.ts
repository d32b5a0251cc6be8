/**
 * Authority: does this Entra object id hold this role today — directly, through an Entra
 * group, or as a deputy within their dates (then acting "on behalf of" the principal)?
 * Checked on the server for every command; nothing in a card's data is trusted.
 */
import type { Actor, CalendarDate, CaseRole, Person } from '../protocol';
import { dateText, ROLE_NAMES } from '../protocol';
import { Directory, DirectoryLookupError } from '../ports/directory';
import type { RoleConfig } from './role-config';

export type RoleCheck =
  | { ok: true; actor: Actor }
  | { ok: false; code: 'NOT_YOUR_ROLE' | 'DEPUTY_OUT_OF_DATES'; message: string }
  /** Group membership could not be checked just now (throttling, outage): ask again shortly. */
  | { ok: false; code: 'DIRECTORY_UNAVAILABLE'; message: string; retryAfterMs?: number };

export const DIRECTORY_UNAVAILABLE_MESSAGE = 'We could not check your role with the directory just now. Please try again in a moment.';

export class Authority {
  constructor(private readonly config: RoleConfig, private readonly directory: Directory | null) {}

  /**
   * The people directly configured for a role (for notifications and cards): a fresh copy each
   * call, so a caller that adds to it (say, the day's deputies) never changes who holds the role.
   */
  holders(role: CaseRole): Person[] {
    return (this.config.roles[role]?.users ?? []).map((u) => ({ ...u }));
  }

  /** Deputies for a role active on `today` (a fresh copy each call). */
  deputies(role: CaseRole, today: CalendarDate): Person[] {
    return this.config.deputies.filter((d) => d.role === role && d.from <= today && today <= d.to).map((d) => ({ ...d.deputy }));
  }

  groupIds(role: CaseRole): string[] {
    return (this.config.roles[role]?.groups ?? []).map((g) => g.id);
  }

  displayName(id: string, fallback: string): string {
    for (const holders of Object.values(this.config.roles)) {
      const found = holders?.users.find((u) => u.id === id);
      if (found) return found.name;
    }
    return this.config.people.find((p) => p.id === id)?.name ?? this.config.deputies.find((d) => d.deputy.id === id)?.deputy.name ?? fallback;
  }

  private async holdsDirectly(id: string, role: CaseRole): Promise<boolean> {
    if ((this.config.roles[role]?.users ?? []).some((u) => u.id === id)) return true;
    const groups = this.groupIds(role);
    if (groups.length === 0 || !this.directory) return false;
    return (await this.directory.memberGroups(id, groups)).length > 0;
  }

  /**
   * The roles (of `wanted`, in order) this person may act in today. A retryable directory failure
   * is an outcome (DIRECTORY_UNAVAILABLE), not an error: the person can simply try again. It stops
   * the search, because granting a later role, or refusing, could be wrong while an earlier one is
   * unknown. A directory that refuses for good (misconfiguration, missing permission) is thrown.
   */
  async check(person: Person, wanted: readonly CaseRole[], today: CalendarDate): Promise<RoleCheck> {
    const name = this.displayName(person.id, person.name);
    for (const role of wanted) {
      let holds: boolean;
      try {
        holds = await this.holdsDirectly(person.id, role);
      } catch (error) {
        if (!(error instanceof DirectoryLookupError) || !error.retryable) throw error;
        return error.retryAfterMs === undefined
          ? { ok: false, code: 'DIRECTORY_UNAVAILABLE', message: DIRECTORY_UNAVAILABLE_MESSAGE }
          : { ok: false, code: 'DIRECTORY_UNAVAILABLE', message: DIRECTORY_UNAVAILABLE_MESSAGE, retryAfterMs: error.retryAfterMs };
      }
      if (holds) return { ok: true, actor: { id: person.id, name, role } };
    }
    for (const role of wanted) {
      const deputyFor = this.config.deputies.filter((d) => d.role === role && d.deputy.id === person.id);
      const active = deputyFor.find((d) => d.from <= today && today <= d.to);
      if (active) return { ok: true, actor: { id: person.id, name, role, onBehalfOf: { ...active.for } } };
      if (deputyFor.length > 0) {
        const d = deputyFor[0]!;
        return { ok: false, code: 'DEPUTY_OUT_OF_DATES', message: `You are ${d.for.name}'s deputy as ${ROLE_NAMES[role]} only from ${dateText(d.from)} to ${dateText(d.to)}, so you cannot act for them today.` };
      }
    }
    const names = wanted.map((r) => ROLE_NAMES[r]).join(' or ');
    return { ok: false, code: 'NOT_YOUR_ROLE', message: `You are not set up as ${names} for this service, so you cannot do this. Ask your administrator if you think you should be.` };
  }
}
