/**
 * Finding a case for someone: by id or by reference, with need-to-know checked. Someone naming a
 * case they may not see, or one there is not, is told the same either way, and the attempt is
 * kept in that case's refusal log or the store's (M7).
 */
import type { CaseState, Person } from '../protocol';
import type { CaseStore, StoredCase } from '../ports/case-store';
import type { ServiceContext } from './case-service-context';
import { outOfCoverWords, type OutOfCover } from './out-of-cover';
import { handedOverFromWords } from './handed-over-from';
import { mayViewCase } from './need-to-know';
import { keepRefusal } from './refusal-log';
import { typedRef } from './typed-ref';

/**
 * A case by its reference, typed in any case ("case mos-1042" for Mos-1042), pasted with an invisible
 * character or a look-alike dash (typed-ref.ts): one indexed read of the
 * store, an unknown or forged reference too, so a stream of forged ones costs no more than known ones.
 */
export function findByRef(store: Pick<CaseStore, 'getByRefAnyCase'>, ref: string): Promise<StoredCase<CaseState> | undefined> {
  return store.getByRefAnyCase<CaseState>(typedRef(ref));
}

/**
 * Who may see a case: the people named on it (its social worker, named IRO, anyone who decided)
 * the managers who may be asked to decide (team managers, Heads of Service, the Director,
 * the Children's Placement Team, and their active deputies), and the IRO service, which must be
 * told of every ending (R-UNPL-3). Nobody else, whatever they know.
 */
export function mayView(ctx: ServiceContext, person: Person, state: CaseState): Promise<boolean> {
  return mayViewCase(ctx.authority, person, state, ctx.now().today);
}

/** The case for a click that only shows it: one read, need-to-know checked; undefined (and kept) when unseen. */
export async function viewCase(ctx: ServiceContext, person: Person, caseId: string, action: string, correlationId?: string): Promise<StoredCase<CaseState> | undefined> {
  return seenOrKept(ctx, person, await ctx.store.get<CaseState>(caseId), caseId, action, correlationId);
}

/** A click's case, or why not: `outOfCover` words a deputy whose cover of this case is not today (src/cases/out-of-cover.ts). */
export type ClickView = { stored: StoredCase<CaseState> } | { stored: undefined; outOfCover?: OutOfCover };

/** viewCase, on the same one read, with the words for a deputy whose cover is not today. */
export async function viewForClick(ctx: ServiceContext, person: Person, caseId: string, action: string, correlationId?: string): Promise<ClickView> {
  return shownOrWhyNot(ctx, person, await ctx.store.get<CaseState>(caseId), caseId, action, correlationId);
}

/**
 * Why a case someone may not see is not shown them: nothing, unless they were on it and no longer
 * are (their cover of it ended or is still to start, or it was handed over from them).
 */
export function unseenWhy(ctx: ServiceContext, person: Person, stored: StoredCase<CaseState> | undefined): { stored: undefined; outOfCover?: OutOfCover } {
  const words = stored ? (outOfCoverWords(ctx.authority.organisation, person, stored.state, ctx.now().today, ctx.timeZone) ?? handedOverFromWords(person, stored.state)) : undefined;
  return words ? { stored: undefined, outOfCover: words } : { stored: undefined };
}

/** The case a person names by reference ("case REF"), as viewForClick shows one named by id, out-of-cover words included. */
export async function viewByRef(ctx: ServiceContext, person: Person, ref: string, action: string, correlationId?: string): Promise<ClickView> {
  return shownOrWhyNot(ctx, person, await findByRef(ctx.store, ref), ref, action, correlationId);
}

/** The case read, if this person may see it; otherwise kept as unseen, with why where they may be told (unseenWhy). */
async function shownOrWhyNot(ctx: ServiceContext, person: Person, stored: StoredCase<CaseState> | undefined, named: string, action: string, correlationId?: string): Promise<ClickView> {
  if (await seenOrKept(ctx, person, stored, named, action, correlationId)) return { stored: stored! };
  return unseenWhy(ctx, person, stored);
}

async function seenOrKept(ctx: ServiceContext, person: Person, stored: StoredCase<CaseState> | undefined, named: string, action: string, correlationId?: string): Promise<StoredCase<CaseState> | undefined> {
  if (stored && (await mayView(ctx, person, stored.state))) return stored;
  await keepUnseen(ctx, person, named, stored, action, correlationId);
  return undefined;
}

/** Someone named a case they may not see (stored), or one there is not (kept with what they named). */
export async function keepUnseen(ctx: ServiceContext, person: Person, named: string, stored: StoredCase<CaseState> | undefined, action: string, correlationId?: string): Promise<void> {
  const base = { person, action, rule: null, at: ctx.now().at, ...(correlationId ? { correlationId } : {}) };
  if (stored) await keepRefusal(ctx, { ...base, caseId: stored.state.caseId, code: 'CASE_NOT_VISIBLE' });
  else await keepRefusal(ctx, { ...base, caseId: null, named: named.slice(0, 100), code: 'UNKNOWN_CASE' });
}
